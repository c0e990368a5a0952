"""The one gateway (store/guarded.py): the role check and the write are one transaction, so an
owner changed by someone else cannot slip in between; workshop, comment, import and seed writes are
role-checked there too, and a refusal writes nothing."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from handover.domain.access import AccessDeniedError, Identity, Role
from handover.domain.edits import RowEdit
from handover.domain.workshop import AgendaItem, ItemKind, NoteKind
from handover.store import guarded, obligation_writes, workshops
from handover.store.database import Database
from handover.store.plan_io import read_obligation
from tests.conftest import fingerprint

FIE = Identity("Fie", Role.FACILITATOR)
VERA = Identity("Vera", Role.VIEWER)


def _version(db: Database, obligation_id: str) -> int:
    found = read_obligation(db, obligation_id)
    assert found is not None
    return found[1]


def test_the_owner_cannot_change_between_the_role_check_and_the_write(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mette receives XS-16. While her edit is being written (after her role was checked), the
    facilitator takes XS-16 away from her: that change waits for her transaction to end — the
    check she passed still holds when her edit commits, and the facilitator's change follows."""
    [(receiver,)] = (
        seeded_db.cursor()
        .execute("SELECT receiving_owner FROM obligations WHERE id = 'archive-move'")
        .fetchall()
    )
    assert receiver not in (None, "dsd-lear")
    mette = Identity("Mette", Role.PARTICIPANT, person=receiver)
    real = obligation_writes.save_edits_in
    other: dict[str, Any] = {}

    def facilitator_reassigns() -> None:
        version = _version(seeded_db, "archive-move")
        edit = RowEdit("archive-move", version, {"receiving_owner": "dsd-lear"})
        other["result"] = guarded.save_inline_edits(seeded_db, FIE, [edit])

    def write_while_someone_reassigns(*args: Any) -> Any:
        if "thread" in other:  # the facilitator's own write, later: as it is
            return real(*args)
        other["thread"] = thread = threading.Thread(target=facilitator_reassigns)
        thread.start()
        thread.join(timeout=0.5)
        other["blocked"] = thread.is_alive()  # waiting for Mette's transaction
        return real(*args)

    monkeypatch.setattr(obligation_writes, "save_edits_in", write_while_someone_reassigns)
    result = guarded.save_inline_edits(
        seeded_db,
        mette,
        [RowEdit("archive-move", _version(seeded_db, "archive-move"), {"notes": "flyttet"})],
    )
    other["thread"].join(timeout=10)
    assert other["blocked"] is True
    assert result.saved == ["archive-move"]
    # The facilitator's edit ran after hers, against the version she left: a conflict, not lost.
    assert other["result"].conflicts and other["result"].conflicts[0].entity_id == "archive-move"


def test_workshop_and_comment_writes_are_role_checked_at_the_gateway(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    item = AgendaItem(ItemKind.OBLIGATION, "final-report")
    with pytest.raises(AccessDeniedError):
        guarded.start_workshop(seeded_db, VERA, "Møde", [item])
    with pytest.raises(AccessDeniedError):
        guarded.add_comment(seeded_db, VERA, "final-report", "hej", [])
    assert fingerprint(seeded_db) == before
    running = guarded.start_workshop(seeded_db, FIE, "Møde", [item])
    with pytest.raises(AccessDeniedError):
        guarded.add_note(seeded_db, VERA, running, item, NoteKind.DECISION, "nej")
    with pytest.raises(AccessDeniedError):
        guarded.go_to(seeded_db, VERA, running, 0)
    with pytest.raises(AccessDeniedError):
        guarded.end_workshop(seeded_db, VERA, running, "slut")
    assert workshops.notes(seeded_db, running.id) == []


def test_imports_are_the_facilitators_dry_runs_included(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    participant = Identity("Mette", Role.PARTICIPANT, person="dsd-archive")
    for who in (participant, VERA):
        with pytest.raises(AccessDeniedError):
            guarded.import_rows(seeded_db, who, [], source="plan.csv", dry_run=True)
        with pytest.raises(AccessDeniedError):
            guarded.import_records(seeded_db, who, [], source="rapport.md")
    assert fingerprint(seeded_db) == before


def test_starting_the_plan_is_open_locally_and_the_facilitators_when_configured(
    fresh_db: Database,
) -> None:
    with pytest.raises(AccessDeniedError):
        guarded.start_plan(fresh_db, VERA, "xshare", local=False)
    assert fresh_db.cursor().execute("SELECT count(*) FROM obligations").fetchone() == (0,)
    assert guarded.start_plan(fresh_db, VERA, "xshare", local=True) is True
    assert guarded.start_plan(fresh_db, FIE, "xshare", local=False) is False  # never over a plan
