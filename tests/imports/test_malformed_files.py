"""Malformed and hostile files: each gives a clear message naming the file (and the row and
column where there is one), and the database is unchanged — through the service the page uses
and through `handover import` on the command line (exit 2)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from handover.cli import main
from handover.domain.text import text
from handover.imports import service
from handover.imports.files import FileProblemError, Limits, read_csv
from handover.store.database import Database
from tests.conftest import file_fingerprint
from tests.imports.helpers import HEADER_DA, csv_bytes, xlsx_bytes

GOOD_ROW = ["XS-90", "Ny opgave", "Afrapportering", "15.01.2027", "", "", ""]


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx_with(part: str, content: bytes) -> bytes:
    """A real workbook with one part replaced."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER_DA, GOOD_ROW])))
    parts = {name: source.read(name) for name in source.namelist()}
    parts[part] = content
    return _zip(parts)


BOMB = _zip({"xl/worksheets/sheet1.xml": b"<a>" + b" " * 20_000_000 + b"</a>"})
DTD = _xlsx_with(
    "xl/worksheets/sheet1.xml",
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>',
)
EXTERNAL_ENTITY = _xlsx_with(
    "xl/sharedStrings.xml",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t>'
    b"</si></sst>",
)
GOOD_XLSX = xlsx_bytes([HEADER_DA, GOOD_ROW])

# (file name, content, the words the message must contain, row, column)
CASES: list[tuple[str, bytes, str, int | None, str | None]] = [
    (
        "random.csv",
        os.urandom(2048).replace(b"\x00", b"\x01") + b"\x00",
        "hverken tekst",
        None,
        None,
    ),
    ("random.xlsx", b"PK\x03\x04" + os.urandom(4000), "zip-arkivet er ødelagt", None, None),
    ("truncated.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 2], "zip-arkivet er ødelagt", None, None),
    ("renamed.xlsx", csv_bytes([HEADER_DA, GOOD_ROW]), "ikke en Office-fil", None, None),
    ("bomb.xlsx", BOMB, "zip-bombe", None, None),
    ("dtd.xlsx", DTD, "DTD eller entitetserklæring", None, None),
    ("xxe.xlsx", EXTERNAL_ENTITY, "DTD eller entitetserklæring", None, None),
    ("no-sheet.xlsx", _zip({"hello.txt": b"hi"}), "kan ikke læses", None, None),
    ("empty.csv", b"", "filen er tom", None, None),
    ("blank.csv", b"\r\n \r\n", "filen er tom", None, None),
    ("header-only.csv", csv_bytes([HEADER_DA]), "kun en overskrift", None, None),
    ("header-only.xlsx", xlsx_bytes([HEADER_DA]), "kun en overskrift", None, None),
    (
        "wrong-separator.csv",  # read with ";" as asked (see OPTIONS), but written with ","
        csv_bytes([HEADER_DA, GOOD_ROW], separator=","),
        "filen bruger vist ,",
        None,
        None,
    ),
    (
        "unquoted-separator.csv",
        b"Kode;Titel;Kategori\r\nXS-90;Ny; opgave;Afrapportering\r\n",
        "række 2 har 4 felter, men overskriften kun 3",
        None,
        None,
    ),
    (
        "cp1252-asked-as-utf8.csv",  # the user chose UTF-8 (see OPTIONS) for a Windows file
        csv_bytes(
            [HEADER_DA, ["XS-90", "Årsrapport", "Økonomi", "", "", "", ""]], encoding="cp1252"
        ),
        "kan ikke læses som utf-8-sig",
        None,
        None,
    ),
    (
        "no-code-column.csv",  # neither a code nor a title: nothing finds the row
        csv_bytes([["Beskrivelse", "Frist"], ["Ny opgave", "15.01.2027"]]),
        "mangler kolonnen Kode",
        None,
        None,
    ),
    (
        "missing-columns.csv",
        csv_bytes([["Kode", "Frist"], ["XS-90", "15.01.2027"]]),
        "en ny række skal have Titel",
        2,
        None,
    ),
    (
        "bad-date.csv",
        csv_bytes([HEADER_DA, ["XS-90", "Ny opgave", "Afrapportering", "31.02.2026", "", "", ""]]),
        "ikke en gyldig dato",
        2,
        "Frist",
    ),
    (
        "us-date.csv",
        csv_bytes([HEADER_DA, ["XS-90", "Ny opgave", "Afrapportering", "02/31/2026", "", "", ""]]),
        "ikke en gyldig dato",
        2,
        "Frist",
    ),
    (
        "duplicate-codes.csv",
        csv_bytes([HEADER_DA, GOOD_ROW, GOOD_ROW]),
        "står allerede i række 2",
        3,
        "Kode",
    ),
    (
        "bad-category.csv",
        csv_bytes([HEADER_DA, ["XS-90", "Ny opgave", "Kaffe", "15.01.2027", "", "", ""]]),
        "ikke en af: Afrapportering, Økonomi",
        2,
        "Kategori",
    ),
    (
        "bad-amount.csv",
        csv_bytes([HEADER_DA, ["XS-90", "Ny opgave", "Økonomi", "15.01.2027", "", "mange", ""]]),
        "ikke et beløb",
        2,
        "Beløb (EUR)",
    ),
    (
        "negative-amount.csv",
        csv_bytes([HEADER_DA, ["XS-90", "Ny opgave", "Økonomi", "15.01.2027", "", "-5", ""]]),
        "kan ikke være negativt",
        2,
        "Beløb (EUR)",
    ),
    (
        "unknown-owner.csv",
        csv_bytes(
            [HEADER_DA, ["XS-90", "Ny opgave", "Økonomi", "15.01.2027", "Fru Nielsen", "", ""]]
        ),
        "ingen person eller rolle",
        2,
        "Modtagende ejer",
    ),
    (
        "missing-code.csv",  # no code and no title: a title alone would do (a code is made)
        csv_bytes([HEADER_DA, ["", "", "Økonomi", "15.01.2027", "", "", ""]]),
        "skal udfyldes",
        2,
        "Kode",
    ),
    (
        "code-with-space.csv",
        csv_bytes([HEADER_DA, ["XS 90", "Ny opgave", "Økonomi", "15.01.2027", "", "", ""]]),
        "ugyldig værdi",
        2,
        "Kode",
    ),
    (
        "unclosed-quote.csv",
        b'Kode;Titel;Kategori\r\nXS-90;"Ny opgave;Rapportering\r\n',
        "CSV-filen er ødelagt",
        None,
        None,
    ),
    ("report.docx", b"PK\x03\x04" + os.urandom(100), "zip-arkivet er ødelagt", None, None),
    ("empty-report.md", b"   \n", "filen er tom", None, None),
    (
        "no-projects.md",
        b"Bare en note uden afsnit.\n",
        "ingen projekter fundet",
        None,
        None,
    ),
]


# Choices the user made for some files, on the page and on the command line.
OPTIONS: dict[str, tuple[dict[str, str], list[str]]] = {
    "wrong-separator.csv": ({"separator": ";"}, ["--separator", ";"]),
    "cp1252-asked-as-utf8.csv": ({"encoding": "utf-8-sig"}, ["--encoding", "utf-8-sig"]),
}


def _message(db: Database, name: str, content: bytes) -> str:
    """What the page shows for the file: the file problem, or every row problem."""
    try:
        if service.is_report(name, content):
            report = service.read_report(name, content)
            return "\n".join(w.render("da") for w in report.warnings)
        result = service.preview_table(db, name, content, **OPTIONS.get(name, ({}, []))[0])
    except FileProblemError as error:
        return service.render_file_problem(error.problem, name, "da")
    return "\n".join(service.render_problem(p, name, "da") for p in result.preview.problems)


def test_there_are_at_least_25_malformed_files() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize(
    ("name", "content", "words", "row", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_a_malformed_file_is_named_explained_and_writes_nothing(
    seeded_file: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    content: bytes,
    words: str,
    row: int | None,
    column: str | None,
) -> None:
    before = file_fingerprint(seeded_file)
    with Database(seeded_file) as db:
        message = _message(db, name, content)
    assert name in message
    assert words in message
    if row is not None and column is not None:
        assert f"række {row}, kolonne {column}" in message
    elif row is not None:
        assert f"række {row}:" in message
    # The command line refuses it the same way: exit 2, the same words, nothing written.
    path = tmp_path / name
    path.write_bytes(content)
    code = main(["--db", str(seeded_file), "import", str(path), *OPTIONS.get(name, ({}, []))[1]])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err
    assert file_fingerprint(seeded_file) == before


def test_too_many_rows_and_too_many_bytes_are_refused_with_the_limit() -> None:
    rows = [HEADER_DA] + [[f"X-{n}", "t", "Afrapportering", "", "", "", ""] for n in range(11)]
    with pytest.raises(FileProblemError) as error:
        read_csv(csv_bytes(rows), limits=Limits(max_rows=10))
    assert error.value.problem.message("da") == "filen har mere end 10 rækker; del den op"
    with pytest.raises(FileProblemError) as error:
        read_csv(csv_bytes(rows), limits=Limits(max_bytes=100))
    assert "grænsen er 0,0 MB" in error.value.problem.message("da")


def test_the_default_row_limit_holds_for_a_large_file(seeded_db: Database) -> None:
    rows = [HEADER_DA] + [[f"X-{n}", "t", "Afrapportering", "", "", "", ""] for n in range(10_001)]
    with pytest.raises(FileProblemError) as error:
        service.preview_table(seeded_db, "big.csv", csv_bytes(rows))
    assert "mere end 10.000 rækker" in error.value.problem.message("da")


def test_a_zip_that_declares_too_much_is_refused_before_parsing() -> None:
    from handover.imports.files import read_xlsx

    with pytest.raises(FileProblemError) as error:
        read_xlsx(GOOD_XLSX, limits=Limits(max_unzipped=1000))
    assert error.value.problem.key == "import.zip_too_large"


def test_an_english_message_for_an_english_user(seeded_db: Database) -> None:
    content = csv_bytes(
        [HEADER_DA, ["XS-90", "Ny opgave", "Afrapportering", "31.02.2026", "", "", ""]]
    )
    result = service.preview_table(seeded_db, "plan.csv", content)
    [problem] = result.preview.problems
    assert service.render_problem(problem, "plan.csv", "en") == (
        "plan.csv, row 2, column Frist «31.02.2026»: " + text("import.bad_date", "en")
    )


def test_missing_columns_and_bad_choices_are_said_in_the_users_language(
    seeded_db: Database,
) -> None:
    content = csv_bytes([["Kode", "Kategori"], ["XS-90", "Kaffe"]])
    problems = service.preview_table(seeded_db, "plan.csv", content).preview.problems
    rendered = [service.render_problem(p, "plan.csv", "en") for p in problems]
    assert "plan.csv, row 2, column Kategori «Kaffe»: not one of: Reporting, Finance" in rendered[0]
    assert rendered[1] == "plan.csv, row 2: a new row needs Title"
