"""The Import page as a person uses it: upload a spreadsheet, read every problem by row and
column, remap a column, import only the clean rows, see the result in the plan; upload a status
report and accept candidate obligations one by one; in Danish and English."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.app.conftest import MakeApp, current_editor, texts
from tests.conftest import REPO, file_fingerprint
from tests.imports.helpers import HEADER_DA, csv_bytes

REPORT = (REPO / "tests" / "imports" / "data" / "statusrapport-xshare.md").read_bytes()
GOOD = ["XS-90", "Årsrapport", "Afrapportering", "15.01.2027", "", "1.000,00", "ny"]
BAD = ["XS-91", "Forkert", "Drift", "31.02.2026", "", "", ""]


def upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.get("file_uploader")[0].upload(name, content, "application/octet-stream").run()
    assert not app.exception, app.exception
    return app


def codes(db: Path) -> set[str]:
    with Database(db) as database:
        return {o.code for o in read_plan(database).obligations}


def test_the_page_asks_for_a_name_before_anything_can_be_imported(make_app: MakeApp) -> None:
    app = make_app(page="import")
    assert "Skriv dit navn" in texts(app) or app.info
    assert not app.get("file_uploader")


def test_a_clean_file_is_previewed_then_imported(make_app: MakeApp, seeded_file: Path) -> None:
    app = upload(make_app(page="import", name="Anna"), "plan.csv", csv_bytes([HEADER_DA, GOOD]))
    assert "læst som UTF-8 · adskilt med semikolon ;" in texts(app)
    assert [m.value for m in app.metric][:2] == ["1", "0"]
    assert "XS-90" not in codes(seeded_file)
    app.button(key="import_dry").click().run()
    assert "Prøvekørsel: 1 ville blive tilføjet" in texts(app)
    assert "XS-90" not in codes(seeded_file)
    app.button(key="import_go").click().run()
    assert not app.exception
    assert "Importeret: 1 tilføjet, 0 ændret" in texts(app)
    assert "XS-90" in codes(seeded_file)


def test_problems_are_listed_by_row_and_column_and_nothing_is_written(
    make_app: MakeApp, seeded_file: Path
) -> None:
    before = file_fingerprint(seeded_file)
    app = upload(
        make_app(page="import", name="Anna"), "plan.csv", csv_bytes([HEADER_DA, GOOD, BAD])
    )
    assert "Problemer i filen: 1" in texts(app)
    problems = app.dataframe[0].value
    assert list(problems.iloc[0]) == [
        3,
        "Frist",
        "31.02.2026",
        "ikke en gyldig dato (dd.mm.åååå eller åååå-mm-dd)",
    ]
    assert not [b for b in app.button if b.key == "import_go"]  # no way to write it
    assert file_fingerprint(seeded_file) == before
    app.checkbox(key="import_clean_only").check().run()
    app.button(key="import_go").click().run()
    assert codes(seeded_file) >= {"XS-90"} and "XS-91" not in codes(seeded_file)


def test_a_file_that_cannot_be_read_says_why(make_app: MakeApp, seeded_file: Path) -> None:
    before = file_fingerprint(seeded_file)
    app = upload(make_app(page="import", name="Anna"), "plan.xlsx", b"Kode;Titel\r\n")
    assert "plan.xlsx hedder .xlsx/.docx, men er ikke en Office-fil" in texts(app)
    assert "Intet er skrevet." in texts(app)
    assert file_fingerprint(seeded_file) == before


def test_a_column_can_be_remapped(make_app: MakeApp, seeded_file: Path) -> None:
    content = csv_bytes([["Kode", "Hvad?", "Kategori"], ["XS-90", "Ny", "Drift"]])
    app = upload(make_app(page="import", name="Anna"), "plan.csv", content)
    assert "en ny række skal have Titel" in str(app.dataframe[0].value["message"].tolist())
    app.selectbox(key="import_map_obligations_1_Hvad?").set_value("title").run()
    assert not app.error
    app.button(key="import_go").click().run()
    assert "XS-90" in codes(seeded_file)


def test_a_status_report_with_candidates_accepted_one_by_one(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = upload(make_app(page="import", name="Anna"), "statusrapport.md", REPORT)
    assert app.subheader[0].value == "xShare"
    assert "**Projektleder:** Mie Hjorth Matthiesen" in texts(app)
    milestones = app.dataframe[0].value
    assert milestones["planned"].tolist() == ["31.07.2026", "20.11.2026", "30.11.2026"]
    assert "0 forpligtelser" in texts(app)  # none taken yet
    before = codes(seeded_file)
    # Tick the second candidate (the final report: project end + 60 days) and shorten its title,
    # as the browser sends it.
    app.session_state[current_editor(app, "import_candidates")] = {
        "edited_rows": {1: {"take": True, "title": "Endelig rapport til Kommissionen"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert "1 forpligtelser" in texts(app)
    app.button(key="import_report_go").click().run()
    assert not app.exception
    assert "Importeret:" in texts(app)
    added = codes(seeded_file) - before
    assert len(added) == 1 and next(iter(added)).startswith("XS-")
    with Database(seeded_file) as database:
        new = next(o for o in read_plan(database).obligations if o.code in added)
    assert new.title == "Endelig rapport til Kommissionen"
    assert "60 dage til at afrapportere" in new.source_quote


def test_the_page_in_english(make_app: MakeApp) -> None:
    app = upload(
        make_app(lang="en", page="import", name="Anna"), "plan.csv", csv_bytes([HEADER_DA, BAD])
    )
    assert app.title[0].value == "Import"
    assert "Problems in the file: 1" in texts(app)
    assert (
        app.dataframe[0].value["message"].iloc[0] == "not a valid date (dd.mm.yyyy or yyyy-mm-dd)"
    )
