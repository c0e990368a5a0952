"""The Import page with a spreadsheet as people keep it: just titles and dates import with the
defaults shown and chosen on the page; unknown owners are listed and created only when ticked."""

from __future__ import annotations

from pathlib import Path

from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.app.conftest import MakeApp, texts
from tests.app.test_import_page import upload
from tests.conftest import file_fingerprint
from tests.imports.helpers import csv_bytes

PLAIN = [["Titel", "Frist"], ["Skriv slutrapport", "15.01.2027"]]
OWNERS = [["Titel", "Frist", "Ansvarlig"], ["Overdrag domæner", "15.12.2026", "Kim Nyperson"]]


def test_a_list_of_titles_and_dates_imports_with_the_defaults_chosen(
    make_app: MakeApp, seeded_file: Path
) -> None:
    app = upload(make_app(page="import", name="Anna"), "liste.csv", csv_bytes(PLAIN))
    assert "1 nye rækker får standardværdien for Kategori" in texts(app)
    app.selectbox(key="import_default_category").select("archive").run()
    app.button(key="import_go").click().run()
    assert not app.exception, app.exception
    with Database(seeded_file) as database:
        new = next(o for o in read_plan(database).obligations if o.title == "Skriv slutrapport")
    assert new.category.value == "archive"


def test_unknown_owners_are_created_only_when_ticked(make_app: MakeApp, seeded_file: Path) -> None:
    before = file_fingerprint(seeded_file)
    app = upload(make_app(page="import", name="Anna"), "ejere.csv", csv_bytes(OWNERS))
    assert "Ejere, planen ikke kender: Kim Nyperson" in texts(app)
    assert "Problemer i filen: 1" in texts(app)  # the row is refused until the choice is made
    assert file_fingerprint(seeded_file) == before
    app.checkbox(key="import_create_people").check().run()
    app.button(key="import_go").click().run()
    assert not app.exception, app.exception
    with Database(seeded_file) as database:
        plan = read_plan(database)
    kim = next(p for p in plan.people if p.name == "Kim Nyperson")
    assert (
        next(o for o in plan.obligations if o.title == "Overdrag domæner").current_owner == kim.id
    )
