"""Backups taken while someone writes: every one must restore into a fresh database.

A writer thread streams valid writes through the same service functions the pages call (new
obligations, dependencies added to existing ones, risk links, soft deletes) while the main thread
takes `BACKUPS` plan documents (`read_plan` + `dump_plan`, what the Eksport page and
`handover export-json` do) and restores each into a database of its own, as the app's own restore
does (`parse_plan_json` + `load_plan(..., replace=True)`). Prints "backups taken / unrestorable".

    python bench/backup_stress.py            # the figure for the closing note
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from handover.domain.access import Identity, Role  # noqa: E402
from handover.domain.model import Obligation, Risk  # noqa: E402
from handover.domain.plan import dump_plan, parse_plan_json  # noqa: E402
from handover.store import guarded  # noqa: E402
from handover.store.database import Database  # noqa: E402
from handover.store.plan_io import load_plan, read_obligation, read_plan  # noqa: E402
from handover.store.seed import load_seed  # noqa: E402

BACKUPS = 120  # at least 100 (the bar); ~5-10 s on the 2-core reference machine
WRITER = Identity(name="Skribent under stresstest", role=Role.FACILITATOR)


@dataclass(frozen=True)
class StressResult:
    backups: int
    unrestorable: int
    writes: int  # writes committed while the backups were taken
    failures: tuple[str, ...]  # why each unrestorable backup was refused (first few)
    seconds: float


def _version(database: Database, obligation_id: str) -> int:
    found = read_obligation(database, obligation_id)
    if found is None:
        raise LookupError(obligation_id)
    return found[1]


def _writer(database: Database, template: Obligation, stop: threading.Event) -> int:
    """Valid writes until `stop`, each its own transaction; returns how many were committed."""
    made: list[str] = []
    writes = 0
    step = 0
    while not stop.is_set():
        step += 1
        new = template.model_copy(
            update={
                "id": f"stress-{step}",
                "code": f"ST-{step:05d}",
                "due_rule": None,
                "receiving_owner": None,
                "notes": "",
            }
        )
        # an obligation added with a predecessor: the obligation and its dependency in one go
        predecessors = [guarded.DependencyInput(made[-1])] if made else []
        guarded.save_obligation(database, WRITER, new, version=None, predecessors=predecessors)
        made.append(new.id)
        writes += 1
        if len(made) >= 3:
            # a dependency added to an existing obligation
            target = read_obligation(database, made[-2])
            if target is not None:
                guarded.save_obligation(
                    database,
                    WRITER,
                    target[0],
                    version=target[1],
                    predecessors=[
                        guarded.DependencyInput(made[-3]),
                        guarded.DependencyInput(template.id),
                    ],
                )
                writes += 1
            # a risk linked to the newest obligation
            guarded.save_risk(
                database,
                WRITER,
                Risk(
                    id=f"stress-risk-{step}",
                    title=f"Stressrisiko {step}",
                    likelihood=2,
                    impact=3,
                    obligations=(made[-1], made[-3]),
                ),
                version=None,
            )
            writes += 1
            # a soft delete of an older one
            gone = made[-3]
            guarded.set_deleted(database, WRITER, gone, _version(database, gone), True)
            writes += 1
    return writes


def run(backups: int = BACKUPS, path: Path | None = None) -> StressResult:
    """Take `backups` backups while a writer thread writes; restore each into a fresh database."""
    with tempfile.TemporaryDirectory() as folder:
        database = Database(path or Path(folder) / "stress.duckdb")
        try:
            load_seed(database, "xshare")
            template = next(o for o in read_plan(database).obligations if not o.deleted)
            stop = threading.Event()
            written: list[int] = []
            writer = threading.Thread(
                target=lambda: written.append(_writer(database, template, stop)), daemon=True
            )
            start = time.perf_counter()
            writer.start()
            documents = []
            for _ in range(backups):
                documents.append(dump_plan(read_plan(database)))
                time.sleep(0.002)  # let the writer commit between backups
            stop.set()
            writer.join()
            seconds = time.perf_counter() - start
        finally:
            database.close()
    failures = []
    with Database(":memory:") as fresh:  # a database of its own; each backup replaces the last
        for document in documents:
            try:
                plan = parse_plan_json(document)
                load_plan(fresh, plan, actor="backup stress (restore)", replace=True)
            except Exception as error:  # anything the restore refuses counts, PlanError or not
                failures.append(str(error).splitlines()[0])
    return StressResult(
        backups=len(documents),
        unrestorable=len(failures),
        writes=written[0] if written else 0,
        failures=tuple(failures[:5]),
        seconds=seconds,
    )


def main() -> int:
    result = run()
    print(
        f"backups taken {result.backups} / unrestorable {result.unrestorable} "
        f"(writes committed meanwhile: {result.writes}, {result.seconds:.1f} s)"
    )
    for failure in result.failures:
        print(f"  refused: {failure}")
    return 1 if result.unrestorable else 0


if __name__ == "__main__":
    sys.exit(main())
