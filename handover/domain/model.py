"""The entities of a handover plan as frozen, strictly validated records, and their vocabularies.

These are the fields of the plan document (docs/plan-format.md); the database mirrors them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from handover.domain.dates import FIRST_DAY, LAST_DAY, format_date, in_window
from handover.domain.workdays import DurationUnit, WorkCalendar, parse_closing_day, shift

# Control characters (C0, DEL, C1). A multi-line text may hold line breaks and tabs; a one-line
# text (names, titles, codes, ids) holds none at all.
_CONTROL_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def control_character(value: str, *, multi_line: bool) -> str | None:
    """The first control character in `value` as "U+000B", or None when it has none."""
    found = (_CONTROL_MULTI_LINE if multi_line else _CONTROL_ONE_LINE).search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _refuse_control(multi_line: bool) -> AfterValidator:
    def check(value: str) -> str:
        found = control_character(value, multi_line=multi_line)
        if found is not None:
            raise PydanticCustomError(
                "control_character",
                "contains the control character {char}",
                {"char": found, "multi_line": multi_line},
            )
        return value

    return AfterValidator(check)


def _in_window(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not in_window(day):
        raise PydanticCustomError(
            "outside_window",
            "the date {value} is outside {first}..{last}",
            {
                "value": format_date(day),
                "first": format_date(FIRST_DAY),
                "last": format_date(LAST_DAY),
            },
        )
    return value


OneLine = _refuse_control(multi_line=False)
MultiLine = _refuse_control(multi_line=True)
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), OneLine]
Text = Annotated[str, StringConstraints(max_length=20_000), MultiLine]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), OneLine
]


Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^\S+$"),
    OneLine,
]
Money = Annotated[float, Field(ge=0, le=1e12)]
# A date (or moment) within the planner's window, FIRST_DAY..LAST_DAY.
Day = Annotated[date, AfterValidator(_in_window)]
Moment = Annotated[datetime, AfterValidator(_in_window)]
# Where a date comes from: a source quoted, or "assumption: <why>" (docs/plan-format.md).
Basis = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class Status(StrEnum):
    """Where the work of an obligation stands."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class HandoverState(StrEnum):
    """Where the handover of an obligation to its receiving owner stands."""

    UNASSIGNED = "unassigned"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    TRANSFERRED = "transferred"
    REJECTED = "rejected"


class Priority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Category(StrEnum):
    """What kind of obligation; each has a Danish and English label in the text catalogue."""

    REPORTING = "reporting"
    FINANCE = "finance"
    LEGAL = "legal"
    GOVERNANCE = "governance"
    KNOWLEDGE = "knowledge"
    ARCHIVE = "archive"
    COMMUNICATION = "communication"
    OPERATIONS = "operations"


class MilestoneKind(StrEnum):
    MILESTONE = "milestone"
    EVENT = "event"
    DEADLINE = "deadline"
    TRANSITION = "transition"  # the day the old organisation hands over; the plan's reference line


class DependencyType(StrEnum):
    """Finish-to-start, start-to-start, finish-to-finish, start-to-finish."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class GrantDuty(StrEnum):
    """Which EU close-out duty an obligation fulfils (the grant rules look for these)."""

    FINAL_REPORT = "final_report"
    FINANCIAL_STATEMENT = "financial_statement"  # one per beneficiary: its owner's organisation
    CFS = "cfs"
    COORDINATOR_AMENDMENT = "coordinator_amendment"
    LEAR_UPDATE = "lear_update"
    BALANCE_PAYMENT = "balance_payment"
    DISTRIBUTION = "distribution"
    RECORDS = "records"
    AUDIT_CONTACT = "audit_contact"
    EXPLOITATION = "exploitation"
    RESULTS_PLATFORM = "results_platform"
    DISSEMINATION = "dissemination"


class DueAnchor(StrEnum):
    PROJECT_START = "project_start"
    PROJECT_END = "project_end"
    MILESTONE = "milestone"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Organisation(Record):
    id: Id
    name: Title
    kind: Text = ""
    exists_from: Day | None = None
    exists_until: Day | None = None
    successor: Id | None = None
    notes: Text = ""
    active: bool = True
    date_basis: Basis = ""

    def exists_on(self, day: date) -> bool:
        """True when the organisation exists on `day` (open-ended where a bound is unknown)."""
        if self.exists_from is not None and day < self.exists_from:
            return False
        return not (self.exists_until is not None and day > self.exists_until)


class Person(Record):
    """A named person, or a role that nobody fills yet (name empty, title given)."""

    id: Id
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), OneLine] = ""
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), OneLine] = ""
    organisation: Id
    email: Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+$"),
        OneLine,
    ] = ""
    active: bool = True
    language: Annotated[str, StringConstraints(pattern=r"^(da|en)$")] = "da"  # for reminders

    @model_validator(mode="after")
    def _named_or_titled(self) -> Person:
        if not self.name and not self.title:
            raise ValueError("a person needs a name or a title (role)")
        return self

    @property
    def label(self) -> str:
        if self.name and self.title:
            return f"{self.name} ({self.title})"
        return self.name or self.title


class Beneficiary(Record):
    """A beneficiary of a grant and the EU contribution it requested (None: not known)."""

    organisation: Id
    requested_eur: Money | None = None


class ReportingPeriod(Record):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> ReportingPeriod:
        if self.end < self.start:
            raise ValueError("a reporting period ends before it starts")
        return self


class Project(Record):
    """A project and, for an EU grant, its grant profile (agreement, beneficiaries, periods)."""

    id: Id
    name: Title
    programme: Text = ""
    start: Day | None = None
    end: Day | None = None
    coordinator: Id | None = None
    purpose: Text = ""
    grant_agreement: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    beneficiaries: tuple[Beneficiary, ...] = ()
    reporting_periods: tuple[ReportingPeriod, ...] = ()
    date_basis: Basis = ""


class Milestone(Record):
    id: Id
    project: Id | None = None
    title: Title
    planned: Day | None = None
    achieved: Day | None = None
    kind: MilestoneKind = MilestoneKind.MILESTONE
    date_basis: Basis = ""


class DueRule(Record):
    """A due date derived from another date: `anchor + days` (days may be negative), counted in
    `unit` (calendar days unless said otherwise; "days" keeps its name for every unit)."""

    anchor: DueAnchor
    milestone: Id | None = None
    days: Annotated[int, Field(ge=-36_500, le=36_500)] = 0
    unit: DurationUnit = DurationUnit.DAYS

    @model_validator(mode="after")
    def _milestone_only_for_milestone_anchor(self) -> DueRule:
        if self.anchor is DueAnchor.MILESTONE and self.milestone is None:
            raise ValueError("anchor 'milestone' needs the field 'milestone'")
        if self.anchor is not DueAnchor.MILESTONE and self.milestone is not None:
            raise ValueError("the field 'milestone' belongs only to anchor 'milestone'")
        return self

    @model_validator(mode="after")
    def _bounded_in_its_unit(self) -> DueRule:
        limit = {DurationUnit.MONTHS: 1_200, DurationUnit.YEARS: 100}.get(self.unit, 36_500)
        if abs(self.days) > limit:
            raise ValueError(f"at most {limit} {self.unit.value} from the anchor")
        return self

    def resolve(
        self, anchor_date: date | None, work_calendar: WorkCalendar | None = None
    ) -> date | None:
        if anchor_date is None:
            return None
        return shift(anchor_date, self.days, self.unit, work_calendar or WorkCalendar())


class Obligation(Record):
    id: Id
    code: Code
    project: Id | None = None
    title: Title
    description: Text = ""
    category: Category
    source_quote: Text = ""
    source_ref: Text = ""
    legal_basis: Text = ""
    current_owner: Id | None = None
    receiving_owner: Id | None = None
    start: Day | None = None
    due: Day | None = None
    due_rule: DueRule | None = None
    status: Status = Status.NOT_STARTED
    handover_state: HandoverState = HandoverState.UNASSIGNED
    acceptance_criteria: Text = ""
    evidence: tuple[
        Annotated[str, StringConstraints(min_length=1, max_length=2000), MultiLine], ...
    ] = ()
    amount_eur: Money | None = None
    priority: Priority = Priority.MEDIUM
    notes: Text = ""
    accepted_by: Annotated[str, StringConstraints(max_length=200), OneLine] | None = None
    accepted_at: Moment | None = None
    rejection_reason: Text = ""
    deleted: bool = False
    date_basis: Basis = ""
    grant_duty: GrantDuty | None = None
    ends_period: bool = False  # the due date ends a period (records kept until), not a deadline

    @model_validator(mode="after")
    def _one_way_to_be_due(self) -> Obligation:
        if self.due is not None and self.due_rule is not None:
            raise ValueError("give either 'due' (a date) or 'due_rule', not both")
        return self


LAG_LIMITS: dict[DurationUnit, int] = {
    DurationUnit.DAYS: 3650,
    DurationUnit.WORKING_DAYS: 2600,
    DurationUnit.MONTHS: 120,
    DurationUnit.YEARS: 10,
}
"""How far a lag (or lead) may reach in each unit: about ten years, so a chain of lags stays far
inside the dates a schedule can count."""


def lag_fits(lag: int, unit: DurationUnit) -> bool:
    """Whether a lag of `lag` in `unit` is within its unit's limit (the rulebook's one test)."""
    return abs(lag) <= LAG_LIMITS[unit]


class Dependency(Record):
    """A link between obligations with its lag (a lead when negative), counted in `lag_unit`
    ("lag_days" keeps its name for every unit, as a due rule's "days" does)."""

    predecessor: Id
    successor: Id
    type: DependencyType = DependencyType.FS
    lag_days: Annotated[int, Field(ge=-3650, le=3650)] = 0
    lag_unit: DurationUnit = DurationUnit.DAYS

    @model_validator(mode="after")
    def _lag_within_its_unit(self) -> Dependency:
        if not lag_fits(self.lag_days, self.lag_unit):
            raise PydanticCustomError(
                "lag_out_of_range",
                "a lag of at most {limit} {unit}",
                {"limit": LAG_LIMITS[self.lag_unit], "unit": self.lag_unit.value},
            )
        return self


def link_of(entry: Sequence[Any]) -> tuple[str, str, int, str]:
    """A link as the history records it, `[predecessor, type, lag, unit]`, or without the unit
    (calendar days) as recorded before lags had units."""
    predecessor, kind, lag, *unit = entry
    return str(predecessor), str(kind), int(lag), str(unit[0]) if unit else "days"


class PlanSettings(Record):
    """A plan's calendar and escalation settings."""

    closing_days: tuple[Annotated[str, StringConstraints(max_length=10)], ...] = ()
    roll_deadlines: bool = False  # a deadline on a non-working day moves to the next working day
    due_soon_days: tuple[Annotated[int, Field(ge=1, le=365)], ...] = (30, 14, 7)

    @model_validator(mode="after")
    def _closing_days_are_days(self) -> PlanSettings:
        for value in self.closing_days:
            try:
                parse_closing_day(value)
            except ValueError as error:
                raise ValueError(f"closing day {value!r}: mm-dd or yyyy-mm-dd") from error
        return self

    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar.from_closing_days(self.closing_days)


class Risk(Record):
    id: Id
    title: Title
    description: Text = ""
    likelihood: Annotated[int, Field(ge=1, le=5)]
    impact: Annotated[int, Field(ge=1, le=5)]
    mitigation: Text = ""
    owner: Id | None = None
    amount_eur: Money | None = None
    obligations: tuple[Id, ...] = ()
