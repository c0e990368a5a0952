"""The 1,000-edit table save on 10,000 obligations alone, as the medians of wall and process CPU
time in ms on stdout ("wall cpu"): for paired, alternating runs of two checkouts
(`bench/save_paired.sh OLD NEW`), which `bench/run.py` cannot do. `EDIT=receiver` edits the
receiving owner instead (every row then goes to the rulebook whole); `EDIT=distinct` gives every
row a note of its own (no value shared by rows, so none is checked once for many).

The code measured is the one on `sys.path` first: run it with the checkout's folder as the cwd.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

import handover
from bench.synthetic import synthetic_plan
from handover.domain.edits import RowEdit
from handover.store.database import Database
from handover.store.obligation_writes import save_inline_edits
from handover.store.plan_io import load_plan

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
RECEIVERS = ("dsd-lear", "dsd-finance")  # two active people of the seed, alternating


def main() -> None:
    ids = [f"o{i:06d}" for i in range(0, 10_000, 10)]
    with tempfile.TemporaryDirectory() as folder, Database(Path(folder) / "b.duckdb") as db:
        load_plan(db, synthetic_plan(10_000), actor="bench")
        times, cpu = [], []
        for n in range(RUNS + 1):
            seen = dict(
                db.cursor()
                .execute(
                    "SELECT id, version FROM obligations WHERE id IN (SELECT unnest(?))", [ids]
                )
                .fetchall()
            )
            kind = os.environ.get("EDIT")
            edits = [
                RowEdit(
                    i,
                    seen[i],
                    {"receiving_owner": RECEIVERS[n % 2]}
                    if kind == "receiver"
                    else {
                        "notes": f"edit {n} of {i}" if kind == "distinct" else f"edit {n}",
                        "priority": ("high", "low")[n % 2],
                    },
                )
                for i in ids
            ]
            start, start_cpu = time.perf_counter(), time.process_time()
            result = save_inline_edits(db, edits, actor="bench")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert n == 0 or len(result.saved) == len(ids)  # run 0 may find the value there
    # the first run warms up
    print(f"{statistics.median(times[1:]) * 1000:.1f} {statistics.median(cpu[1:]) * 1000:.1f}")
    print(f"measured: {Path(handover.__file__).parent}", file=sys.stderr)


if __name__ == "__main__":
    main()
