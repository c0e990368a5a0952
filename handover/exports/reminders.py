"""Reminder digests and per-person calendar feeds, made from the plan and its findings: for each
owner (current or receiving) the open obligations due within a window (and those overdue) and the
findings that concern their obligations, in the person's language; as e-mail text and as an
iCalendar feed whose UIDs stay the same from run to run. Pure: nothing is sent or written here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from handover.domain.dates import format_date
from handover.domain.findings import Finding
from handover.domain.model import Obligation, Person, Status
from handover.domain.plan import Plan
from handover.domain.text import label, text

UID_DOMAIN = "handover-planner"
CLOSED = (Status.DONE, Status.CANCELLED)


@dataclass(frozen=True)
class DigestLine:
    code: str
    title: str
    due: date
    role: str  # "current" or "receiving"
    overdue: bool


@dataclass(frozen=True)
class Digest:
    person: Person
    language: str
    subject: str
    body: str
    lines: tuple[DigestLine, ...]
    findings: tuple[str, ...]


def _roles(obligation: Obligation, person_id: str) -> list[str]:
    roles = []
    if obligation.current_owner == person_id:
        roles.append("current")
    if obligation.receiving_owner == person_id:
        roles.append("receiving")
    return roles


def digests(plan: Plan, findings: Sequence[Finding], as_of: date, days: int) -> list[Digest]:
    """One digest per active person who owns (currently or receiving) an open obligation due on
    or before `as_of + days` — overdue ones included — ordered by person id."""
    until = as_of + timedelta(days=days)
    resolved = plan.resolved_due()
    open_obligations = [o for o in plan.obligations if not o.deleted and o.status not in CLOSED]
    by_code_findings: dict[str, list[Finding]] = {}
    for finding in findings:
        for code in finding.obligations:
            by_code_findings.setdefault(code, []).append(finding)
    result = []
    for person in sorted((p for p in plan.people if p.active), key=lambda p: p.id):
        mine = [o for o in open_obligations if _roles(o, person.id)]
        lines = []
        for obligation in mine:
            due = resolved.get(obligation.id)
            if due is None or due > until:
                continue
            for role in _roles(obligation, person.id):
                lines.append(DigestLine(obligation.code, obligation.title, due, role, due < as_of))
        if not lines:
            continue
        lines.sort(key=lambda line: (line.due, line.code, line.role))
        language = person.language
        concerning: list[str] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for obligation in mine:
            for finding in by_code_findings.get(obligation.code, []):
                key = (finding.rule, finding.obligations)
                if key in seen:
                    continue
                seen.add(key)
                concerning.append(
                    f"{', '.join(finding.obligations)}: "
                    f"{text(f'finding.{finding.rule}', language, **finding.params)}"
                )
        subject = text(
            "remind.subject",
            language,
            count=len({line.code for line in lines}),
            until=format_date(until),
        )
        result.append(
            Digest(
                person=person,
                language=language,
                subject=subject,
                body=_body(person, lines, concerning, as_of, until, language),
                lines=tuple(lines),
                findings=tuple(concerning),
            )
        )
    return result


def _body(
    person: Person,
    lines: Iterable[DigestLine],
    findings: Sequence[str],
    as_of: date,
    until: date,
    language: str,
) -> str:
    parts = [
        text("remind.greeting", language, name=person.name or person.title),
        "",
        text("remind.intro", language, as_of=format_date(as_of), until=format_date(until)),
        "",
    ]
    for line in lines:
        marker = text("remind.overdue", language) if line.overdue else ""
        parts.append(
            f"- {format_date(line.due)} {line.code} {line.title} "
            f"({text(f'remind.role.{line.role}', language)}){marker}"
        )
    if findings:
        parts += ["", text("remind.findings", language)]
        parts += [f"- {finding}" for finding in findings]
    parts += ["", text("remind.footer", language)]
    return "\n".join(parts) + "\n"


def feed(plan: Plan, person: Person, *, stamp: datetime) -> bytes:
    """The person's obligations (as current and as receiving owner) with a due date, as an
    iCalendar feed to subscribe to: one all-day event each, UID `<obligation>-<role>@…` so a
    calendar updates instead of duplicating; `stamp` is the DTSTAMP (fixed per run)."""
    from icalendar import Calendar, Event

    language = person.language
    calendar = Calendar()
    calendar.add("prodid", f"-//{UID_DOMAIN}//{text('remind.feed', language)}//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text("remind.feed_name", language, name=person.label))
    resolved = plan.resolved_due()
    for obligation in sorted(plan.obligations, key=lambda o: o.code):
        due = resolved.get(obligation.id)
        if obligation.deleted or due is None:
            continue
        for role in _roles(obligation, person.id):
            event = Event()
            event.add("uid", f"{obligation.id}-{role}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("dtstart", due)
            event.add("dtend", due + timedelta(days=1))
            event.add(
                "summary",
                f"{obligation.code} {obligation.title} ({text(f'remind.role.{role}', language)})",
            )
            event.add(
                "description",
                f"{label('status', obligation.status.value, language)} · "
                f"{label('handover_state', obligation.handover_state.value, language)}",
            )
            calendar.add_component(event)
    return bytes(calendar.to_ical())
