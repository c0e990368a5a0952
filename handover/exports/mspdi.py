"""The plan (or one scope of it) as MS Project XML (MSPDI), which MS Project, ProjectLibre and
GanttProject open: obligations as tasks, milestones as milestone tasks, dependencies as links with
their lag in its unit (calendar days as elapsed days, working days as days; months and years,
which MSPDI lacks, as elapsed months of 30 days, named in the field "Handover lag units"), people
as resources with the current owner assigned, and the handover facts in named custom fields
("Handover id", "Handover receiving owner", "Handover state", …).

Bytes out, no Java: the XML is written here and read back by MPXJ in the tests. The planner's
import reads the named fields back, so export → import into the same plan changes nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape

from handover.domain.checklist import Scope, ScopeKind
from handover.domain.model import DependencyType, Obligation, Priority, Status
from handover.domain.plan import Plan
from handover.domain.text import label
from handover.domain.workdays import DurationUnit

NAMESPACE = "http://schemas.microsoft.com/project"
# MSPDI link types and lag formats (Microsoft's Project XML schema).
LINK_TYPES = {
    DependencyType.FF: 0,
    DependencyType.FS: 1,
    DependencyType.SF: 2,
    DependencyType.SS: 3,
}
ELAPSED_DAYS = 8
TENTHS_OF_MINUTES_PER_DAY = 24 * 60 * 10
MINUTES_PER_WORKING_DAY = 480
# A lag's unit as (LagFormat, LinkLag per unit in tenths of minutes): MSPDI's d is working time,
# ed elapsed; its emo is 30 elapsed days (calendar months do not exist in MSPDI).
LAG_FORMATS: dict[DurationUnit, tuple[int, int]] = {
    DurationUnit.DAYS: (ELAPSED_DAYS, TENTHS_OF_MINUTES_PER_DAY),
    DurationUnit.WORKING_DAYS: (7, MINUTES_PER_WORKING_DAY * 10),
    DurationUnit.MONTHS: (12, 30 * TENTHS_OF_MINUTES_PER_DAY),
    DurationUnit.YEARS: (12, 360 * TENTHS_OF_MINUTES_PER_DAY),
}
# Task Text1…Text10 and their field ids; the aliases are what the import looks for.
TASK_FIELDS = (
    ("Handover id", "Text1", 188743731),
    ("Handover code", "Text2", 188743734),
    ("Handover receiving owner", "Text3", 188743737),
    ("Handover state", "Text4", 188743740),
    ("Handover category", "Text5", 188743743),
    ("Handover receiving owner id", "Text6", 188743746),
    ("Handover status", "Text7", 188743747),
    ("Handover project", "Text8", 188743748),
    ("Handover receiving organisation", "Text9", 188743749),
    ("Handover lag units", "Text10", 188743750),
)
PERCENT = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 50, Status.DONE: 100, Status.CANCELLED: 0}
PRIORITY = {Priority.CRITICAL: 1000, Priority.HIGH: 700, Priority.MEDIUM: 500, Priority.LOW: 200}


def in_scope(plan: Plan, scope: Scope) -> list[Obligation]:
    """The live obligations of a checklist scope: a receiving owner, a receiving organisation,
    a project, or all."""
    organisation_of = {person.id: person.organisation for person in plan.people}
    live = [o for o in plan.obligations if not o.deleted]
    if scope.kind is ScopeKind.OWNER:
        return [o for o in live if o.receiving_owner == scope.id]
    if scope.kind is ScopeKind.ORGANISATION:
        return [o for o in live if organisation_of.get(o.receiving_owner or "") == scope.id]
    if scope.kind is ScopeKind.PROJECT:
        return [o for o in live if o.project == scope.id]
    return live


def _day(value: date, hour: int) -> str:
    return f"{value.isoformat()}T{hour:02d}:00:00"


def _element(name: str, value: object) -> str:
    return f"<{name}>{escape(str(value))}</{name}>"


def to_mspdi(plan: Plan, scope: Scope | None = None, lang: str = "da", *, title: str = "") -> bytes:
    """MSPDI bytes for the obligations of `scope` (all when None) and the milestones of their
    projects. Task and resource unique ids are positions in a stable order (by code, by id)."""
    scope = scope or Scope(ScopeKind.ALL)
    obligations = sorted(in_scope(plan, scope), key=lambda o: o.code)
    chosen = {o.id for o in obligations}
    projects = {o.project for o in obligations}
    milestones = sorted(
        (m for m in plan.milestones if scope.kind is ScopeKind.ALL or m.project in projects),
        key=lambda m: (m.planned or date.max, m.id),
    )
    people = {p.id: p for p in plan.people}
    organisations = {o.id: o.name for o in plan.organisations}
    used = (
        set(people)
        if scope.kind is ScopeKind.ALL
        else {
            owner
            for o in obligations
            for owner in (o.current_owner, o.receiving_owner)
            if owner is not None
        }
    )
    resources = sorted((people[p] for p in used if p in people), key=lambda p: p.id)
    resource_uid = {person.id: index for index, person in enumerate(resources, start=1)}
    task_uid = {o.id: index for index, o in enumerate(obligations, start=1)}
    resolved = plan.resolved_due()
    name = title or scope.label or "Handover"
    guid = uuid.uuid5(uuid.NAMESPACE_URL, f"handover-planner:{scope.kind.value}:{scope.id or ''}")
    starts = [d for o in obligations for d in (o.start, resolved.get(o.id)) if d]
    parts: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<Project xmlns="{NAMESPACE}">',
        _element("SaveVersion", 14),
        _element("Name", f"{name}.xml"),
        _element("Title", name),
        _element("GUID", str(guid).upper()),
        _element("ScheduleFromStart", 1),
    ]
    if starts:
        parts.append(_element("StartDate", _day(min(starts), 8)))
    parts += [
        _element("CalendarUID", 1),
        _element("MinutesPerDay", MINUTES_PER_WORKING_DAY),
        _element("MinutesPerWeek", 2400),
        _element("DaysPerMonth", 20),
        "<ExtendedAttributes>",
    ]
    for alias, field_name, field_id in TASK_FIELDS:
        parts.append(
            "<ExtendedAttribute>"
            + _element("FieldID", field_id)
            + _element("FieldName", field_name)
            + _element("Alias", alias)
            + "</ExtendedAttribute>"
        )
    parts += ["</ExtendedAttributes>", _calendar(), "<Tasks>"]
    parts.append(
        "<Task>"
        + "".join(
            _element(k, v)
            for k, v in (
                ("UID", 0),
                ("ID", 0),
                ("Name", name),
                ("Summary", 1),
                ("OutlineNumber", 0),
                ("OutlineLevel", 0),
            )
        )
        + "</Task>"
    )
    links: dict[str, list[str]] = {}
    calendar_units: dict[str, dict[str, str]] = {}  # successor -> predecessor -> months/years
    for dependency in plan.dependencies:
        if dependency.predecessor in chosen and dependency.successor in chosen:
            lag_format, per_unit = LAG_FORMATS[dependency.lag_unit]
            links.setdefault(dependency.successor, []).append(
                "<PredecessorLink>"
                + _element("PredecessorUID", task_uid[dependency.predecessor])
                + _element("Type", LINK_TYPES[dependency.type])
                + _element("CrossProject", 0)
                + _element("LinkLag", dependency.lag_days * per_unit)
                + _element("LagFormat", lag_format)
                + "</PredecessorLink>"
            )
            if dependency.lag_unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
                calendar_units.setdefault(dependency.successor, {})[dependency.predecessor] = (
                    dependency.lag_unit.value
                )
    number = 0
    for obligation in obligations:
        number += 1
        receiver = people.get(obligation.receiving_owner or "")
        due = resolved.get(obligation.id)
        fields = {
            "Handover id": obligation.id,
            "Handover code": obligation.code,
            "Handover receiving owner": receiver.label if receiver else "",
            "Handover state": label("handover_state", obligation.handover_state.value, lang),
            "Handover category": obligation.category.value,
            "Handover receiving owner id": receiver.id if receiver else "",
            "Handover status": obligation.status.value,
            "Handover project": obligation.project or "",
            "Handover receiving organisation": organisations.get(receiver.organisation, "")
            if receiver
            else "",
            "Handover lag units": json.dumps(calendar_units[obligation.id], sort_keys=True)
            if obligation.id in calendar_units
            else "",
        }
        parts.append(
            _task(
                task_uid[obligation.id],
                number,
                obligation.title,
                obligation.start,
                due,
                milestone=False,
                percent=PERCENT[obligation.status],
                priority=PRIORITY[obligation.priority],
                notes=obligation.notes,
                extra=links.get(obligation.id, []),
                fields=fields,
            )
        )
    first_milestone = len(obligations) + 1
    for offset, milestone in enumerate(milestones):
        number += 1
        parts.append(
            _task(
                first_milestone + offset,
                number,
                milestone.title,
                milestone.planned,
                milestone.planned,
                milestone=True,
                percent=100 if milestone.achieved else 0,
                priority=500,
                notes="",
                extra=[],
                fields={"Handover id": milestone.id, "Handover project": milestone.project or ""},
            )
        )
    parts += ["</Tasks>", "<Resources>"]
    for person in resources:
        parts.append(
            "<Resource>"
            + _element("UID", resource_uid[person.id])
            + _element("ID", resource_uid[person.id])
            + _element("Name", person.label)
            + _element("Type", 1)
            + (_element("EmailAddress", person.email) if person.email else "")
            + _element("Group", organisations.get(person.organisation, person.organisation))
            + "</Resource>"
        )
    parts += ["</Resources>", "<Assignments>"]
    assignment = 0
    for obligation in obligations:
        if obligation.current_owner in resource_uid:
            assignment += 1
            parts.append(
                "<Assignment>"
                + _element("UID", assignment)
                + _element("TaskUID", task_uid[obligation.id])
                + _element("ResourceUID", resource_uid[obligation.current_owner])
                + _element("Units", 1)
                + "</Assignment>"
            )
    parts += ["</Assignments>", "</Project>"]
    return "\n".join(parts).encode("utf-8")


def _task(
    uid: int,
    number: int,
    title: str,
    start: date | None,
    finish: date | None,
    *,
    milestone: bool,
    percent: int,
    priority: int,
    notes: str,
    extra: Iterable[str],
    fields: dict[str, str],
) -> str:
    if start is None and finish is not None:
        start = finish if milestone else None
    parts = [
        "<Task>",
        _element("UID", uid),
        _element("ID", number),
        _element("Name", title),
        _element("Manual", 1),  # the plan's dates, not MS Project's scheduling, decide
        _element("OutlineNumber", number),
        _element("OutlineLevel", 1),
        _element("Milestone", int(milestone)),
        _element("Summary", 0),
        _element("PercentComplete", percent),
        _element("Priority", priority),
    ]
    if start is not None:
        parts.append(_element("Start", _day(start, 8)))
        parts.append(_element("ManualStart", _day(start, 8)))
    if finish is not None:
        parts.append(_element("Finish", _day(finish, 8 if milestone else 17)))
        parts.append(_element("ManualFinish", _day(finish, 8 if milestone else 17)))
    if milestone:
        parts.append(_element("Duration", "PT0H0M0S"))
    if notes:
        parts.append(_element("Notes", notes))
    parts += list(extra)
    ids = {alias: field_id for alias, _, field_id in TASK_FIELDS}
    for alias, value in fields.items():
        if value:
            parts.append(
                "<ExtendedAttribute>"
                + _element("FieldID", ids[alias])
                + _element("Value", value)
                + "</ExtendedAttribute>"
            )
    parts.append("</Task>")
    return "".join(parts)


def _calendar() -> str:
    """A standard calendar: Monday to Friday 08–12 and 13–17."""
    days = []
    for day in range(1, 8):
        working = 2 <= day <= 6
        times = (
            "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
            "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
            "</WorkingTime></WorkingTimes>"
            if working
            else ""
        )
        days.append(
            f"<WeekDay><DayType>{day}</DayType><DayWorking>{int(working)}</DayWorking>"
            f"{times}</WeekDay>"
        )
    return (
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<WeekDays>{''.join(days)}</WeekDays></Calendar></Calendars>"
    )
