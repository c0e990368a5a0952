"""Saving that never loses an edit: version checks, conflicts with the other person's changes,
validation that saves nothing, the handover workflow, soft deletes, history and undo."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from handover.domain.edits import RowEdit
from handover.domain.model import DependencyType, HandoverState, Obligation, Organisation, Person
from handover.domain.workflow import WorkflowError
from handover.store import queries
from handover.store.audit import ConflictError, InvalidChangeError
from handover.store.database import Database
from handover.store.history import UndoRefusedError, history, undo_change
from handover.store.obligation_writes import (
    DependencyInput,
    save_inline_edits,
    save_obligation,
    set_deleted,
    set_handover_state,
)
from handover.store.people_writes import save_organisation, save_person
from handover.store.plan_io import read_plan
from handover.store.seed import load_seed
from tests.conftest import fingerprint


def row(db: Database, obligation_id: str) -> dict[str, object]:
    result = db.cursor().execute(
        "SELECT version, status, receiving_owner, handover_state, due_date, due_anchor, notes, "
        "deleted, accepted_by, rejection_reason FROM obligations WHERE id = ?",
        [obligation_id],
    )
    names = [c[0] for c in result.description]
    return dict(zip(names, result.fetchone(), strict=True))


def version(db: Database, obligation_id: str) -> int:
    return int(row(db, obligation_id)["version"])  # type: ignore[arg-type]


def assert_versions_equal_history(db: Database) -> None:
    """Every saved change bumped the version once and wrote one audit entry."""
    mismatches = (
        db.cursor()
        .execute(
            """
        SELECT o.code, o.version, count(a.id) FROM obligations o
        LEFT JOIN audit_log a ON a.entity = 'obligation' AND a.entity_id = o.id
        GROUP BY o.code, o.version HAVING o.version - 1 <> count(a.id)
        """
        )
        .fetchall()
    )
    assert mismatches == []


def test_assigning_a_receiving_owner_saves_proposes_and_is_audited(seeded_db: Database) -> None:
    result = save_inline_edits(
        seeded_db, [RowEdit("final-report", 1, {"receiving_owner": "dsd-lear"})], actor="Anna"
    )
    assert result.saved == ["final-report"]
    assert result.conflicts == []
    saved = row(seeded_db, "final-report")
    assert (saved["receiving_owner"], saved["handover_state"], saved["version"]) == (
        "dsd-lear",
        "proposed",
        2,
    )
    [change] = history(seeded_db, entity_id="final-report")
    assert change.actor == "Anna"
    assert change.before == {"handover_state": "unassigned", "receiving_owner": None}
    assert change.after == {"handover_state": "proposed", "receiving_owner": "dsd-lear"}
    assert change.version == 2
    assert_versions_equal_history(seeded_db)


def test_a_second_edit_of_the_same_version_is_a_conflict_showing_the_first(
    seeded_db: Database,
) -> None:
    save_inline_edits(
        seeded_db, [RowEdit("final-report", 1, {"notes": "Anna's note"})], actor="Anna"
    )
    result = save_inline_edits(
        seeded_db, [RowEdit("final-report", 1, {"notes": "Bo's note"})], actor="Bo"
    )
    assert result.saved == []
    [conflict] = result.conflicts
    assert (conflict.label, conflict.your_version, conflict.current_version) == ("XS-01", 1, 2)
    [other] = conflict.others
    assert (other.actor, other.after["notes"]) == ("Anna", "Anna's note")
    assert row(seeded_db, "final-report")["notes"] == "Anna's note"  # never overwritten


def test_clean_rows_are_saved_beside_a_conflicting_one(seeded_db: Database) -> None:
    save_inline_edits(seeded_db, [RowEdit("helpdesk", 1, {"priority": "high"})], actor="Anna")
    result = save_inline_edits(
        seeded_db,
        [
            RowEdit("helpdesk", 1, {"priority": "low"}),
            RowEdit("hub-hosting", 1, {"priority": "low"}),
        ],
        actor="Bo",
    )
    assert result.saved == ["hub-hosting"]
    assert [c.entity_id for c in result.conflicts] == ["helpdesk"]


def test_an_unknown_person_saves_nothing(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as caught:
        save_inline_edits(
            seeded_db,
            [
                RowEdit("helpdesk", 1, {"notes": "fine"}),
                RowEdit("final-report", 1, {"receiving_owner": "ghost"}),
            ],
            actor="Anna",
        )
    assert [p.render("en") for p in caught.value.problems] == [
        "XS-01.receiving_owner: refers to 'ghost', which does not exist in people"
    ]
    assert fingerprint(seeded_db) == before


def test_a_due_date_before_the_start_saves_nothing(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as caught:
        save_inline_edits(
            seeded_db, [RowEdit("final-report", 1, {"due": date(2026, 11, 1)})], actor="A"
        )
    assert caught.value.problems[0].render("da") == "XS-01.due: XS-01: fristen ligger før starten"
    assert fingerprint(seeded_db) == before


def test_typing_a_due_date_replaces_the_rule(seeded_db: Database) -> None:
    save_inline_edits(
        seeded_db, [RowEdit("final-report", 1, {"due": date(2027, 1, 15)})], actor="A"
    )
    saved = row(seeded_db, "final-report")
    assert (saved["due_date"], saved["due_anchor"]) == (date(2027, 1, 15), None)


def test_the_same_due_date_leaves_the_rule_alone(seeded_db: Database) -> None:
    result = save_inline_edits(
        seeded_db, [RowEdit("final-report", 1, {"due": date(2027, 1, 29)})], actor="A"
    )
    assert result.saved == []
    assert row(seeded_db, "final-report")["due_anchor"] == "project_end"


def test_a_receiver_whose_organisation_is_gone_by_the_due_date_is_saved_with_a_warning(
    seeded_db: Database,
) -> None:
    result = save_inline_edits(
        seeded_db, [RowEdit("final-report", 1, {"receiving_owner": "medcom-finance"})], actor="A"
    )
    assert result.saved == ["final-report"]
    assert [w.render("en") for w in result.warnings] == [
        "XS-01.receiving_owner: XS-01: the receiving owner's organisation MedCom does not exist on "
        "the due date 29.01.2027"
    ]


def test_eight_threads_two_hundred_saves_each_every_save_counted(tmp_path: Path) -> None:
    with Database(tmp_path / "race.duckdb") as db:
        load_seed(db, "xshare")
        targets = ["helpdesk", "hub-hosting", "xshare-label"]
        counts = {"saved": 0, "conflicts": 0}
        errors: list[BaseException] = []
        lock = threading.Lock()

        def work(worker: int) -> None:
            try:
                for i in range(200):
                    target = targets[(worker + i) % len(targets)]
                    seen = version(db, target)
                    result = save_inline_edits(
                        db, [RowEdit(target, seen, {"notes": f"w{worker}-{i}"})], actor=f"w{worker}"
                    )
                    with lock:
                        counts["saved"] += len(result.saved)
                        counts["conflicts"] += len(result.conflicts)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        print(f"\nthreads=8 saves=1600 saved={counts['saved']} conflicts={counts['conflicts']}")
        assert counts["saved"] + counts["conflicts"] == 1600
        saved_versions = sum(version(db, t) - 1 for t in targets)
        assert saved_versions == counts["saved"]
        assert_versions_equal_history(db)
        for target in targets:  # the final value is the last one in the history
            [last] = history(db, entity_id=target, limit=1)
            assert row(db, target)["notes"] == last.after["notes"]


def test_an_update_racing_a_delete_loses_nothing_and_reports_the_conflict(
    seeded_db: Database,
) -> None:
    set_deleted(seeded_db, "helpdesk", 1, True, actor="Anna")
    result = save_inline_edits(seeded_db, [RowEdit("helpdesk", 1, {"notes": "Bo"})], actor="Bo")
    [conflict] = result.conflicts
    assert conflict.deleted
    assert [c.action for c in conflict.others] == ["delete"]
    with pytest.raises(ConflictError):
        set_deleted(seeded_db, "hub-hosting", 7, True, actor="Anna")  # a stale version


def test_delete_is_soft_and_restorable(seeded_db: Database) -> None:
    set_deleted(seeded_db, "helpdesk", 1, True, actor="Anna")
    assert queries.obligation_count(seeded_db) == 25
    set_deleted(seeded_db, "helpdesk", 2, False, actor="Anna")
    assert queries.obligation_count(seeded_db) == 26
    assert_versions_equal_history(seeded_db)


def test_the_handover_workflow_refuses_illegal_steps_with_the_rule(seeded_db: Database) -> None:
    with pytest.raises(WorkflowError) as caught:
        set_handover_state(seeded_db, "final-report", 1, HandoverState.ACCEPTED, actor="A")
    assert caught.value.key == "workflow.not_allowed"
    with pytest.raises(WorkflowError) as caught:
        set_handover_state(seeded_db, "final-report", 1, HandoverState.PROPOSED, actor="A")
    assert caught.value.key == "workflow.needs_receiver"
    with pytest.raises(WorkflowError) as caught:
        set_handover_state(seeded_db, "coordinator-amendment", 1, HandoverState.REJECTED, actor="A")
    assert caught.value.key == "workflow.needs_reason"


def test_acceptance_records_who_and_when_and_transfer_needs_evidence(seeded_db: Database) -> None:
    set_handover_state(seeded_db, "coordinator-amendment", 1, HandoverState.ACCEPTED, actor="Dorte")
    accepted = row(seeded_db, "coordinator-amendment")
    assert (accepted["handover_state"], accepted["accepted_by"]) == ("accepted", "Dorte")
    with pytest.raises(WorkflowError) as caught:
        set_handover_state(
            seeded_db, "coordinator-amendment", 2, HandoverState.TRANSFERRED, actor="D"
        )
    assert caught.value.key == "workflow.needs_evidence"


def test_rejection_keeps_the_reason_and_can_be_proposed_again(seeded_db: Database) -> None:
    set_handover_state(
        seeded_db,
        "coordinator-amendment",
        1,
        HandoverState.REJECTED,
        actor="D",
        reason="Ikke vores",
    )
    assert row(seeded_db, "coordinator-amendment")["rejection_reason"] == "Ikke vores"
    set_handover_state(seeded_db, "coordinator-amendment", 2, HandoverState.PROPOSED, actor="D")
    assert row(seeded_db, "coordinator-amendment")["handover_state"] == "proposed"


def obligation(**changes: object) -> Obligation:
    base = {
        "id": "new-one",
        "code": "XS-99",
        "project": "xshare",
        "title": "Ny forpligtelse",
        "category": "archive",
        "due": "2026-12-20",
    }
    return Obligation.model_validate({**base, **changes}, strict=False)


def test_creating_an_obligation_with_a_predecessor(seeded_db: Database) -> None:
    result = save_obligation(
        seeded_db,
        obligation(),
        version=None,
        predecessors=[DependencyInput("archive-move", DependencyType.FS, 2)],
        actor="Anna",
    )
    assert result.saved == ["new-one"]
    assert queries.obligation_count(seeded_db) == 27
    links = queries.dependencies(seeded_db, "new-one")
    assert list(links["predecessor_code"]) == ["XS-16"]
    assert [c.action for c in history(seeded_db, entity_id="new-one")] == ["create"]


def test_a_dialog_save_that_only_adds_a_predecessor_is_saved(seeded_db: Database) -> None:
    """No field changed, only the links: the row's version moves and the link is written (this
    once sent `UPDATE obligations SET , version = ...` to DuckDB)."""
    save_obligation(seeded_db, obligation(), version=None, predecessors=[], actor="Anna")
    result = save_obligation(
        seeded_db,
        obligation(),
        version=1,
        predecessors=[DependencyInput("archive-move")],
        actor="Anna",
    )
    assert result.saved == ["new-one"]
    assert list(queries.dependencies(seeded_db, "new-one")["predecessor_code"]) == ["XS-16"]
    assert row(seeded_db, "new-one")["version"] == 2
    assert [c.action for c in history(seeded_db, entity_id="new-one")] == ["update", "create"]


def test_a_dependency_cycle_is_refused_naming_the_obligations(seeded_db: Database) -> None:
    current = {o.id: o for o in read_plan(seeded_db).obligations}
    with pytest.raises(InvalidChangeError) as caught:
        save_obligation(
            seeded_db,
            current["legal-succession"],
            version=1,
            predecessors=[DependencyInput("final-report")],
            actor="A",
        )
    [problem] = caught.value.problems
    assert problem.key == "plan.dependency_cycle"
    assert {"XS-01", "XS-04", "XS-05"} <= set(problem.params["cycle"].split(" → "))


def test_a_dependency_on_a_deleted_obligation_is_refused(seeded_db: Database) -> None:
    set_deleted(seeded_db, "helpdesk", 1, True, actor="A")
    with pytest.raises(InvalidChangeError) as caught:
        save_obligation(
            seeded_db,
            obligation(),
            version=None,
            predecessors=[DependencyInput("helpdesk")],
            actor="A",
        )
    assert (
        caught.value.problems[0].render("en")
        == "XS-99.dependencies: XS-20 is deleted; restore it or remove the dependency"
    )


def test_a_taken_code_and_an_unknown_owner_are_refused_together(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as caught:
        save_obligation(
            seeded_db,
            obligation(code="XS-01", current_owner="ghost"),
            version=None,
            predecessors=[],
            actor="A",
        )
    assert {p.key for p in caught.value.problems} == {"edit.code_taken", "plan.unknown_reference"}
    assert fingerprint(seeded_db) == before


def test_undo_puts_the_old_value_back_as_a_new_change(seeded_db: Database) -> None:
    save_inline_edits(
        seeded_db, [RowEdit("helpdesk", 1, {"notes": "oops", "due": date(2027, 2, 1)})], actor="A"
    )
    [change] = history(seeded_db, entity_id="helpdesk")
    undo_change(seeded_db, change.id, actor="B")
    restored = row(seeded_db, "helpdesk")
    assert (restored["notes"], restored["due_anchor"], restored["version"]) == (
        "",
        "project_end",
        3,
    )
    latest = history(seeded_db, entity_id="helpdesk")[0]
    assert (latest.action, latest.actor) == ("undo", "B")
    assert_versions_equal_history(seeded_db)
    with pytest.raises(UndoRefusedError) as caught:
        undo_change(seeded_db, change.id, actor="B")
    assert caught.value.key == "undo.already_undone"


def test_undo_is_refused_when_the_row_changed_since(seeded_db: Database) -> None:
    save_inline_edits(seeded_db, [RowEdit("helpdesk", 1, {"notes": "first"})], actor="A")
    save_inline_edits(seeded_db, [RowEdit("helpdesk", 2, {"notes": "second"})], actor="B")
    first = history(seeded_db, entity_id="helpdesk")[-1]
    before = fingerprint(seeded_db)
    with pytest.raises(UndoRefusedError) as caught:
        undo_change(seeded_db, first.id, actor="C")
    assert caught.value.key == "undo.changed_since"
    assert [c.actor for c in caught.value.later] == ["B"]
    assert fingerprint(seeded_db) == before


def test_undo_of_a_creation_deletes_and_a_plan_import_is_not_undoable(seeded_db: Database) -> None:
    save_obligation(seeded_db, obligation(), version=None, predecessors=[], actor="A")
    [created] = history(seeded_db, entity_id="new-one")
    undo_change(seeded_db, created.id, actor="A")
    assert row(seeded_db, "new-one")["deleted"] is True
    [plan_import] = [c for c in history(seeded_db) if c.entity == "plan"]
    with pytest.raises(UndoRefusedError):
        undo_change(seeded_db, plan_import.id, actor="A")


def test_organisation_rules(seeded_db: Database) -> None:
    medcom = Organisation(
        id="medcom", name="MedCom", exists_until=date(2026, 12, 31), successor="medcom"
    )
    with pytest.raises(InvalidChangeError) as caught:
        save_organisation(seeded_db, medcom, version=1, actor="A")
    assert [p.key for p in caught.value.problems] == ["plan.own_successor"]
    dsd = Organisation(
        id="dsd", name="Digital Sundhed Danmark", exists_from=date(2027, 1, 1), successor="medcom"
    )
    with pytest.raises(InvalidChangeError) as caught:
        save_organisation(seeded_db, dsd, version=1, actor="A")
    assert [p.key for p in caught.value.problems] == ["plan.succession_cycle"]
    backwards = Organisation(
        id="dsd",
        name="Digital Sundhed Danmark",
        exists_from=date(2027, 1, 1),
        exists_until=date(2026, 1, 1),
    )
    with pytest.raises(InvalidChangeError) as caught:
        save_organisation(seeded_db, backwards, version=1, actor="A")
    assert [p.key for p in caught.value.problems] == ["plan.until_before_from"]


def test_an_organisation_edit_is_version_checked_and_audited(seeded_db: Database) -> None:
    medcom = {o.id: o for o in read_plan(seeded_db).organisations}["medcom"]
    later = medcom.model_copy(update={"exists_until": date(2027, 3, 31)})
    assert save_organisation(seeded_db, later, version=1, actor="A") is True
    with pytest.raises(ConflictError):
        save_organisation(seeded_db, later, version=1, actor="B")
    [change] = history(seeded_db, entity_id="medcom")
    assert change.before == {"exists_until": "2026-12-31"}


def test_people_can_be_added_and_deactivated(seeded_db: Database) -> None:
    person = Person(id="dsd-new", name="Ny Person", title="Arkivar", organisation="dsd")
    save_person(seeded_db, person, version=None, actor="A")
    save_person(seeded_db, person.model_copy(update={"active": False}), version=1, actor="A")
    with pytest.raises(InvalidChangeError) as caught:
        save_inline_edits(
            seeded_db, [RowEdit("helpdesk", 1, {"receiving_owner": "dsd-new"})], actor="A"
        )
    assert caught.value.problems[0].key == "edit.inactive_person"
    with pytest.raises(InvalidChangeError):
        save_person(
            seeded_db, Person(id="x", name="X", organisation="nowhere"), version=None, actor="A"
        )


def test_a_risk_is_saved_version_checked_with_its_links(seeded_db: Database) -> None:
    from handover.domain.model import Risk
    from handover.store.risk_writes import save_risk

    risk = {r.id: r for r in read_plan(seeded_db).risks}["r6-sds-statement"]
    raised = risk.model_copy(
        update={
            "likelihood": 4,
            "obligations": ("sds-financial-statement", "partner-financial-statements"),
        }
    )
    assert save_risk(seeded_db, raised, version=1, actor="A") is True
    with pytest.raises(ConflictError):
        save_risk(seeded_db, raised, version=1, actor="B")
    [change] = history(seeded_db, entity_id="r6-sds-statement")
    assert change.before["likelihood"] == 3
    assert change.after["obligations"] == [
        "partner-financial-statements",
        "sds-financial-statement",
    ]
    with pytest.raises(InvalidChangeError) as caught:
        save_risk(
            seeded_db,
            Risk(
                id="r-new", title="X", likelihood=1, impact=1, owner="ghost", obligations=("nope",)
            ),
            version=None,
            actor="A",
        )
    assert {p.key for p in caught.value.problems} == {
        "edit.unknown_person",
        "plan.unknown_reference",
    }


def test_a_baseline_keeps_every_obligation_and_refuses_a_taken_or_empty_name(
    seeded_db: Database,
) -> None:
    from handover.store.baseline_writes import save_baseline

    baseline = save_baseline(seeded_db, "Workshop 1", actor="Anna")
    kept = queries.baseline_items(seeded_db, baseline)
    assert len(kept) == 26
    assert kept["final-report"][1] == date(2027, 1, 29)
    for bad in ("Workshop 1", "   "):
        with pytest.raises(InvalidChangeError):
            save_baseline(seeded_db, bad, actor="Anna")


def test_the_history_filters_by_day_on_the_copenhagen_clock(seeded_db: Database) -> None:
    """The page shows moments in Copenhagen time, so its date filter counts days the same way:
    a change at 23:30 UTC on 29.11 happened on 30.11 for the reader (and at 22:30 UTC in summer)."""
    from datetime import datetime

    cursor = seeded_db.cursor()
    cursor.execute(  # a second entry beside the seed's
        "INSERT INTO audit_log (changed_at, actor, entity, entity_id, action, after_value, "
        "version) SELECT changed_at, actor, entity, entity_id, action, after_value, version "
        "FROM audit_log"
    )
    cursor.execute("UPDATE audit_log SET changed_at = ?", [datetime(2026, 11, 29, 23, 30)])
    (newest,) = cursor.execute("SELECT max(id) FROM audit_log").fetchone() or (0,)
    cursor.execute(
        "UPDATE audit_log SET changed_at = ? WHERE id = ?", [datetime(2026, 6, 30, 22, 30), newest]
    )
    on_the_30th = history(seeded_db, since=date(2026, 11, 30), until=date(2026, 11, 30))
    assert on_the_30th and all(c.changed_at == datetime(2026, 11, 29, 23, 30) for c in on_the_30th)
    assert history(seeded_db, since=date(2026, 11, 29), until=date(2026, 11, 29)) == []
    summer = history(seeded_db, since=date(2026, 7, 1), until=date(2026, 7, 1))
    assert [c.id for c in summer] == [newest]
    assert history(seeded_db, until=date(2026, 6, 30)) == []


def test_an_audit_batch_with_one_actor_and_with_several_keeps_each_rows_own_values(
    fresh_db: Database,
) -> None:
    # write_audit passes a column once when the whole batch shares its value, else row by row.
    from handover.store.audit import write_audit

    with fresh_db.transaction() as cursor:
        write_audit(
            cursor,
            [
                ("Anna", "obligation", "a", "update", {"notes": "x"}, {"notes": "y"}, 2),
                ("Anna", "obligation", "b", "update", {"notes": "x"}, {"notes": "z"}, 2),
            ],
        )
        write_audit(
            cursor,
            [
                ("Anna", "obligation", "c", "update", {}, {"notes": "y"}, 3),
                ("Bo", "person", "p", "create", {}, {"name": "Bo"}, None),
            ],
        )
    rows = (
        fresh_db.cursor()
        .execute(
            "SELECT actor, entity, entity_id, action, after_value, version FROM audit_log "
            "ORDER BY id"
        )
        .fetchall()
    )
    assert rows == [
        ("Anna", "obligation", "a", "update", '{"notes":"y"}', 2),
        ("Anna", "obligation", "b", "update", '{"notes":"z"}', 2),
        ("Anna", "obligation", "c", "update", '{"notes":"y"}', 3),
        ("Bo", "person", "p", "create", '{"name":"Bo"}', None),
    ]
