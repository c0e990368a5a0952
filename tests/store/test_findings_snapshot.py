"""The findings snapshot after each kind of write says what changed since the one before
(`Snapshot.changes`), reading again only those rows; the findings and the Oversigt's lines brought
up to date from it are the ones evaluated and grouped from the tables in full."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from handover.domain.edits import RowEdit
from handover.domain.evaluation import Findings
from handover.domain.findings import Finding, Snapshot, evaluate
from handover.domain.model import Person
from handover.domain.report import grouped, grouped_again
from handover.store import queries, reports
from handover.store.database import Database
from handover.store.obligation_writes import save_inline_edits, save_obligation, set_deleted
from handover.store.people_writes import save_person
from handover.store.plan_io import read_plan

AS_OF = date(2026, 11, 25)


def _version(db: Database, oid: str) -> int:
    row = db.cursor().execute("SELECT version FROM obligations WHERE id = ?", [oid]).fetchone()
    assert row is not None
    return int(row[0])


def _edit(db: Database, oid: str, **values: object) -> None:
    result = save_inline_edits(db, [RowEdit(oid, _version(db, oid), values)], actor="A")
    assert result.saved == [oid]


def _done(db: Database) -> None:
    _edit(db, "final-report", status="done")


def _open_again(db: Database) -> None:
    _edit(db, "final-report", status="in_progress")


def _deleted(db: Database) -> None:
    set_deleted(db, "legal-succession", _version(db, "legal-succession"), True, actor="A")


def _added(db: Database) -> None:
    model = {o.id: o for o in read_plan(db).obligations}["final-report"]
    added = model.model_copy(update={"id": "final-report-2", "code": "XS-015"})
    assert save_obligation(db, added, version=None, predecessors=[], actor="A").saved


def _moved(db: Database) -> None:
    """A code edit that puts the obligation first in the order (codes sort)."""
    model = {o.id: o for o in read_plan(db).obligations}["legal-succession"]
    moved = model.model_copy(update={"code": "AA-01"})
    version = _version(db, "legal-succession")
    assert save_obligation(db, moved, version=version, predecessors=None, actor="A").saved


def _due_moved(db: Database) -> None:
    _edit(db, "archive-move", due=date(2027, 1, 5))


# Each write (after another one, or none), and what the snapshot must say: the ids it names
# (True: read again, False: gone) and whether in place.
Write = Callable[[Database], None]
WRITES: dict[str, tuple[Write | None, Write, dict[str, bool], bool]] = {
    "done edit": (None, _done, {"final-report": True}, True),
    "open again": (_done, _open_again, {"final-report": True}, True),
    "deletion": (None, _deleted, {"legal-succession": False}, False),
    "insertion": (None, _added, {"final-report-2": True}, False),
    "code edit that moves it": (None, _moved, {"legal-succession": True}, False),
    "due date": (None, _due_moved, {"archive-move": True}, True),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_the_snapshot_names_what_a_write_changed_and_the_findings_follow(
    seeded_db: Database, kind: str
) -> None:
    first_write, write, named, in_place = WRITES[kind]
    queries.findings_snapshot(seeded_db)
    lines = grouped_again(None, reports.plan_findings(seeded_db, AS_OF), "da")
    if first_write is not None:
        first_write(seeded_db)
        lines = grouped_again(lines, reports.plan_findings(seeded_db, AS_OF), "da")
    before = queries.findings_snapshot(seeded_db)
    write(seeded_db)
    after = queries.findings_snapshot(seeded_db)
    assert after == queries.read_findings_snapshot(seeded_db)  # order included
    assert after.changes is not None
    assert after.changes.since is before.obligations and after.changes.now is after.obligations
    assert {oid: facts is not None for oid, facts in after.changes.facts.items()} == named
    assert after.changes.in_place is in_place
    by_id = {o.id: o for o in before.obligations}
    for o in after.obligations:  # the rows not named are the very facts read before
        assert (o is by_id.get(o.id)) is (o.id not in named)
    # Brought up to date through the changes: what evaluating and grouping in full gives.
    found = reports.plan_findings(seeded_db, AS_OF)
    assert found == evaluate(queries.read_findings_snapshot(seeded_db), AS_OF)
    assert grouped_again(lines, found, "da").lines == grouped(found, "da")


def test_a_done_edit_changes_the_findings_in_place_and_keeps_the_rest(seeded_db: Database) -> None:
    """Only the edited obligation's own findings and the plan-wide rules' move; the findings say
    which buckets changed since the list they came from, and what left them."""
    first = reports.plan_evaluation(seeded_db, AS_OF)
    mine = first.own["final-report"]
    assert mine  # the final report has findings of its own while open
    _done(seeded_db)
    now = reports.plan_evaluation(seeded_db, AS_OF)
    assert isinstance(now.findings, Findings) and now.findings.since() is first.findings
    assert now.own["final-report"] == ()
    assert all(now.own[oid] is first.own[oid] for oid in first.own if oid != "final-report")
    removed = [f for change in now.findings.changed.values() for f in change.removed]
    assert sorted(removed, key=_rule) == sorted(mine, key=_rule)
    assert all(change.single for change in now.findings.changed.values() if change.removed)


def test_a_person_renamed_keeps_every_obligations_findings(seeded_db: Database) -> None:
    """No obligation changed and the rules about one obligation do not read names: nothing is
    checked again; the plan-wide rules that name people ("overloaded") run again."""
    before = queries.findings_snapshot(seeded_db)
    first = reports.plan_evaluation(seeded_db, AS_OF)
    person = read_plan(seeded_db).people[0]
    renamed = Person(**{**person.model_dump(), "name": person.name + " Jensen"})
    assert save_person(seeded_db, renamed, version=1, actor="A")
    after = queries.findings_snapshot(seeded_db)
    assert after.obligations is before.obligations
    assert after.changes is not None and not after.changes.facts
    now = reports.plan_evaluation(seeded_db, AS_OF)
    assert now.own is first.own
    assert now.findings == evaluate(queries.read_findings_snapshot(seeded_db), AS_OF)


def test_a_person_moved_to_another_organisation_rechecks_every_obligation(
    seeded_db: Database,
) -> None:
    first = reports.plan_evaluation(seeded_db, AS_OF)
    plan = read_plan(seeded_db)
    person = plan.people[0]
    other = next(o.id for o in plan.organisations if o.id != person.organisation)
    moved = Person(**{**person.model_dump(), "organisation": other})
    assert save_person(seeded_db, moved, version=1, actor="A")
    now = reports.plan_evaluation(seeded_db, AS_OF)
    assert now.context != first.context  # what every obligation's own rules read changed
    assert now.own is not first.own
    assert now.findings == evaluate(queries.read_findings_snapshot(seeded_db), AS_OF)
    lines = grouped_again(grouped_again(None, first.findings, "da"), now.findings, "da")
    assert lines.lines == grouped(now.findings, "da")


def test_a_snapshot_read_in_full_says_no_changes(seeded_db: Database) -> None:
    snapshot: Snapshot = queries.read_findings_snapshot(seeded_db)
    assert snapshot.changes is None


def _rule(finding: Finding) -> str:
    return finding.rule
