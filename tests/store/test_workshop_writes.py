"""Workshop and comment writes (store/workshop_writes.py through the gateway): a note, a title or
a comment is held to the same entry rules as every other field, and only the facilitator runs the
meeting — a refusal shows its message and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from handover.domain.access import AccessDeniedError, Identity, Role
from handover.domain.text import text
from handover.domain.workshop import AgendaItem, ItemKind, NoteKind, RoomDecision, Step
from handover.store import guarded, workshops
from handover.store.database import Database
from handover.store.guarded import InvalidChangeError
from tests.conftest import fingerprint

FIE = Identity("Fie", Role.FACILITATOR)
# Mette receives XS-16 (archive-move): she may edit it, but the meeting is the facilitator's.
METTE = Identity("Mette", Role.PARTICIPANT, person="dsd-archive")
ITEM = AgendaItem(ItemKind.OBLIGATION, "archive-move")


def _messages(error: InvalidChangeError) -> list[str]:
    return [text(problem.key, "en", **problem.params) for problem in error.problems]


def test_a_note_with_a_control_character_is_refused_and_nothing_is_written(
    seeded_db: Database,
) -> None:
    running = guarded.start_workshop(seeded_db, FIE, "Møde", [ITEM])
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as refused:
        guarded.add_note(seeded_db, FIE, running, ITEM, NoteKind.DECISION, "besluttet\x0bnu")
    assert any("control character U+000B" in message for message in _messages(refused.value))
    assert fingerprint(seeded_db) == before
    assert workshops.notes(seeded_db, running.id) == []


def test_an_action_due_in_9999_is_refused_and_nothing_is_written(seeded_db: Database) -> None:
    running = guarded.start_workshop(seeded_db, FIE, "Møde", [ITEM])
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as refused:
        guarded.add_note(
            seeded_db,
            FIE,
            running,
            ITEM,
            NoteKind.ACTION,
            "ring til arkivet",
            owner="dsd-archive",
            due=date(9999, 1, 1),
        )
    assert any("01.01.9999 is outside" in message for message in _messages(refused.value))
    assert fingerprint(seeded_db) == before


def test_a_note_within_the_rules_is_written_with_its_line_breaks(seeded_db: Database) -> None:
    running = guarded.start_workshop(seeded_db, FIE, "Møde", [ITEM])
    guarded.add_note(
        seeded_db,
        FIE,
        running,
        ITEM,
        NoteKind.ACTION,
        "ring til arkivet\n\tog aftal dato",
        owner="dsd-archive",
        due=date(2199, 12, 31),
    )
    (note,) = workshops.notes(seeded_db, running.id)
    assert note.text == "ring til arkivet\n\tog aftal dato" and note.due == date(2199, 12, 31)


def test_a_title_or_comment_with_a_control_character_is_refused(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as refused:
        guarded.start_workshop(seeded_db, FIE, "Møde\tom arkiv", [ITEM])
    assert any("control character U+0009" in message for message in _messages(refused.value))
    with pytest.raises(InvalidChangeError) as refused:
        guarded.add_comment(seeded_db, METTE, "archive-move", "se\x07her", [])
    assert any("control character U+0007" in message for message in _messages(refused.value))
    assert fingerprint(seeded_db) == before


def test_a_participant_cannot_write_the_meetings_notes_or_decisions(seeded_db: Database) -> None:
    running = guarded.start_workshop(seeded_db, FIE, "Møde", [ITEM])
    before = fingerprint(seeded_db)
    with pytest.raises(AccessDeniedError):
        guarded.add_note(seeded_db, METTE, running, ITEM, NoteKind.QUESTION, "hvornår?")
    with pytest.raises(AccessDeniedError):
        guarded.go_to(seeded_db, METTE, running, 0)
    with pytest.raises(AccessDeniedError):
        guarded.end_workshop(seeded_db, METTE, running, "slut")
    with pytest.raises(AccessDeniedError):
        guarded.start_workshop(seeded_db, METTE, "Mit møde", [ITEM])
    assert fingerprint(seeded_db) == before
    # Commenting is hers, though.
    guarded.add_comment(seeded_db, METTE, "archive-move", "klar", [])
    assert [c["text"] for c in workshops.comments(seeded_db, "archive-move")] == ["klar"]


def test_a_decision_of_the_room_goes_through_the_gateway_and_is_minuted(
    seeded_db: Database,
) -> None:
    running = guarded.start_workshop(seeded_db, FIE, "Møde", [ITEM])
    version = workshops.obligation_version(seeded_db, "archive-move")
    assert version is not None
    due = date(2027, 3, 1)
    result = guarded.decide(
        seeded_db, FIE, running, ITEM, version, RoomDecision(Step.DUE, due=due), language="en"
    )
    assert result.saved == ["archive-move"]
    (note,) = workshops.notes(seeded_db, running.id)
    assert note.kind is NoteKind.DECISION and "01.03.2027" in note.text
