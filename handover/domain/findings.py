"""Readiness findings: rules over a plan, each with an id, a severity, the obligations concerned and
a suggested fix, evaluated "as of" any date.

The input is a light snapshot (`Snapshot`) the store builds straight from its tables, so checking
10,000 obligations needs no model validation. Rule texts live in the catalogue under
`finding.<rule>` and `fix.<rule>`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from typing import NamedTuple

from handover.domain.cpm import CycleError, Link, Schedule, Task, schedule
from handover.domain.workdays import DurationUnit, WorkCalendar

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


def evaluate(snapshot: Snapshot, as_of: date, settings: Settings | None = None) -> list[Finding]:
    """Every finding of the plan as of `as_of`, blockers first, then by rule and code."""
    return evaluate_again(None, snapshot, as_of, settings).findings


@dataclass(frozen=True)
class Evaluation:
    """`evaluate`'s findings with what a later evaluation of a changed plan may reuse: each
    obligation's own findings (they read its row and `context` only) and the forward schedule
    (it reads the network only)."""

    findings: list[Finding]
    context: tuple[object, ...]
    # Each obligation's facts and its own findings, in two maps: at 100,000 obligations a pair per
    # obligation was 100,000 more objects for every full garbage collection to walk.
    facts: dict[str, ObligationFacts]
    own: dict[str, tuple[Finding, ...]]
    obligations: Sequence[ObligationFacts]
    dependencies: Sequence[DependencyFacts]
    forward: tuple[date, Schedule | CycleError]
    violations: tuple[Violation, ...]  # kept while `forward` and the dependencies are


_CALENDAR = 5  # where `_context` holds the work calendar (the forward schedule reads it too)


def _context(snapshot: Snapshot, as_of: date, settings: Settings) -> tuple[object, ...]:
    """Everything an obligation's own findings read besides its row (see `_own`)."""
    return (
        as_of,
        settings,
        snapshot.transition,
        snapshot.people,
        snapshot.organisations,
        snapshot.work_calendar,
        tuple(snapshot.due_soon_days),
    )


def evaluate_again(
    previous: Evaluation | None, snapshot: Snapshot, as_of: date, settings: Settings | None = None
) -> Evaluation:
    """`evaluate`, reusing from `previous` (an evaluation of the plan before a change) the own
    findings of every obligation whose row and context are unchanged, and the forward schedule
    when the network is: a status edit re-checks one obligation, not 10,000. Equal to evaluating
    from scratch (tests/domain/test_findings_incremental.py)."""
    settings = settings or Settings()
    context = _context(snapshot, as_of, settings)
    known: dict[str, ObligationFacts] = {}
    known_own: dict[str, tuple[Finding, ...]] = {}
    if previous is not None and previous.context == context:
        known, known_own = previous.facts, previous.own
    findings: list[Finding] = []
    own: dict[str, tuple[Finding, ...]] = {}
    by_id = {o.id: o for o in snapshot.obligations}
    live = [o for o in snapshot.obligations if o.open]
    for o in snapshot.obligations:
        seen = known.get(o.id)
        # `is` first: the store's snapshot keeps the very facts of unchanged rows.
        if seen is not None and (seen is o or seen == o):
            mine = known_own[o.id]
        else:
            mine = tuple(_own(o, snapshot, as_of, settings))
        own[o.id] = mine
        findings.extend(mine)

    for d in snapshot.dependencies:
        before, after = by_id.get(d.predecessor), by_id.get(d.successor)
        if before is None or after is None or not after.open:
            continue
        if before.open and before.receiving_owner is None:
            findings.append(finding("depends-on-unowned", [after.code, before.code]))
    forward = _forward_schedule(previous, snapshot, as_of)
    violations = (
        previous.violations
        if previous is not None
        and previous.forward is forward
        and previous.dependencies is snapshot.dependencies
        and not isinstance(forward[1], CycleError)  # a cycle's finding names codes: made anew
        else _violations(snapshot, by_id, forward[1])
    )
    findings.extend(_schedule_findings(violations, by_id))
    # Imported here: these modules build on this one's types (Finding, Snapshot, RULES).
    from handover.domain import grant_rules, timed_rules

    findings.extend(timed_rules.milestone_findings(snapshot, as_of))
    findings.extend(grant_rules.evaluate(snapshot, as_of))

    weeks: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for o in live:
        if o.receiving_owner is not None and o.due is not None:
            year, week, _ = o.due.isocalendar()
            weeks[(o.receiving_owner, year, week)].append(o.code)
    for (person, year, week), codes in sorted(weeks.items()):
        if len(codes) > settings.max_open_per_week:
            findings.append(
                finding(
                    "overloaded",
                    sorted(codes),
                    person=snapshot.names.get(person, person),
                    week=f"{week}/{year}",
                    count=str(len(codes)),
                    limit=str(settings.max_open_per_week),
                )
            )
    ordered = in_order(findings)
    if previous is not None and ordered == previous.findings:
        # The write changed no finding (a status from not started to in progress, say): the very
        # list, so what was derived from it (the Oversigt's lines) is kept as it is.
        ordered = previous.findings
    return Evaluation(
        ordered,
        context,
        by_id,
        own,
        snapshot.obligations,
        snapshot.dependencies,
        forward,
        violations,
    )


def in_order(findings: Iterable[Finding]) -> list[Finding]:
    """Blockers first, then by rule and codes: `sorted` by (-severity, rule, obligations), stable.
    Sorted per (severity, rule), whose findings mostly arrive in code order already (each
    obligation's own, in code order): at 100,000 obligations a third of one sort of them all."""
    buckets: dict[tuple[int, str], list[Finding]] = defaultdict(list)
    for f in findings:
        buckets[(-f.severity, f.rule)].append(f)
    ordered: list[Finding] = []
    for key in sorted(buckets):
        ordered.extend(sorted(buckets[key], key=_codes))
    return ordered


def _codes(f: Finding) -> tuple[str, ...]:
    return f.obligations


def _own(o: ObligationFacts, snapshot: Snapshot, as_of: date, settings: Settings) -> list[Finding]:
    """The findings about one obligation alone: they read its row and what `_context` holds."""
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


def _forward_schedule(
    previous: Evaluation | None, snapshot: Snapshot, as_of: date
) -> tuple[date, Schedule | CycleError]:
    """The forward pass over the plan's network (or the cycle that stops it), reused from
    `previous` when the network and the day are the same."""
    if (
        previous is not None
        and previous.forward[0] == as_of
        and len(previous.obligations) == len(snapshot.obligations)
        and all(
            a is b or (a.id, a.start, a.due) == (b.id, b.start, b.due)
            for a, b in zip(previous.obligations, snapshot.obligations, strict=True)
        )
        and (
            previous.dependencies is snapshot.dependencies
            or list(previous.dependencies) == list(snapshot.dependencies)
        )
        and previous.context[_CALENDAR] == snapshot.work_calendar  # working-day lags count on it
    ):
        return previous.forward
    tasks, links = network(snapshot)
    try:
        return as_of, schedule(
            tasks, links, as_of, work_calendar=snapshot.work_calendar, forward_only=True
        )
    except CycleError as error:
        return as_of, error


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
    tasks = [
        Task(oid, max(0, due.toordinal() - start.toordinal()) if start and due else 0, start, due)
        for oid, start, due in obligations
    ]
    links = [
        Link(d.predecessor, d.successor, d.type, d.lag_days, DurationUnit(d.lag_unit))
        for d in dependencies
    ]
    return tasks, links


# A schedule violation's finding with the ids it names (the late task, its driver), made before
# it is known whether the task is open: the status edits that follow keep it.
Violation = tuple[str, str, Finding]


def _violations(
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


def _schedule_findings(
    violations: tuple[Violation, ...], by_id: dict[str, ObligationFacts]
) -> list[Finding]:
    """The violations' findings whose late obligation is open, with the codes as they are now."""
    found = []
    for task, driver, late in violations:
        if not task:  # a cycle
            found.append(late)
            continue
        after = by_id[task]
        if not after.open:
            continue
        codes = (after.code, by_id[driver].code)
        found.append(late if late.obligations == codes else late._replace(obligations=codes))
    return found


def readiness(snapshot: Snapshot) -> tuple[int, int]:
    """(ready, total) for the readiness score: of the open obligations due on or after the
    transition, those accepted (or transferred) by a receiving owner whose organisation exists on
    the transition day."""
    if snapshot.transition is None:
        return 0, 0
    day = snapshot.transition
    relevant = [o for o in snapshot.obligations if o.open and o.due is not None and o.due >= day]
    ready = 0
    for o in relevant:
        organisation = org_of(o.receiving_owner, snapshot)
        if (
            o.handover_state in ACCEPTED_STATES
            and organisation is not None
            and organisation.exists_on(day)
        ):
            ready += 1
    return ready, len(relevant)
