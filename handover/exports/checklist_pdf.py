"""A checklist as an A4 PDF people sign: a cover, one block per obligation (never split across
pages), the open obligations without a receiver, page numbers, a header and footer on every page,
and sign-off lines naming who hands over and who receives.

Drawn straight on ReportLab's canvas with its own line wrapping (platypus took 23 s for 10,000
obligations; this takes a few). The font is DejaVu Sans where one is found (it has every glyph the
planner prints: æ, ø, å, ⚠, →); otherwise the Bitstream Vera that ships inside ReportLab, which has
æøå but no ⚠ or →, so those few symbols are written as (!) and -> instead of empty boxes.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

from handover.domain.checklist import Checklist, ChecklistLine
from handover.domain.dates import format_date
from handover.domain.text import text

FONT, BOLD = "HandoverSans", "HandoverSansBold"
MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 18 * MM, 18 * MM, 20 * MM, 18 * MM
LABEL_WIDTH = 45 * MM
_FALLBACK = str.maketrans({"⚠": "(!)", "→": "->", "✓": "v", "○": "o", "⏸": "||", "≥": ">="})
_font_state: dict[str, Any] = {}


def dejavu_candidates() -> list[Path]:
    """Where DejaVu Sans may be: matplotlib's copy when installed, then the usual system folders."""
    folders = []
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    folders += [
        Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
        Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/TTF"),  # Arch
        Path("/usr/local/share/fonts"),
        Path("/Library/Fonts"),
    ]
    return [folder / "DejaVuSans.ttf" for folder in folders]


def _register_fonts(candidates: list[Path] | None = None) -> str:
    """Register FONT and BOLD once; returns the family used ("DejaVu Sans" or "Vera")."""
    from reportlab.pdfbase import pdfmetrics

    if "family" in _font_state:
        return str(_font_state["family"])
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFont

    for regular in dejavu_candidates() if candidates is None else candidates:
        bold = regular.with_name("DejaVuSans-Bold.ttf")
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            _font_state.update(family="DejaVu Sans", table=None)
            break
    else:
        fonts = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "VeraBd.ttf")))
        _font_state.update(family="Vera", table=_FALLBACK)
    return str(_font_state["family"])


def printable(value: str) -> str:
    """`value` as the registered font can print it (unchanged with DejaVu)."""
    table = _font_state.get("table")
    return value if table is None else value.translate(table)


class _Writer:
    """A cursor down the page that wraps text and turns pages, drawing header and footer.

    The page's text goes into one text object, drawn when the page is done (a `drawString` per
    line measured each string again and cost a text object each), and a text is wrapped once
    per font and width (the same labels recur in every block).
    """

    def __init__(self, canvas: Any, header: str, footer: str, page_label: str) -> None:
        from reportlab.lib.utils import simpleSplit

        self.canvas = canvas
        self.split = simpleSplit
        self.header, self.footer, self.page_label = header, footer, page_label
        self.wrapped: dict[tuple[str, str, float, float], list[str]] = {}
        self.page = 0
        self.y = 0.0
        self.page_text: Any = None
        self.font: tuple[str, float] | None = None
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.finish_page()
            self.canvas.showPage()
        self.page += 1
        self.canvas.setFont(FONT, 8)
        self.canvas.drawString(LEFT, PAGE_HEIGHT - 12 * MM, printable(self.header[:130]))
        self.canvas.drawString(LEFT, 10 * MM, self.footer)
        self.canvas.drawRightString(
            PAGE_WIDTH - RIGHT, 10 * MM, self.page_label.format(page=self.page)
        )
        self.page_text = self.canvas.beginText()
        self.font = None
        self.y = PAGE_HEIGHT - TOP

    def finish_page(self) -> None:
        """Draw the page's text (before the page turns, and before the document is saved)."""
        self.canvas.drawText(self.page_text)

    def save(self) -> None:
        """Finish the last page and write the document (the canvas's own save would lose the
        last page's text)."""
        self.finish_page()
        self.canvas.save()

    def draw(self, x: float, y: float, row: str, font: str, size: float) -> None:
        """One line of text at (x, y), in the page's text object."""
        if self.font != (font, size):
            self.page_text.setFont(font, size)
            self.font = (font, size)
        self.page_text.setTextOrigin(x, y)
        self.page_text.textLine(row)

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def lines(self, value: str, font: str, size: float, width: float) -> list[str]:
        key = (value, font, size, width)
        out = self.wrapped.get(key)
        if out is None:
            out = []
            value = printable(value)
            for paragraph in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                out.extend(self.split(paragraph, font, size, width) or [""])
            self.wrapped[key] = out
        return out

    def text_height(
        self, value: str, *, font: str = FONT, size: float = 9, indent: float = 0.0
    ) -> float:
        return size * 1.3 * len(self.lines(value, font, size, PAGE_WIDTH - LEFT - RIGHT - indent))

    def fact_height(self, label: str, value: str) -> float:
        labels = self.lines(label, BOLD, 9, LABEL_WIDTH - 4)
        values = self.lines(value, FONT, 9, PAGE_WIDTH - LEFT - RIGHT - LABEL_WIDTH)
        return 11.5 * max(len(labels), len(values))

    def text(self, value: str, *, font: str = FONT, size: float = 9, indent: float = 0.0) -> None:
        leading = size * 1.3
        for row in self.lines(value, font, size, PAGE_WIDTH - LEFT - RIGHT - indent):
            self.room(leading)
            self.draw(LEFT + indent, self.y - size, row, font, size)
            self.y -= leading

    def fact(self, label: str, value: str) -> None:
        size, leading = 9, 11.5
        labels = self.lines(label, BOLD, size, LABEL_WIDTH - 4)
        values = self.lines(value, FONT, size, PAGE_WIDTH - LEFT - RIGHT - LABEL_WIDTH)
        for index in range(max(len(labels), len(values))):
            self.room(leading)
            if index < len(labels):
                self.draw(LEFT, self.y - size, labels[index], BOLD, size)
            if index < len(values):
                self.draw(LEFT + LABEL_WIDTH, self.y - size, values[index], FONT, size)
            self.y -= leading

    def rule(self) -> None:
        self.canvas.setLineWidth(0.4)
        self.canvas.line(LEFT, self.y - 2, PAGE_WIDTH - RIGHT, self.y - 2)
        self.y -= 8


def _facts(line: ChecklistLine) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, value in (
            ("col.due", format_date(line.due) + (f" ({line.due_rule})" if line.due_rule else "")),
            ("checklist.from", line.from_owner),
            ("checklist.to", line.to_owner),
            ("col.acceptance_criteria", line.acceptance_criteria),
            ("col.evidence", "\n".join(line.evidence)),
            ("register.depends_on", ", ".join(line.dependencies)),
            ("col.status", f"{line.status} · {line.handover_state}"),
            ("checklist.done", "[   ]"),
        )
        if value.strip()
    ]


def _block(out: _Writer, line: ChecklistLine, lang: str) -> None:
    """One obligation, kept on one page: it moves to the next page whole when it does not fit
    (only a block taller than a page is split, since nothing else could hold it)."""
    heading = f"{line.code} · {line.title}"
    facts = [(text(key, lang), value) for key, value in _facts(line)]
    height = (
        out.text_height(heading, font=BOLD, size=10.5)
        + (out.text_height(line.description) if line.description else 0)
        + sum(out.fact_height(label, value) for label, value in facts)
        + 8
    )
    if height <= PAGE_HEIGHT - TOP - BOTTOM:
        out.room(height)
    out.text(heading, font=BOLD, size=10.5)
    if line.description:
        out.text(line.description)
    for label, value in facts:
        out.fact(label, value)
    out.rule()


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
    if checklist.unassigned:
        out.fact(text("checklist.unassigned", lang), str(len(checklist.unassigned)))
    out.y -= 6
    out.text(text("checklist.findings", lang), font=BOLD, size=11)
    for finding in checklist.findings or [text("check.none", lang)]:
        out.text("• " + finding, size=8, indent=3 * MM)
    out.y -= 6

    for line in checklist.lines:
        _block(out, line, lang)

    if checklist.unassigned:
        out.room(60)
        out.y -= 6
        out.text(text("checklist.unassigned", lang), font=BOLD, size=11)
        out.text(text("checklist.unassigned_intro", lang), size=9)
        out.y -= 4
        for line in checklist.unassigned:
            _block(out, line, lang)

    _sign_off(out, checklist, lang)
    out.save()
    return buffer.getvalue()


def _sign_off(out: _Writer, checklist: Checklist, lang: str) -> None:
    """A table with one row per person handing over or receiving (named, with the organisation)
    and one for quality assurance; a row is never split, the heading repeats on a new page."""
    canvas = out.canvas
    columns = (LEFT, LEFT + 32 * MM, LEFT + 104 * MM, LEFT + 128 * MM, PAGE_WIDTH - RIGHT)
    heads = ("checklist.role", "col.name", "checklist.date", "checklist.signature")
    row_height = 16 * MM

    def heading() -> float:
        for x, key in zip(columns, heads, strict=False):
            out.draw(x + 2, out.y - 10, printable(text(key, lang)), BOLD, 9)
        top = out.y
        canvas.setLineWidth(0.6)
        canvas.line(columns[0], top, columns[-1], top)
        out.y -= 14
        return top

    out.room(30 + 2 * row_height)
    out.y -= 6
    out.text(text("checklist.signoff", lang), font=BOLD, size=11)
    top = heading()
    for role, name in checklist.signers():
        if out.y - row_height < BOTTOM:
            for x in columns:
                canvas.line(x, top, x, out.y)
            canvas.line(columns[0], out.y, columns[-1], out.y)
            out.new_page()
            top = heading()
        canvas.setLineWidth(0.6)
        canvas.line(columns[0], out.y, columns[-1], out.y)
        for offset, part in enumerate(
            out.lines(text(role, lang), FONT, 9, columns[1] - columns[0] - 4)[:4]
        ):
            out.draw(columns[0] + 2, out.y - 10 - offset * 10.5, part, FONT, 9)
        for offset, part in enumerate(out.lines(name, FONT, 8.5, columns[2] - columns[1] - 4)[:4]):
            out.draw(columns[1] + 2, out.y - 10 - offset * 10, part, FONT, 8.5)
        out.y -= row_height
    canvas.line(columns[0], out.y, columns[-1], out.y)
    for x in columns:
        canvas.line(x, top, x, out.y)
