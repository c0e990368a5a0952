"""Deciding in the room: from the workshop's item view the facilitator sets the receiving owner
(the successor's proposal chosen in advance), proposes, accepts, rejects with a reason and moves
the due date; each goes through the version-checked writes, is minuted as a decision with who and
when, and a second session following the meeting sees it on its next rerun. The agenda shows
resolved / open / parked, and the minutes give every item its outcome."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from handover.domain.access import Identity, Role
from handover.domain.dates import format_moment
from handover.domain.edits import RowEdit
from handover.domain.workshop import NoteKind
from handover.store import guarded, workshops
from handover.store.database import Database
from tests.app.conftest import MakeApp, shown, texts
from tests.conftest import fingerprint


def start(app: AppTest) -> AppTest:
    [button] = [b for b in app.button if b.label == "Start mødet"]
    button.click().run()
    assert not app.exception, app.exception
    return app


def agenda(app: AppTest) -> tuple[str, list[str]]:
    """The agenda picker's key and the items it shows."""
    [key] = [k for k in app.session_state if str(k).startswith("w_jump_")]
    return str(key), list(app.selectbox(key=key).options)


def position_of(app: AppTest, code: str) -> int:
    """Where `code` stands on the agenda (found by code, not by the seed's order)."""
    _, options = agenda(app)
    return next(i for i, label in enumerate(options) if f" {code} · " in label)


def jump(app: AppTest) -> AppTest:
    """The facilitator picks XS-01, the final report, on the standard agenda (its owner's
    organisation ceases before it falls due)."""
    key, _ = agenda(app)
    app.selectbox(key=key).set_value(position_of(app, "XS-01")).run()
    assert not app.exception, app.exception
    return app


def current(app: AppTest) -> tuple[str, int]:
    """The obligation in front of the room and the version its buttons were drawn with."""
    from handover.ui.db import database

    db = database()
    running = workshops.open_workshop(db)
    assert running is not None and running.item is not None
    version = workshops.obligation_version(db, running.item.id)
    assert version is not None
    return running.item.id, version


def code_of(obligation_id: str) -> str:
    from handover.ui.db import database

    row = (
        database()
        .cursor()
        .execute("SELECT code FROM obligations WHERE id = ?", [obligation_id])
        .fetchone()
    )
    assert row is not None
    return str(row[0])


def stored(obligation_id: str) -> dict[str, Any]:
    from handover.ui.db import database

    result = (
        database()
        .cursor()
        .execute(
            "SELECT receiving_owner, handover_state, due_date, rejection_reason FROM obligations "
            "WHERE id = ?",
            [obligation_id],
        )
    )
    row = result.fetchone()
    return dict(zip([c[0] for c in result.description], row, strict=True))


def decisions() -> list[str]:
    from handover.ui.db import database

    db = database()
    running = workshops.open_workshop(db)
    assert running is not None
    return [n.text for n in workshops.notes(db, running.id) if n.kind is NoteKind.DECISION]


def test_the_room_sets_the_proposed_receiver_and_a_follower_sees_the_decision(
    make_app: MakeApp, seeded_file: Path
) -> None:
    facilitator = jump(start(make_app(page="workshop", name="Fie")))
    follower = make_app(page="workshop")  # no name: follows the meeting
    obligation_id, version = current(facilitator)
    from handover.ui.db import database

    proposal = workshops.successor_proposal(database(), obligation_id)
    assert proposal is not None and proposal.code == "XS-01"
    # The receiver box opens on the successor's proposal.
    receiver = facilitator.selectbox(key=f"room_receiver_{obligation_id}_{version}")
    assert receiver.value == proposal.person_id
    assert "Forslag:" in texts(facilitator)
    facilitator.button(key=f"room_set_{obligation_id}_{version}").click().run()
    assert not facilitator.exception, facilitator.exception
    row = stored(obligation_id)
    assert row["receiving_owner"] == proposal.person_id
    assert row["handover_state"] == "proposed"
    [said] = decisions()
    assert said.startswith("Modtagende ejer: — → ")
    assert "Beslutning:** Modtagende ejer: — →" in texts(facilitator)
    assert "1 afgjort" in texts(facilitator)
    # Who and when are on the note.
    running = workshops.open_workshop(database())
    assert running is not None
    [note] = workshops.notes(database(), running.id)
    assert note.created_by == "Fie" and note.created_at is not None
    follower.run()  # what the live fragment triggers when the revision moved
    assert not follower.exception
    assert "Beslutning:** Modtagende ejer: — →" in texts(follower)
    assert "Foreslået" in [m.value for m in follower.metric]
    assert not [b for b in follower.button if b.key and str(b.key).startswith("room_")]


def test_accept_reject_with_a_reason_and_move_the_due_date_each_minuted(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = jump(start(make_app(page="workshop", name="Fie")))
    obligation_id, version = current(app)
    app.button(key=f"room_set_{obligation_id}_{version}").click().run()
    obligation_id, version = current(app)
    # A rejection without a reason is refused and nothing changes.
    app.button(key=f"room_rejected_{obligation_id}_{version}").click().run()
    assert "en afvisning kræver en begrundelse" in texts(app)
    assert stored(obligation_id)["handover_state"] == "proposed"
    app.text_input(key=f"room_reason_{obligation_id}_{version}").input("Forkert team")
    app.button(key=f"room_rejected_{obligation_id}_{version}").click().run()
    assert stored(obligation_id)["handover_state"] == "rejected"
    assert stored(obligation_id)["rejection_reason"] == "Forkert team"
    obligation_id, version = current(app)
    app.button(key=f"room_proposed_{obligation_id}_{version}").click().run()
    obligation_id, version = current(app)
    app.button(key=f"room_accepted_{obligation_id}_{version}").click().run()
    assert stored(obligation_id)["handover_state"] == "accepted"
    obligation_id, version = current(app)
    app.date_input(key=f"room_due_{obligation_id}_{version}").set_value(date(2026, 12, 18))
    app.button(key=f"room_move_{obligation_id}_{version}").click().run()
    assert not app.exception, app.exception
    assert stored(obligation_id)["due_date"] == date(2026, 12, 18)
    said = decisions()
    assert said[1].startswith("Overdragelsen afvist (") and said[1].endswith("): Forkert team")
    assert said[2].startswith("Overdragelsen foreslået til ")
    assert said[3].startswith("Overdragelsen accepteret (")
    assert said[4].startswith("Frist flyttet: ") and said[4].endswith(" → 18.12.2026")


def test_a_decision_on_a_row_someone_else_changed_is_a_conflict_and_writes_nothing(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = jump(start(make_app(page="workshop", name="Fie")))
    obligation_id, version = current(app)
    from handover.ui.db import database

    db = database()
    # Someone edits the obligation in the register while the room looks at it.
    guarded.save_inline_edits(
        db, Identity("Bo", Role.FACILITATOR), [RowEdit(obligation_id, version, {"notes": "x"})]
    )
    before = fingerprint(db)
    app.button(key=f"room_set_{obligation_id}_{version}").click().run()
    assert not app.exception, app.exception
    assert "er ændret af en anden, siden du åbnede den" in texts(app)
    assert [w for w in app.warning if "Bo" in str(w.value)]  # who changed it, in words
    assert fingerprint(db) == before  # nothing written, no decision minuted
    assert stored(obligation_id)["receiving_owner"] is None


def test_a_viewer_following_gets_no_decision_controls(make_app: MakeApp, seeded_file: Path) -> None:
    jump(start(make_app(page="workshop", name="Fie")))
    follower = make_app(page="workshop")
    assert not [b for b in follower.button if b.key and str(b.key).startswith("room_")]


def test_parking_shows_progress_and_the_minutes_give_every_item_its_outcome(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = jump(start(make_app(page="workshop", name="Fie")))
    obligation_id, version = current(app)
    app.button(key=f"room_set_{obligation_id}_{version}").click().run()
    app.button(key="w_next").click().run()
    second, version = current(app)  # the item after XS-01
    second_code = code_of(second)
    app.text_input(key=f"room_park_{second}_{version}").input("Afventer svar fra PO")
    app.button(key=f"room_park_button_{second}_{version}").click().run()
    assert not app.exception, app.exception
    assert "1 afgjort" in texts(app) and "1 parkeret" in texts(app)
    decided_at = position_of(app, "XS-01")
    parked_at = position_of(app, second_code)
    _, shown_options = agenda(app)
    assert shown_options[decided_at].startswith(f"✓ {decided_at + 1}. XS-01")
    assert shown_options[parked_at].startswith(f"⏸ {parked_at + 1}. {second_code}")
    open_at = next(i for i in range(len(shown_options)) if i not in (decided_at, parked_at))
    assert shown_options[open_at].startswith(f"○ {open_at + 1}.")
    from handover.ui.db import database

    running = workshops.open_workshop(database())
    assert running is not None
    note_time = workshops.notes(database(), running.id)[0].created_at
    app.button(key="w_end").click().run()
    with Database(seeded_file) as database:
        [ended] = workshops.workshops(database)
        record = workshops.minutes(database, ended)
    from handover.exports.minutes import to_markdown, to_pdf

    markdown = to_markdown(record, "da").decode("utf-8")
    assert "## Punkter og udfald" in markdown
    items = [shown(line) for line in markdown.splitlines() if re.match(r"- \d+\\\. ", line)]
    assert len(items) == len(record.agenda)
    assert " — afgjort: Modtagende ejer: — → " in items[decided_at]
    decided = [shown(line) for line in markdown.splitlines() if "XS-01 · Endelig rapport" in line]
    assert any(
        line.endswith(f"(Fie, {format_moment(note_time, with_date=False)})") for line in decided
    )
    assert items[parked_at].endswith(" — parkeret")
    assert items[open_at].endswith(" — åben")
    english = to_markdown(record, "en").decode("utf-8")
    assert "## Items and outcomes" in english and " — parked" in english
    from pypdf import PdfReader

    pdf_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(record, "da"))).pages
    )
    assert "Punkter og udfald" in pdf_text and "parkeret" in pdf_text
