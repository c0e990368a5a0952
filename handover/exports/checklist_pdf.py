"""A checklist as an A4 PDF people sign: a cover, one block per obligation with long texts wrapped,
page numbers, a header and footer on every page, and the sign-off block at the end.

Drawn straight on ReportLab's canvas with its own line wrapping (platypus took 23 s for 10,000
obligations; this takes a few), in the Bitstream Vera font that ships inside ReportLab, so æ, ø,
å print on any machine without a system font.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from handover.domain.checklist import SIGN_OFF_ROLES, Checklist
from handover.domain.dates import format_date
from handover.domain.text import text

FONT, BOLD = "HandoverVera", "HandoverVeraBold"
MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 18 * MM, 18 * MM, 20 * MM, 18 * MM
LABEL_WIDTH = 45 * MM


def _register_fonts() -> None:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "VeraBd.ttf")))


class _Writer:
    """A cursor down the page that wraps text and turns pages, drawing header and footer."""

    def __init__(self, canvas: Any, header: str, footer: str, page_label: str) -> None:
        from reportlab.lib.utils import simpleSplit

        self.canvas = canvas
        self.split = simpleSplit
        self.header, self.footer, self.page_label = header, footer, page_label
        self.page = 0
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.canvas.setFont(FONT, 8)
        self.canvas.drawString(LEFT, PAGE_HEIGHT - 12 * MM, self.header[:130])
        self.canvas.drawString(LEFT, 10 * MM, self.footer)
        self.canvas.drawRightString(
            PAGE_WIDTH - RIGHT, 10 * MM, self.page_label.format(page=self.page)
        )
        self.y = PAGE_HEIGHT - TOP

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def lines(self, value: str, font: str, size: float, width: float) -> list[str]:
        out: list[str] = []
        for paragraph in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            out.extend(self.split(paragraph, font, size, width) or [""])
        return out

    def text(self, value: str, *, font: str = FONT, size: float = 9, indent: float = 0.0) -> None:
        leading = size * 1.3
        for row in self.lines(value, font, size, PAGE_WIDTH - LEFT - RIGHT - indent):
            self.room(leading)
            self.canvas.setFont(font, size)
            self.canvas.drawString(LEFT + indent, self.y - size, row)
            self.y -= leading

    def fact(self, label: str, value: str) -> None:
        size, leading = 9, 11.5
        labels = self.lines(label, BOLD, size, LABEL_WIDTH - 4)
        values = self.lines(value, FONT, size, PAGE_WIDTH - LEFT - RIGHT - LABEL_WIDTH)
        for index in range(max(len(labels), len(values))):
            self.room(leading)
            if index < len(labels):
                self.canvas.setFont(BOLD, size)
                self.canvas.drawString(LEFT, self.y - size, labels[index])
            if index < len(values):
                self.canvas.setFont(FONT, size)
                self.canvas.drawString(LEFT + LABEL_WIDTH, self.y - size, values[index])
            self.y -= leading

    def rule(self) -> None:
        self.canvas.setLineWidth(0.4)
        self.canvas.line(LEFT, self.y - 2, PAGE_WIDTH - RIGHT, self.y - 2)
        self.y -= 8


def to_pdf(checklist: Checklist, lang: str = "da") -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    scope_kind = text(f"checklist.scope.{checklist.scope.kind.value}", lang)
    scope = f"{scope_kind}: {checklist.scope.label}" if checklist.scope.label else scope_kind
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    canvas.setTitle(text("checklist.title", lang))
    canvas.setAuthor("Handover planner")
    out = _Writer(
        canvas,
        header=f"{text('checklist.title', lang)} · {scope}",
        footer=format_date(checklist.made_on),
        page_label=text("pdf.page", lang, page="{page}"),
    )

    out.text(text("checklist.title", lang), font=BOLD, size=16)
    out.y -= 4
    out.fact(text("checklist.scope", lang), scope)
    out.fact(text("checklist.made_on", lang), format_date(checklist.made_on))
    out.fact(text("checklist.count", lang), str(len(checklist.lines)))
    for state, count in sorted(checklist.counts().items()):
        out.fact(f"  {state}", str(count))
    out.y -= 6
    out.text(text("checklist.findings", lang), font=BOLD, size=11)
    for finding in checklist.findings or [text("check.none", lang)]:
        out.text("• " + finding, size=8, indent=3 * MM)
    out.y -= 6

    for line in checklist.lines:
        out.room(40)  # keep a heading with the start of its block
        out.text(f"{line.code} · {line.title}", font=BOLD, size=10.5)
        if line.description:
            out.text(line.description)
        for key, value in (
            ("col.due", format_date(line.due) + (f" ({line.due_rule})" if line.due_rule else "")),
            ("checklist.from", line.from_owner),
            ("checklist.to", line.to_owner),
            ("col.acceptance_criteria", line.acceptance_criteria),
            ("col.evidence", "\n".join(line.evidence)),
            ("register.depends_on", ", ".join(line.dependencies)),
            ("col.status", f"{line.status} · {line.handover_state}"),
            ("checklist.done", "[   ]"),
        ):
            if value.strip():
                out.fact(text(key, lang), value)
        out.rule()

    # The sign-off block stays on one page.
    out.room(30 + 16 * MM * len(SIGN_OFF_ROLES))
    out.y -= 6
    out.text(text("checklist.signoff", lang), font=BOLD, size=11)
    columns = (LEFT, LEFT + 45 * MM, LEFT + 90 * MM, LEFT + 120 * MM, PAGE_WIDTH - RIGHT)
    heads = ("checklist.role", "col.name", "checklist.date", "checklist.signature")
    canvas.setFont(BOLD, 9)
    for x, key in zip(columns, heads, strict=False):
        canvas.drawString(x + 2, out.y - 10, text(key, lang))
    top = out.y
    out.y -= 14
    canvas.setFont(FONT, 9)
    for role in SIGN_OFF_ROLES:
        canvas.drawString(LEFT + 2, out.y - 10, text(role, lang))
        out.y -= 16 * MM
    canvas.setLineWidth(0.6)
    row_lines = [top, top - 14, *(top - 14 - 16 * MM * (i + 1) for i in range(len(SIGN_OFF_ROLES)))]
    for y in row_lines:
        canvas.line(columns[0], y, columns[-1], y)
    for x in columns:
        canvas.line(x, top, x, row_lines[-1])
    canvas.save()
    return buffer.getvalue()
