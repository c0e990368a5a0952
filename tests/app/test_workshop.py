"""Workshop mode as people use it: the facilitator starts a meeting and steps through it while a
second session follows; decisions, actions and questions are recorded; comments mention people
who see them under "Til dig"; ending saves a baseline and the minutes read back as Markdown and
PDF. Signing in with role passwords: right, wrong, empty and non-ASCII."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from handover.domain.passwords import hash_password
from handover.store import workshops
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.app.conftest import MakeApp, texts
from tests.conftest import file_fingerprint


def start(app: AppTest) -> AppTest:
    [button] = [b for b in app.button if b.label == "Start mødet"]
    button.click().run()
    assert not app.exception, app.exception
    return app


def test_the_facilitator_steps_through_and_a_second_session_follows(
    make_app: MakeApp, seeded_file: Path
) -> None:
    facilitator = start(make_app(page="workshop", name="Fie"))
    assert "Punkt 1 af" in texts(facilitator)
    assert "XS-12 · Luk de resterende open calls" in texts(facilitator)
    follower = make_app(page="workshop")  # no name: reads, follows
    assert "Punkt 1 af" in texts(follower)
    assert not [b for b in follower.button if b.key == "w_next"]  # no steering
    facilitator.button(key="w_next").click().run()
    assert "Punkt 2 af" in texts(facilitator)
    follower.run()  # what the live fragment triggers when the revision moved
    assert "Punkt 2 af" in texts(follower)


def test_a_change_made_in_one_session_appears_in_the_other(
    make_app: MakeApp, seeded_file: Path
) -> None:
    from handover.domain.access import Identity, Role
    from handover.domain.edits import RowEdit
    from handover.store import guarded

    watcher = make_app(page="workshop", name="Fie")
    start(watcher)
    from handover.ui.db import database

    db = database()  # the same process-wide database the sessions use
    before = db.revision
    obligation = next(o for o in read_plan(db).obligations if o.code == "XS-12")
    version = (
        db.cursor()
        .execute("SELECT version FROM obligations WHERE id = ?", [obligation.id])
        .fetchone()[0]
    )
    guarded.save_inline_edits(
        db,
        Identity("Bo", Role.FACILITATOR),
        [RowEdit(obligation.id, version, {"priority": "low"})],
    )
    assert db.revision > before  # what the live fragment compares
    from handover.ui.live import changed_since

    assert changed_since(before, db.revision)
    watcher.run()
    assert "Lav" in [m.value for m in watcher.metric]


def test_the_live_fragment_polls_within_five_seconds() -> None:
    from handover.ui import live

    assert live.LIVE_SECONDS <= 5
    assert not live.changed_since(None, 3)  # a fresh session draws, it does not rerun
    assert not live.changed_since(3, 3)
    assert live.changed_since(3, 4)


def test_notes_end_baseline_and_minutes(make_app: MakeApp, seeded_file: Path) -> None:
    app = start(make_app(page="workshop", name="Fie"))
    app.radio(key="w_note_kind").set_value("decision")
    app.text_area(key="w_note_text").input("DSD's LEAR overtager; meldes til Kommissionen")
    [submit] = [b for b in app.button if b.label == "Tilføj"]
    submit.click().run()
    app.radio(key="w_note_kind").set_value("action")
    app.text_area(key="w_note_text").input("Send navnet til PO")
    [submit] = [b for b in app.button if b.label == "Tilføj"]
    submit.click().run()
    assert "en handling skal have en ansvarlig" in texts(app)  # no owner chosen
    assert "Beslutning:** DSD's LEAR overtager" in texts(app)
    app.button(key="w_end").click().run()
    assert not app.exception
    assert "Mødet er afsluttet; baselinen" in texts(app)
    with Database(seeded_file) as database:
        [ended] = workshops.workshops(database)
        assert not ended.open and ended.baseline
        record = workshops.minutes(database, ended)
    from handover.exports.minutes import to_markdown, to_pdf

    markdown = to_markdown(record, "da").decode("utf-8")
    assert "## Beslutninger" in markdown and "DSD's LEAR overtager" in markdown
    from pypdf import PdfReader

    pdf_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(record, "da"))).pages
    )
    assert "Beslutninger" in pdf_text and "LEAR overtager" in pdf_text
    assert "Ændringer i planen under mødet" in pdf_text


def test_a_comment_mentions_a_person_who_sees_it(
    make_app: MakeApp, seeded_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = start(make_app(page="workshop", name="Fie"))
    app.text_area(key="comment_text_workshop").input("Kan @Mie Hjorth Matthiesen bekræfte datoen?")
    [send] = [b for b in app.button if b.label == "Send"]
    send.click().run()
    assert "Kan @Mie Hjorth Matthiesen bekræfte datoen?" in texts(app)
    assert "Nævner: Mie Hjorth Matthiesen" in texts(app)
    # Mie signs in as a participant and finds it under "Til dig".
    monkeypatch.setenv("HANDOVER_PASSWORD_PARTICIPANT", hash_password("deltag"))
    mie = sign_in(
        make_app(page="workshop"), "Mie", "participant", "deltag", person="mie-hjorth-matthiesen"
    )
    assert "Til dig (1)" in [e.label for e in mie.expander]
    assert "Fie nævnte dig ved XS-12" in texts(mie)


def sign_in(
    app: AppTest, name: str, role: str, password: str, person: str | None = None
) -> AppTest:
    app.text_input(key="signin_name").input(name)
    app.radio(key="signin_role").set_value(role)
    if person is not None:
        app.selectbox(key="signin_person").set_value(person)
    app.text_input(key="signin_password").input(password)
    [submit] = [b for b in app.button if b.label == "Log ind"]
    submit.click().run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("rigtigt-æøå", True),
        ("forkert", False),
        ("", False),
        ("RIGTIGT-ÆØÅ", False),
        ("rigtigt-aeoa", False),
    ],
)
def test_signing_in_with_a_role_password(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, typed: str, ok: bool
) -> None:
    monkeypatch.setenv("HANDOVER_PASSWORD_FACILITATOR", hash_password("rigtigt-æøå"))
    monkeypatch.setattr("handover.ui.access.time.sleep", lambda seconds: None)
    app = make_app(page="obligations")
    assert "Log ind i sidepanelet for at ændre planen." in texts(app)
    sign_in(app, "Fie", "facilitator", typed)
    if ok:
        assert "**Fie** · Facilitator" in [m.value for m in app.sidebar.markdown]
        assert [b for b in app.button if b.key == "save_table"]
    else:
        assert "Navn, rolle eller adgangskode passer ikke." in texts(app)
        assert not [b for b in app.button if b.key == "save_table"]


def test_a_viewer_reads_but_cannot_edit(
    make_app: MakeApp, seeded_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOVER_PASSWORD_VIEWER", hash_password("se"))
    monkeypatch.setenv("HANDOVER_PASSWORD_FACILITATOR", hash_password("led"))
    before = file_fingerprint(seeded_file)
    app = sign_in(make_app(page="obligations"), "Vera", "viewer", "se")
    assert "Du har læseadgang" in texts(app)
    assert not [b for b in app.button if b.key == "save_table"]
    app.switch_page("handover/pages/import_page.py").run()
    assert not app.get("file_uploader")
    app.switch_page("handover/pages/workshop.py").run()
    assert not [b for b in app.button if b.label == "Start mødet"]
    assert file_fingerprint(seeded_file) == before


def test_a_participant_edits_only_their_own(
    make_app: MakeApp, seeded_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOVER_PASSWORD_PARTICIPANT", hash_password("deltag"))
    app = sign_in(make_app(page="obligations"), "Dorte", "participant", "deltag", person="dsd-lear")
    assert [b for b in app.button if b.key == "save_table"]  # may edit (own rows)
    frame = app.session_state["register_frozen"]
    codes = list(frame["code"])
    from tests.app.conftest import current_editor

    theirs = codes.index("XS-12")  # Mie's, no receiver: not Dorte's
    app.session_state[current_editor(app, "register_editor")] = {
        "edited_rows": {theirs: {"notes": "ikke min"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    before = file_fingerprint(seeded_file)
    app.run()
    app.button(key="save_table").click().run()
    assert "Dorte kan kun ændre forpligtelser, de selv ejer eller modtager" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_a_comment_in_the_register_and_its_history(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="obligations", name="Fie")
    [key] = [t.key for t in app.text_area if str(t.key).startswith("comment_text_register_")]
    app.text_area(key=key).input("@DSD LEAR: kan I tage den?")
    [send] = [b for b in app.button if b.label == "Send"]
    send.click().run()
    assert not app.exception
    assert "kan I tage den?" in texts(app)
    with Database(seeded_file) as database:
        [change] = [c for c in workshops.history(database, actor="Fie") if c.entity == "comment"]
    assert change.after["text"] == "@DSD LEAR: kan I tage den?"


def test_an_empty_comment_is_refused_and_nothing_is_written(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = start(make_app(page="workshop", name="Fie"))
    before = file_fingerprint(seeded_file)
    app.text_area(key="comment_text_workshop").input("   ")
    [send] = [b for b in app.button if b.label == "Send"]
    send.click().run()
    assert "teksten skal udfyldes" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_a_meeting_without_title_or_agenda_is_refused(make_app: MakeApp, seeded_file: Path) -> None:
    app = make_app(page="workshop", name="Fie")
    before = file_fingerprint(seeded_file)
    app.text_input(key="workshop_title").input("  ")
    app.radio(key="workshop_agenda_kind").set_value("picked")
    [button] = [b for b in app.button if b.label == "Start mødet"]
    button.click().run()
    assert "mødet skal have en titel" in texts(app)
    assert "dagsordenen er tom" in texts(app)
    assert file_fingerprint(seeded_file) == before
