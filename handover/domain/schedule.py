"""Scheduling basics: resolving due rules against their anchors, and finding dependency cycles.

A due rule is `anchor + days`; moving the anchor (a project extension) moves every derived date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from handover.domain.model import DueAnchor, Milestone, Obligation, Project
from handover.domain.workdays import WorkCalendar


def anchor_date(
    obligation: Obligation,
    projects: Mapping[str, Project],
    milestones: Mapping[str, Milestone],
) -> date | None:
    """The date a due rule counts from, or None when the anchor has no date (yet)."""
    rule = obligation.due_rule
    if rule is None:
        return None
    if rule.anchor is DueAnchor.MILESTONE:
        milestone = milestones.get(rule.milestone or "")
        return None if milestone is None else milestone.planned
    project = projects.get(obligation.project or "")
    if project is None:
        return None
    return project.end if rule.anchor is DueAnchor.PROJECT_END else project.start


def resolve_due(
    obligation: Obligation,
    projects: Mapping[str, Project],
    milestones: Mapping[str, Milestone],
    work_calendar: WorkCalendar | None = None,
    *,
    roll: bool = False,
) -> date | None:
    """The obligation's due date: its fixed date, or its rule resolved (working days counted on
    `work_calendar`); with `roll`, a due date on a non-working day moves to the next working day.
    None when unknown."""
    if obligation.due_rule is None:
        due = obligation.due
    else:
        due = obligation.due_rule.resolve(
            anchor_date(obligation, projects, milestones), work_calendar
        )
    return rolled(due, work_calendar, roll=roll)


def rolled(due: date | None, work_calendar: WorkCalendar | None, *, roll: bool) -> date | None:
    """A due date as the plan keeps it: with `roll`, a non-working day moves to the next
    working day."""
    if roll and due is not None:
        return (work_calendar or WorkCalendar()).next_working_day(due)
    return due


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """One cycle in a directed graph as [a, b, ..., a], or [] when there is none.

    Iterative depth-first search: a chain of 10,000 obligations does not hit the recursion limit.
    """
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = {}
    for root in edges:
        if colour.get(root, white) != white:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        colour[root] = grey
        while stack:
            node, next_child = stack[-1]
            children = edges.get(node, ())
            if next_child < len(children):
                stack[-1] = (node, next_child + 1)
                child = children[next_child]
                state = colour.get(child, white)
                if state == grey:
                    return [*path[path.index(child) :], child]
                if state == white:
                    colour[child] = grey
                    stack.append((child, 0))
                    path.append(child)
            else:
                colour[node] = black
                stack.pop()
                path.pop()
    return []
