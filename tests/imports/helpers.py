"""Building import files in tests: CSV bytes in any encoding and separator, XLSX workbooks
(openpyxl writes them, so formulas and dates are real cells), Word reports (python-docx)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

HEADER_DA = ["Kode", "Titel", "Kategori", "Frist", "Modtagende ejer", "Beløb (EUR)", "Noter"]


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    separator: str = ";",
    encoding: str = "utf-8-sig",
    line_end: str = "\r\n",
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator=line_end)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, sheet: str = "Ark1") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    worksheet = book.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(blocks: Sequence[tuple[str, str]]) -> bytes:
    """(style, text) pairs: "h1".."h4" headings, "bold" a bold paragraph, "list" a list item,
    "" a plain paragraph."""
    import docx

    document = docx.Document()
    for style, content in blocks:
        if style.startswith("h"):
            document.add_heading(content, level=int(style[1]))
        elif style == "bold":
            document.add_paragraph().add_run(content).bold = True
        elif style == "list":
            document.add_paragraph(content, style="List Number")
        else:
            document.add_paragraph(content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
