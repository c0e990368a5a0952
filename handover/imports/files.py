"""Reading a table out of uploaded bytes, safely: CSV (UTF-8 with or without BOM, or cp1252;
`;`, `,` or tab) and XLSX (zip checked before parsing, XML through defusedxml, no formulas run).

Every refusal is a `FileProblem` with a catalogue key, so the user reads what is wrong with the
file and what to do; nothing is guessed silently: the encoding and separator used are reported.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from handover.domain.plan import Problem

MAX_BYTES = 5 * 1024 * 1024  # an upload larger than this is refused before it is read
MAX_ROWS = 10_000  # data rows, header not counted
MAX_COLUMNS = 200
MAX_UNZIPPED = 50 * 1024 * 1024  # the declared size of everything inside an XLSX
MAX_RATIO = 100  # declared size / compressed size of any one member (zip bombs reach 1000+)

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = (";", ",", "\t")
Cell = str | date | float | int | None


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS
    max_unzipped: int = MAX_UNZIPPED
    max_ratio: int = MAX_RATIO


DEFAULT_LIMITS = Limits()


class FileProblemError(ValueError):
    """The file as a whole cannot be read; `problem` says why in the user's language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.problem = Problem("", key, params)
        super().__init__(self.problem.message("en"))


@dataclass
class Table:
    """The cells of one sheet: a header row and data rows, padded to the header's width.

    `row_numbers[i]` is the line (CSV) or sheet row (XLSX) of `rows[i]`, as the user sees it.
    """

    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    kind: str  # "csv" or "xlsx"
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)


def kind_of(name: str, data: bytes) -> str:
    """ "xlsx", "csv", "docx" or "text" from the content first, the name second: a CSV renamed
    .xlsx is caught (it is no zip), and so is a zip renamed .csv."""
    lower = name.lower()
    if data[:4] == b"PK\x03\x04":
        if lower.endswith(".docx"):
            return "docx"
        return "xlsx"
    if lower.endswith((".xlsx", ".xlsm", ".docx")):
        raise FileProblemError("import.not_a_zip", name=name)
    if lower.endswith((".md", ".markdown", ".txt")):
        return "text"
    return "csv"


def check_size(data: bytes, limits: Limits) -> None:
    if not data.strip():
        raise FileProblemError("import.empty_file")
    if len(data) > limits.max_bytes:
        raise FileProblemError(
            "import.too_large",
            size=_megabytes(len(data)),
            limit=_megabytes(limits.max_bytes),
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used. Without a choice: UTF-8 (BOM or not) when the bytes are
    valid UTF-8, else cp1252 (Windows Danish), else refused. A NUL byte means not a text file."""
    if b"\x00" in data:
        raise FileProblemError("import.binary")
    candidates = (encoding,) if encoding else ENCODINGS
    for candidate in candidates:
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
        except LookupError as error:
            raise FileProblemError("import.bad_encoding", encoding=encoding) from error
    if encoding:
        raise FileProblemError("import.wrong_encoding", encoding=encoding)
    raise FileProblemError("import.binary")


def _separator_of(header_line: str) -> str:
    """The separator that splits the header line into the most fields (quotes respected);
    `;` first on a tie, as Danish Excel writes it."""
    best, best_count = ";", 1
    for candidate in SEPARATORS:
        fields = next(csv.reader([header_line], delimiter=candidate), [])
        if len(fields) > best_count:
            best, best_count = candidate, len(fields)
    return best


def read_csv(
    data: bytes,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    check_size(data, limits)
    content, used = decode(data, encoding)
    if separator is not None and separator not in SEPARATORS:
        raise FileProblemError("import.bad_separator", separator=separator)
    first_line = content.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    chosen = separator or _separator_of(first_line)
    likely = _separator_of(first_line)
    widths = {
        candidate: len(next(csv.reader([first_line], delimiter=candidate), []))
        for candidate in {chosen, likely}
    }
    if widths[chosen] == 1 and widths[likely] > 1:
        shown = {";": ";", ",": ",", "\t": "tab"}
        raise FileProblemError(
            "import.separator_mismatch", chosen=shown[chosen], likely=shown[likely]
        )
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=chosen, strict=True)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    headers: list[str] | None = None
    try:
        for record in reader:
            if not "".join(record).strip():
                continue  # blank lines are not rows (nor lines of empty cells)
            if headers is None:
                headers = [cell.strip() for cell in record]
                continue
            if len(rows) >= limits.max_rows:
                raise FileProblemError("import.too_many_rows", limit=limits.max_rows)
            rows.append(cast(list[Cell], record))  # the reader makes a new list for every record
            numbers.append(reader.line_num)
    except csv.Error as error:
        raise FileProblemError("import.bad_csv", line=reader.line_num, why=str(error)) from error
    if headers is None:
        raise FileProblemError("import.empty_file")
    return _finish(Table(headers, rows, numbers, "csv", encoding=used, separator=chosen))


def _finish(table: Table) -> Table:
    width = len(table.headers)
    if width > MAX_COLUMNS:
        raise FileProblemError("import.too_many_columns", count=width, limit=MAX_COLUMNS)
    for index, row in enumerate(table.rows):
        if len(row) < width:
            row.extend([None] * (width - len(row)))
        elif len(row) > width and any(_present(cell) for cell in row[width:]):
            raise FileProblemError(
                "import.extra_cells", row=table.row_numbers[index], count=len(row), width=width
            )
        else:
            del row[width:]
    return table


def _present(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or cell.strip() != "")


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open the zip and refuse it before any XML is parsed when it declares too much, compresses
    too well (a zip bomb), or carries a DTD or entity declaration in any XML part."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise FileProblemError("import.bad_zip") from error
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped:
        raise FileProblemError(
            "import.zip_too_large",
            size=_megabytes(total),
            limit=_megabytes(limits.max_unzipped),
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > limits.max_ratio:
            raise FileProblemError("import.zip_bomb", member=member.filename, ratio=int(ratio))
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as part:
                    if _DTD.search(part.read(limits.max_unzipped)):
                        raise FileProblemError("import.xml_dtd", member=member.filename)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise FileProblemError("import.bad_zip") from error
    return archive


def read_xlsx(data: bytes, *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    """The first (or the named) sheet. Formula cells come back as their text (`=SUM(A1:A3)`),
    never evaluated; date cells as dates; the sheet's declared dimensions are not trusted."""
    check_size(data, limits)
    check_zip(data, limits)
    import openpyxl  # only when someone imports a spreadsheet

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - OPENPYXL_DEFUSEDXML=False in the environment
        raise FileProblemError("import.no_defusedxml")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise FileProblemError("import.bad_xlsx", why=type(error).__name__) from error
    try:
        names = list(book.sheetnames)
        if not names:
            raise FileProblemError("import.empty_file")
        chosen = sheet or names[0]
        if chosen not in names:
            raise FileProblemError("import.no_sheet", sheet=chosen, sheets=", ".join(names))
        worksheet = book[chosen]
        worksheet.reset_dimensions()  # read what is there, not what the file claims
        headers: list[str] | None = None
        rows: list[list[Cell]] = []
        numbers: list[int] = []
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [_cell(value) for value in values]
                if not any(_present(cell) for cell in cells):
                    continue
                if headers is None:
                    headers = ["" if cell is None else str(cell).strip() for cell in cells]
                    while headers and not headers[-1]:
                        headers.pop()
                    continue
                if len(rows) >= limits.max_rows:
                    raise FileProblemError("import.too_many_rows", limit=limits.max_rows)
                rows.append(cells)
                numbers.append(number)
        except FileProblemError:
            raise
        except Exception as error:
            raise FileProblemError("import.bad_xlsx", why=type(error).__name__) from error
    finally:
        book.close()
    if headers is None:
        raise FileProblemError("import.empty_file")
    return _finish(Table(headers, rows, numbers, "xlsx", sheet=chosen, sheets=names))


_CONTROL_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f])_")


def _unescape(text: str) -> str:
    """Spreadsheet XML writes control characters as `_xHHHH_` (CR is `_x000D_`); openpyxl
    turns the escaped underscore `_x005F_` back but leaves these, so undo them here. (A cell
    whose text literally reads `_x000D_` comes back as a CR: a limit of what openpyxl returns.)"""
    return _CONTROL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return _unescape(value)
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.date()  # a date cell; the planner keeps days, not times
    if isinstance(value, date):
        return value
    return str(value)


def read_table(
    name: str,
    data: bytes,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    kind = kind_of(name, data)
    if kind == "xlsx":
        return read_xlsx(data, sheet=sheet, limits=limits)
    if kind == "docx":
        raise FileProblemError("import.report_not_table", name=name)
    return read_csv(data, encoding=encoding, separator=separator, limits=limits)
