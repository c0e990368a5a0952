"""Checklists people sign, read back as people get them: the sign-off lines name who hands over
and who receives (with their organisations); "Not yet assigned" lists the open obligations that
concern the scope without a receiver (XS-01, the final report, for Digital Sundhed Danmark); no
obligation is split across PDF pages; the cover is the first sheet of the XLSX; every PDF, the
minutes too, prints ⚠ and æøå (DejaVu Sans, or a readable stand-in where no DejaVu is found)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pypdf
import pytest

from handover.domain.checklist import Checklist, Scope, ScopeKind, build
from handover.domain.workshop import Minutes, Outcome
from handover.exports import checklist_pdf
from handover.exports.checklist_files import to_markdown, to_xlsx
from handover.exports.checklist_pdf import to_pdf
from handover.exports.minutes import to_pdf as minutes_pdf
from handover.store import queries
from handover.store.database import Database
from tests.exports.test_checklist_files import line

DSD = Scope(ScopeKind.ORGANISATION, "dsd", "Digital Sundhed Danmark")
HEADING = re.compile(r"XS-\d+ · ")
DONE = re.compile(r"\[\s*\]")


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def dsd_checklist(seeded_file: Path, lang: str = "da") -> Checklist:
    with Database(seeded_file) as database:
        rows = queries.checklist_rows(database, DSD)
        unassigned = queries.unassigned_rows(database, DSD)
    return build(DSD, rows, [], date(2026, 11, 25), lang, unassigned)


def test_dsd_lists_the_final_report_as_not_yet_assigned(seeded_file: Path) -> None:
    made = dsd_checklist(seeded_file)
    assert "XS-01" in [line.code for line in made.unassigned]
    assert "XS-01" not in [line.code for line in made.lines]  # it has no receiver yet
    text = "\n".join(pages_of(to_pdf(made, "da")))
    assert "Endnu ikke tildelt" in text
    tail = text[text.index("Åbne forpligtelser, der vedrører dette omfang") :]
    assert "XS-01 · Endelig rapport" in tail
    markdown = to_markdown(made, "en").decode("utf-8")
    assert "## Not yet assigned" in markdown and "XS-01 · Endelig rapport" in markdown


def test_an_organisation_that_receives_nothing_from_a_ceasing_one_has_no_such_section(
    seeded_file: Path,
) -> None:
    with Database(seeded_file) as database:
        assert queries.unassigned_rows(database, Scope(ScopeKind.ORGANISATION, "medcom")) == []


def test_sign_off_lines_name_who_hands_over_and_who_receives(seeded_file: Path) -> None:
    made = dsd_checklist(seeded_file)
    signers = made.signers()
    outgoing = [name for role, name in signers if role == "signoff.outgoing"]
    receiving = [name for role, name in signers if role == "signoff.receiving"]
    assert outgoing and all(" · " in name for name in outgoing)  # person · organisation
    assert receiving and all(name.endswith("· Digital Sundhed Danmark") for name in receiving)
    assert signers[-1] == ("signoff.assurance", "")
    text = "\n".join(pages_of(to_pdf(made, "da")))
    signing = text[text.rindex("Underskrifter") :]
    assert "Digital Sundhed Danmark" in signing and "MedCom" in signing
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(made, "da")))
    sheet = book["Underskrifter"]
    named = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)]
    assert ("Modtagende ejer", receiving[0]) in named


def test_no_obligation_is_split_across_pdf_pages(seeded_file: Path) -> None:
    with Database(seeded_file) as database:
        rows = queries.checklist_rows(database, Scope(ScopeKind.ALL))
    # Long texts make blocks tall, so page ends fall inside blocks unless they are kept whole.
    long_rows = [
        {**row, "description": ("Lang beskrivelse æøå. " * 12) * (1 + n % 3)}
        for n, row in enumerate(rows)
    ]
    made = build(Scope(ScopeKind.ALL), long_rows, [], date(2026, 11, 25), "da")
    pages = pages_of(to_pdf(made, "da"))
    assert len(pages) > 3
    for number, page in enumerate(pages, 1):
        # Every block on a page starts and ends there: as many headings as "done" boxes.
        assert len(HEADING.findall(page)) == len(DONE.findall(page)), f"page {number}"


def test_the_xlsx_opens_on_its_cover(seeded_file: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(dsd_checklist(seeded_file), "en")))
    assert book.sheetnames[0] == "Cover"
    assert book.active.title == "Cover"
    cover = "\n".join(str(c.value) for row in book["Cover"].iter_rows() for c in row if c.value)
    assert "Not yet assigned" in cover and "XS-01 · Endelig rapport" in cover


@pytest.fixture
def vera_only() -> Iterator[None]:
    """The PDFs as on a machine without DejaVu (ReportLab's own Vera font)."""
    checklist_pdf._font_state.clear()
    assert checklist_pdf._register_fonts([]) == "Vera"
    yield
    checklist_pdf._font_state.clear()


def glyph_checklist() -> Checklist:
    return Checklist(
        Scope(ScopeKind.ALL),
        date(2026, 11, 25),
        [line("XS-01", "⚠ Risiko: æøå ÆØÅ → DSD")],
    )


def glyph_minutes() -> Minutes:
    return Minutes(
        title="Workshop æøå",
        started_at=datetime(2026, 11, 25, 9, 0),
        ended_at=None,
        started_by="Fie",
        agenda=["⚠ Balancen udbetales for sent", "XS-01 · Endelig rapport"],
        notes={},
        owners={},
        outcomes=[Outcome.PARKED, Outcome.OPEN],
    )


@pytest.mark.skipif(
    not any(path.is_file() for path in checklist_pdf.dejavu_candidates()),
    reason="no DejaVu Sans on this machine (the Vera stand-in is tested below)",
)
def test_every_pdf_prints_the_warning_sign_and_danish_letters_in_dejavu() -> None:
    checklist_pdf._font_state.clear()
    assert checklist_pdf._register_fonts() == "DejaVu Sans"
    for data in (to_pdf(glyph_checklist(), "da"), minutes_pdf(glyph_minutes(), "da")):
        text = "\n".join(pages_of(data))
        assert "⚠" in text and "æøå" in text
        assert b"DejaVuSans" in data  # the embedded font
    assert "→" in "\n".join(pages_of(to_pdf(glyph_checklist(), "da")))


def test_without_dejavu_the_symbols_print_as_readable_stand_ins(vera_only: None) -> None:
    for data in (to_pdf(glyph_checklist(), "da"), minutes_pdf(glyph_minutes(), "da")):
        text = "\n".join(pages_of(data))
        assert "⚠" not in text and "(!)" in text  # never an empty box
        assert "æøå" in text
