"""The projects-and-milestones page: a milestone marked reached with its date (and its finding
gone), the project's end moved (and every derived date with it), a stale save refused, a bad
beneficiary refused with nothing written, and read-only without a name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handover.domain.findings import evaluate
from handover.store.database import Database
from handover.store.queries import findings_snapshot, obligations
from tests.app.conftest import MakeApp, current_editor, texts
from tests.conftest import file_fingerprint


def test_marking_the_final_conference_reached_removes_its_finding(
    make_app: MakeApp, seeded_file: Path
) -> None:
    # The facilitator marks the final conference reached on its planned day.
    app = make_app(page="projects", name="Anna", lang="en")
    frame = app.session_state["milestone_frame"]
    conference = list(frame["id"]).index("xshare-final-conference")
    app.session_state[current_editor(app, "milestone_editor")] = {
        "edited_rows": {conference: {"achieved": "2026-11-20"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_milestones").click().run()
    assert not app.exception
    assert "1 saved." in texts(app)
    with Database(seeded_file) as database:
        found = evaluate(findings_snapshot(database), date(2026, 11, 29))
        missed = [f.params["milestone"] for f in found if f.rule == "milestone-not-reached"]
        assert missed == ["Alle open calls lukket"]
        history = (
            database.cursor()
            .execute("SELECT actor, entity, entity_id FROM audit_log WHERE entity = 'milestone'")
            .fetchall()
        )
        assert history == [("Anna", "milestone", "xshare-final-conference")]


def test_moving_the_project_end_moves_the_derived_dates(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="projects", name="Anna", lang="en")
    app.session_state[current_editor(app, "project_editor")] = {
        "edited_rows": {0: {"end": "2027-02-28"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="save_projects").click().run()
    assert "1 saved." in texts(app)
    with Database(seeded_file) as database:
        frame = obligations(database)
        due = {c: v.date() for c, v in zip(frame["code"], frame["due"], strict=True)}
    assert due["XS-01"] == date(2027, 4, 29)  # 28.02.2027 + 60 days
    assert due["XS-04"] == date(2027, 3, 15)  # the final report − 45 days


def test_a_stale_save_is_a_conflict_and_writes_nothing(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = make_app(page="projects", name="Anna", lang="en")
    app.session_state[current_editor(app, "project_editor")] = {
        "edited_rows": {0: {"grant_agreement": "101000000"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    with Database(seeded_file) as database:  # someone else changes the project meanwhile
        database.cursor().execute("UPDATE projects SET version = version + 1")
    before = file_fingerprint(seeded_file)
    app.button(key="save_projects").click().run()
    assert "1 saved." not in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_without_a_name_the_page_only_shows(make_app: MakeApp) -> None:
    app = make_app(page="projects", lang="en")
    assert not [b for b in app.button if b.key == "save_projects"]
    assert "Final conference (hand-over event)" in texts(app)
