"""The history as people read it: field labels from the catalogue, people, organisations, meetings
by name, times on the Copenhagen clock; undo bound to the change's id (after an undo the selection
does not slide onto the next change), refused a second time over the same change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from handover.domain.access import Identity, Role
from handover.domain.edits import RowEdit
from handover.domain.model import HandoverState
from handover.store import guarded
from handover.store.database import Database
from tests.app.conftest import MakeApp, texts
from tests.app.test_editing import pick_history_row, undo_button

FIE = Identity("Fie", Role.FACILITATOR)


def version_of(database: Database, obligation_id: str) -> int:
    row = (
        database.cursor()
        .execute("SELECT version FROM obligations WHERE id = ?", [obligation_id])
        .fetchone()
    )
    return int(row[0])


def test_labels_names_and_copenhagen_times_instead_of_keys_ids_and_utc(
    make_app: MakeApp, seeded_file: Path
) -> None:
    with Database(seeded_file) as database:
        guarded.save_inline_edits(
            database,
            FIE,
            [
                RowEdit(
                    "final-report",
                    version_of(database, "final-report"),
                    {"receiving_owner": "dsd-international"},
                )
            ],
        )
        guarded.set_handover_state(
            database,
            FIE,
            "final-report",
            version_of(database, "final-report"),
            HandoverState.ACCEPTED,
        )
        [accepted] = guarded.history(database, limit=1)
    for lang, accepted_label, owner_label in (
        ("da", "Accepteret: ", "Modtagende ejer: "),
        ("en", "Accepted at: ", "Receiving owner: "),
    ):
        history = make_app(page="history", lang=lang)
        frame = history.dataframe[0].value
        after = "\n".join(frame["after"])
        assert "accepted_at" not in after and "accepted_by" not in after
        assert accepted_label in after
        assert (
            owner_label + "Ansvarlig for internationale projekter · Digital Sundhed Danmark"
            in after
        )
        assert "dsd-international" not in after
        # November: Copenhagen is UTC+1.
        assert frame["when"].iloc[0].to_pydatetime() == accepted.changed_at + timedelta(hours=1)


def test_after_an_undo_the_selection_does_not_slide_and_a_second_undo_is_refused(
    make_app: MakeApp, seeded_file: Path
) -> None:
    with Database(seeded_file) as database:
        for note in ("one", "two"):  # two changes on two rows, newest first in the list
            target = "final-report" if note == "one" else "helpdesk"
            guarded.save_inline_edits(
                database, FIE, [RowEdit(target, version_of(database, target), {"notes": note})]
            )
    history = make_app(page="history", name="Bo")
    pick_history_row(history, 0)  # "two" on the helpdesk
    assert "sættes tilbage: Noter: two → Noter: —" in texts(history)
    undo_button(history).click().run()
    assert "er fortrudt" in texts(history)
    # The undo is now the newest row: the old selection (row 0) does not carry over to it, so
    # no undo button is offered for a change nobody picked.
    assert not [b for b in history.button if str(b.key).startswith("undo_button_")]
    # The undone change, now second, says so and offers no second undo.
    pick_history_row(history, 1)
    assert "Denne ændring er allerede fortrudt." in texts(history)
    assert not [b for b in history.button if str(b.key).startswith("undo_button_")]
    with Database(seeded_file) as database:
        notes = dict(
            database.cursor()
            .execute("SELECT id, notes FROM obligations WHERE id IN ('helpdesk', 'final-report')")
            .fetchall()
        )
    assert notes == {"helpdesk": "", "final-report": "one"}


def test_a_meeting_in_the_history_is_named_by_its_title(
    make_app: MakeApp, seeded_file: Path
) -> None:
    from handover.domain.workshop import AgendaItem, ItemKind
    from handover.store import guarded

    with Database(seeded_file) as database:
        meeting = guarded.start_workshop(
            database, FIE, "Styregruppemøde", [AgendaItem(ItemKind.OBLIGATION, "final-report")]
        )
    history = make_app(page="history")
    frame = history.dataframe[0].value
    assert frame["what"].iloc[0] == "Styregruppemøde"
    assert meeting.id not in "\n".join(frame["what"])


def test_a_change_undo_cannot_put_back_offers_no_undo(make_app: MakeApp, seeded_file: Path) -> None:
    history = make_app(page="history", name="Bo")
    pick_history_row(history, 0)  # the import of the whole plan
    assert "Denne slags ændring kan ikke fortrydes her." in texts(history)
    assert not [b for b in history.button if str(b.key).startswith("undo_button_")]
    frame = history.dataframe[0].value
    assert "milestones" not in frame["after"].iloc[0] and "Milepæle: " in frame["after"].iloc[0]


def test_closing_days_a_project_file_added_read_as_the_plans_calendar(
    make_app: MakeApp, seeded_file: Path
) -> None:
    from handover.imports.project_service import preview_project, write_project
    from tests.imports.project_helpers import need_java, need_samples

    need_java()
    name = "HouseBuildingSample.gan"
    with Database(seeded_file) as database:
        data = (need_samples() / name).read_bytes()
        write_project(database, preview_project(database, name, data), who=FIE)
    for lang, what, heading in (
        ("da", "planens kalender", "Lukkedage: "),
        ("en", "the plan's calendar", "Closing days: "),
    ):
        frame = make_app(page="history", lang=lang).dataframe[0].value
        row = frame[frame["what"] == what]
        assert len(row) == 1
        assert row["after"].iloc[0] == f"{heading}05.06., 24.12., 31.12., 14.02.2006"
        assert row["before"].iloc[0] == f"{heading}05.06., 24.12., 31.12."
