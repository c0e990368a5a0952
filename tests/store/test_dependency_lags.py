"""A dependency's lag unit in the store: the form's save keeps it, the history undoes it, a backup
restores it, a lag beyond its unit's limit is refused with nothing written, links stored before
units count calendar days, and the Tidslinje's schedule counts working days on the plan's
calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handover.domain.access import Identity, Role
from handover.domain.findings import evaluate
from handover.domain.model import DependencyType
from handover.domain.plan import dump_plan, parse_plan_json
from handover.domain.workdays import DurationUnit
from handover.store import guarded, migrations, queries
from handover.store.audit import InvalidChangeError
from handover.store.database import Database
from handover.store.history import history
from handover.store.obligation_writes import DependencyInput
from handover.store.plan_io import load_plan, read_obligation, read_plan
from tests.conftest import fingerprint

FIE = Identity("Fie", Role.FACILITATOR)
WD = DurationUnit.WORKING_DAYS


def _links(db: Database, successor: str) -> list[tuple[str, str, int, str]]:
    return [
        tuple(row)  # type: ignore[misc]
        for row in db.cursor()
        .execute(
            "SELECT predecessor, type, lag_days, lag_unit FROM dependencies WHERE successor = ? "
            "ORDER BY predecessor",
            [successor],
        )
        .fetchall()
    ]


def _save_links(db: Database, successor: str, links: list[DependencyInput]) -> None:
    found = read_obligation(db, successor)
    assert found is not None
    obligation, version = found
    guarded.save_obligation(db, FIE, obligation, version=version, predecessors=links)


def test_the_form_save_keeps_the_unit_and_the_undo_brings_the_old_one_back(
    seeded_db: Database,
) -> None:
    # XS-07, the balance payment, waits 90 calendar days after the final report (the seed).
    assert _links(seeded_db, "balance-payment") == [("final-report", "FS", 90, "days")]
    _save_links(
        seeded_db,
        "balance-payment",
        [DependencyInput("final-report", DependencyType.FS, 3, DurationUnit.MONTHS)],
    )
    assert _links(seeded_db, "balance-payment") == [("final-report", "FS", 3, "months")]
    change = history(seeded_db, entity_id="balance-payment")[0]
    assert change.before["dependencies"] == [["final-report", "FS", 90, "days"]]
    assert change.after["dependencies"] == [["final-report", "FS", 3, "months"]]
    guarded.undo_change(seeded_db, FIE, change.id)
    assert _links(seeded_db, "balance-payment") == [("final-report", "FS", 90, "days")]


def test_an_undo_of_a_change_recorded_before_units_restores_calendar_days(
    seeded_db: Database,
) -> None:
    """A history entry written before lags had units lists [predecessor, type, lag]."""
    _save_links(seeded_db, "balance-payment", [DependencyInput("final-report", lag_days=5)])
    change = history(seeded_db, entity_id="balance-payment")[0]
    seeded_db.cursor().execute(
        "UPDATE audit_log SET before_value = ? WHERE id = ?",
        ['{"dependencies": [["final-report", "FS", 90]]}', change.id],
    )
    guarded.undo_change(seeded_db, FIE, change.id)
    assert _links(seeded_db, "balance-payment") == [("final-report", "FS", 90, "days")]


def test_a_backup_restores_every_lag_unit(seeded_db: Database) -> None:
    _save_links(
        seeded_db, "balance-payment", [DependencyInput("final-report", DependencyType.FS, -2, WD)]
    )
    backup = dump_plan(read_plan(seeded_db))
    with Database(":memory:") as fresh:
        load_plan(fresh, parse_plan_json(backup), actor="restore")
        assert _links(fresh, "balance-payment") == [("final-report", "FS", -2, "working_days")]
        assert dump_plan(read_plan(fresh)) == backup


@pytest.mark.parametrize(
    ("lag", "unit", "danish"),
    [
        (2601, WD, "forskydningen må højst være ±2600 arbejdsdage"),
        (121, DurationUnit.MONTHS, "forskydningen må højst være ±120 måneder"),
        (-11, DurationUnit.YEARS, "forskydningen må højst være ±10 år"),
    ],
)
def test_a_lag_beyond_its_unit_is_refused_and_nothing_is_written(
    seeded_db: Database, lag: int, unit: DurationUnit, danish: str
) -> None:
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as caught:
        _save_links(
            seeded_db,
            "balance-payment",
            [DependencyInput("final-report", lag_days=lag, lag_unit=unit)],
        )
    assert [problem.message("da") for problem in caught.value.problems] == [danish]
    assert fingerprint(seeded_db) == before


def test_links_stored_before_lag_units_count_calendar_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "before-units.duckdb"
    older = [m for m in migrations.MIGRATIONS if m.__name__ != "m010_lag_units"]
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", older)
        with Database(path) as db:
            db.cursor().execute(
                "INSERT INTO dependencies (predecessor, successor, type, lag_days) "
                "VALUES ('a', 'b', 'FF', 45)"
            )
    with Database(path) as db:
        assert _links(db, "b") == [("a", "FF", 45, "days")]


def test_the_schedule_and_the_findings_count_working_days_on_the_plans_calendar(
    seeded_db: Database,
) -> None:
    """The seed closes on 24.12 and 31.12. XS-16 made to finish on 23.12.2026, and XS-08 due
    30.12.2026 four working days after it: the earliest it can be done is 04.01.2027 — past
    Christmas, the closing days and New Year's Day, the transition day — 5 days late."""
    archive, archive_version = read_obligation(seeded_db, "archive-move") or (None, 0)
    records, records_version = read_obligation(seeded_db, "records-retention") or (None, 0)
    assert archive is not None and records is not None
    guarded.save_obligation(
        seeded_db,
        FIE,
        archive.model_copy(update={"start": date(2026, 12, 21), "due": date(2026, 12, 23)}),
        version=archive_version,
        predecessors=[],
    )
    guarded.save_obligation(
        seeded_db,
        FIE,
        records.model_copy(
            update={"due": date(2026, 12, 30), "due_rule": None, "ends_period": False}
        ),
        version=records_version,
        predecessors=[DependencyInput("archive-move", lag_days=4, lag_unit=WD)],
    )
    timing = queries.plan_schedule(seeded_db, date(2026, 11, 29)).timings["records-retention"]
    assert timing.earliest_finish == date(2027, 1, 4)
    snapshot = queries.findings_snapshot(seeded_db)
    (violation,) = [
        f
        for f in evaluate(snapshot, date(2026, 11, 29))
        if f.rule == "dependency-violation" and f.obligations[0] == "XS-08"
    ]
    assert violation.params == {"type": "FS", "lag": "4", "unit": "working_days", "days": "5"}
