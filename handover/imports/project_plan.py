"""What a project file (as `ProjectData`) adds to or changes in a plan: one project for the file,
tasks as obligations, milestones as milestones, links as dependencies, resources as people, the
first assignment as the current owner — and the loss report: what the file holds that the plan
does not keep, counted. Pure.

Re-imports update, never duplicate: a record's id is derived from the file's own id (its GUID, or
its title) and the task's or resource's unique id, and a task this planner exported carries the
obligation's id in the custom field "Handover id", which wins.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from handover.domain.model import (
    LAG_LIMITS,
    Category,
    Dependency,
    DependencyType,
    Milestone,
    Obligation,
    Person,
    Priority,
    Project,
    Status,
)
from handover.domain.plan import Plan
from handover.domain.workdays import DurationUnit
from handover.imports.project_files import ProjectData
from handover.imports.tabular import normalise_heading

Versioned = tuple[Any, int | None]
TITLE_LIMIT = 300
NOTES_LIMIT = 20_000
# The custom fields (MSPDI extended attributes) the MSPDI export writes, read back on import.
FIELD_ID = "Handover id"
FIELD_CODE = "Handover code"
FIELD_RECEIVER = "Handover receiving owner"
FIELD_STATE = "Handover state"
FIELD_CATEGORY = "Handover category"
FIELD_RECEIVER_ID = "Handover receiving owner id"
FIELD_STATUS = "Handover status"
FIELD_PROJECT = "Handover project"
FIELD_LAG_UNITS = "Handover lag units"  # {"predecessor id": "months" | "years"}, JSON


@dataclass(frozen=True)
class ProjectOptions:
    category: Category = Category.OPERATIONS  # for new obligations; the file has no category
    organisation: str | None = None  # for new people; None: the plan's first organisation


@dataclass
class ProjectChanges:
    """The records to write (each with the version it was read at; None: new), the predecessors
    of every imported obligation, the loss report, and the problems that stop the import."""

    title: str
    format: str
    project: list[Versioned] = field(default_factory=list)
    people: list[Versioned] = field(default_factory=list)
    milestones: list[Versioned] = field(default_factory=list)
    obligations: list[Versioned] = field(default_factory=list)
    unchanged: Counter[str] = field(default_factory=Counter)
    predecessors: dict[str, list[Dependency]] = field(default_factory=dict)
    links_added: int = 0
    links_removed: int = 0
    links_unchanged: int = 0
    file_ids: set[str] = field(default_factory=set)  # every obligation id the file stands for
    losses: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    tasks_read: int = 0
    milestones_read: int = 0
    links_read: int = 0
    closing_days: list[date] = field(default_factory=list)  # to add to the plan's closing days
    settings_version: int = 0  # the plan settings' version the closing days were checked at

    def counts(self) -> dict[str, dict[str, int]]:
        """Per kind: how many are added, updated, and left as they are."""
        result: dict[str, dict[str, int]] = {}
        for kind in ("project", "people", "milestones", "obligations"):
            rows = getattr(self, kind)
            result[kind] = {
                "add": sum(1 for _, version in rows if version is None),
                "update": sum(1 for _, version in rows if version is not None),
                "unchanged": self.unchanged[kind],
            }
        result["dependencies"] = {
            "add": self.links_added,
            "update": self.links_removed,  # a link the file no longer has, or whose lag changed
            "unchanged": self.links_unchanged,
        }
        result["closing_days"] = {
            "add": len(self.closing_days),
            "update": 0,
            "unchanged": self.unchanged["closing_days"],
        }
        return result

    @property
    def writes(self) -> bool:
        """Whether the import would write anything at all."""
        return bool(self.records() or self.predecessors or self.closing_days)

    def records(self) -> list[Versioned]:
        return [*self.project, *self.people, *self.milestones, *self.obligations]

    @property
    def clean(self) -> bool:
        return not self.problems


def _tag(identity: str) -> str:
    return hashlib.sha256(identity.encode()).hexdigest()[:8]


def _priority(value: int | None) -> Priority:
    if value is None:
        return Priority.MEDIUM
    if value >= 900:
        return Priority.CRITICAL
    if value >= 600:
        return Priority.HIGH
    if value >= 400:
        return Priority.MEDIUM
    return Priority.LOW


def _status(percent: float) -> Status:
    if percent >= 100:
        return Status.DONE
    return Status.IN_PROGRESS if percent > 0 else Status.NOT_STARTED


def lag_in_units(lag: float, elapsed: bool, losses: Counter[str]) -> tuple[int, DurationUnit]:
    """A lag in whole days as the file counts it: elapsed time in calendar days, working time
    (MS Project's LagFormat d, w, h, mo; Primavera's hours; GanttProject's days) in working days
    on the plan's calendar. A fraction of a day is rounded and counted; beyond its unit's limit
    it is held there and counted."""
    whole = round(lag)
    if abs(lag - whole) > 1e-6:
        losses["lag_rounded"] += 1
    # No lag is the same in every unit (and MPXJ gives no unit for it): calendar days.
    unit = DurationUnit.DAYS if elapsed or whole == 0 else DurationUnit.WORKING_DAYS
    limit = LAG_LIMITS[unit]
    if abs(whole) > limit:
        losses["lags_out_of_range"] += 1
        whole = max(-limit, min(limit, whole))
    return whole, unit


def own_lag_unit(
    fields: Mapping[str, str], predecessor: str, lag: int, unit: DurationUnit
) -> tuple[int, DurationUnit]:
    """A month or year lag this planner exported (MSPDI has no calendar months: the export writes
    30 elapsed days a month and names the unit in the field "Handover lag units"), read back in
    its unit — unless the lag in the file no longer fits it (changed in MS Project since)."""
    try:
        named = json.loads(fields.get(FIELD_LAG_UNITS, "") or "{}").get(predecessor)
        own = DurationUnit(named)
    except (ValueError, AttributeError, TypeError):
        return lag, unit
    per_unit = {DurationUnit.MONTHS: 30, DurationUnit.YEARS: 360}.get(own)
    if unit is not DurationUnit.DAYS or per_unit is None or lag % per_unit:
        return lag, unit
    return lag // per_unit, own


def project_changes(
    data: ProjectData,
    plan: Plan,
    versions: Mapping[str, Mapping[str, int]],
    *,
    source: str,
    options: ProjectOptions | None = None,
) -> ProjectChanges:
    """The records to write for `data` over `plan`; `source` (the file's name) goes into each
    obligation's source reference."""
    custom = data.custom
    options = options or ProjectOptions()
    changes = ProjectChanges(title=data.title, format=data.format)
    changes.losses.update(data.losses)
    # The file's non-working days become the plan's closing days; those already closing stay.
    closing = plan.settings.work_calendar()
    changes.closing_days = [d for d in data.closing_days if not closing.is_closing_day(d)]
    changes.unchanged["closing_days"] = len(data.closing_days) - len(changes.closing_days)
    changes.settings_version = versions.get("plan_settings", {}).get("plan", 0)
    tag = _tag(data.identity)
    project_id = f"mpxj-{tag}"
    tasks = [t for t in data.tasks if not t.summary]
    changes.losses["summary_tasks"] += sum(1 for t in data.tasks if t.summary)
    if not tasks:
        return changes  # nothing to import; the preview says so and shows the loss report
    # --- the project
    existing_project = next((p for p in plan.projects if p.id == project_id), None)
    project_versions = versions.get("projects", {})
    starts = [t.start for t in tasks if t.start] + ([data.start] if data.start else [])
    ends = [t.finish for t in tasks if t.finish] + ([data.finish] if data.finish else [])
    project_values = {
        "name": data.title[:TITLE_LIMIT],
        "start": min(starts) if starts else None,
        "end": max(ends) if ends else None,
    }
    _versioned(
        changes,
        "project",
        Project,
        existing_project,
        {"id": project_id, **project_values},
        project_versions,
    )
    # --- people
    people_by_id = {p.id: p for p in plan.people}
    by_email = {p.email.casefold(): p for p in plan.people if p.email}
    by_name = {normalise_heading(p.label): p for p in plan.people}
    by_name.update({normalise_heading(p.name): p for p in plan.people if p.name})
    person_of: dict[int, str] = {}
    organisation = options.organisation or (
        plan.organisations[0].id if plan.organisations else None
    )
    taken_people = set(people_by_id)
    organisation_names = {o.id: o.name for o in plan.organisations}
    by_label_and_group = {
        (
            normalise_heading(p.label),
            normalise_heading(organisation_names.get(p.organisation, "")),
        ): p
        for p in plan.people
    }
    for resource in data.resources:
        found = (
            by_label_and_group.get(
                (normalise_heading(resource.name), normalise_heading(resource.group))
            )
            or (by_email.get(resource.email.casefold()) if resource.email else None)
            or by_name.get(normalise_heading(resource.name))
        )
        if found is not None:
            person_of[resource.uid] = found.id
            changes.unchanged["people"] += 1
            continue
        if organisation is None:
            changes.problems.append(("project.no_organisation", {"name": resource.name}))
            continue
        person_id = _slug(resource.name, taken_people)
        email = resource.email if re.match(r"^[^@\s]+@[^@\s]+$", resource.email) else ""
        person = Person(
            id=person_id, name=resource.name[:200], organisation=organisation, email=email
        )
        changes.people.append((person, None))
        person_of[resource.uid] = person_id
        by_name[normalise_heading(resource.name)] = person
    # --- milestones and obligations
    obligations_by_id = {o.id: o for o in plan.obligations}
    codes = {o.code for o in plan.obligations}
    resolved = plan.resolved_due()
    obligation_versions = versions.get("obligations", {})
    milestone_versions = versions.get("milestones", {})
    milestones_by_id = {m.id: m for m in plan.milestones}
    id_of_task: dict[int, str] = {}
    for task in tasks:
        fields = custom.get(task.uid, {})
        title = task.name or f"UID {task.uid}"
        if len(title) > TITLE_LIMIT:
            changes.losses["titles_shortened"] += 1
            title = title[:TITLE_LIMIT]
        if task.milestone:
            changes.milestones_read += 1
            milestone_id = fields.get(FIELD_ID) or f"{project_id}-m{task.uid}"
            existing_milestone = milestones_by_id.get(milestone_id)
            values: dict[str, Any] = {
                "id": milestone_id,
                "project": _project_of(fields, plan, project_id, existing_milestone),
                "title": title,
                "planned": task.finish or task.start,
            }
            if existing_milestone is not None:
                values = {**existing_milestone.model_dump(), **values}
            _versioned(
                changes, "milestones", Milestone, existing_milestone, values, milestone_versions
            )
            continue
        changes.tasks_read += 1
        obligation_id = fields.get(FIELD_ID) or f"{project_id}-t{task.uid}"
        id_of_task[task.uid] = obligation_id
        changes.file_ids.add(obligation_id)
        existing = obligations_by_id.get(obligation_id)
        notes = task.notes
        if len(notes) > NOTES_LIMIT:
            changes.losses["notes_shortened"] += 1
            notes = notes[:NOTES_LIMIT]
        owners = [person_of[r] for r in data.assignments.get(task.uid, []) if r in person_of]
        if len(owners) > 1:
            changes.losses["extra_assignments"] += len(owners) - 1
        reference = " › ".join([source, *task.path, f"{task.name or title} (UID {task.uid})"])
        start, due = task.start, task.finish
        if start and due and due < start:
            due = start
        status = fields.get(FIELD_STATUS, "")
        values = {
            "title": title,
            "project": _project_of(fields, plan, project_id, existing),
            "start": start,
            "due": due,
            "status": Status(status)
            if status in Status.__members__.values()
            else _status(task.percent_complete),
            "priority": _priority(task.priority),
            "current_owner": owners[0] if owners else None,
            "source_ref": reference[:2000],
            "notes": notes,
        }
        receiver = fields.get(FIELD_RECEIVER_ID, "") or fields.get(FIELD_RECEIVER, "")
        if receiver:
            found_receiver = people_by_id.get(receiver) or by_name.get(normalise_heading(receiver))
            if found_receiver is not None:
                values["receiving_owner"] = found_receiver.id
        elif FIELD_ID in fields:
            values["receiving_owner"] = None  # exported without one: none
        if FIELD_ID in fields and existing is not None:
            del values["source_ref"]  # our own export coming back: where it came from stays
        if existing is None:
            code = _code(fields.get(FIELD_CODE) or f"P{tag[:4]}-{task.uid}", codes)
            category = fields.get(FIELD_CATEGORY, "")
            _versioned(
                changes,
                "obligations",
                Obligation,
                None,
                {
                    "id": obligation_id,
                    "code": code,
                    "category": Category(category)
                    if category in Category.__members__.values()
                    else options.category,
                    **values,
                },
                obligation_versions,
            )
            continue
        if existing.deleted:
            changes.problems.append(("project.deleted", {"code": existing.code}))
            continue
        data_of = existing.model_dump()
        if existing.due_rule is not None and values["due"] == resolved.get(existing.id):
            del values["due"]  # the rule gives this date already: keep the rule
        elif existing.due_rule is not None:
            data_of["due_rule"] = None
        if not task.notes:
            del values["notes"]  # an empty note in the file leaves the plan's note alone
        data_of.update(values)
        _versioned(changes, "obligations", Obligation, existing, data_of, obligation_versions)
    used = {r.project for r, _ in [*changes.obligations, *changes.milestones]}
    used |= {o.project for o in plan.obligations if o.id in changes.file_ids}
    if project_id not in used and existing_project is None:
        changes.project.clear()
    # --- links
    kept_links: dict[str, list[Dependency]] = {}
    for dependency in plan.dependencies:
        kept_links.setdefault(dependency.successor, []).append(dependency)
    incoming: dict[str, list[Dependency]] = {}
    for link in data.links:
        changes.links_read += 1
        predecessor = id_of_task.get(link.predecessor)
        successor = id_of_task.get(link.successor)
        if predecessor is None or successor is None:
            changes.losses["links_to_milestones_or_summaries"] += 1
            continue
        try:
            kind = DependencyType(link.type)
        except ValueError:
            changes.losses["links_unknown_type"] += 1
            continue
        lag, unit = lag_in_units(link.lag, link.elapsed, changes.losses)
        lag, unit = own_lag_unit(custom.get(link.successor, {}), predecessor, lag, unit)
        if any(d.predecessor == predecessor for d in incoming.get(successor, [])):
            changes.losses["duplicate_links"] += 1
            continue
        incoming.setdefault(successor, []).append(
            Dependency(
                predecessor=predecessor,
                successor=successor,
                type=kind,
                lag_days=lag,
                lag_unit=unit,
            )
        )
    for obligation_id in sorted(changes.file_ids):
        # Links from obligations that did not come from this file are the plan's own: kept.
        own = [
            d for d in kept_links.get(obligation_id, []) if d.predecessor not in changes.file_ids
        ]
        wanted = own + incoming.get(obligation_id, [])
        before = sorted(_link_key(d) for d in kept_links.get(obligation_id, []))
        after = sorted(_link_key(d) for d in wanted)
        changes.links_unchanged += len(set(after) & set(before))
        if before != after:
            changes.predecessors[obligation_id] = wanted
            changes.links_added += len(set(after) - set(before))
            changes.links_removed += len(set(before) - set(after))
    return changes


def _link_key(link: Dependency) -> tuple[str, str, int, str]:
    """A link as the file can say it: a lag of 0 has no unit (any unit schedules alike)."""
    unit = link.lag_unit.value if link.lag_days else DurationUnit.DAYS.value
    return (link.predecessor, link.type.value, link.lag_days, unit)


def _project_of(
    fields: Mapping[str, str], plan: Plan, file_project: str, existing: Any
) -> str | None:
    """The planner's own project when the file says so (our export), else the file's."""
    wanted = fields.get(FIELD_PROJECT)
    if FIELD_ID in fields and existing is not None and not wanted:
        return existing.project  # type: ignore[no-any-return]
    if wanted and any(p.id == wanted for p in plan.projects):
        return wanted
    return file_project


def _versioned(
    changes: ProjectChanges,
    kind: str,
    model: type[Any],
    existing: Any,
    values: dict[str, Any],
    versions: Mapping[str, int],
) -> None:
    record = model.model_validate(values)
    if existing is None:
        getattr(changes, kind).append((record, None))
    elif record == existing:
        changes.unchanged[kind] += 1
    else:
        getattr(changes, kind).append((record, versions.get(existing.id)))


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", normalise_heading(text)).strip("-")[:40] or "person"
    candidate, counter = base, 2
    while candidate in taken:
        candidate, counter = f"{base}-{counter}", counter + 1
    taken.add(candidate)
    return candidate


def _code(wanted: str, codes: set[str]) -> str:
    base = re.sub(r"\s+", "-", wanted.strip())[:16] or "T"
    candidate, counter = base, 2
    while candidate in codes:
        candidate, counter = f"{base}-{counter}", counter + 1
    codes.add(candidate)
    return candidate
