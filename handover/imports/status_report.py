"""The organisation's project status report, read into projects, milestones, people,
organisations, a risk and candidate obligations. Markdown or plain text, or a Word file (.docx)
turned into the same lines first.

The format (the seed report is one): a section per project, headed by its name, with the labels
Dato, Projektleder, Deltagere, Leverandør, Formål, Projektstatus, Største risiko, "Milepæle i
YYYY", Plan (the n-th date belongs to the n-th milestone), Nået, and a closing Monitorering
section with a sub-section per project. Labels may be headings of any level, bold text, or
`Label:` with the value on the same line; missing sections are simply absent. Pure: text in,
a `StatusReport` out, with warnings that name what did not fit.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from handover.domain.model import Category, DueAnchor
from handover.domain.plan import Problem

LABELS = {
    "dato": "date",
    "date": "date",
    "projektleder": "leader",
    "project leader": "leader",
    "project manager": "leader",
    "deltagere": "participants",
    "participants": "participants",
    "leverandør": "supplier",
    "leverandører": "supplier",
    "supplier": "supplier",
    "formål": "purpose",
    "purpose": "purpose",
    "projektstatus": "status",
    "status": "status",
    "plan": "plan",
    "nået": "achieved",
    "achieved": "achieved",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("marts", "march", "mar"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)
_PERIOD = re.compile(
    r"fra\s+([a-zæøå]+)\s+(\d{4})\s+til(?:\s+og\s+med)?\s+([a-zæøå]+)\s+(\d{4})"
    r"|from\s+([a-z]+)\s+(\d{4})\s+(?:to|until|through)\s+([a-z]+)\s+(\d{4})",
    re.IGNORECASE,
)
_CALL = re.compile(r"Call:\s*(?:HORIZON-)?([A-Z0-9][A-Z0-9-]{5,})", re.IGNORECASE)
_PROGRAMMES = ("Horizon Europe", "Digital Europe", "EU4Health", "Interreg", "CEF")


@dataclass(frozen=True)
class ReportMilestone:
    number: int
    title: str
    planned: date | None
    achieved: date | None


@dataclass(frozen=True)
class Candidate:
    """An obligation the text suggests; the facilitator accepts or discards it."""

    title: str
    category: Category
    quote: str  # the sentence, as written
    section: str  # the label of the section it came from ("status", "risk", ...)
    due: date | None = None
    due_anchor: DueAnchor | None = None
    due_days: int = 0


@dataclass
class ReportProject:
    name: str
    report_date: date | None = None
    leader: str = ""
    participants_text: str = ""
    participants: list[str] = field(default_factory=list)
    supplier: str = ""
    purpose: str = ""
    programme: str = ""
    start: date | None = None
    end: date | None = None
    status: str = ""
    risk: str = ""
    milestone_year: int | None = None
    milestones: list[ReportMilestone] = field(default_factory=list)
    monitoring: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # the labels found, in order


@dataclass
class StatusReport:
    projects: list[ReportProject]
    warnings: list[Problem]


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    kind: str  # "heading", "item", "text"
    text: str
    number: int | None = None  # of a numbered item


def _norm(value: str) -> str:
    folded = unicodedata.normalize("NFC", value).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def _label(heading: str) -> tuple[str | None, int | None]:
    """The field a heading names, and the year of "Milepæle i 2026"."""
    name = _norm(heading)
    if name in LABELS:
        return LABELS[name], None
    if name.startswith(("største risiko", "risiko", "biggest risk", "main risk", "risk")):
        return "risk", None
    if name.startswith(("milepæle", "milestones")):
        year = re.search(r"\b(\d{4})\b", name)
        return "milestones", int(year.group(1)) if year else None
    if name in ("monitorering", "monitoring"):
        return "monitoring", None
    return None, None


def _lines(content: str) -> list[_Line]:
    lines: list[_Line] = []
    for raw in content.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().replace("\u00a0", " ")
        if not line:
            continue
        if heading := re.match(r"^#{1,6}\s+(.*?)\s*#*$", line):
            lines.append(_Line("heading", _strip_marks(heading.group(1))))
            continue
        if bold := re.match(r"^(\*\*|__)(.+?)\1\s*:?\s*(.*)$", line):
            inner = bold.group(2).strip().rstrip(":").strip()
            rest = bold.group(3).strip()
            if not rest or _label(inner)[0] is not None:
                lines.append(_Line("heading", _strip_marks(inner)))
                if rest:
                    lines.append(_Line("text", _strip_marks(rest)))
                continue
        labelled = re.match(r"^([^:*#]{3,40}):\s*(.*)$", line)
        if labelled and _label(labelled.group(1))[0] is not None:
            lines.append(_Line("heading", labelled.group(1).strip()))
            if labelled.group(2).strip():
                lines.append(_Line("text", _strip_marks(labelled.group(2))))
            continue
        if item := re.match(r"^(\d{1,3})[.)]\s+(.*)$", line):
            word = _WORD_DATE.match(line)
            if not _NUMERIC_DATE.match(line) and not (word and word.group(2).casefold() in MONTHS):
                lines.append(_Line("item", _strip_marks(item.group(2)), int(item.group(1))))
                continue
        if item := re.match(r"^[-*•–]\s+(.*)$", line):
            lines.append(_Line("item", _strip_marks(item.group(1))))
            continue
        lines.append(_Line("text", _strip_marks(line)))
    return lines


def _strip_marks(value: str) -> str:
    """Markdown emphasis and links as plain text: `*x*` -> x, `<https://a>` -> https://a."""
    value = re.sub(r"(\*\*|__)(.+?)\1", r"\2", value)
    value = re.sub(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])", r"\1", value)
    value = re.sub(r"<(https?://[^>]+)>", r"\1", value)
    value = re.sub(r"\[([^\]]+)\]\((https?://[^)]+)\)", r"\1 (\2)", value)
    return value.strip()


# --------------------------------------------------------------------------- the walk


def parse_report(content: str, *, source: str = "") -> StatusReport:
    projects: list[ReportProject] = []
    warnings: list[Problem] = []
    sections: dict[int, dict[str, list[_Line]]] = {}
    current: ReportProject | None = None
    field_name: str | None = None
    in_monitoring = False
    for line in _lines(content):
        if line.kind == "heading":
            name, year = _label(line.text)
            if name == "monitoring" and (
                current is None or field_name is not None or in_monitoring
            ):
                in_monitoring, field_name = True, None
                current = None
                continue
            if name is not None and current is not None:
                field_name = name
                current.sections.append(name)
                sections[id(current)].setdefault(name, [])
                if year is not None:
                    current.milestone_year = year
                continue
            if in_monitoring:
                current = next((p for p in projects if _norm(p.name) == _norm(line.text)), None)
                if current is not None:
                    field_name = "monitoring"
                    sections[id(current)].setdefault("monitoring", [])
                    continue
                in_monitoring = False  # a heading of no known project: the next project
            current, field_name = ReportProject(name=line.text), None
            projects.append(current)
            sections[id(current)] = {}
            continue
        if current is not None and field_name is not None:
            sections[id(current)][field_name].append(line)
    found = [project for project in projects if project.sections]  # group headings drop out
    for project in found:
        _fill(project, sections[id(project)], warnings, source)
    if not found:
        warnings.append(Problem(source, "report.no_projects"))
    return StatusReport(found, warnings)


def _joined(lines: list[_Line]) -> str:
    return "\n".join(f"- {line.text}" if line.kind == "item" else line.text for line in lines)


def _fill(
    project: ReportProject, parts: dict[str, list[_Line]], warnings: list[Problem], source: str
) -> None:
    where = f"{source}: {project.name}" if source else project.name
    if "date" in parts:
        text = " ".join(line.text for line in parts["date"])
        project.report_date = first_date(text)
        if project.report_date is None and text:
            warnings.append(Problem(where, "report.bad_date", {"label": "Dato", "value": text}))
    project.leader = " ".join(line.text for line in parts.get("leader", [])).strip()
    project.participants_text = _joined(parts.get("participants", []))
    project.participants = organisations_in(project.participants_text)
    supplier = " ".join(line.text for line in parts.get("supplier", [])).strip()
    project.supplier = "" if _norm(supplier) in ("ingen", "none", "", "n a", "nej") else supplier
    project.purpose = _joined(parts.get("purpose", []))
    project.status = _joined(parts.get("status", []))
    project.risk = _joined(parts.get("risk", []))
    project.monitoring = _joined(parts.get("monitoring", []))
    project.programme = _programme(project.purpose)
    project.start, project.end = _period(project.purpose)
    titles = [line.text for line in parts.get("milestones", []) if line.text]
    dates: list[date | None] = []
    for line in parts.get("plan", []):
        for raw in _date_strings(line.text):
            parsed = _date_or_none(raw)
            if parsed is None:
                warnings.append(Problem(where, "report.bad_date", {"label": "Plan", "value": raw}))
            dates.append(parsed)
    if len(dates) != len(titles) and (titles or dates):
        if len(dates) < len(titles):
            missing = ", ".join(
                f"{n}. {t}" for n, t in enumerate(titles[len(dates) :], start=len(dates) + 1)
            )
            warnings.append(
                Problem(
                    where,
                    "report.fewer_dates",
                    {"milestones": len(titles), "dates": len(dates), "missing": missing},
                )
            )
        else:
            extra = ", ".join(_shown(d) for d in dates[len(titles) :])
            warnings.append(
                Problem(
                    where,
                    "report.more_dates",
                    {"milestones": len(titles), "dates": len(dates), "extra": extra},
                )
            )
    achieved = _achieved(parts.get("achieved", []), titles, project.report_date, warnings, where)
    project.milestones = [
        ReportMilestone(
            number,
            title,
            dates[number - 1] if number <= len(dates) else None,
            achieved.get(number),
        )
        for number, title in enumerate(titles, start=1)
    ]
    project.candidates = candidates(project)


def _shown(value: date | None) -> str:
    return "?" if value is None else value.strftime("%d.%m.%Y")


def _achieved(
    lines: list[_Line],
    titles: list[str],
    report_date: date | None,
    warnings: list[Problem],
    where: str,
) -> dict[int, date | None]:
    """Milestone number -> the day it was reached: the date on its line, else the report's date
    (reached by then). Lines name a milestone by its number or its title."""
    reached: dict[int, date | None] = {}
    for line in lines:
        text = line.text
        day = first_date(text)
        number = line.number
        if number is None and (lead := re.match(r"^(\d{1,3})\b(?![.\d]*\d{4})", text)):
            number = int(lead.group(1))
        if number is None or not 1 <= number <= len(titles):
            plain = _norm(_NUMERIC_DATE.sub("", text))
            number = next(
                (
                    n
                    for n, title in enumerate(titles, start=1)
                    if plain and (_norm(title) in plain or plain in _norm(title))
                ),
                None,
            )
        if number is None:
            warnings.append(Problem(where, "report.achieved_unknown", {"value": text}))
            continue
        reached[number] = day or report_date
    return reached


def _date_strings(text: str) -> list[str]:
    return [match.group(0) for match in _NUMERIC_DATE.finditer(text)] + [
        match.group(0) for match in _WORD_DATE.finditer(text) if match.group(2).casefold() in MONTHS
    ]


def _date_or_none(raw: str) -> date | None:
    if numeric := _NUMERIC_DATE.fullmatch(raw):
        groups = numeric.groups()
        day, month, year = (
            (groups[0], groups[1], groups[2]) if groups[0] else (groups[5], groups[4], groups[3])
        )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            return None
    if word := _WORD_DATE.fullmatch(raw):
        month_number = MONTHS.get(word.group(2).casefold())
        if month_number is None:
            return None
        try:
            return date(int(word.group(3)), month_number, int(word.group(1)))
        except ValueError:
            return None
    return None


def first_date(text: str) -> date | None:
    """The first date in a text: `28. april 2026`, `28.04.2026`, `2026-04-28`."""
    found = sorted(
        [(m.start(), m.group(0)) for m in _NUMERIC_DATE.finditer(text)]
        + [
            (m.start(), m.group(0))
            for m in _WORD_DATE.finditer(text)
            if m.group(2).casefold() in MONTHS
        ]
    )
    for _, raw in found:
        if (parsed := _date_or_none(raw)) is not None:
            return parsed
    return None


def organisations_in(text: str) -> list[str]:
    """The organisations a participants text names: what the parentheses list ("... tre danske
    (MedCom, Sundhedsdatastyrelsen og Mediq)"), else a short comma list."""
    inside = re.findall(r"\(([^()]+)\)", text)
    candidates = inside or ([text] if len(text) <= 200 else [])
    names: list[str] = []
    for chunk in candidates:
        for part in re.split(r",|;|\n|\s+og\s+|\s+and\s+|\s+&\s+", chunk):
            name = part.strip(" -–.\t")
            if name.startswith("- "):
                name = name[2:]
            if 1 < len(name) <= 80 and not re.match(r"\d", name) and name not in names:
                names.append(name)
    return names


def _programme(purpose: str) -> str:
    programme = next((p for p in _PROGRAMMES if p.casefold() in purpose.casefold()), "")
    call = _CALL.search(purpose)
    if call:
        return f"{programme} – {call.group(1)}" if programme else call.group(1)
    return programme


def _period(purpose: str) -> tuple[date | None, date | None]:
    """ "fra december 2023 til og med november 2026" -> 01.12.2023, 30.11.2026."""
    match = _PERIOD.search(purpose)
    if not match:
        return None, None
    groups = [g for g in match.groups() if g is not None]
    start_month, start_year, end_month, end_year = groups
    first, last = MONTHS.get(start_month.casefold()), MONTHS.get(end_month.casefold())
    if first is None or last is None:
        return None, None
    start = date(int(start_year), first, 1)
    after = date(int(end_year) + (last == 12), last % 12 + 1, 1)
    return start, after - timedelta(days=1)


# --------------------------------------------------------------------------- candidates

_CATEGORY_CUES: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (Category.REPORTING, re.compile(r"afrapport|rapport|\breport", re.I)),
    (
        Category.FINANCE,
        re.compile(
            r"betale\b.*\btilbage|tilbagebetal|tilskud|penge|budget|\bmidler\b|repay|grant", re.I
        ),
    ),
    (
        Category.GOVERNANCE,
        re.compile(r"forening|organisering|leve videre|videreføre|association|\bdrift\b", re.I),
    ),
    (Category.KNOWLEDGE, re.compile(r"overdrage|overdragelse|hand.over|viden|resultater", re.I)),
    (Category.LEGAL, re.compile(r"kontrakt|aftale|contract|gdpr|jura", re.I)),
    (Category.ARCHIVE, re.compile(r"arkiv|archive|journali", re.I)),
    (Category.COMMUNICATION, re.compile(r"konference|conference|formidl", re.I)),
)
_DUTY = re.compile(
    r"\bskal\b|\bmå\b|\bsikre\b|\bfrist|\bsenest\b|\binden\b|\bovergår\b|leve videre|betale|"
    r"afrapport|afholde|overdrage|\bmust\b|\bshall\b|deadline|\bdue\b",
    re.I,
)
_DAYS_TO = re.compile(r"(\d{1,3})\s+dage\s+til|(\d{1,3})\s+days\s+to", re.I)


def sentences(text: str) -> list[str]:
    """Sentences of a section, list items each one sentence; a full stop after a number or an
    abbreviation does not end a sentence."""
    found: list[str] = []
    for block in text.split("\n"):
        block = block.removeprefix("- ").strip()
        if not block:
            continue
        parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"“])", block)
        found.extend(part.strip() for part in parts if part.strip())
    return found


def candidates(project: ReportProject) -> list[Candidate]:
    """Sentences that state something someone must do, with the kind of obligation their words
    suggest and, where the text says "N dage til", a due rule on the project's end."""
    found: list[Candidate] = []
    for section, body in (
        ("status", project.status),
        ("risk", project.risk),
        ("monitoring", project.monitoring),
        ("purpose", project.purpose),
    ):
        for sentence in sentences(body):
            if not _DUTY.search(sentence):
                continue
            category = next((c for c, cue in _CATEGORY_CUES if cue.search(sentence)), None)
            if category is None:
                continue
            days = _DAYS_TO.search(sentence)
            due = first_date(sentence)
            found.append(
                Candidate(
                    title=_title(sentence),
                    category=category,
                    quote=sentence,
                    section=section,
                    due=None if days else due,
                    due_anchor=DueAnchor.PROJECT_END if days else None,
                    due_days=int(days.group(1) or days.group(2)) if days else 0,
                )
            )
    return found


def _title(sentence: str, limit: int = 90) -> str:
    text = sentence.rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"


# --------------------------------------------------------------------------- Word files


def docx_to_text(data: bytes) -> str:
    """A Word report as the lines `parse_report` reads: heading styles become `#` headings,
    paragraphs in bold become bold labels, list paragraphs become items, tables become lines."""
    import docx  # only when someone imports a Word file

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = re.match(r"(?:Heading|Overskrift)\s*(\d)", style, re.I)
        if level or style.casefold() == "title":
            lines.append("#" * (int(level.group(1)) if level else 1) + " " + text)
        elif "list" in style.casefold() or "liste" in style.casefold():
            lines.append("- " + text)  # Word keeps the numbers in styles, not in the text
        elif paragraph.runs and all(run.bold for run in paragraph.runs if run.text.strip()):
            lines.append(f"**{text}**")
        else:
            lines.extend(text.split("\n"))
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            if len(cells) >= 2 and _label(cells[0])[0] is not None:
                lines.append(f"**{cells[0].rstrip(':')}:** {' '.join(cells[1:])}")
            else:
                lines.append(" ".join(cell for cell in cells if cell))
    return "\n".join(lines)
