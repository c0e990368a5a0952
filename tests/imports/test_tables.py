"""Spreadsheet import against the seeded plan: encodings, separators, dates, amounts, headings in
either language, remapping, update by code (version-checked, in the history), add, dry run,
clean rows only, and one transaction for all rows."""

from __future__ import annotations

from datetime import date

import pytest

from handover.domain.access import Identity, Role
from handover.imports import service
from handover.imports.files import read_csv, read_xlsx
from handover.imports.tabular import Entity, guess_entity, guess_mapping, parse_amount
from handover.store.audit import ConflictError
from handover.store.database import Database
from handover.store.history import history
from handover.store.plan_io import read_obligation, read_plan
from tests.conftest import fingerprint
from tests.imports.helpers import HEADER_DA, csv_bytes, xlsx_bytes

NEW = ["XS-90", "Årsrapport til bestyrelsen", "Afrapportering", "5.1.2027", "", "1.234,50", "æøå"]

ANNA = Identity("Anna", Role.FACILITATOR)


def _obligation(db: Database, code: str):  # type: ignore[no-untyped-def]
    return next(o for o in read_plan(db).obligations if o.code == code)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_every_encoding_and_separator_is_detected_and_reads_the_same(
    seeded_db: Database, encoding: str, separator: str
) -> None:
    content = csv_bytes([HEADER_DA, NEW], separator=separator, encoding=encoding)
    result = service.preview_table(seeded_db, "plan.csv", content)
    assert result.table.separator == separator
    assert result.table.encoding == ("cp1252" if encoding == "cp1252" else "utf-8-sig")
    assert result.preview.problems == []
    [action] = result.preview.actions
    record = action.record
    assert action.action == "add"
    assert record.title == "Årsrapport til bestyrelsen"  # type: ignore[union-attr]
    assert record.due == date(2027, 1, 5)  # type: ignore[union-attr]
    assert record.amount_eur == 1234.5  # type: ignore[union-attr]
    assert record.notes == "æøå"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.234,50", 1234.5),
        ("1234,5", 1234.5),
        ("1234.50", 1234.5),
        ("1,234.50", 1234.5),
        ("2.500.000", 2_500_000.0),
        ("€ 700", 700.0),
        ("700 EUR", 700.0),
        (1500, 1500.0),
        (12.25, 12.25),
    ],
)
def test_amounts_with_a_decimal_comma_or_point(raw: str | float, value: float) -> None:
    assert parse_amount(raw) == value


@pytest.mark.parametrize("raw", ["15.01.2027", "15.1.2027", "2027-01-15", date(2027, 1, 15)])
def test_danish_dates_with_or_without_zeros_iso_dates_and_date_cells(
    seeded_db: Database, raw: str | date
) -> None:
    content = xlsx_bytes([HEADER_DA, ["XS-90", "Ny", "Afrapportering", raw, "", "", ""]])
    result = service.preview_table(seeded_db, "plan.xlsx", content)
    assert result.preview.problems == []
    assert result.preview.actions[0].record.due == date(2027, 1, 15)  # type: ignore[union-attr]


def test_english_headings_are_matched_and_the_kind_is_guessed() -> None:
    headers = ["Code", "Title", "Category", "Due date", "Receiving owner", "Amount (EUR)"]
    assert guess_entity(headers) is Entity.OBLIGATIONS
    assert sorted(guess_mapping(headers, Entity.OBLIGATIONS).values()) == sorted(
        ["code", "title", "category", "due", "receiving_owner", "amount_eur"]
    )
    assert guess_entity(["Navn", "Titel/rolle", "Organisation", "E-mail"]) is Entity.PEOPLE
    assert guess_entity(["Navn", "Findes til", "Efterfølger"]) is Entity.ORGANISATIONS


def test_a_remapped_column_is_read_as_the_chosen_field(seeded_db: Database) -> None:
    content = csv_bytes([["Kode", "Hvad?", "Kategori"], ["XS-90", "Ny", "Jura og aftaler"]])
    unmapped = service.preview_table(seeded_db, "plan.csv", content)
    assert "Hvad?" in unmapped.preview.ignored_columns
    assert unmapped.preview.problems  # no title for a new row
    remapped = service.preview_table(
        seeded_db, "plan.csv", content, mapping={0: "code", 1: "title", 2: "category"}
    )
    assert remapped.preview.problems == []
    assert remapped.preview.actions[0].record.title == "Ny"  # type: ignore[union-attr]


def test_an_update_by_code_is_version_checked_and_in_the_history(seeded_db: Database) -> None:
    content = csv_bytes([["Kode", "Frist", "Noter"], ["xs-20", "01.03.2027", "flyttet"]])
    result = service.preview_table(seeded_db, "plan.csv", content)
    [action] = result.preview.actions
    assert action.action == "update"
    assert set(action.changes) == {"due", "due_rule", "notes"}  # a date replaces the rule
    written = service.write_table(seeded_db, result, who=ANNA)
    assert len(written.updated) == 1
    obligation = _obligation(seeded_db, "XS-20")
    assert (obligation.due, obligation.notes) == (date(2027, 3, 1), "flyttet")
    [change] = history(seeded_db, entity_id=obligation.id, actor="Anna (plan.csv)")
    assert change.after["notes"] == "flyttet"


def test_an_empty_cell_leaves_the_field_as_it_is(seeded_db: Database) -> None:
    before = _obligation(seeded_db, "XS-20")
    content = csv_bytes([["Kode", "Noter", "Titel"], ["XS-20", "", ""]])
    result = service.preview_table(seeded_db, "plan.csv", content)
    assert result.preview.actions[0].action == "unchanged"
    assert _obligation(seeded_db, "XS-20") == before


def test_a_row_changed_since_the_preview_is_a_conflict_and_nothing_is_written(
    seeded_db: Database,
) -> None:
    content = csv_bytes([["Kode", "Noter"], ["XS-20", "fra filen"], ["XS-90", "ny"]])
    content = csv_bytes(
        [
            ["Kode", "Titel", "Kategori", "Noter"],
            ["XS-20", "", "", "fra filen"],
            ["XS-90", "Ny", "Drift", ""],
        ]
    )
    result = service.preview_table(seeded_db, "plan.csv", content)
    assert result.preview.problems == []
    # Someone saves XS-20 in the register meanwhile.
    from handover.domain.edits import RowEdit
    from handover.store.obligation_writes import save_inline_edits

    obligation = _obligation(seeded_db, "XS-20")
    _, version = read_obligation(seeded_db, obligation.id)  # type: ignore[misc]
    save_inline_edits(seeded_db, [RowEdit(obligation.id, version, {"notes": "fra Bo"})], actor="Bo")
    before = fingerprint(seeded_db)
    with pytest.raises(ConflictError):
        service.write_table(seeded_db, result, who=ANNA)
    assert fingerprint(seeded_db) == before  # not even the new row XS-90


def test_a_dry_run_checks_everything_and_writes_nothing(seeded_db: Database) -> None:
    before = fingerprint(seeded_db)
    result = service.preview_table(seeded_db, "plan.csv", csv_bytes([HEADER_DA, NEW]))
    written = service.write_table(seeded_db, result, who=ANNA, dry_run=True)
    assert len(written.added) == 1
    assert fingerprint(seeded_db) == before


def test_nothing_is_written_from_a_file_with_problems_unless_clean_rows_are_asked_for(
    seeded_db: Database,
) -> None:
    bad = ["XS-91", "Forkert dato", "Drift", "31.02.2026", "", "", ""]
    result = service.preview_table(seeded_db, "plan.csv", csv_bytes([HEADER_DA, NEW, bad]))
    assert [p.row for p in result.preview.problems] == [3]
    assert result.preview.writes() == []
    before = fingerprint(seeded_db)
    assert service.write_table(seeded_db, result, who=ANNA).added == []
    assert fingerprint(seeded_db) == before
    written = service.write_table(seeded_db, result, who=ANNA, clean_rows_only=True)
    assert len(written.added) == 1
    codes = {o.code for o in read_plan(seeded_db).obligations}
    assert "XS-90" in codes and "XS-91" not in codes


def test_rows_the_plan_refuses_roll_back_every_row(seeded_db: Database) -> None:
    # A start after the due date passes the cell checks but the store refuses it: the good row
    # before it is rolled back too.
    rows = [
        ["Kode", "Titel", "Kategori", "Start", "Frist"],
        ["XS-90", "God", "Drift", "01.01.2027", "02.01.2027"],
        ["XS-91", "Dårlig", "Drift", "03.01.2027", "02.01.2027"],
    ]
    result = service.preview_table(seeded_db, "plan.csv", csv_bytes(rows))
    before = fingerprint(seeded_db)
    from handover.store.audit import InvalidChangeError

    with pytest.raises(InvalidChangeError):
        service.write_table(seeded_db, result, who=ANNA)
    assert fingerprint(seeded_db) == before


def test_a_formula_cell_is_imported_as_its_text(seeded_db: Database) -> None:
    content = xlsx_bytes([HEADER_DA, ["XS-90", "Ny", "Drift", "", "", "", "=SUM(A1:A3)"]])
    table = read_xlsx(content)
    assert table.rows[0][6] == "=SUM(A1:A3)"
    result = service.preview_table(seeded_db, "plan.xlsx", content)
    assert result.preview.actions[0].record.notes == "=SUM(A1:A3)"  # type: ignore[union-attr]


def test_the_export_apostrophe_before_formula_text_is_taken_off(seeded_db: Database) -> None:
    content = csv_bytes([HEADER_DA, ["XS-90", "Ny", "Drift", "", "", "", "'=1+1"]])
    result = service.preview_table(seeded_db, "plan.csv", content)
    assert result.preview.actions[0].record.notes == "=1+1"  # type: ignore[union-attr]


def test_people_and_organisations_are_added_and_updated(seeded_db: Database) -> None:
    organisations = csv_bytes(
        [
            ["Navn", "Type", "Findes fra", "Findes til", "Efterfølger"],
            ["Ny Region", "Region", "01.01.2027", "", ""],
            ["Gammel Enhed", "Enhed", "", "31.12.2026", "Ny Region"],  # successor in the file
            ["MedCom", "Forening", "", "", ""],  # an update of the kind
        ]
    )
    result = service.preview_table(seeded_db, "org.csv", organisations)
    assert result.preview.entity is Entity.ORGANISATIONS
    assert result.preview.problems == []
    assert [a.action for a in result.preview.actions] == ["add", "add", "update"]
    service.write_table(seeded_db, result, who=ANNA)
    plan = read_plan(seeded_db)
    old = next(o for o in plan.organisations if o.name == "Gammel Enhed")
    new = next(o for o in plan.organisations if o.name == "Ny Region")
    assert old.successor == new.id
    people = csv_bytes(
        [
            ["Navn", "Titel/rolle", "Organisation", "E-mail"],
            ["Karen Sørensen", "Arkivar", "Ny Region", "karen@example.dk"],
        ]
    )
    result = service.preview_table(seeded_db, "people.csv", people)
    assert result.preview.entity is Entity.PEOPLE
    assert result.preview.problems == []
    service.write_table(seeded_db, result, who=ANNA)
    karen = next(p for p in read_plan(seeded_db).people if p.name == "Karen Sørensen")
    assert karen.organisation == new.id
    # The same file again changes nothing: matched by e-mail.
    again = service.preview_table(seeded_db, "people.csv", people)
    assert [a.action for a in again.preview.actions] == ["unchanged"]


def test_an_organisation_cannot_succeed_itself(seeded_db: Database) -> None:
    content = csv_bytes([["Navn", "Efterfølger"], ["Ny Region", "Ny Region"]])
    [problem] = service.preview_table(seeded_db, "org.csv", content).preview.problems
    assert (problem.row, problem.column, problem.key) == (2, "Efterfølger", "plan.own_successor")


def test_a_csv_reports_the_lines_as_the_user_sees_them() -> None:
    content = b'Kode;Noter\r\nXS-1;"to\r\nlinjer"\r\n\r\nXS-2;x\r\n'
    table = read_csv(content)
    assert table.row_numbers == [3, 5]
    assert table.rows[0][1] == "to\r\nlinjer"


def _plan_with_twins(db: Database) -> str:
    """The seeded plan plus two unfilled roles titled "Projektleder" in its first organisation
    and a named person with that title there; the organisation's name."""
    from dataclasses import replace

    from handover.domain.model import Person
    from handover.store.plan_io import load_plan
    from handover.store.seed import load_seed

    with Database(":memory:") as seeded:
        load_seed(seeded, "xshare")
        plan = read_plan(seeded)
    home = plan.organisations[0]
    twins = (
        Person(id="role-a", title="Projektleder", organisation=home.id),
        Person(id="role-b", title="Projektleder", organisation=home.id),
        Person(id="anna-pl", name="Anna Berg", title="Projektleder", organisation=home.id),
    )
    load_plan(db, replace(plan, people=(*plan.people, *twins)), actor="test")
    return home.name


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("Projektleder · {org} · role-b", "role-b"),  # as the register export writes twins
        ("{org} · Projektleder · role-a", "role-a"),
        ("{org} · Anna Berg (Projektleder)", "anna-pl"),  # as the register shows people
        ("Anna Berg", "anna-pl"),  # a name where the role is ambiguous
        ("role-a", "role-a"),
    ],
)
def test_people_are_found_by_every_unambiguous_form(
    fresh_db: Database, typed: str, person: str
) -> None:
    organisation = _plan_with_twins(fresh_db)
    row = ["XS-90", "Ny", "Afrapportering", "5.1.2027", typed.format(org=organisation), "", ""]
    result = service.preview_table(fresh_db, "plan.csv", csv_bytes([HEADER_DA, row]))
    assert result.preview.problems == []
    [action] = result.preview.actions
    assert action.record.receiving_owner == person  # type: ignore[union-attr]


def test_an_ambiguous_role_is_named_with_its_matches_and_nothing_is_written(
    fresh_db: Database,
) -> None:
    organisation = _plan_with_twins(fresh_db)
    before = fingerprint(fresh_db)
    row = ["XS-90", "Ny", "Afrapportering", "5.1.2027", f"{organisation} · Projektleder", "", ""]
    result = service.preview_table(fresh_db, "plan.csv", csv_bytes([HEADER_DA, row]))
    [problem] = result.preview.problems
    assert problem.key == "import.ambiguous_name"
    message = service.render_problem(problem, "plan.csv", "da")
    assert "role-a, role-b" in message and "Modtagende ejer" in message
    assert result.preview.writes() == []
    service.write_table(fresh_db, result, who=ANNA)
    assert fingerprint(fresh_db) == before


def test_blank_lines_and_lines_of_empty_cells_are_no_rows_and_rows_keep_their_line_numbers() -> (
    None
):
    content = "\ufeffKode;Titel;Noter\r\n\r\n ; ;\t\r\nXS-20;;flyttet\r\n;\u00a0;\r\n".encode()
    table = read_csv(content)
    assert table.rows == [["XS-20", "", "flyttet"]]
    assert table.row_numbers == [4]
