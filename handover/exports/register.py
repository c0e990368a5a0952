"""The obligations register as a spreadsheet (CSV or XLSX) in the columns the import reads: the
backup people edit in Excel and bring back, and the template for a new list. Vocabularies as
labels, people as "label · organisation" (with the id where that is ambiguous), evidence one item
a line (domain/cells.py), dates dd.mm.yyyy (real date cells in XLSX), amounts with the language's
decimal mark; formula-like text neutralised as in the checklists."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

from handover.domain.cells import join_items, person_addresses
from handover.domain.checklist import neutralise
from handover.domain.dates import format_date
from handover.domain.fields import EXPORTED_FIELDS
from handover.domain.model import Obligation
from handover.domain.plan import Plan
from handover.domain.text import label, text

Value = str | date | float | None

# The register's columns and widths, from the one declaration of an obligation's fields.
COLUMNS: tuple[tuple[str, str], ...] = tuple((f.name, f.label) for f in EXPORTED_FIELDS)
WIDTHS = tuple(f.width for f in EXPORTED_FIELDS)


def rows(plan: Plan, lang: str) -> list[list[Value]]:
    """One row per obligation that is not deleted, by code; the header is not included."""
    people = person_addresses(plan.people, {o.id: o.name for o in plan.organisations})
    projects = {p.id: p.name for p in plan.projects}
    due = plan.resolved_due()
    getters: dict[str, Callable[[Obligation], Value]] = {
        "category": lambda o: label("category", o.category.value, lang),
        "status": lambda o: label("status", o.status.value, lang),
        "priority": lambda o: label("priority", o.priority.value, lang),
        "project": lambda o: projects.get(o.project, o.project) if o.project else None,
        "current_owner": lambda o: people.get(o.current_owner) if o.current_owner else None,
        "receiving_owner": lambda o: people.get(o.receiving_owner) if o.receiving_owner else None,
        "due": lambda o: due.get(o.id),
        "evidence": lambda o: join_items(o.evidence),
    }
    result = []
    for obligation in sorted(plan.obligations, key=lambda o: o.code):
        if obligation.deleted:
            continue
        result.append(
            [
                getters[name](obligation) if name in getters else getattr(obligation, name)
                for name, _ in COLUMNS
            ]
        )
    return result


def headers(lang: str) -> list[str]:
    return [text(key, lang) for _, key in COLUMNS]


def _plain(value: Value, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        shown = f"{value:.2f}"
        return shown.replace(".", ",") if lang == "da" else shown
    return neutralise(value)


def to_csv(plan: Plan, lang: str = "da", separator: str = ";") -> bytes:
    """UTF-8 with BOM, every field quoted, CRLF — as the checklists."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for row in rows(plan, lang):
        writer.writerow([_plain(value, lang) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(plan: Plan, lang: str = "da") -> bytes:
    """Text as explicit string cells (never formulas), dates as date cells, amounts as numbers."""
    import xlsxwriter  # only when someone exports a spreadsheet

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd.mm.yyyy", "valign": "top"})
    money = book.add_format({"num_format": "#,##0.00", "valign": "top"})
    sheet = book.add_worksheet(text("nav.obligations", lang))
    for column, heading in enumerate(headers(lang)):
        sheet.write_string(0, column, heading, bold)
        sheet.set_column(column, column, WIDTHS[column])
    content = rows(plan, lang)
    for row_number, row in enumerate(content, start=1):
        for column, value in enumerate(row):
            _write(sheet, row_number, column, value, wrap, day, money)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(1, len(content)), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


def _write(sheet: Any, row: int, column: int, value: Value, *formats: Any) -> None:
    wrap, day, money = formats
    if value is None or value == "":
        return
    if isinstance(value, date):
        sheet.write_datetime(row, column, value, day)
    elif isinstance(value, float):
        sheet.write_number(row, column, value, money)
    else:
        sheet.write_string(row, column, value, wrap)
