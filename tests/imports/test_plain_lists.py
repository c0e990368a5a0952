"""Spreadsheets as people keep them: a plain list of titles and dates imports, with the defaults
chosen for what it lacks (category, priority, status) shown per file; rows are found again by
title when there is no code; owners the plan does not know are offered as new people and created
only when asked — otherwise the row is refused and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from handover.cli import main
from handover.domain.access import Identity, Role
from handover.domain.model import Category, Priority, Status
from handover.imports import service
from handover.imports.tabular import Defaults
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.conftest import fingerprint
from tests.imports.helpers import csv_bytes, xlsx_bytes

WHO = Identity("tester", Role.FACILITATOR)
PLAIN = [["Titel", "Frist"], ["Skriv slutrapport", "15.01.2027"], ["Arkivér mails", "31.12.2026"]]


def _import(db: Database, name: str, data: bytes, defaults: Defaults | None = None) -> None:
    result = service.preview_table(db, name, data, defaults=defaults)
    assert result.preview.clean, result.preview.problems
    service.write_table(db, result, who=WHO)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_spreadsheet_of_just_title_and_due_date_imports(seeded_db: Database, kind: str) -> None:
    data = csv_bytes(PLAIN) if kind == "csv" else xlsx_bytes(PLAIN)
    result = service.preview_table(seeded_db, f"plan.{kind}", data)
    assert result.preview.defaulted == {"category": 2, "priority": 2, "status": 2}
    service.write_table(seeded_db, result, who=WHO)
    new = {o.title: o for o in read_plan(seeded_db).obligations}
    report = new["Skriv slutrapport"]
    assert report.due is not None and report.due.isoformat() == "2027-01-15"
    assert (report.category, report.priority, report.status) == (
        Category.OPERATIONS,
        Priority.MEDIUM,
        Status.NOT_STARTED,
    )
    assert {report.code, new["Arkivér mails"].code} == {"IMP-1", "IMP-2"}


def test_the_same_plain_list_again_is_found_by_title_and_changes_nothing(
    seeded_db: Database,
) -> None:
    _import(seeded_db, "plan.csv", csv_bytes(PLAIN))
    before = fingerprint(seeded_db)
    again = service.preview_table(seeded_db, "plan.csv", csv_bytes(PLAIN)).preview
    assert again.counts()["unchanged"] == 2 and not again.writes()
    moved = [PLAIN[0], ["Skriv slutrapport", "22.01.2027"]]
    changed = service.preview_table(seeded_db, "plan.csv", csv_bytes(moved)).preview
    assert changed.counts()["update"] == 1
    assert fingerprint(seeded_db) == before


def test_the_defaults_chosen_for_the_file_are_used(seeded_db: Database) -> None:
    defaults = Defaults(category=Category.FINANCE, priority=Priority.HIGH, status=Status.DONE)
    _import(seeded_db, "plan.csv", csv_bytes(PLAIN), defaults)
    new = next(o for o in read_plan(seeded_db).obligations if o.title == "Arkivér mails")
    assert (new.category, new.priority, new.status) == (
        Category.FINANCE,
        Priority.HIGH,
        Status.DONE,
    )


def test_a_given_category_wins_over_the_default(seeded_db: Database) -> None:
    rows = [["Titel", "Frist", "Kategori"], ["Jura", "15.01.2027", "legal"]]
    _import(seeded_db, "plan.csv", csv_bytes(rows), Defaults(category=Category.FINANCE))
    assert next(o for o in read_plan(seeded_db).obligations if o.title == "Jura").category is (
        Category.LEGAL
    )


OWNERS = [
    ["Titel", "Frist", "Ansvarlig", "Modtager"],
    ["Overdrag domæner", "15.12.2026", "Kim Nyperson", "Mie Hjorth Matthiesen"],
    ["Overdrag postlister", "16.12.2026", "kim nyperson", ""],
]


def test_an_unknown_owner_is_offered_not_guessed_and_nothing_is_written(
    seeded_db: Database,
) -> None:
    before = fingerprint(seeded_db)
    preview = service.preview_table(seeded_db, "owners.csv", csv_bytes(OWNERS)).preview
    assert preview.unknown_people == ["Kim Nyperson", "kim nyperson"]
    assert {p.key for p in preview.problems} == {"import.unknown_person_offer"}
    assert "Opret nye personer" in service.render_problem(preview.problems[0], "owners.csv", "da")
    assert not preview.writes()
    assert fingerprint(seeded_db) == before


def test_unknown_owners_become_one_new_person_each_when_asked(seeded_db: Database) -> None:
    organisation = read_plan(seeded_db).organisations[-1].id
    defaults = Defaults(create_people=True, organisation=organisation)
    _import(seeded_db, "owners.csv", csv_bytes(OWNERS), defaults)
    plan = read_plan(seeded_db)
    kim = [p for p in plan.people if p.name.casefold() == "kim nyperson"]
    assert len(kim) == 1 and kim[0].organisation == organisation
    owned = [o for o in plan.obligations if o.current_owner == kim[0].id]
    assert {o.title for o in owned} == {"Overdrag domæner", "Overdrag postlister"}


def test_a_title_two_obligations_share_is_refused_without_a_code(seeded_db: Database) -> None:
    _import(
        seeded_db, "a.csv", csv_bytes([["Kode", "Titel"], ["D-1", "Dublet"], ["D-2", "Dublet"]])
    )
    preview = service.preview_table(seeded_db, "b.csv", csv_bytes([["Titel"], ["Dublet"]])).preview
    assert [p.key for p in preview.problems] == ["import.ambiguous_title"]


def test_the_command_line_creates_unknown_owners_only_when_asked(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "owners.csv"
    path.write_bytes(csv_bytes(OWNERS))
    assert main(["--db", str(seeded_file), "--lang", "en", "import", str(path)]) == 2
    assert "owners the plan does not know: Kim Nyperson" in capsys.readouterr().out
    code = main(
        [
            "--db",
            str(seeded_file),
            "--lang",
            "en",
            "import",
            "--create-people",
            "--organisation",
            "MedCom",
            "--category",
            "archive",
            str(path),
        ]
    )
    assert code == 0
    with Database(seeded_file) as database:
        plan = read_plan(database)
    assert any(p.name == "Kim Nyperson" and p.organisation == "medcom" for p in plan.people)
    assert {o.category for o in plan.obligations if o.title.startswith("Overdrag ")} == {
        Category.ARCHIVE
    }


def test_a_persons_language_comes_in_with_the_people_and_stays_in_the_plan_document(
    seeded_db: Database,
) -> None:
    from handover.domain.plan import dump_plan, parse_plan_json

    rows = [
        ["Navn", "Organisation", "E-mail", "Sprog"],
        ["Ann Lee", "MedCom", "ann@x.org", "English"],
    ]
    _import(seeded_db, "people.csv", csv_bytes(rows))
    plan = read_plan(seeded_db)
    ann = next(p for p in plan.people if p.name == "Ann Lee")
    assert ann.language == "en"
    assert (
        next(p for p in parse_plan_json(dump_plan(plan)).people if p.id == ann.id).language == "en"
    )
    assert {p.language for p in plan.people if p.id != ann.id} == {"da"}  # the default
    bad = [["Navn", "Organisation", "Sprog"], ["Bo", "MedCom", "klingon"]]
    preview = service.preview_table(seeded_db, "bad.csv", csv_bytes(bad)).preview
    assert [p.key for p in preview.problems] == ["import.bad_language"]
