"""Readiness findings: rules over a plan, each with an id, a severity, the obligations concerned and
a suggested fix, evaluated "as of" any date.

The input is a light snapshot (`Snapshot`) the store builds straight from its tables, so checking
10,000 obligations needs no model validation. Rule texts live in the catalogue under
`finding.<rule>` and `fix.<rule>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

from handover.domain.cpm import CycleError, Link, Schedule, Task
from handover.domain.workdays import DurationUnit, WorkCalendar

if TYPE_CHECKING:
    from handover.domain.evaluation import Findings

OPEN_STATUSES = frozenset({"not_started", "in_progress"})
ACCEPTED_STATES = frozenset({"accepted", "transferred"})


class Severity(IntEnum):
    """Ordered: a blocker outranks a warning outranks information."""

    INFO = 1
    WARNING = 2
    BLOCKER = 3

    @property
    def label_key(self) -> str:
        return f"severity.{self.name.lower()}"


@dataclass(frozen=True)
class OrganisationFacts:
    id: str
    name: str
    exists_from: date | None
    exists_until: date | None

    def exists_on(self, day: date) -> bool:
        if self.exists_from is not None and day < self.exists_from:
            return False
        return not (self.exists_until is not None and day > self.exists_until)


@dataclass(frozen=True, slots=True)  # slots: one object per row for the garbage collector, not two
class ObligationFacts:
    id: str
    code: str
    status: str
    handover_state: str
    current_owner: str | None
    receiving_owner: str | None
    start: date | None
    due: date | None
    has_criteria: bool
    evidence: int
    amount_eur: float | None
    risks: int
    project: str | None = None
    grant_duty: str | None = None
    ends_period: bool = False  # the due date ends a period (records kept until): never "past due"

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class DependencyFacts:
    predecessor: str
    successor: str
    type: str
    lag_days: int
    lag_unit: str = "days"  # a DurationUnit's value


@dataclass(frozen=True)
class MilestoneFacts:
    id: str
    title: str
    planned: date | None
    achieved: date | None
    kind: str
    project: str | None = None


@dataclass(frozen=True)
class BeneficiaryFacts:
    organisation: str
    requested_eur: float | None


@dataclass(frozen=True)
class ProjectFacts:
    """A project's dates and grant profile, as the grant rules read them."""

    id: str
    name: str
    start: date | None
    end: date | None
    coordinator: str | None
    beneficiaries: tuple[BeneficiaryFacts, ...] = ()
    grant_agreement: str = ""


@dataclass(frozen=True, slots=True)
class Changes:
    """How a snapshot's obligations (`now`, the very list) differ from an earlier snapshot's
    (`since`, the very list): the facts of each obligation added, changed or moved, None for one
    gone, by id, and the facts each of them had (None: added). Every other obligation is in both,
    with equal facts, in the same order relative to the others. `in_place`: none added, gone or
    moved (the same ids in the same places)."""

    since: Sequence[ObligationFacts]
    now: Sequence[ObligationFacts]
    facts: Mapping[str, ObligationFacts | None]
    before: Mapping[str, ObligationFacts | None]
    in_place: bool


@dataclass(frozen=True)
class Snapshot:
    obligations: Sequence[ObligationFacts]
    people: dict[str, str]  # person id -> organisation id
    organisations: dict[str, OrganisationFacts]
    dependencies: Sequence[DependencyFacts] = ()
    transition: date | None = None
    names: dict[str, str] = field(default_factory=dict)  # person id -> how people say it
    milestones: Sequence[MilestoneFacts] = ()
    projects: Sequence[ProjectFacts] = ()
    work_calendar: WorkCalendar = field(default_factory=WorkCalendar)
    due_soon_days: tuple[int, ...] = (30, 14, 7)  # the plan's escalation levels
    # What changed since the store's last snapshot (`evaluate_again` then checks only that); not
    # part of the plan, so not compared.
    changes: Changes | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Settings:
    """Thresholds a facilitator may change."""

    accept_days_before_transition: int = 14
    max_open_per_week: int = 3


class Finding(NamedTuple):
    """One finding (a named tuple: a big plan has thousands, made on every check)."""

    rule: str
    severity: Severity
    obligations: tuple[str, ...]  # codes
    params: dict[str, str]

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.name.lower(),
            "obligations": list(self.obligations),
            "params": self.params,
        }


RULES: dict[str, Severity] = {
    "no-receiver": Severity.WARNING,
    "receiver-org-gone": Severity.BLOCKER,
    "owner-org-ceases": Severity.BLOCKER,
    "orphaned": Severity.BLOCKER,
    "not-accepted-before-transition": Severity.WARNING,
    "transition-passed-not-accepted": Severity.BLOCKER,
    "past-due": Severity.BLOCKER,
    "due-soon": Severity.INFO,
    "due-very-soon": Severity.WARNING,
    "period-ended": Severity.INFO,
    "due-on-non-working-day": Severity.WARNING,
    "milestone-not-reached": Severity.WARNING,
    "dependency-violation": Severity.WARNING,
    "dependency-cycle": Severity.BLOCKER,
    "depends-on-unowned": Severity.WARNING,
    "overloaded": Severity.WARNING,
    "money-without-risk": Severity.WARNING,
    "no-criteria-after-transition": Severity.INFO,
    "transferred-without-evidence": Severity.BLOCKER,
}


def finding(rule: str, codes: Iterable[str], **params: str) -> Finding:
    """A finding of `rule` (its severity from RULES) about the obligations with these codes."""
    return Finding(rule=rule, severity=RULES[rule], obligations=tuple(codes), params=params)


def org_of(person: str | None, snapshot: Snapshot) -> OrganisationFacts | None:
    if person is None or person not in snapshot.people:
        return None
    return snapshot.organisations.get(snapshot.people[person])


def evaluate(snapshot: Snapshot, as_of: date, settings: Settings | None = None) -> Findings:
    """Every finding of the plan as of `as_of`, blockers first, then by rule and code."""
    # Imported here: the evaluation builds on this module's rules.
    from handover.domain.evaluation import evaluate_again

    return evaluate_again(None, snapshot, as_of, settings).findings


def own_findings(
    o: ObligationFacts, snapshot: Snapshot, as_of: date, settings: Settings
) -> list[Finding]:
    """The findings about one obligation alone: they read its row and the context (the day, the
    settings, the transition, people, organisations, calendar and due-soon levels)."""
    found: list[Finding] = []
    if o.open:
        receiver_org = org_of(o.receiving_owner, snapshot)
        owner_org = org_of(o.current_owner, snapshot)
        if o.receiving_owner is None:
            found.append(finding("no-receiver", [o.code]))
        if receiver_org is not None and o.due is not None and not receiver_org.exists_on(o.due):
            found.append(
                finding(
                    "receiver-org-gone",
                    [o.code],
                    organisation=receiver_org.name,
                    due=o.due.strftime("%d.%m.%Y"),
                )
            )
        if (
            owner_org is not None
            and owner_org.exists_until is not None
            and as_of <= owner_org.exists_until  # once it has ceased, the rule is "orphaned"
            and o.due is not None
            and owner_org.exists_until < o.due
            and o.handover_state not in ACCEPTED_STATES
        ):
            found.append(
                finding(
                    "owner-org-ceases",
                    [o.code],
                    organisation=owner_org.name,
                    ceases=owner_org.exists_until.strftime("%d.%m.%Y"),
                )
            )
        if o.due is not None and o.due < as_of and not o.ends_period:
            found.append(finding("past-due", [o.code], days=str((as_of - o.due).days)))
        if snapshot.transition is not None and o.due is not None and o.due >= snapshot.transition:
            deadline = snapshot.transition - timedelta(days=settings.accept_days_before_transition)
            if as_of >= snapshot.transition and o.handover_state not in ACCEPTED_STATES:
                found.append(
                    finding(
                        "transition-passed-not-accepted",
                        [o.code],
                        transition=snapshot.transition.strftime("%d.%m.%Y"),
                        days=str((as_of - snapshot.transition).days),
                    )
                )
            elif as_of >= deadline and o.handover_state not in ACCEPTED_STATES:
                found.append(
                    finding(
                        "not-accepted-before-transition",
                        [o.code],
                        days=str((snapshot.transition - as_of).days),
                        transition=snapshot.transition.strftime("%d.%m.%Y"),
                    )
                )
            if not o.has_criteria:
                found.append(finding("no-criteria-after-transition", [o.code]))
        if o.amount_eur and o.amount_eur > 0 and o.risks == 0:
            found.append(finding("money-without-risk", [o.code], amount=f"{o.amount_eur:,.0f}"))
        # Imported here: timed_rules builds on this module's types.
        from handover.domain import timed_rules

        found.extend(timed_rules.obligation_findings(o, snapshot, as_of))
    if o.handover_state == "transferred" and o.evidence == 0:
        found.append(finding("transferred-without-evidence", [o.code]))
    return found


def network(snapshot: Snapshot) -> tuple[list[Task], list[Link]]:
    """The plan as a scheduling network: an obligation lasts from its start to its due date (0
    days with a due date only). The timeline and the findings schedule the same network, on the
    snapshot's work calendar (`snapshot.work_calendar`: lags in working days count on it)."""
    return network_of(((o.id, o.start, o.due) for o in snapshot.obligations), snapshot.dependencies)


def network_of(
    obligations: Iterable[tuple[str, date | None, date | None]],
    dependencies: Iterable[DependencyFacts],
) -> tuple[list[Task], list[Link]]:
    """`network` from (id, start, due) of each obligation: all the schedule reads of a plan."""
    return [network_task(*obligation) for obligation in obligations], network_links(dependencies)


def network_task(oid: str, start: date | None, due: date | None) -> Task:
    """One obligation as a task of the network: from its start to its due date."""
    return Task(
        oid, max(0, due.toordinal() - start.toordinal()) if start and due else 0, start, due
    )


def network_links(dependencies: Iterable[DependencyFacts]) -> list[Link]:
    """The dependencies as the network's links."""
    return [
        Link(d.predecessor, d.successor, d.type, d.lag_days, DurationUnit(d.lag_unit))
        for d in dependencies
    ]


# A schedule violation's finding with the ids it names (the late task, its driver), made before
# it is known whether the task is open: the status edits that follow keep it.
Violation = tuple[str, str, Finding]


def violations_of(
    snapshot: Snapshot, by_id: dict[str, ObligationFacts], result: Schedule | CycleError
) -> tuple[Violation, ...]:
    """Violations and cycles from the critical-path method (one definition for the timeline and
    the findings): an obligation due before its predecessors let it finish."""
    if isinstance(result, CycleError):
        codes = [by_id[node].code for node in result.cycle if node in by_id]
        cycle = finding("dependency-cycle", codes[:-1] or codes, cycle=" → ".join(codes))
        return (("", "", cycle),)
    found = []
    kinds = {(d.predecessor, d.successor): d for d in snapshot.dependencies}
    for violation in result.violations:
        drivers = result.drivers.get(violation.task, ())
        if not drivers:
            continue
        link = kinds[(drivers[0], violation.task)]
        late = finding(
            "dependency-violation",
            [by_id[violation.task].code, by_id[drivers[0]].code],
            type=link.type,
            lag=str(link.lag_days),
            unit=link.lag_unit,
            days=str(violation.days_late),
        )
        found.append((violation.task, drivers[0], late))
    return tuple(found)


def schedule_finding(violation: Violation, by_id: Mapping[str, ObligationFacts]) -> Finding | None:
    """A violation's finding when its late obligation is open, with the codes as they are now."""
    task, driver, late = violation
    if not task:  # a cycle
        return late
    after = by_id[task]
    if not after.open:
        return None
    codes = (after.code, by_id[driver].code)
    return late if late.obligations == codes else late._replace(obligations=codes)


def unowned_finding(d: DependencyFacts, by_id: Mapping[str, ObligationFacts]) -> Finding | None:
    """An open obligation that depends on an open one nobody receives."""
    before, after = by_id.get(d.predecessor), by_id.get(d.successor)
    if before is None or after is None or not after.open:
        return None
    if before.open and before.receiving_owner is None:
        return finding("depends-on-unowned", [after.code, before.code])
    return None


Week = tuple[str, int, int]  # (receiving owner, ISO year, ISO week)


def receivers_week(o: ObligationFacts) -> Week | None:
    """The receiver's week an open obligation counts in for "overloaded" (its due date's)."""
    if o.receiving_owner is None or o.due is None or not o.open:
        return None
    year, week, _ = o.due.isocalendar()
    return o.receiving_owner, year, week


def overloaded_finding(
    week: Week, codes: Sequence[str], snapshot: Snapshot, settings: Settings
) -> Finding | None:
    """More open obligations due in a receiver's week (their codes) than the settings allow."""
    if len(codes) <= settings.max_open_per_week:
        return None
    person, year, number = week
    return finding(
        "overloaded",
        sorted(codes),
        person=snapshot.names.get(person, person),
        week=f"{number}/{year}",
        count=str(len(codes)),
        limit=str(settings.max_open_per_week),
    )


def readiness(snapshot: Snapshot) -> tuple[int, int]:
    """(ready, total) for the readiness score: of the open obligations due on or after the
    transition, those accepted (or transferred) by a receiving owner whose organisation exists on
    the transition day."""
    counted = readiness_again(None, snapshot)
    return counted.ready, counted.total


class Readiness(NamedTuple):
    """`readiness`'s counts, with what counting again after a change needs."""

    ready: int
    total: int
    obligations: Sequence[ObligationFacts]  # the obligations counted
    context: tuple[object, ...]  # what else the count read


def readiness_again(previous: Readiness | None, snapshot: Snapshot) -> Readiness:
    """`readiness`, counting from `previous` only the obligations changed since (as the snapshot
    says) when the transition, people and organisations are the same."""
    context = (snapshot.transition, snapshot.people, snapshot.organisations)
    changes = snapshot.changes
    if (
        previous is not None
        and changes is not None
        and changes.since is previous.obligations
        and changes.now is snapshot.obligations
        and previous.context == context
    ):
        ready, total = previous.ready, previous.total
        for oid, now in changes.facts.items():
            was_ready, was_counted = _readiness_of(changes.before.get(oid), snapshot)
            is_ready, is_counted = _readiness_of(now, snapshot)
            ready += is_ready - was_ready
            total += is_counted - was_counted
        return Readiness(ready, total, snapshot.obligations, context)
    ready = total = 0
    for o in snapshot.obligations:
        is_ready, is_counted = _readiness_of(o, snapshot)
        ready += is_ready
        total += is_counted
    return Readiness(ready, total, snapshot.obligations, context)


def _readiness_of(o: ObligationFacts | None, snapshot: Snapshot) -> tuple[int, int]:
    """(ready, counted) of one obligation: 1 or 0 each."""
    day = snapshot.transition
    if o is None or day is None or not o.open or o.due is None or o.due < day:
        return 0, 0
    if o.handover_state not in ACCEPTED_STATES:
        return 0, 1
    organisation = org_of(o.receiving_owner, snapshot)
    return int(organisation is not None and organisation.exists_on(day)), 1
