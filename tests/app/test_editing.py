"""Editing the plan as people do it in a workshop, driven through AppTest in Danish and English:
table edits and their validation, conflicts between two sessions, the handover workflow, the
obligation dialog, delete and restore, owner mapping, organisations, and history with undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from handover.store.database import Database
from tests.app.conftest import MakeApp, current_editor, texts
from tests.conftest import file_fingerprint


def stored(db: Path, obligation_id: str, column: str) -> Any:
    with Database(db) as database:
        row = (
            database.cursor()
            .execute(f"SELECT {column} FROM obligations WHERE id = ?", [obligation_id])
            .fetchone()
        )
    assert row is not None
    return row[0]


def position(app: AppTest, code: str) -> int:
    """The row of `code` in the register as shown."""
    frame = app.session_state["register_frozen"]
    return list(frame["code"]).index(code)


def edit_table(app: AppTest, changes: dict[int, dict[str, Any]]) -> AppTest:
    """What the browser sends after cells are edited: positions and column names."""
    app.session_state[current_editor(app, "register_editor")] = {
        "edited_rows": changes,
        "added_rows": [],
        "deleted_rows": [],
    }
    return app.run()


def submit(app: AppTest, label: str) -> AppTest:
    [button] = [b for b in app.button if "FormSubmitter" in str(b.id) and b.label == label]
    return button.click().run()


def test_without_a_name_the_register_is_read_only(make_app: MakeApp) -> None:
    app = make_app(page="obligations")
    assert "Skriv dit navn i sidepanelet" in texts(app)
    assert not [b for b in app.button if b.key == "save_table"]


@pytest.mark.parametrize(("lang", "saved"), [("da", "Gemt: XS-01"), ("en", "Saved: XS-01")])
def test_assigning_a_receiving_owner_in_the_table(
    make_app: MakeApp, seeded_file: Path, lang: str, saved: str
) -> None:
    app = make_app(page="obligations", name="Anna", lang=lang)
    edit_table(app, {position(app, "XS-01"): {"receiving_owner": "dsd-lear"}})
    assert "Ændrede rækker, ikke gemt: 1" in texts(app) or "Changed rows, not saved: 1" in texts(
        app
    )
    app.button(key="save_table").click().run()
    assert not app.exception
    assert saved in texts(app)
    assert stored(seeded_file, "final-report", "receiving_owner") == "dsd-lear"
    assert stored(seeded_file, "final-report", "handover_state") == "proposed"
    assert stored(seeded_file, "final-report", "updated_by") == "Anna"


def test_a_due_date_before_the_start_is_shown_and_nothing_is_saved(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="obligations", name="Anna")
    before = file_fingerprint(seeded_file)
    edit_table(app, {position(app, "XS-01"): {"due": "2026-11-01"}})
    app.button(key="save_table").click().run()
    assert "Intet er gemt" in texts(app)
    assert "XS-01, Frist: fristen ligger før starten" in texts(app)  # no internal key
    assert file_fingerprint(seeded_file) == before


def test_a_column_that_is_not_editable_is_refused(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Anna", lang="en")
    before = file_fingerprint(seeded_file)
    edit_table(app, {0: {"code": "HACKED"}})
    app.button(key="save_table").click().run()
    assert "these columns cannot be edited here: code" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_a_warning_when_the_receiver_is_gone_on_the_due_date(make_app: MakeApp) -> None:
    app = make_app(page="obligations", name="Anna")
    edit_table(app, {position(app, "XS-01"): {"receiving_owner": "medcom-finance"}})
    app.button(key="save_table").click().run()
    assert "organisation MedCom findes ikke på fristen 29.01.2027" in texts(app)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_two_people_editing_the_same_obligation_get_a_conflict_not_an_overwrite(
    make_app: MakeApp, seeded_file: Path, lang: str
) -> None:
    anna = make_app(page="obligations", name="Anna", lang=lang)
    bo = make_app(page="obligations", name="Bo", lang=lang)
    edit_table(anna, {position(anna, "XS-01"): {"notes": "Anna skriver"}})
    edit_table(bo, {position(bo, "XS-01"): {"notes": "Bo skriver"}})
    anna.button(key="save_table").click().run()
    bo.button(key="save_table").click().run()
    assert stored(seeded_file, "final-report", "notes") == "Anna skriver"
    shown = texts(bo)
    expected = "er ændret af en anden" if lang == "da" else "was changed by someone else"
    assert expected in shown
    assert "Anna skriver" in shown  # what the other person changed
    assert "Bo skriver" in shown  # and Bo's own input, kept to retry
    # Bo's table is a fresh editor now: the browser cannot send the refused edit again by accident.
    assert current_editor(bo, "register_editor") == "register_editor_1"
    bo.button(key="retry_0").click().run()
    assert stored(seeded_file, "final-report", "notes") == "Bo skriver"


def test_the_handover_workflow_from_the_details(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Dorte")
    app.selectbox(key="f_detail").set_value("coordinator-amendment").run()
    app.button(key="step_coordinator-amendment_accepted").click().run()
    assert not app.exception
    assert stored(seeded_file, "coordinator-amendment", "handover_state") == "accepted"
    assert stored(seeded_file, "coordinator-amendment", "accepted_by") == "Dorte"
    app.button(key="step_coordinator-amendment_transferred").click().run()
    assert "Ikke tilladt: overdraget kræver dokumentation" in texts(app)
    assert stored(seeded_file, "coordinator-amendment", "handover_state") == "accepted"


def test_rejecting_needs_a_reason(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Dorte", lang="en")
    app.selectbox(key="f_detail").set_value("coordinator-amendment").run()
    app.button(key="step_coordinator-amendment_rejected").click().run()
    assert "Not allowed: a rejection needs a reason" in texts(app)
    app.text_input(key="reason_coordinator-amendment").input("Not ours").run()
    app.button(key="step_coordinator-amendment_rejected").click().run()
    assert stored(seeded_file, "coordinator-amendment", "rejection_reason") == "Not ours"


def test_a_new_obligation_through_the_dialog(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Anna")
    app.button(key="new_obligation").click().run()
    app.text_input(key="ob_code").input("XS-50")
    app.text_input(key="ob_title").input("Overdrag adgang til Funding & Tenders-portalen")
    app.date_input(key="ob_due").set_value(date(2026, 12, 20))
    submit(app, "Gem")
    assert not app.exception
    assert "Gemt: XS-50" in texts(app)
    with Database(seeded_file) as database:
        row = (
            database.cursor()
            .execute("SELECT title, due_date, handover_state FROM obligations WHERE code = 'XS-50'")
            .fetchone()
        )
    assert row == (
        "Overdrag adgang til Funding & Tenders-portalen",
        date(2026, 12, 20),
        "unassigned",
    )


def test_the_dialog_refuses_an_empty_title_and_a_taken_code(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="obligations", name="Anna", lang="en")
    before = file_fingerprint(seeded_file)
    app.button(key="new_obligation").click().run()
    app.text_input(key="ob_code").input("XS-01")
    submit(app, "Save")
    assert "Title: the field is missing" in texts(app) or "Title: invalid value" in texts(app)
    app.text_input(key="ob_title").input("Something")
    submit(app, "Save")
    assert "the code 'XS-01' is already in use" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_editing_dependencies_in_the_dialog_refuses_a_cycle(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="obligations", name="Anna")
    app.selectbox(key="f_detail").set_value("legal-succession").run()
    app.button(key="edit_legal-succession").click().run()
    app.session_state["ob_predecessors"] = {
        "edited_rows": {},
        "added_rows": [{"predecessor": "final-report", "type": "FS", "lag_days": 0}],
        "deleted_rows": [],
    }
    app.run()
    before = file_fingerprint(seeded_file)
    submit(app, "Gem")
    shown = texts(app)
    assert "afhængighederne danner en ring" in shown
    assert "XS-01" in shown and "XS-04" in shown and "XS-05" in shown
    assert file_fingerprint(seeded_file) == before


def test_delete_behind_a_confirmation_and_restore(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Anna")
    app.selectbox(key="f_detail").set_value("helpdesk").run()
    app.button(key="delete_helpdesk").click().run()
    assert stored(seeded_file, "helpdesk", "deleted") is True
    assert "25 af 25 forpligtelser" in texts(app)
    app.button(key="restore_helpdesk").click().run()
    assert stored(seeded_file, "helpdesk", "deleted") is False


def test_assigning_one_owner_to_many_obligations(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="owners", name="Facilitator")
    app.multiselect(key="assign_obligations").set_value(["web-and-lists", "helpdesk"]).run()
    app.selectbox(key="assign_person").set_value("dsd-international").run()
    app.button(key="assign_button").click().run()
    assert not app.exception
    assert "2 forpligtelser har fået ny modtagende ejer." in texts(app)
    assert stored(seeded_file, "helpdesk", "receiving_owner") == "dsd-international"


def test_proposals_from_successors_are_reviewed_and_confirmed_in_one_step(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="owners", name="Facilitator", lang="en")
    app.button(key="propose_button").click().run()
    proposals = app.session_state["owners_proposals"]
    # Obligations due after MedCom (or SDS) ceases and without a receiver; DSD is the successor.
    assert {"XS-01", "XS-03", "XS-07", "XS-09", "XS-21"} <= set(proposals["code"])
    assert "XS-17" not in set(proposals["code"])  # due 31.12.2026: MedCom still exists then
    assert set(proposals["person_id"]) <= {
        "dsd-lear",
        "dsd-finance",
        "dsd-international",
        "dsd-archive",
        "dsd-standards",
    }
    row = list(proposals["code"]).index("XS-01")
    app.session_state[current_editor(app, "proposal_editor")] = {
        "edited_rows": {row: {"confirm": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="confirm_button").click().run()
    assert not app.exception
    assert stored(seeded_file, "final-report", "receiving_owner") is None  # unticked
    assert (
        stored(seeded_file, "certificates-financial-statements", "receiving_owner") == "dsd-finance"
    )
    assert stored(seeded_file, "sds-financial-statement", "receiving_owner") is not None


def test_an_organisation_cannot_succeed_itself(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="organisations", name="Anna")
    frame = app.session_state["org_frame"]
    medcom = list(frame["id"]).index("medcom")
    before = file_fingerprint(seeded_file)
    app.session_state[current_editor(app, "org_editor")] = {
        "edited_rows": {medcom: {"successor_id": "medcom"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_organisations").click().run()
    assert "en organisation kan ikke være sin egen efterfølger" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_moving_an_organisations_end_and_deactivating_a_role(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="organisations", name="Anna", lang="en")
    frame = app.session_state["org_frame"]
    medcom = list(frame["id"]).index("medcom")
    app.session_state[current_editor(app, "org_editor")] = {
        "edited_rows": {medcom: {"exists_until": "2027-03-31"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_organisations").click().run()
    assert "1 saved." in texts(app)
    people = app.session_state["people_frame"]
    comms = list(people["id"]).index("medcom-comms")
    app.session_state[current_editor(app, "people_editor")] = {
        "edited_rows": {comms: {"active": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_people").click().run()
    with Database(seeded_file) as database:
        assert database.cursor().execute(
            "SELECT exists_until FROM organisations WHERE id = 'medcom'"
        ).fetchone() == (date(2027, 3, 31),)
        assert database.cursor().execute(
            "SELECT active FROM people WHERE id = 'medcom-comms'"
        ).fetchone() == (False,)


def pick_history_row(history: AppTest, row: int) -> None:
    """Select a row of the history table as a click would (its key names the newest change)."""
    key = max(
        (k for k in history.session_state if str(k).startswith("history_table_")),
        key=lambda k: int(str(k).rsplit("_", 1)[1]),
    )
    history.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    history.run()
    assert not history.exception, history.exception


def undo_button(history: AppTest) -> Any:
    [button] = [b for b in history.button if str(b.key).startswith("undo_button_")]
    return button


def test_history_shows_a_change_and_undoes_it(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Anna")
    edit_table(app, {position(app, "XS-20"): {"notes": "skal væk"}})
    app.button(key="save_table").click().run()
    history = make_app(page="history", name="Bo")
    frame = history.dataframe[0].value
    assert frame["actor"].iloc[0] == "Anna"
    assert "Noter: skal væk" in frame["after"].iloc[0]
    pick_history_row(history, 0)
    # The confirmation says what goes back before anything does.
    assert "sættes tilbage: Noter: skal væk → Noter: —" in texts(history)
    undo_button(history).click().run()
    assert "er fortrudt" in texts(history)
    assert stored(seeded_file, "helpdesk", "notes") == ""


def test_undo_is_refused_when_the_row_changed_since(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Anna", lang="en")
    edit_table(app, {position(app, "XS-20"): {"notes": "one"}})
    app.button(key="save_table").click().run()
    edit_table(app, {position(app, "XS-20"): {"notes": "two"}})
    app.button(key="save_table").click().run()
    history = make_app(page="history", name="Bo", lang="en")
    pick_history_row(history, 1)
    undo_button(history).click().run()
    assert "helpdesk changed since; undo the later changes first" in texts(history)
    assert stored(seeded_file, "helpdesk", "notes") == "two"


def test_editing_a_risk_in_the_register(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="risks", name="Anna", lang="en")
    frame = app.session_state["risk_frame"]
    row = list(frame["id"]).index("r6-sds-statement")
    app.session_state[current_editor(app, "risk_editor")] = {
        "edited_rows": {row: {"likelihood": 5, "mitigation": "Ask SDS now"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_risks").click().run()
    assert "1 saved." in texts(app)
    with Database(seeded_file) as database:
        assert database.cursor().execute(
            "SELECT likelihood, mitigation FROM risks WHERE id = 'r6-sds-statement'"
        ).fetchone() == (5, "Ask SDS now")


def test_a_risk_with_an_impossible_likelihood_is_refused(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="risks", name="Anna")
    before = file_fingerprint(seeded_file)
    app.session_state[current_editor(app, "risk_editor")] = {
        "edited_rows": {0: {"likelihood": 9}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_risks").click().run()
    assert "Intet er gemt" in texts(app)
    assert "Sandsynlighed: ugyldig værdi" in texts(app)  # the field in words
    assert file_fingerprint(seeded_file) == before


def _seed_changed(change: Callable[[dict[str, Any]], object]) -> bytes:
    """The seed document with one change, as the bytes a person would upload."""
    import json

    from handover.store.seed import SEEDS

    document = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))
    change(document)
    return json.dumps(document).encode()


def backup(db: Path) -> bytes:
    from handover.domain.plan import dump_plan
    from handover.store.plan_io import read_plan

    with Database(db) as database:
        return dump_plan(read_plan(database)).encode("utf-8")


def test_restoring_a_backup_previews_the_changes_and_needs_confirmation(
    make_app: MakeApp, seeded_file: Path
) -> None:
    import json

    backup_before = backup(seeded_file)
    document = json.loads(backup_before)
    document["obligations"] = [o for o in document["obligations"] if o["code"] != "XS-20"]
    document["obligations"][0]["title"] = "Ny titel"
    app = make_app(page="export", name="Anna")
    app.get("file_uploader")[0].upload(
        "plan.json", json.dumps(document).encode(), "application/json"
    ).run()
    assert not app.exception
    preview = app.dataframe[-1].value  # the restore preview is the last table on the page
    obligations = preview[preview["collection"] == "Forpligtelser"].iloc[0]
    assert (obligations["added"], obligations["removed"], obligations["changed"]) == (0, 1, 1)
    before = file_fingerprint(seeded_file)
    assert next(b for b in app.button if b.key == "restore_button").disabled  # not before the box
    assert file_fingerprint(seeded_file) == before
    app.checkbox(key="restore_sure").check().run()
    app.button(key="restore_button").click().run()
    assert "Planen er gendannet." in texts(app)
    (kept,) = (seeded_file.parent / "backups").glob("handover-*.json")
    assert f"er gemt på serveren i {kept}" in texts(app), texts(app)[-600:]
    assert json.loads(kept.read_bytes())["obligations"] == json.loads(backup_before)["obligations"]
    with Database(seeded_file) as database:
        assert database.cursor().execute("SELECT count(*) FROM obligations").fetchone() == (25,)


def test_a_restore_whose_backup_cannot_be_kept_says_so_and_replaces_nothing(
    make_app: MakeApp, seeded_file: Path
) -> None:
    import json

    (seeded_file.parent / "backups").write_text("a file where the folder would go")
    document = json.loads(backup(seeded_file))
    document["obligations"][0]["title"] = "Ny titel"
    app = make_app(page="export", name="Anna")
    app.get("file_uploader")[0].upload(
        "plan.json", json.dumps(document).encode(), "application/json"
    ).run()
    before = file_fingerprint(seeded_file)
    app.checkbox(key="restore_sure").check().run()
    app.button(key="restore_button").click().run()
    assert not app.exception
    shown = texts(app)
    assert "kan ikke gemmes som sikkerhedskopi" in shown and "intet er gendannet" in shown
    assert "Planen er gendannet." not in shown
    assert file_fingerprint(seeded_file) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "filen er ikke gyldig JSON"),
        (b'{"format": "x", "version": 1}', "format: ikke et plandokument"),
        (b"[" * 100_000 + b"]" * 100_000, "indlejret 100.000 niveauer dybt"),
        (
            _seed_changed(lambda d: d["risks"][0]["obligations"].append("open-calls-closing")),
            "risks[0].obligations[3]: forpligtelsen open-calls-closing er allerede koblet",
        ),
        (
            _seed_changed(lambda d: d["projects"][0].update(end="9999-12-31")),
            "projects[0].end | obligations[0].due_rule.days",
        ),
    ],
    ids=["not json", "wrong format", "deep nesting", "risk link twice", "end in 9999"],
)
def test_an_invalid_backup_changes_nothing(
    make_app: MakeApp, seeded_file: Path, content: bytes, message: str
) -> None:
    before = file_fingerprint(seeded_file)
    app = make_app(page="export", name="Anna")
    app.get("file_uploader")[0].upload("bad.json", content, "application/json").run()
    assert "bad.json er ikke en gyldig plan; intet er ændret" in texts(app)
    assert any(alternative in texts(app) for alternative in message.split(" | "))
    assert file_fingerprint(seeded_file) == before


def test_a_save_warning_names_the_field_in_words_not_its_internal_key(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="obligations", name="Anna")
    # A receiver in MedCom for the final report, due after MedCom ceases: saved, but said.
    edit_table(app, {position(app, "XS-01"): {"receiving_owner": "medcom-finance"}})
    app.button(key="save_table").click().run()
    assert not app.exception, app.exception
    said = texts(app)
    assert "XS-01.receiving_owner" not in said
    assert "XS-01, Modtagende ejer: den modtagende ejers organisation MedCom findes ikke" in said


def test_saving_the_dialog_keeps_what_the_form_does_not_show(
    make_app: MakeApp, seeded_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form hands the store the whole record as stored, changed only where a widget is: a
    field without a widget (here the rejection's reason and the handover state) is not reset —
    as it was when the form built the obligation from an empty record."""
    from handover.store import guarded
    from handover.store.plan_io import read_obligation

    dorte = make_app(page="obligations", name="Dorte", lang="en")
    dorte.selectbox(key="f_detail").set_value("coordinator-amendment").run()
    dorte.text_input(key="reason_coordinator-amendment").input("Not ours").run()
    dorte.button(key="step_coordinator-amendment_rejected").click().run()
    with Database(seeded_file) as database:
        found = read_obligation(database, "coordinator-amendment")
    assert found is not None and found[0].rejection_reason == "Not ours"
    handed: list[Any] = []
    real = guarded.save_obligation

    def keep(*args: Any, **kwargs: Any) -> Any:
        handed.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(guarded, "save_obligation", keep)
    app = make_app(page="obligations", name="Anna")
    app.selectbox(key="f_detail").set_value("coordinator-amendment").run()
    app.button(key="edit_coordinator-amendment").click().run()
    submit(app, "Gem")
    assert not app.exception
    assert [obligation.model_dump() for obligation in handed] == [found[0].model_dump()]


def test_undo_is_refused_when_the_plan_would_break_a_rule(
    make_app: MakeApp, seeded_file: Path
) -> None:
    """XS-20's receiver went from Lear to Finance, then Lear was deactivated: undoing the change
    would hand XS-20 back to a deactivated person — refused with the rule, nothing written."""
    from handover.domain.access import Identity, Role
    from handover.domain.edits import RowEdit
    from handover.store import guarded
    from handover.store.plan_io import read_obligation, read_plan

    fie = Identity("Fie", Role.FACILITATOR)
    with Database(seeded_file) as database:
        for receiver in ("dsd-lear", "dsd-finance"):
            found = read_obligation(database, "helpdesk")
            assert found is not None
            edit = RowEdit("helpdesk", found[1], {"receiving_owner": receiver})
            assert guarded.save_inline_edits(database, fie, [edit]).saved == ["helpdesk"]
        lear = next(person for person in read_plan(database).people if person.id == "dsd-lear")
        found_version = (
            database.cursor().execute("SELECT version FROM people WHERE id = 'dsd-lear'").fetchone()
        )
        assert found_version is not None
        version = int(found_version[0])
        guarded.save_person(
            database, fie, lear.model_copy(update={"active": False}), version=version
        )
    history = make_app(page="history", name="Bo", lang="en")
    pick_history_row(history, 1)  # the receiver's change; the newest is the deactivation
    before = file_fingerprint(seeded_file)
    undo_button(history).click().run()
    shown = texts(history)
    assert "the change cannot be undone: the plan would break these rules" in shown
    assert "'dsd-lear' is deactivated and cannot receive obligations" in shown
    assert file_fingerprint(seeded_file) == before
    assert stored(seeded_file, "helpdesk", "receiving_owner") == "dsd-finance"
