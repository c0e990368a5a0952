"""A predecessor's lag in its unit, through the obligation dialog as a person edits it: the unit
is chosen beside the lag and stored; a lag beyond its unit's limit is said in the session's
language and nothing is written; the register's detail names the lag with its unit."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from handover.store.database import Database
from tests.app.conftest import MakeApp, texts
from tests.app.test_editing import submit
from tests.conftest import file_fingerprint


def _links(db: Path, successor: str) -> list[tuple[str, str, int, str]]:
    with Database(db) as database:
        rows = (
            database.cursor()
            .execute(
                "SELECT predecessor, type, lag_days, lag_unit FROM dependencies "
                "WHERE successor = ? ORDER BY predecessor",
                [successor],
            )
            .fetchall()
        )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _edit_links(make_app: MakeApp, lang: str, edited: dict[int, dict[str, object]]) -> AppTest:
    app = make_app(page="obligations", name="Anna", lang=lang)
    app.selectbox(key="f_detail").set_value("balance-payment").run()
    app.button(key="edit_balance-payment").click().run()
    app.session_state["ob_predecessors"] = {
        "edited_rows": edited,
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    return app


def test_the_dialog_stores_a_lag_in_working_days(make_app: MakeApp, seeded_file: Path) -> None:
    # XS-07 waits 90 calendar days after the final report; make it 65 working days.
    assert _links(seeded_file, "balance-payment") == [("final-report", "FS", 90, "days")]
    app = _edit_links(make_app, "da", {0: {"lag_days": 65, "lag_unit": "working_days"}})
    submit(app, "Gem")
    assert not app.exception
    assert _links(seeded_file, "balance-payment") == [("final-report", "FS", 65, "working_days")]


def test_a_lag_beyond_its_unit_is_refused_in_english_and_nothing_is_written(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = _edit_links(make_app, "en", {0: {"lag_days": 200, "lag_unit": "months"}})
    before = file_fingerprint(seeded_file)
    submit(app, "Save")
    assert "a lag can be at most ±120 months" in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_the_detail_names_the_lag_with_its_unit(make_app: MakeApp, seeded_file: Path) -> None:
    app = _edit_links(make_app, "da", {0: {"lag_days": 1, "lag_unit": "months"}})
    submit(app, "Gem")
    app.selectbox(key="f_detail").set_value("balance-payment").run()
    shown = texts(app)
    assert "(FS +1 måned)" in shown


def test_the_history_names_the_links_with_their_units_in_both_languages(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = _edit_links(make_app, "da", {0: {"lag_days": 1, "lag_unit": "working_days"}})
    submit(app, "Gem")
    for lang, before, after in (
        ("da", "FS +90 dage", "FS +1 arbejdsdag"),
        ("en", "FS +90 days", "FS +1 working day"),
    ):
        final_report = "XS-01 · Endelig rapport til EU-Kommissionen (teknisk del)"
        history = make_app(page="history", lang=lang)
        frame = history.dataframe[0].value
        assert f"{final_report} {before}" in frame["before"].iloc[0]
        assert f"{final_report} {after}" in frame["after"].iloc[0]
