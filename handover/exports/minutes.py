"""A workshop's minutes as Markdown and as an A4 PDF: when and by whom, every agenda item with its
outcome (resolved with its decisions, open, parked), the decisions,
actions (with who and by when) and open questions per item, the plan's changes during the
meeting from the history, and the baseline saved at the end."""

from __future__ import annotations

import io
from datetime import datetime

from handover.domain.dates import format_date, format_moment
from handover.domain.markdown import escape
from handover.domain.text import text
from handover.domain.workshop import Minutes, NoteKind, Outcome

_SECTIONS = (
    (NoteKind.DECISION, "minutes.decisions"),
    (NoteKind.ACTION, "minutes.actions"),
    (NoteKind.QUESTION, "minutes.questions"),
)


def _when(value: datetime | None, lang: str) -> str:
    return text("minutes.running", lang) if value is None else format_moment(value)


def _note_line(
    minutes: Minutes,
    kind: NoteKind,
    item: str,
    note_text: str,
    owner: str | None,
    due: object,
    lang: str,
    who: str = "",
    when: datetime | None = None,
) -> str:
    line = f"{item}: {note_text}"
    if kind is NoteKind.DECISION and who:
        line += f" ({who}, {format_moment(when, with_date=False)})" if when else f" ({who})"
    if kind is NoteKind.ACTION:
        shown_due = format_date(due) if due is not None else "—"  # type: ignore[arg-type]
        line += (
            " ("
            + text(
                "minutes.owner_due",
                lang,
                owner=minutes.owners.get(owner or "", owner or "—"),
                due=shown_due,
            )
            + ")"
        )
    return line


def lines(minutes: Minutes, lang: str) -> list[tuple[str, str]]:
    """(style, text) pairs both formats write: "h1", "h2", "p", "li"."""
    held = text(
        "minutes.held",
        lang,
        start=_when(minutes.started_at, lang),
        end=_when(minutes.ended_at, lang),
        who=minutes.started_by,
    )
    out: list[tuple[str, str]] = [
        ("h1", text("workshop.minutes_of", lang, title=minutes.title)),
        ("p", held),
    ]
    if minutes.baseline:
        out.append(("p", text("minutes.baseline", lang, name=minutes.baseline)))
    out.append(("h2", text("minutes.outcomes", lang)))
    outcomes = list(minutes.outcomes) or [Outcome.OPEN] * len(minutes.agenda)
    for number, (label, outcome) in enumerate(zip(minutes.agenda, outcomes, strict=True), 1):
        line = f"{number}. {label} — {text('minutes.outcome.' + outcome.value, lang)}"
        decided = [n.text for n in minutes.notes.get(label, ()) if n.kind is NoteKind.DECISION]
        if outcome is Outcome.RESOLVED and decided:
            line += ": " + "; ".join(decided)
        out.append(("li", line))
    for kind, key in _SECTIONS:
        out.append(("h2", text(key, lang)))
        found = minutes.of_kind(kind)
        if not found:
            out.append(("p", text("minutes.none", lang)))
        for item, note in found:
            out.append(
                (
                    "li",
                    _note_line(
                        minutes,
                        kind,
                        item,
                        note.text,
                        note.owner,
                        note.due,
                        lang,
                        note.created_by,
                        note.created_at,
                    ),
                )
            )
    out.append(("h2", text("minutes.changes", lang)))
    if not minutes.changes:
        out.append(("p", text("minutes.none", lang)))
    for change in minutes.changes:
        out.append(
            ("li", f"{format_moment(change.when, with_date=False)} {change.who}: {change.what}")
        )
    return out


def to_markdown(minutes: Minutes, lang: str = "da") -> bytes:
    rendered = []
    for style, value in lines(minutes, lang):
        if style == "h1":
            rendered.append(f"# {escape(value, one_line=True)}\n")
        elif style == "h2":
            rendered.append(f"\n## {escape(value, one_line=True)}\n")
        elif style == "li":
            rendered.append(f"- {escape(value)}")
        else:
            rendered.append(f"{escape(value)}\n")
    return ("\n".join(rendered) + "\n").encode("utf-8")


def to_pdf(minutes: Minutes, lang: str = "da") -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from handover.exports.checklist_pdf import (
        BOLD,
        MM,
        PAGE_HEIGHT,
        PAGE_WIDTH,
        _register_fonts,
        _Writer,
    )

    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    title = text("workshop.minutes_of", lang, title=minutes.title)
    canvas.setTitle(title)
    canvas.setAuthor("Handover planner")
    out = _Writer(
        canvas,
        header=title,
        footer=_when(minutes.started_at, lang),
        page_label=text("pdf.page", lang, page="{page}"),
    )
    for style, value in lines(minutes, lang):
        if style == "h1":
            out.text(value, font=BOLD, size=16)
            out.y -= 4
        elif style == "h2":
            out.y -= 6
            out.room(30)
            out.text(value, font=BOLD, size=11.5)
        elif style == "li":
            out.text("• " + value, size=9, indent=3 * MM)
        else:
            out.text(value, size=9)
    out.save()
    return buffer.getvalue()
