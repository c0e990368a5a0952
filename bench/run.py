"""`make bench`: what the foundation costs, as medians of repeated runs, printed as a table.

- cold import of what the app imports at start-up (fresh interpreter each run)
- loading the xShare seed (parse + validate + write) into a fresh database
- loading and reading a synthetic plan of 10,000 obligations
- the register query at 10,000 obligations, and a page rerun server side (AppTest)
Budgets from ../shared/performance.md. Numbers vary with the machine: read the ratios and medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic import synthetic_plan  # noqa: E402
from handover.domain.plan import dump_plan, parse_plan_json  # noqa: E402
from handover.store import queries  # noqa: E402
from handover.store.database import Database  # noqa: E402
from handover.store.plan_io import load_plan, read_plan  # noqa: E402
from handover.store.seed import load_seed  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
rows: list[tuple[str, float, str, str]] = []


def measure(
    name: str, action: Callable[[], object], budget_ms: float | None = None, runs: int = RUNS
) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    verdict = "" if budget_ms is None else ("ok" if median <= budget_ms else "OVER")
    rows.append((name, median, f"≤ {budget_ms:g} ms" if budget_ms else "", verdict))
    return median


STARTUP = (
    "import time; t = time.perf_counter(); "
    "import streamlit, handover.ui.shell, handover.ui.db, handover.ui.tables, "
    "handover.charts.overview, handover.store.queries, handover.store.seed; "
    "print((time.perf_counter() - t) * 1000)"
)


def cold_import_ms() -> float:
    done = subprocess.run(
        [sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(done.stdout.strip())


def main() -> None:
    startup = sorted(cold_import_ms() for _ in range(RUNS))
    median = statistics.median(startup)
    rows.append(
        (
            "cold import of the app's modules",
            median,
            "≤ 1000 ms",
            "ok" if median <= 1000 else "OVER",
        )
    )

    def seed() -> None:
        with Database(":memory:") as database:
            load_seed(database, "xshare")

    measure("load xShare seed (parse, validate, write)", seed)

    plan = synthetic_plan(10_000)
    document = dump_plan(plan)
    measure("validate a 10,000-obligation plan document", lambda: parse_plan_json(document), runs=3)

    def load_big() -> None:
        with Database(":memory:") as database:
            load_plan(database, plan, actor="bench")

    measure("write a 10,000-obligation plan", load_big, runs=3)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        with Database(path) as database:
            load_plan(database, plan, actor="bench")
            measure(
                "read the whole 10,000-obligation plan back", lambda: read_plan(database), runs=3
            )
            uncached = queries.obligations.__wrapped__  # type: ignore[attr-defined]
            measure("register query, 10,000 obligations", lambda: uncached(database), 50)
            save_edits(database)
            findings_at_scale(database)
            exports_at_scale(database)
            imports_at_scale(database)
        gantt_at_scale()
        for page in (
            "handover/pages/obligations.py",
            "handover/pages/overview.py",
            "handover/pages/organisations.py",
            "handover/pages/timeline.py",
            "handover/pages/workshop.py",
        ):
            page_rerun(path, page)
        page_rerun(path, "handover/pages/obligations.py", editing=True)
        sessions_at_scale(path)

    width = max(len(name) for name, *_ in rows)
    print(f"\n{'measure'.ljust(width)}  {'median':>10}  {'budget':>12}  verdict   (runs: {RUNS})")
    print("-" * (width + 40))
    for name, value, budget, verdict in rows:
        unit = "KB" if "JSON" in name else "x " if "speed-up" in name else "ms"
        print(f"{name.ljust(width)}  {value:>7.1f} {unit}  {budget:>12}  {verdict}")


def gantt_at_scale() -> None:
    """The planner's Gantt (summary + 150 most relevant) against px.timeline of every obligation,
    side by side at 10,000 and 50,000: figure JSON size, and build + serialise time."""
    import random
    from datetime import date, timedelta

    import pandas as pd
    import plotly.express as px
    import plotly.io as pio

    from handover.charts.gantt import Bar, GanttSpec, gantt

    today = date(2026, 11, 25)
    for count in (10_000, 50_000):
        rng = random.Random(count)
        bars = []
        for i in range(count):
            start = date(2026, 6, 1) + timedelta(days=rng.randrange(300))
            bars.append(
                Bar(
                    id=f"o{i}",
                    code=f"S-{i:06d}",
                    title=f"Forpligtelse {i}",
                    group=f"Projekt {i % 50}",
                    start=start,
                    finish=start + timedelta(days=rng.randrange(1, 90)),
                    colour_key=rng.choice(["proposed", "unassigned", "accepted"]),
                    colour_label="x",
                    hover=f"S-{i:06d} · Forpligtelse {i}",
                )
            )
        frame = pd.DataFrame(
            {
                "task": [f"{b.group} · {b.code}" for b in bars],
                "start": [b.start for b in bars],
                "finish": [b.finish for b in bars],
                "state": [b.colour_key for b in bars],
            }
        )
        ours = gantt(GanttSpec(bars=bars), today)
        theirs = px.timeline(frame, x_start="start", x_end="finish", y="task", color="state")
        ours_kb = len(pio.to_json(ours, engine="json")) / 1024
        theirs_kb = len(pio.to_json(theirs, engine="json")) / 1024
        rows.append(
            (
                f"Gantt figure JSON, {count:,} obligations: planner / px.timeline",
                ours_kb,
                f"{theirs_kb:,.0f} KB",
                f"{theirs_kb / ours_kb:.0f}x smaller",
            )
        )
        ours_ms = measure(
            f"Gantt build + serialise, {count:,} (planner, budget 40 ms)",
            lambda bars=bars: pio.to_json(gantt(GanttSpec(bars=bars), today), engine="json"),
            40,
            runs=5,
        )
        theirs_ms = measure(
            f"Gantt build + serialise, {count:,} (px.timeline of all)",
            lambda frame=frame: pio.to_json(
                px.timeline(frame, x_start="start", x_end="finish", y="task", color="state"),
                engine="json",
            ),
            runs=3,
        )
        rows.append(
            (
                f"Gantt speed-up at {count:,} (budget ≥ 2.5x)",
                theirs_ms / ours_ms,
                "",
                "ok" if theirs_ms / ours_ms >= 2.5 else "OVER",
            )
        )


def exports_at_scale(database: Database) -> None:
    """A checklist of all 10,000 obligations written as CSV, XLSX and Markdown."""
    from datetime import date

    from handover.domain.checklist import Scope, ScopeKind, build
    from handover.exports.checklist_files import to_csv, to_markdown, to_xlsx

    rows = queries.checklist_rows(database, Scope(ScopeKind.ALL))
    checklist = build(Scope(ScopeKind.ALL), rows, [], date(2026, 11, 25), "da")
    measure("checklist CSV, 10,000 obligations", lambda: to_csv(checklist), 500, runs=3)
    measure("checklist XLSX, 10,000 obligations", lambda: to_xlsx(checklist), 3000, runs=3)
    measure("checklist Markdown, 10,000 obligations", lambda: to_markdown(checklist), runs=3)
    from handover.exports.calendar import to_ics
    from handover.exports.checklist_pdf import to_pdf

    measure("checklist PDF, 10,000 obligations", lambda: to_pdf(checklist), 5000, runs=3)
    measure("checklist iCalendar, 10,000 obligations", lambda: to_ics(checklist), runs=3)


def imports_at_scale(database: Database) -> None:
    """The register of 10,000 obligations exported and read back by the import: the preview
    (read, map, check every row against the plan), and a dry run writing 1,000 changed rows."""
    from handover.domain.access import Identity, Role
    from handover.exports import register
    from handover.imports import service

    BENCH = Identity("bench", Role.FACILITATOR)  # noqa: N806

    plan = read_plan(database)
    csv_file = register.to_csv(plan, "da")
    xlsx_file = register.to_xlsx(plan, "da")
    from handover.imports.files import DEFAULT_LIMITS

    for name, content in (("r.csv", csv_file), ("r.xlsx", xlsx_file)):
        kind = name.rsplit(".", 1)[1].upper()
        measure(
            f"import preview, {kind} of 10,000 obligations (read, map, check)",
            lambda name=name, content=content: service._preview_table(  # type: ignore[misc]
                database, name, content, None, None, None, None, None, DEFAULT_LIMITS
            ),
            runs=3,
        )
    service.preview_table(database, "r.xlsx", xlsx_file)
    measure(
        "import preview, the same XLSX again (a page rerun)",
        lambda: service.preview_table(database, "r.xlsx", xlsx_file),
        50,
    )
    lines = csv_file.decode("utf-8-sig").split("\r\n")
    header, body = lines[0], [line for line in lines[1:1001] if line]
    notes_at = header.split(";").index('"Noter"')

    def changed(line: str) -> str:
        cells = line.split('";"')
        cells[notes_at] = "importeret"
        return '";"'.join(cells)

    edited = ("\ufeff" + "\r\n".join([header, *map(changed, body)]) + "\r\n").encode()
    result = service.preview_table(database, "r.csv", edited)
    assert not result.preview.problems, result.preview.problems[:3]
    measure(
        "import 1,000 changed rows (one transaction, dry run)",
        lambda: service.write_table(database, result, who=BENCH, dry_run=True),
        runs=3,
    )
    added = "\r\n".join(
        line.replace('"', '"N', 1)
        for line in body  # new codes: N-prefixed
    )
    fresh = ("\ufeff" + header + "\r\n" + added + "\r\n").encode()
    new_rows = service.preview_table(database, "n.csv", fresh)
    assert not new_rows.preview.problems, new_rows.preview.problems[:3]
    assert {a.action for a in new_rows.preview.actions} == {"add"}
    measure(
        "import 1,000 new rows (one transaction, dry run)",
        lambda: service.write_table(database, new_rows, who=BENCH, dry_run=True),
        runs=3,
    )


def findings_at_scale(database: Database) -> None:
    """The readiness rules over 10,000 obligations: building the snapshot, and evaluating it."""
    from datetime import date

    from handover.domain.findings import evaluate

    build = queries.findings_snapshot.__wrapped__  # type: ignore[attr-defined]
    measure(
        "findings snapshot from the tables, 10,000 obligations", lambda: build(database), runs=5
    )
    snapshot = build(database)
    measure(
        "findings evaluated, 10,000 obligations",
        lambda: evaluate(snapshot, date(2026, 11, 25)),
        100,
    )


def save_edits(database: Database) -> None:
    """1,000 table edits saved the planner's way (one UPDATE ... FROM) and the naive way (one
    version-checked UPDATE per row), on the same rows, in the same run."""
    from handover.domain.edits import RowEdit
    from handover.store.obligation_writes import save_inline_edits

    ids = [f"o{i:06d}" for i in range(0, 10_000, 10)]

    def versions() -> dict[str, int]:
        rows = (
            database.cursor()
            .execute("SELECT id, version FROM obligations WHERE id IN (SELECT unnest(?))", [ids])
            .fetchall()
        )
        return dict(rows)

    counter = iter(range(1_000_000))

    def planner() -> None:
        seen = versions()
        n = next(counter)
        edits = [RowEdit(i, seen[i], {"notes": f"edit {n}", "priority": "high"}) for i in ids]
        result = save_inline_edits(database, edits, actor="bench")
        assert len(result.saved) == len(ids)

    def naive() -> None:
        seen = versions()
        n = next(counter)
        with database.transaction() as cursor:
            for i in ids:
                cursor.execute(
                    "UPDATE obligations SET notes = ?, priority = 'low', version = version + 1 "
                    "WHERE id = ? AND version = ?",
                    [f"naive {n}", i, seen[i]],
                )

    measure("save 1,000 table edits (one UPDATE ... FROM, audited)", planner, 20)
    measure("save 1,000 table edits, naive (one UPDATE per row, no audit)", naive)


def page_rerun(path: Path, page: str, *, editing: bool = False) -> None:
    """Median server-side rerun of one page at 10,000 obligations (AppTest, warm process)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["HANDOVER_DB"] = str(path)
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if editing:
        app.session_state["editor_name"] = "bench"  # the register as an editor sees it
    app.run()
    app.switch_page(page)
    app.run()
    if app.exception:
        raise RuntimeError(app.exception)
    name = Path(page).stem + (" (editing)" if editing else "")
    measure(f"rerun {name} page, 10,000 obligations, nothing changed (AppTest)", app.run, 50)

    # The first rerun after somebody else's write pays for every query again.
    from handover.ui.db import _open

    database = _open(str(path.resolve()))
    times = []
    for _ in range(15):
        with database.transaction() as cursor:
            cursor.execute("UPDATE obligations SET notes = notes || '' WHERE id = 'o000001'")
        start = time.perf_counter()
        app.run()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    verdict = "ok" if median <= 50 else "OVER"
    rows.append(
        (
            f"rerun {name} page, 10,000 obligations, after a write (AppTest)",
            median,
            "≤ 50 ms",
            verdict,
        )
    )
    st.cache_resource.clear()


def sessions_at_scale(
    path: Path, sessions: int = 50, rate: float = 10.0, seconds: float = 12.0
) -> None:
    """50 sessions following a workshop at 10,000 obligations, rerunning at 10 reruns a second
    in total (the rate the live fragment causes when the facilitator moves every few seconds),
    served one at a time: AppTest's runtime is global to the process, so concurrent AppTest runs
    break each other, and one Streamlit process runs Python on one core anyway. Latency counts
    from the moment a rerun was due to the moment it finished, so waiting in the queue is
    included; the facilitator moves to the next item every two seconds, so the reruns that
    follow a write are in it."""
    import concurrent.futures
    import threading

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from handover.domain.access import Identity, Role
    from handover.domain.workshop import standard_agenda
    from handover.store import guarded, workshops
    from handover.ui.db import _open

    os.environ["HANDOVER_DB"] = str(path)
    st.cache_resource.clear()
    database = _open(str(path.resolve()))
    boss = Identity("bench", Role.FACILITATOR)
    plan = read_plan(database)
    if workshops.open_workshop(database) is None:
        guarded.start_workshop(
            database,
            boss,
            "bench",
            standard_agenda(plan.obligations, plan.resolved_due(), plan.risks)[:200],
        )
    apps = []
    for _ in range(sessions):
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        app.run()
        app.switch_page("handover/pages/workshop.py")
        app.run()
        if app.exception:
            raise RuntimeError(app.exception)
        apps.append(app)
    locks = [threading.Lock() for _ in apps]  # one rerun of a session at a time, as in Streamlit
    latencies: list[float] = []
    started = time.perf_counter()

    def rerun(index: int, due_at: float) -> None:
        with locks[index]:
            apps[index].run()
        latencies.append((time.perf_counter() - due_at) * 1000)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        futures = []
        count = int(rate * seconds)
        moved = 0
        for number in range(count):
            due_at = started + number / rate
            pause = due_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            if (time.perf_counter() - started) // 2 > moved:  # the facilitator moves on
                moved += 1
                current = workshops.open_workshop(database)
                if current is not None and current.current + 1 < len(current.agenda):
                    guarded.go_to(database, boss, current, current.current + 1)
            futures.append(pool.submit(rerun, number % sessions, due_at))
        for future in futures:
            future.result()
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    rows.append((f"{sessions} sessions, {rate:g} reruns/s, rerun latency p50", p50, "", ""))
    rows.append(
        (
            f"{sessions} sessions, {rate:g} reruns/s, rerun latency p95",
            p95,
            "≤ 500 ms",
            "ok" if p95 <= 500 else "OVER",
        )
    )
    st.cache_resource.clear()


if __name__ == "__main__":
    main()
