"""Checklists as CSV, XLSX and Markdown bytes, in Danish or English.

CSV: UTF-8 with BOM, `;` by default, every field quoted, CRLF line ends, formula-like text
neutralised with a leading apostrophe. XLSX: every text written as an explicit string cell (never a
formula), real date cells shown dd.mm.yyyy, frozen header, filters, widths, a cover and a sign-off
sheet. Markdown: a cover, one section per obligation, sign-off lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from handover.domain.checklist import Checklist, ChecklistLine, neutralise
from handover.domain.dates import format_date
from handover.domain.markdown import escape
from handover.domain.text import text

if TYPE_CHECKING:
    from handover.exports.calendar import CalendarMilestone

COLUMNS: tuple[tuple[str, Callable[[ChecklistLine], str | date | None]], ...] = (
    ("col.code", lambda line: line.code),
    ("col.title", lambda line: line.title),
    ("col.description", lambda line: line.description),
    ("col.due", lambda line: line.due),
    ("col.due_rule", lambda line: line.due_rule),
    ("checklist.from", lambda line: line.from_owner),
    ("checklist.to", lambda line: line.to_owner),
    ("col.acceptance_criteria", lambda line: line.acceptance_criteria),
    ("col.evidence", lambda line: "\n".join(line.evidence)),
    ("register.depends_on", lambda line: ", ".join(line.dependencies)),
    ("col.status", lambda line: line.status),
    ("col.handover_state", lambda line: line.handover_state),
)
WIDTHS = (9, 40, 50, 11, 28, 30, 30, 45, 35, 18, 13, 15)


def _plain(value: str | date | None) -> str:
    if value is None:
        return ""
    return format_date(value) if isinstance(value, date) else value


def _scope_line(checklist: Checklist, lang: str) -> str:
    kind = text(f"checklist.scope.{checklist.scope.kind.value}", lang)
    return f"{kind}: {checklist.scope.label}" if checklist.scope.label else kind


def to_csv(checklist: Checklist, lang: str = "da", separator: str = ";") -> bytes:
    if separator not in (";", ","):
        raise ValueError("separator must be ';' or ','")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([text(key, lang) for key, _ in COLUMNS])
    for line in checklist.lines:
        writer.writerow([neutralise(_plain(get(line))) for _, get in COLUMNS])
    # The open obligations of the scope without a receiver: rows of their own, said in "To" (the
    # XLSX and Markdown list them in a section; a CSV is one table).
    to = [key for key, _ in COLUMNS].index("checklist.to")
    for line in checklist.unassigned:
        row = [neutralise(_plain(get(line))) for _, get in COLUMNS]
        row[to] = text("checklist.unassigned", lang)
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(checklist: Checklist, lang: str = "da") -> bytes:
    import xlsxwriter  # only when someone exports a spreadsheet

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd.mm.yyyy", "valign": "top"})
    title = book.add_format({"bold": True, "font_size": 14})

    # Sheets in reading order: the cover first (it opens on it), the obligations, sign-off.
    cover = book.add_worksheet(text("checklist.cover", lang))
    sheet = book.add_worksheet(text("checklist.sheet", lang))
    sign = book.add_worksheet(text("checklist.signoff", lang))
    cover.activate()

    for column, (key, _) in enumerate(COLUMNS):
        sheet.write_string(0, column, text(key, lang), bold)
        sheet.set_column(column, column, WIDTHS[column])
    for row, line in enumerate(checklist.lines, start=1):
        for column, (_, get) in enumerate(COLUMNS):
            value = get(line)
            if isinstance(value, date):
                sheet.write_datetime(row, column, value, day)  # a real date cell
            elif value:
                sheet.write_string(row, column, value, wrap)  # never a formula
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(checklist.lines)), len(COLUMNS) - 1)

    cover.set_column(0, 0, 34)
    cover.set_column(1, 1, 70)
    cover.write_string(0, 0, text("checklist.title", lang), title)
    facts = [
        (text("checklist.scope", lang), _scope_line(checklist, lang)),
        (text("checklist.made_on", lang), format_date(checklist.made_on)),
        (text("checklist.count", lang), str(len(checklist.lines))),
        *[(f"  {state}", str(count)) for state, count in sorted(checklist.counts().items())],
    ]
    for row, (label, value) in enumerate(facts, start=2):
        cover.write_string(row, 0, label, wrap)
        cover.write_string(row, 1, value, wrap)
    row = len(facts) + 3
    cover.write_string(row, 0, text("checklist.findings", lang), bold)
    for offset, finding in enumerate(checklist.findings or [text("check.none", lang)], start=1):
        cover.write_string(row + offset, 0, finding, wrap)
    if checklist.unassigned:
        row += len(checklist.findings or [None]) + 2
        cover.write_string(row, 0, text("checklist.unassigned", lang), bold)
        cover.write_string(row, 1, text("checklist.unassigned_intro", lang), wrap)
        for offset, line in enumerate(checklist.unassigned, start=1):
            cover.write_string(row + offset, 0, f"{line.code} · {line.title}", wrap)
            cover.write_string(
                row + offset,
                1,
                f"{format_date(line.due)} · {line.from_owner}",
                wrap,
            )

    sign.set_column(0, 0, 30)
    sign.set_column(1, 1, 50)
    sign.set_column(2, 3, 28)
    for column, key in enumerate(
        ("checklist.role", "col.name", "checklist.date", "checklist.signature")
    ):
        sign.write_string(0, column, text(key, lang), bold)
    for row, (role, name) in enumerate(checklist.signers(), start=1):
        sign.write_string(row, 0, text(role, lang), wrap)
        if name:
            sign.write_string(row, 1, name, wrap)
        sign.set_row(row, 40)
    book.close()
    return buffer.getvalue()


def _md(value: str) -> str:
    """Markdown-safe inline text: no table pipes, emphasis, headings, links or line breaks."""
    return escape(value, one_line=True)


def to_markdown(checklist: Checklist, lang: str = "da") -> bytes:
    out = [f"# {text('checklist.title', lang)}", ""]
    out.append(f"- **{text('checklist.scope', lang)}:** {_md(_scope_line(checklist, lang))}")
    out.append(f"- **{text('checklist.made_on', lang)}:** {format_date(checklist.made_on)}")
    out.append(f"- **{text('checklist.count', lang)}:** {len(checklist.lines)}")
    for state, count in sorted(checklist.counts().items()):
        out.append(f"  - {_md(state)}: {count}")
    out += ["", f"## {text('checklist.findings', lang)}", ""]
    out += [f"- {_md(finding)}" for finding in checklist.findings] or [
        f"- {text('check.none', lang)}"
    ]
    for line in checklist.lines:
        out += ["", f"## {_md(line.code)} · {_md(line.title)}", ""]
        if line.description:
            out += [_md(line.description), ""]
        for key, get in COLUMNS[3:]:
            value = _plain(get(line))
            if value:
                out.append(f"- **{text(key, lang)}:** {_md(value)}")
        out.append(f"- [ ] {text('checklist.done', lang)}")
    if checklist.unassigned:
        out += ["", f"## {text('checklist.unassigned', lang)}", ""]
        out.append(text("checklist.unassigned_intro", lang))
        out.append("")
        out += [
            f"- {_md(line.code)} · {_md(line.title)} ({format_date(line.due, '—')}; "
            f"{_md(line.from_owner)})"
            for line in checklist.unassigned
        ]
    out += ["", f"## {text('checklist.signoff', lang)}", ""]
    out.append(
        f"| {text('checklist.role', lang)} | {text('col.name', lang)} | "
        f"{text('checklist.date', lang)} | {text('checklist.signature', lang)} |"
    )
    out.append("| --- | --- | --- | --- |")
    out += [f"| {text(role, lang)} | {_md(name)} |  |  |" for role, name in checklist.signers()]
    return ("\n".join(out) + "\n").encode("utf-8")


def to_pdf(checklist: Checklist, lang: str = "da") -> bytes:
    from handover.exports.checklist_pdf import to_pdf as write

    return write(checklist, lang)


WRITERS: dict[str, Callable[..., bytes]] = {
    "csv": to_csv,
    "xlsx": to_xlsx,
    "md": to_markdown,
    "pdf": to_pdf,
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "ics": "text/calendar",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown",
}

FORMATS = ("csv", "xlsx", "pdf", "md", "ics")


def render(
    file_format: str,
    checklist: Checklist,
    lang: str = "da",
    *,
    separator: str = ";",
    milestones: Sequence[CalendarMilestone] = (),
) -> bytes:
    """The checklist in one of FORMATS: the one entry point for the page and the command line."""
    if file_format == "csv":
        return to_csv(checklist, lang, separator)
    if file_format == "ics":
        from handover.exports.calendar import to_ics

        return to_ics(checklist, lang, milestones)
    return WRITERS[file_format](checklist, lang)
