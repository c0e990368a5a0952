"""Findings that escalate with time: due soon (the plan's levels), milestones past and not reached,
obligations orphaned by their owner's organisation, periods that ended, deadlines on closed days.

Each rule's wording fits the as-of day: a rule id is either about what is coming or what has been.
"""

from __future__ import annotations

from datetime import date

from handover.domain.findings import (
    ACCEPTED_STATES,
    Finding,
    ObligationFacts,
    OrganisationFacts,
    Snapshot,
    finding,
    org_of,
)

_NOT_A_MILESTONE_TO_REACH = frozenset({"transition"})  # the reference line, not a task


def evaluate(snapshot: Snapshot, as_of: date) -> list[Finding]:
    found: list[Finding] = []
    for o in snapshot.obligations:
        found.extend(obligation_findings(o, snapshot, as_of))
    found.extend(milestone_findings(snapshot, as_of))
    return found


def obligation_findings(o: ObligationFacts, snapshot: Snapshot, as_of: date) -> list[Finding]:
    """This module's findings about one obligation (it reads the snapshot's organisations,
    people, due-soon levels and calendar besides the row)."""
    found: list[Finding] = []
    if not o.open:
        return found
    levels = sorted(set(snapshot.due_soon_days))
    if o.due is not None:
        left = (o.due - as_of).days
        if o.ends_period:
            if left < 0:
                found.append(finding("period-ended", [o.code], ended=o.due.strftime("%d.%m.%Y")))
        elif levels and 0 <= left <= levels[-1]:
            level = next(level for level in levels if left <= level)
            rule = "due-very-soon" if level == levels[0] else "due-soon"
            found.append(finding(rule, [o.code], days=str(left), level=str(level), due=_day(o.due)))
        if left >= 0 and not o.ends_period:
            reason = snapshot.work_calendar.closed_reason(o.due)
            if reason is not None:
                found.append(
                    finding(
                        "due-on-non-working-day",
                        [o.code],
                        due=_day(o.due),
                        reason=reason,
                        next=_day(snapshot.work_calendar.next_working_day(o.due)),
                    )
                )
    owner_org = org_of(o.current_owner, snapshot)
    if owner_org is not None and not owner_org.exists_on(as_of) and _past(owner_org, as_of):
        receiver_org = org_of(o.receiving_owner, snapshot)
        taken_over = (
            o.handover_state in ACCEPTED_STATES
            and receiver_org is not None
            and receiver_org.exists_on(as_of)
        )
        if not taken_over:
            found.append(
                finding(
                    "orphaned",
                    [o.code],
                    organisation=owner_org.name,
                    ceased=_day(owner_org.exists_until),
                )
            )
    return found


def milestone_findings(snapshot: Snapshot, as_of: date) -> list[Finding]:
    """Milestones past their planned day and not reached."""
    found: list[Finding] = []
    for milestone in snapshot.milestones:
        if milestone.kind in _NOT_A_MILESTONE_TO_REACH:
            continue
        if milestone.planned is not None and milestone.achieved is None:
            late = (as_of - milestone.planned).days
            if late > 0:
                found.append(
                    finding(
                        "milestone-not-reached",
                        [],
                        milestone=milestone.title,
                        planned=_day(milestone.planned),
                        days=str(late),
                    )
                )
    return found


def _past(organisation: OrganisationFacts, as_of: date) -> bool:
    """Gone because it ceased (not because it does not exist yet)."""
    return organisation.exists_until is not None and as_of > organisation.exists_until


def _day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")
