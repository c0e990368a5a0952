"""Checklist exports read back with independent readers (Python's csv module, openpyxl, the sheet
XML itself), formula-injection payloads in every text field, and small golden files a reviewer can
open in tests/exports/golden/."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from handover.domain.checklist import Checklist, ChecklistLine, Scope, ScopeKind
from handover.exports.checklist_files import to_csv, to_markdown, to_xlsx

GOLDEN = Path(__file__).parent / "golden"
PAYLOADS = ("=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\tTAB", "\rCR first", "\nLF first")
TRICKY = 'Æble "ø"; å\r\nny linje, komma'


def line(
    code: str = "XS-01", text: str = "Endelig rapport", due: date | None = date(2027, 1, 29)
) -> ChecklistLine:
    return ChecklistLine(
        code=code,
        title=text,
        description=text,
        due=due,
        due_rule="projektafslutning + 60 dage",
        from_owner=text,
        to_owner=text,
        acceptance_criteria=text,
        evidence=(text, "https://example.org/å"),
        dependencies=("XS-04 (FF)",),
        status="Ikke startet",
        handover_state="Foreslået",
    )


def checklist(*lines: ChecklistLine) -> Checklist:
    return Checklist(
        scope=Scope(ScopeKind.OWNER, "dsd-lear", "LEAR for Digital Sundhed Danmark"),
        made_on=date(2026, 11, 25),
        lines=lines or (line(),),
        findings=("XS-01: har ingen modtagende ejer",),
    )


def read_csv(data: bytes, separator: str = ";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads æøå
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator))


@pytest.mark.parametrize("separator", [";", ","])
def test_csv_round_trips_quotes_separators_newlines_and_danish_letters(separator: str) -> None:
    rows = read_csv(to_csv(checklist(line(text=TRICKY)), "da", separator), separator)
    assert rows[0][:4] == ["Kode", "Titel", "Beskrivelse", "Frist"]
    assert rows[1][1] == TRICKY
    assert rows[1][3] == "29.01.2027"
    assert rows[1][8] == f"{TRICKY}\nhttps://example.org/å"


def test_csv_quotes_every_field_and_ends_lines_with_crlf() -> None:
    raw = to_csv(checklist(line(due=None)), "en").decode("utf-8-sig")
    assert raw.endswith("\r\n")
    header, row, _ = raw.split("\r\n")
    assert header.startswith('"Code";"Title"')
    assert row.split(";")[3] == '""'  # no due date: an empty, quoted field
    assert all(field.startswith('"') and field.endswith('"') for field in header.split(";"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_neutralises_formula_injection_in_every_text_field(payload: str) -> None:
    rows = read_csv(to_csv(checklist(line(code=payload, text=payload)), "da"))
    for value in rows[1]:
        if value and value not in ("29.01.2027",):
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), value
    assert rows[1][0] == "'" + payload


def test_xlsx_has_real_dates_frozen_filtered_headers_and_three_sheets() -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(to_xlsx(checklist(line(), line("XS-02", due=None)), "da"))
    )
    assert book.sheetnames == ["Forside", "Tjekliste", "Underskrifter"]  # opens on the cover
    assert book.active.title == "Forside"
    sheet = book["Tjekliste"]
    assert [cell.value for cell in sheet[1]][:4] == ["Kode", "Titel", "Beskrivelse", "Frist"]
    assert sheet["D2"].value == datetime(2027, 1, 29)
    assert sheet["D2"].number_format == "dd.mm.yyyy"
    assert sheet["D3"].value is None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L3"
    assert sheet.column_dimensions["B"].width > 30
    cover = [cell.value for row in book["Forside"].iter_rows() for cell in row if cell.value]
    assert "Modtagende ejer: LEAR for Digital Sundhed Danmark" in cover
    assert "XS-01: har ingen modtagende ejer" in cover
    roles = [row[0].value for row in book["Underskrifter"].iter_rows(min_row=2)]
    assert roles == ["Afgivende ejer", "Modtagende ejer", "Kvalitetssikring"]


def test_xlsx_in_english() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(checklist(), "en")))
    assert book.sheetnames == ["Cover", "Checklist", "Sign-off"]
    assert book["Checklist"]["A1"].value == "Code"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_writes_formula_like_text_as_text_never_as_a_formula(payload: str) -> None:
    data = to_xlsx(checklist(line(code=payload, text=payload)), "da")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Tjekliste"]
    assert sheet["A2"].data_type == "s"
    # OOXML stores a carriage return as the escape _x000D_, which openpyxl hands back as is.
    assert sheet["B2"].value.replace("_x000D_", "\r") == payload


def test_markdown_escapes_and_has_a_sign_off_table() -> None:
    text = to_markdown(checklist(line(text="A | B *c* #d")), "da").decode("utf-8")
    assert "## XS-01 · A \\| B \\*c\\* \\#d" in text
    assert "| Afgivende ejer | A \\| B \\*c\\* \\#d |  |  |" in text  # named, escaped
    assert "| Kvalitetssikring |  |  |  |" in text
    assert "- [ ] Overdraget og kontrolleret" in text


@pytest.mark.parametrize(
    ("name", "writer"), [("checklist.csv", to_csv), ("checklist.md", to_markdown)]
)
def test_golden_files(name: str, writer: object) -> None:
    """Small reference files a reviewer can open; rewrite with UPDATE_GOLDEN=1 after a change."""
    import os

    produced = writer(
        checklist(line(), line("XS-04", "Ændring af koordinator", date(2026, 12, 15))), "da"
    )  # type: ignore[operator]
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()


@pytest.mark.parametrize(
    ("lang", "said"), [("da", "Endnu ikke tildelt"), ("en", "Not yet assigned")]
)
def test_csv_lists_the_scopes_obligations_without_a_receiver_as_not_yet_assigned(
    lang: str, said: str
) -> None:
    open_one = ChecklistLine(
        code="XS-09",
        title="Arkiv",
        description="",
        due=date(2026, 12, 31),
        due_rule="",
        from_owner="MedCom",
        to_owner="",
        acceptance_criteria="",
        evidence=(),
        dependencies=(),
        status="Ikke startet",
        handover_state="Ikke tildelt",
    )
    with_open = Checklist(
        scope=Scope(ScopeKind.OWNER, "dsd-lear", "LEAR"),
        made_on=date(2026, 11, 25),
        lines=(line(),),
        unassigned=(open_one,),
    )
    rows = read_csv(to_csv(with_open, lang))
    to = rows[0].index("Til (modtagende ejer)" if lang == "da" else "To (receiving owner)")
    assert [(row[0], row[to]) for row in rows[1:]] == [
        ("XS-01", "Endelig rapport"),
        ("XS-09", said),
    ]
    assert rows[2][3] == "31.12.2026"
