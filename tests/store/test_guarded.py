"""The role matrix through the service layer: every guarded write called directly, by each role,
on an obligation the participant receives and on one that is none of theirs. A refusal raises
AccessDeniedError and leaves the database exactly as it was; an allowed call writes under the
person's name."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handover.domain.access import AccessDeniedError, Identity, Role
from handover.domain.edits import RowEdit
from handover.domain.model import HandoverState, Organisation, Person, Risk
from handover.domain.plan import Plan
from handover.store import guarded
from handover.store.database import Database
from handover.store.history import history
from handover.store.plan_io import read_obligation, read_plan
from tests.conftest import fingerprint


def _setting(db: Database) -> dict[str, Any]:
    plan = read_plan(db)
    proposed = [o for o in plan.obligations if o.handover_state is HandoverState.PROPOSED]
    mine = next(o for o in proposed if o.current_owner)  # a proposal can be rejected
    person = mine.receiving_owner
    other = next(o for o in proposed if person not in (o.current_owner, o.receiving_owner))
    return {"plan": plan, "mine": mine, "other": other, "person": person}


def _version(db: Database, obligation_id: str) -> int:
    found = read_obligation(db, obligation_id)
    assert found is not None
    return found[1]


# name -> (call, {role: allowed}); the call gets (db, who, setting, target) with target the
# obligation the participant receives ("mine") or one that is none of theirs ("other").
Call = Callable[[Database, Identity, dict[str, Any], str], object]
FACILITATOR_WHO = Identity("Fie", Role.FACILITATOR)
ALL = {Role.FACILITATOR: True, Role.PARTICIPANT: True, Role.VIEWER: False}
FACILITATOR_ONLY = {Role.FACILITATOR: True, Role.PARTICIPANT: False, Role.VIEWER: False}


def _edit(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    oid = s[target].id
    return guarded.save_inline_edits(db, who, [RowEdit(oid, _version(db, oid), {"notes": "ny"})])


def _dialog(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    obligation = s[target].model_copy(update={"notes": "fra dialogen"})
    deps = [
        guarded.DependencyInput(d.predecessor, d.type, d.lag_days)
        for d in s["plan"].dependencies
        if d.successor == obligation.id
    ]
    return guarded.save_obligation(
        db, who, obligation, version=_version(db, obligation.id), predecessors=deps
    )


def _create(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    new = s[target].model_copy(update={"id": "ny-1", "code": "XS-99", "due_rule": None})
    return guarded.save_obligation(db, who, new, version=None, predecessors=[])


def _accept(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    oid = s[target].id
    return guarded.set_handover_state(
        db, who, oid, _version(db, oid), HandoverState.REJECTED, reason="ikke klar"
    )


def _delete(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    oid = s[target].id
    return guarded.set_deleted(db, who, oid, _version(db, oid), True)


def _assign(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    oid = s[target].id
    new = next(p.id for p in s["plan"].people if p.active and p.id != s[target].receiving_owner)
    return guarded.assign_owners(
        db, who, [RowEdit(oid, _version(db, oid), {"receiving_owner": new})]
    )


def _organisation(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    return guarded.save_organisation(db, who, Organisation(id="ny-org", name="Ny"), version=None)


def _person(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    org = s["plan"].organisations[0].id
    return guarded.save_person(
        db, who, Person(id="ny-p", name="Ny", organisation=org), version=None
    )


def _risk(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    return guarded.save_risk(
        db, who, Risk(id="ny-r", title="Ny", likelihood=2, impact=2), version=None
    )


def _baseline(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    return guarded.save_baseline(db, who, "Før mødet")


def _undo(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    guarded.save_inline_edits(
        db,
        Identity("Fie", Role.FACILITATOR),
        [RowEdit(s[target].id, _version(db, s[target].id), {"notes": "fortryd mig"})],
    )
    change = history(db, entity_id=s[target].id)[0]
    return guarded.undo_change(db, who, change.id)


def _restore(db: Database, who: Identity, s: dict[str, Any], target: str) -> object:
    return guarded.restore_plan(db, who, s["plan"], source="backup.json")


CASES: dict[str, tuple[Call, dict[Role, bool], dict[Role, bool]]] = {
    # name: (call, allowed on "mine", allowed on "other")
    "edit in the table": (_edit, ALL, FACILITATOR_ONLY),
    "edit in the dialog": (_dialog, ALL, FACILITATOR_ONLY),
    "reject a handover (receiver)": (_accept, ALL, FACILITATOR_ONLY),
    "create an obligation": (_create, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "delete an obligation": (_delete, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "assign owners in bulk": (_assign, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "add an organisation": (_organisation, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "add a person": (_person, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "add a risk": (_risk, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "save a baseline": (_baseline, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "undo a change": (_undo, FACILITATOR_ONLY, FACILITATOR_ONLY),
    "restore a backup": (_restore, FACILITATOR_ONLY, FACILITATOR_ONLY),
}


@pytest.mark.parametrize("target", ["mine", "other"])
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("case", list(CASES))
def test_role_matrix_in_the_service_layer(
    seeded_db: Database, case: str, role: Role, target: str
) -> None:
    setting = _setting(seeded_db)
    call, on_mine, on_other = CASES[case]
    expected = (on_mine if target == "mine" else on_other)[role]
    who = Identity("Anna", role, person=setting["person"])
    before = fingerprint(seeded_db)
    if expected:
        call(seeded_db, who, setting, target)
        assert fingerprint(seeded_db) != before
    else:
        if case == "undo a change":
            # the facilitator's edit to undo is made first; then the refusal changes nothing more
            guarded.save_inline_edits(
                seeded_db,
                Identity("Fie", Role.FACILITATOR),
                [
                    RowEdit(
                        setting[target].id, _version(seeded_db, setting[target].id), {"notes": "x"}
                    )
                ],
            )
            before = fingerprint(seeded_db)
            change = history(seeded_db, entity_id=setting[target].id)[0]
            with pytest.raises(AccessDeniedError):
                guarded.undo_change(seeded_db, who, change.id)
        else:
            with pytest.raises(AccessDeniedError):
                call(seeded_db, who, setting, target)
        assert fingerprint(seeded_db) == before


def test_an_allowed_write_is_in_the_history_under_the_persons_name(seeded_db: Database) -> None:
    setting = _setting(seeded_db)
    who = Identity("Anna Deltager", Role.PARTICIPANT, person=setting["person"])
    _edit(seeded_db, who, setting, "mine")
    [change] = history(seeded_db, entity_id=setting["mine"].id, actor="Anna Deltager")
    assert change.after["notes"] == "ny"


def test_a_batch_with_one_foreign_row_is_refused_whole(seeded_db: Database) -> None:
    setting = _setting(seeded_db)
    who = Identity("Anna", Role.PARTICIPANT, person=setting["person"])
    edits = [
        RowEdit(setting[t].id, _version(seeded_db, setting[t].id), {"notes": "begge"})
        for t in ("mine", "other")
    ]
    before = fingerprint(seeded_db)
    with pytest.raises(AccessDeniedError):
        guarded.save_inline_edits(seeded_db, who, edits)
    assert fingerprint(seeded_db) == before


def _retitled(plan: Plan) -> Plan:
    first = plan.obligations[0].model_copy(update={"title": "Ny titel"})
    return dataclasses.replace(plan, obligations=(first, *plan.obligations[1:]))


def test_a_restore_keeps_the_plan_it_replaces_next_to_the_database_file(tmp_path: Path) -> None:
    from datetime import datetime

    from handover.domain.plan import parse_plan_json
    from handover.store.seed import initialise

    with Database(tmp_path / "plan.duckdb") as db:
        initialise(db, "xshare", actor="test")
        before = read_plan(db)
        smaller = _retitled(before)
        kept = guarded.restore_plan(
            db, FACILITATOR_WHO, smaller, source="b.json", now=datetime(2026, 11, 30, 9, 15)
        )
        assert kept == tmp_path / "backups" / "handover-20261130-091500.json"
        assert parse_plan_json(kept.read_bytes()) == before  # read back: the whole replaced plan
        assert read_plan(db).obligations[0].title == "Ny titel"
        again = guarded.restore_plan(
            db, FACILITATOR_WHO, before, source="b.json", now=datetime(2026, 11, 30, 9, 15)
        )
        assert again is not None and again.name == "handover-20261130-091500-2.json"


def test_a_restore_whose_backup_cannot_be_written_replaces_nothing(tmp_path: Path) -> None:
    from handover.store.seed import initialise

    (tmp_path / "backups").write_text("a file where the folder would go")
    with Database(tmp_path / "plan.duckdb") as db:
        initialise(db, "xshare", actor="test")
        before = read_plan(db)
        smaller = _retitled(before)
        with pytest.raises(OSError, match="backups"):
            guarded.restore_plan(db, FACILITATOR_WHO, smaller, source="b.json")
        assert read_plan(db) == before


def test_a_restore_in_memory_keeps_no_file() -> None:
    from handover.store.seed import initialise

    with Database(":memory:") as db:
        initialise(db, "xshare", actor="test")
        plan = read_plan(db)
        assert guarded.restore_plan(db, FACILITATOR_WHO, plan, source="b.json") is None
