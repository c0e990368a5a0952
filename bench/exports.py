"""The checklist PDF of 10,000 obligations (`make bench`): medians of wall and CPU time against the
budget (≤ 3 s). With `--against FILE` (another version's handover/exports/checklist_pdf.py) the two
run in this process, alternating round by round, and the line gives the ratio of their medians;
`--same-text` also checks that pypdf reads the same text on every page of both.

    .venv/bin/python bench/exports.py [--rounds N] [--obligations N] [--against FILE] [--same-text]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic import synthetic_plan  # noqa: E402
from bench.table import emit  # noqa: E402
from handover.domain.checklist import Checklist, Scope, ScopeKind, build  # noqa: E402
from handover.exports import checklist_pdf  # noqa: E402
from handover.store import queries  # noqa: E402
from handover.store.database import Database  # noqa: E402
from handover.store.plan_io import load_plan  # noqa: E402

BUDGET_MS = 3000.0


def checklist_of(obligations: int) -> Checklist:
    """Every obligation of the synthetic plan, as the checklist export builds it."""
    with tempfile.TemporaryDirectory() as folder, Database(Path(folder) / "b.duckdb") as db:
        load_plan(db, synthetic_plan(obligations), actor="bench")
        scope = Scope(ScopeKind.ALL)
        rows = queries.checklist_rows(db, scope)
        unassigned = queries.unassigned_rows(db, scope)
    return build(scope, rows, [], date(2026, 11, 25), "da", unassigned)


def module_from(path: Path) -> ModuleType:
    """Another version of the PDF writer, loaded beside this one under its own name."""
    spec = importlib.util.spec_from_file_location("checklist_pdf_against", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_texts(data: bytes) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall ms, process CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--obligations", type=int, default=10_000)
    parser.add_argument("--against", type=Path, help="another version's checklist_pdf.py")
    parser.add_argument("--same-text", action="store_true", help="compare every page's text")
    options = parser.parse_args()
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    checklist = checklist_of(options.obligations)
    writers = {"planner": checklist_pdf.to_pdf}
    if options.against is not None:
        writers["against"] = module_from(options.against).to_pdf
    if options.same_text and len(writers) == 2:
        ours, theirs = (page_texts(write(checklist)) for write in writers.values())
        differ = [n for n, (a, b) in enumerate(zip(ours, theirs, strict=False), 1) if a != b]
        same = len(ours) == len(theirs) and not differ
        print(
            f"page text: {len(ours)} pages against {len(theirs)}, "
            + ("identical" if same else f"DIFFERENT (first differing page: {differ[:1]})")
        )
        if not same:
            raise SystemExit(1)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in writers}
    names = list(writers)
    for round_ in range(options.rounds + 1):  # the first round warms up (fonts, imports)
        for name in names if round_ % 2 else reversed(names):
            took = timed(lambda write=writers[name]: write(checklist))  # type: ignore[misc]
            if round_:
                times[name].append(took)
    wall = {name: statistics.median(t[0] for t in taken) for name, taken in times.items()}
    cpu = {name: statistics.median(t[1] for t in taken) for name, taken in times.items()}
    verdict = "ok" if wall["planner"] <= BUDGET_MS else "OVER"
    line = (
        f"checklist PDF, {options.obligations:,} obligations: {wall['planner']:,.0f} ms wall / "
        f"{cpu['planner']:,.0f} ms CPU (budget ≤ {BUDGET_MS:,.0f} ms: {verdict})"
    )
    if "against" in wall:
        line += (
            f"; against: {wall['against']:,.0f} / {cpu['against']:,.0f} ms, "
            f"against ÷ planner {wall['against'] / wall['planner']:.2f}× wall, "
            f"{cpu['against'] / cpu['planner']:.2f}× CPU"
        )
    print(line)
    found = [
        (
            f"checklist PDF, {options.obligations:,} obligations: wall / CPU",
            f"{wall['planner']:,.0f} / {cpu['planner']:,.0f} ms",
            f"≤ {BUDGET_MS:,.0f} ms",
            verdict,
        )
    ]
    if "against" in wall:
        found.append(
            (
                "checklist PDF: against ÷ planner (wall / CPU)",
                f"{wall['against'] / wall['planner']:.2f}x / "
                f"{cpu['against'] / cpu['planner']:.2f}x",
                "",
                "",
            )
        )
    emit("exports", found, f"rounds: {options.rounds}")


if __name__ == "__main__":
    main()
