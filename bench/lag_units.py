"""Paired timing of the critical-path method over the 10,000-obligation synthetic plan with every
link given a lag of 1-20, counted in calendar days, in working days (the seed's calendar) and in
months (`python bench/lag_units.py`): the forward pass (the findings) and the full schedule (the
Tidslinje). Rounds alternate the units; medians of 7 and their ratios to calendar days."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic import synthetic_plan  # noqa: E402
from handover.domain.cpm import Link, schedule  # noqa: E402
from handover.domain.findings import network  # noqa: E402
from handover.domain.workdays import DurationUnit  # noqa: E402
from handover.store import queries  # noqa: E402
from handover.store.database import Database  # noqa: E402
from handover.store.plan_io import load_plan  # noqa: E402

ROUNDS = 7


def main() -> None:
    with Database(":memory:") as db:
        load_plan(db, synthetic_plan(10_000), actor="bench")
        snapshot = queries.findings_snapshot(db)
    tasks, links = network(snapshot)
    links = [link._replace(lag=i % 20 + 1) for i, link in enumerate(links)]
    variants: dict[str, list[Link]] = {
        unit.value: [link._replace(unit=unit) for link in links]
        for unit in (DurationUnit.DAYS, DurationUnit.WORKING_DAYS, DurationUnit.MONTHS)
    }
    print(f"{len(tasks)} obligations, {len(links)} links, each with a lag of 1-20")
    as_of = date(2026, 11, 29)
    for forward_only in (True, False):
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(ROUNDS):
            for name, variant in variants.items():
                start = time.perf_counter()
                schedule(
                    tasks,
                    variant,
                    as_of,
                    work_calendar=snapshot.work_calendar,
                    forward_only=forward_only,
                )
                times[name].append((time.perf_counter() - start) * 1000)
        base = statistics.median(times["days"])
        shown = ", ".join(
            f"{name} {statistics.median(values):.1f} ms ({statistics.median(values) / base:.2f}x)"
            for name, values in times.items()
        )
        print(f"{'forward pass' if forward_only else 'full schedule'}: {shown}")


if __name__ == "__main__":
    main()
