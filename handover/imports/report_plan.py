"""What a parsed status report adds to or changes in a plan: projects, milestones, the project
leader, the participating organisations and suppliers, the biggest risk, and the candidate
obligations the facilitator accepted. Matching is by name (case and spacing ignored): what the
plan has already is reused, milestones of a known project are updated by title. Pure."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from handover.domain.model import (
    DueRule,
    Milestone,
    MilestoneKind,
    Obligation,
    Organisation,
    Person,
    Project,
    Risk,
)
from handover.domain.plan import Plan
from handover.imports.status_report import ReportProject, StatusReport, _title, sentences
from handover.imports.tabular import normalise_heading

Versioned = tuple[Any, int | None]  # a record and the version it was read at (None: new)
_MITIGATION = re.compile(r"sat .*ind|kræfter|afbød|mitigat|arbejdes på|håndteres", re.I)


@dataclass
class ReportChanges:
    organisations: list[Versioned] = field(default_factory=list)
    people: list[Versioned] = field(default_factory=list)
    projects: list[Versioned] = field(default_factory=list)
    milestones: list[Versioned] = field(default_factory=list)
    obligations: list[Versioned] = field(default_factory=list)
    risks: list[Versioned] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # names found in the plan already

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (
                "organisations",
                "people",
                "projects",
                "milestones",
                "obligations",
                "risks",
            )
        }

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", normalise_heading(text)).strip("-")[:40] or "item"
    candidate, counter = base, 2
    while candidate in taken:
        candidate, counter = f"{base}-{counter}", counter + 1
    taken.add(candidate)
    return candidate


def report_changes(
    report: StatusReport,
    plan: Plan,
    versions: Mapping[str, Mapping[str, int]],
    *,
    accepted: Collection[tuple[int, int]] = (),
    titles: Mapping[tuple[int, int], str] | None = None,
    home: str | None = None,
    source: str = "",
) -> ReportChanges:
    """The records to write. `accepted` holds (project index, candidate index) pairs; `titles`
    may rename accepted candidates; `home` is the organisation (id or name) the leaders and
    new projects belong to — by default the first participant."""
    changes = ReportChanges()
    taken: dict[str, set[str]] = {
        "organisations": {o.id for o in plan.organisations},
        "people": {p.id for p in plan.people},
        "projects": {p.id for p in plan.projects},
        "milestones": {m.id for m in plan.milestones},
        "obligations": {o.id for o in plan.obligations},
        "risks": {r.id for r in plan.risks},
    }
    orgs = {normalise_heading(o.name): o.id for o in plan.organisations}
    orgs.update({normalise_heading(o.id): o.id for o in plan.organisations})

    def organisation(name: str, kind: str) -> str:
        key = normalise_heading(name)
        if key in orgs:
            if name not in changes.kept:
                changes.kept.append(name)
            return orgs[key]
        new = Organisation(id=_slug(name, taken["organisations"]), name=name, kind=kind)
        changes.organisations.append((new, None))
        orgs[key] = new.id
        return new.id

    people = {normalise_heading(p.name): p.id for p in plan.people if p.name}
    codes = {o.code for o in plan.obligations}
    for index, project in enumerate(report.projects):
        participants = [organisation(name, "Partner") for name in project.participants]
        home_id = orgs.get(normalise_heading(home)) if home else None
        if home_id is None:
            home_id = participants[0] if participants else organisation("Ukendt organisation", "")
        if project.supplier:
            for name in re.split(r",|\s+og\s+|\s+and\s+", project.supplier):
                if name.strip():
                    organisation(name.strip(), "Leverandør")
        leader_id: str | None = None
        if project.leader:
            leader_id = people.get(normalise_heading(project.leader))
            if leader_id is None:
                person = Person(
                    id=_slug(project.leader, taken["people"]),
                    name=project.leader,
                    title="Projektleder",
                    organisation=home_id,
                )
                changes.people.append((person, None))
                leader_id = people[normalise_heading(project.leader)] = person.id
            else:
                changes.kept.append(project.leader)
        project_id = _project(project, plan, versions, changes, taken, home_id)
        _milestones(project, project_id, plan, versions, changes, taken)
        chosen = [
            (number, candidate)
            for number, candidate in enumerate(project.candidates)
            if (index, number) in accepted
        ]
        prefix, next_number = _code_start(project, project_id, plan)
        linked: list[str] = []
        reference = " – ".join(
            part
            for part in (
                source or "Statusrapport",
                project.report_date.strftime("%d.%m.%Y") if project.report_date else "",
                project.name,
            )
            if part
        )
        for number, candidate in chosen:
            while f"{prefix}-{next_number:02d}" in codes:
                next_number += 1
            code = f"{prefix}-{next_number:02d}"
            codes.add(code)
            title = ((titles or {}).get((index, number)) or candidate.title).strip()
            obligation = Obligation(
                id=_slug(code, taken["obligations"]),
                code=code,
                project=project_id,
                title=title,
                category=candidate.category,
                source_quote=candidate.quote,
                source_ref=reference,
                current_owner=leader_id,
                due=candidate.due,
                due_rule=DueRule(anchor=candidate.due_anchor, days=candidate.due_days)
                if candidate.due_anchor
                else None,
            )
            changes.obligations.append((obligation, None))
            if candidate.section == "risk":
                linked.append(obligation.id)
        if project.risk:
            _risk(project, plan, changes, taken, leader_id, linked)
    return changes


def _project(
    project: ReportProject,
    plan: Plan,
    versions: Mapping[str, Mapping[str, int]],
    changes: ReportChanges,
    taken: dict[str, set[str]],
    home_id: str,
) -> str:
    existing = next(
        (p for p in plan.projects if normalise_heading(p.name) == normalise_heading(project.name)),
        None,
    )
    found = {
        "programme": project.programme,
        "start": project.start,
        "end": project.end,
        "purpose": project.purpose,
    }
    if existing is None:
        new = Project(
            id=_slug(project.name, taken["projects"]),
            name=project.name,
            coordinator=home_id,
            programme=project.programme,
            start=project.start,
            end=project.end,
            purpose=project.purpose,
        )
        changes.projects.append((new, None))
        return new.id
    changes.kept.append(existing.name)
    filled = {name: value for name, value in found.items() if value and not getattr(existing, name)}
    if filled:
        changes.projects.append(
            (existing.model_copy(update=filled), versions.get("projects", {}).get(existing.id))
        )
    return existing.id


def _milestones(
    project: ReportProject,
    project_id: str,
    plan: Plan,
    versions: Mapping[str, Mapping[str, int]],
    changes: ReportChanges,
    taken: dict[str, set[str]],
) -> None:
    known = {normalise_heading(m.title): m for m in plan.milestones if m.project == project_id}
    for item in project.milestones:
        title = normalise_heading(item.title)
        existing = known.get(title) or next(
            (
                milestone
                for name, milestone in known.items()
                if name.startswith(title + " ") or title.startswith(name + " ")
            ),
            None,
        )  # "Final conference" is "Final conference (hand-over event)"
        if existing is None:
            milestone = Milestone(
                id=_slug(f"{project_id} {item.title}", taken["milestones"]),
                project=project_id,
                title=item.title,
                planned=item.planned,
                achieved=item.achieved,
                kind=MilestoneKind.MILESTONE,
            )
            changes.milestones.append((milestone, None))
            continue
        update: dict[str, Any] = {}
        if item.planned is not None and item.planned != existing.planned:
            update["planned"] = item.planned
        if item.achieved is not None and existing.achieved is None:
            update["achieved"] = item.achieved
        if update:
            changes.milestones.append(
                (
                    existing.model_copy(update=update),
                    versions.get("milestones", {}).get(existing.id),
                )
            )


def _code_start(project: ReportProject, project_id: str, plan: Plan) -> tuple[str, int]:
    """The code prefix the project's obligations use (XS-07 -> XS, 8), else letters of its name."""
    numbers: dict[str, int] = {}
    for obligation in plan.obligations:
        if obligation.project == project_id and (
            m := re.match(r"^([A-Za-z]+)-(\d+)$", obligation.code)
        ):
            numbers[m.group(1)] = max(numbers.get(m.group(1), 0), int(m.group(2)))
    if numbers:
        prefix = max(numbers, key=lambda p: numbers[p])
        return prefix, numbers[prefix] + 1
    letters = re.sub(r"[^A-Za-z]", "", project.name).upper()[:3] or "OBL"
    return letters, 1


def _risk(
    project: ReportProject,
    plan: Plan,
    changes: ReportChanges,
    taken: dict[str, set[str]],
    owner: str | None,
    linked: list[str],
) -> None:
    parts = sentences(project.risk)
    title = _title(f"{project.name}: {parts[0]}" if parts else project.name, 120)
    if any(normalise_heading(r.title) == normalise_heading(title) for r in plan.risks):
        changes.kept.append(title)
        return
    risk = Risk(
        id=_slug(f"{project.name} risiko", taken["risks"]),
        title=title,
        description=project.risk.replace("\n- ", "\n"),
        likelihood=3,  # the report gives no scores: the middle, for the facilitator to set
        impact=3,
        mitigation=" ".join(s for s in parts if _MITIGATION.search(s)),
        owner=owner,
        obligations=tuple(linked),
    )
    changes.risks.append((risk, None))
