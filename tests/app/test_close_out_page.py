""" "Ny plan fra skabelon" on the projects page: the EU close-out obligations previewed with their
rules and dates (nothing written), added on confirmation in one audited transaction, refused with
nothing written when the project moved since the preview, the prefix is bad or the template was
already applied; not offered without a name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from handover.domain.access import Identity, Role
from handover.domain.close_out import additions
from handover.store import guarded
from handover.store.database import Database
from handover.store.plan_io import read_plan
from handover.store.project_reads import project_rows
from handover.store.queries import obligations
from tests.app.conftest import MakeApp, texts
from tests.conftest import file_fingerprint

PREVIEW = "close_out_xshare_preview"
CONFIRM = "close_out_xshare_confirm"


def _preview(app: AppTest, prefix: str | None = None) -> AppTest:
    if prefix is not None:
        app.text_input(key="close_out_xshare_prefix").input(prefix)
    return app.button(key=PREVIEW).click().run()


def _template_codes(db: Path) -> list[str]:
    with Database(db) as database:
        rows = (
            database.cursor()
            .execute("SELECT code FROM obligations WHERE code LIKE '%-CO-%' ORDER BY code")
            .fetchall()
        )
    return [row[0] for row in rows]


def test_the_template_is_previewed_then_added_in_one_audited_step(
    make_app: MakeApp, seeded_file: Path
) -> None:
    with Database(seeded_file) as database:
        people, expected = additions(read_plan(database), "xshare", "XS")
    assert len(expected) >= 9 and people
    before = file_fingerprint(seeded_file)
    app = make_app(page="projects", name="Anna")
    _preview(app)
    assert not app.exception
    shown = texts(app)
    assert f"Skabelonen tilføjer {len(expected)} forpligtelser og {len(people)} roller" in shown
    [table] = [frame for frame in app.dataframe if "Regel" in frame.value.columns]
    assert list(table.value["Kode"]) == [o.code for o in expected]
    report = table.value[table.value["Kode"] == "XS-CO-01"].iloc[0]
    assert report["Regel"] == "projektafslutning + 60 kalenderdage"
    assert report["Frist"] == "29.01.2027"  # 30.11.2026 + 60 days
    assert "måneder" in " ".join(table.value["Regel"])  # records: + 65 months
    assert file_fingerprint(seeded_file) == before  # a preview writes nothing
    app.button(key=CONFIRM).click().run()
    assert not app.exception
    assert f"{len(expected)} afslutningsforpligtelser tilføjet" in texts(app)
    assert _template_codes(seeded_file) == sorted(o.code for o in expected)
    with Database(seeded_file) as database:
        history = (
            database.cursor()
            .execute(
                "SELECT actor, entity, action FROM audit_log "
                "WHERE entity_id LIKE 'xshare-close-out-%' OR entity_id LIKE 'xshare-statement-%' "
                "OR entity_id LIKE 'xshare-cfs-%'"
            )
            .fetchall()
        )
        frame = obligations(database)
    assert sorted(history) == [("Anna", "obligation", "create")] * len(expected)
    due = {c: v.date() for c, v in zip(frame["code"], frame["due"], strict=True)}
    assert due["XS-CO-01"] == date(2027, 1, 29)


def test_applying_the_template_twice_is_refused_and_writes_nothing(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="projects", name="Anna", lang="en")
    _preview(app)
    app.button(key=CONFIRM).click().run()
    added = _template_codes(seeded_file)
    before = file_fingerprint(seeded_file)
    _preview(app)
    assert "the template does not fit the plan" in texts(app)
    assert not [b for b in app.button if b.key == CONFIRM]
    assert _template_codes(seeded_file) == added
    assert file_fingerprint(seeded_file) == before


def test_a_project_moved_since_the_preview_is_a_conflict_and_nothing_is_added(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="projects", name="Anna", lang="en")
    _preview(app)
    with Database(seeded_file) as database:
        [(project, version)] = project_rows(database)
        moved = project.model_copy(update={"end": date(2027, 2, 28)})
        someone = Identity(name="Bo", role=Role.FACILITATOR)
        assert guarded.save_project(database, someone, moved, version=version)
    before = file_fingerprint(seeded_file)
    app.button(key=CONFIRM).click().run()
    assert not app.exception
    assert "changed" in " ".join(w.value for w in app.warning)
    assert _template_codes(seeded_file) == []
    assert file_fingerprint(seeded_file) == before


def test_a_bad_prefix_is_refused_with_a_message(make_app: MakeApp, seeded_file: Path) -> None:
    before = file_fingerprint(seeded_file)
    app = make_app(page="projects", name="Anna", lang="en")
    _preview(app, "X S")
    assert not app.exception
    assert app.error, texts(app)
    assert not [b for b in app.button if b.key == CONFIRM]
    assert file_fingerprint(seeded_file) == before


def test_without_a_name_the_template_is_not_offered(make_app: MakeApp) -> None:
    app = make_app(page="projects")
    assert not [b for b in app.button if b.key == PREVIEW]
