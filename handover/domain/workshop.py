"""A handover workshop: the agenda the facilitator steps through, the decisions, actions and open
questions recorded against each item, comments that mention people, and the minutes. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import TypeAdapter, ValidationError

from handover.domain.model import (
    Day,
    HandoverState,
    MultiLine,
    Obligation,
    OneLine,
    Person,
    Risk,
)
from handover.domain.plan import Problem, problems_from

NOTE_MAX = 4000  # a note's or comment's text
TITLE_MAX = 200  # a workshop's title
# The entry rules of every other field, reused: control characters, and the date window.
_MULTI_LINE_TEXT: TypeAdapter[str] = TypeAdapter(Annotated[str, MultiLine])
_ONE_LINE_TEXT: TypeAdapter[str] = TypeAdapter(Annotated[str, OneLine])
_DUE: TypeAdapter[date | None] = TypeAdapter(Day | None)


def entry_problems(
    path: str, text: str, *, limit: int = NOTE_MAX, one_line: bool = False, due: date | None = None
) -> list[Problem]:
    """What is wrong with a workshop title, a note (decision, action, question) or a comment as
    entered: empty or too long, a control character, a due date outside the planner's window."""
    problems = []
    if not text.strip() or len(text.strip()) > limit:
        key = "workshop.bad_title" if one_line else "workshop.bad_note"
        problems.append(Problem(path, key, {"limit": limit}))
    try:
        (_ONE_LINE_TEXT if one_line else _MULTI_LINE_TEXT).validate_python(text)
    except ValidationError as error:
        problems.extend(problems_from(error, (path,)))
    try:
        _DUE.validate_python(due)
    except ValidationError as error:
        problems.extend(problems_from(error, ("note.due",)))
    return problems


class ItemKind(StrEnum):
    OBLIGATION = "obligation"
    RISK = "risk"


class NoteKind(StrEnum):
    DECISION = "decision"
    ACTION = "action"
    QUESTION = "question"


class Outcome(StrEnum):
    """Where an agenda item stands: a decision was recorded (resolved), an open question was
    recorded after its last decision (parked), or nothing yet (open)."""

    RESOLVED = "resolved"
    OPEN = "open"
    PARKED = "parked"


class Step(StrEnum):
    """What the room may decide on the obligation in front of it."""

    RECEIVER = "receiver"  # set (or change) the receiving owner: proposes anew
    PROPOSE = "proposed"
    ACCEPT = "accepted"
    REJECT = "rejected"
    DUE = "due"  # move the due date


@dataclass(frozen=True)
class RoomDecision:
    step: Step
    receiver: str | None = None  # RECEIVER: a person id (None takes the receiver away)
    due: date | None = None  # DUE
    reason: str = ""  # REJECT


@dataclass(frozen=True)
class AgendaItem:
    kind: ItemKind
    id: str


@dataclass(frozen=True)
class Note:
    id: int
    item: AgendaItem
    kind: NoteKind
    text: str
    owner: str | None  # a person id (actions)
    due: date | None  # actions
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    agenda: tuple[AgendaItem, ...]
    current: int
    started_at: datetime
    started_by: str
    ended_at: datetime | None
    baseline: str | None
    version: int

    @property
    def open(self) -> bool:
        return self.ended_at is None

    @property
    def item(self) -> AgendaItem | None:
        return self.agenda[self.current] if 0 <= self.current < len(self.agenda) else None


def outcome_of(notes: Iterable[Note]) -> Outcome:
    """The item's outcome from its notes in the order recorded (actions do not change it)."""
    found = Outcome.OPEN
    for note in notes:
        if note.kind is NoteKind.DECISION:
            found = Outcome.RESOLVED
        elif note.kind is NoteKind.QUESTION:
            found = Outcome.PARKED
    return found


def progress(agenda: Sequence[AgendaItem], notes: Iterable[Note]) -> dict[AgendaItem, Outcome]:
    """Each agenda item's outcome, in agenda order."""
    by_item: dict[AgendaItem, list[Note]] = {}
    for note in notes:
        by_item.setdefault(note.item, []).append(note)
    return {item: outcome_of(by_item.get(item, ())) for item in agenda}


def standard_agenda(
    obligations: Iterable[Obligation],
    due: Mapping[str, date | None],
    risks: Iterable[Risk],
) -> list[AgendaItem]:
    """Obligations without a receiving owner (soonest due first), then those proposed or
    rejected but not accepted, then the risks (highest likelihood × impact first)."""
    live = [
        o
        for o in obligations
        if not o.deleted and o.handover_state is not HandoverState.TRANSFERRED
    ]

    def soonest(obligation: Obligation) -> tuple[date, str]:
        return (due.get(obligation.id) or date.max, obligation.code)

    unassigned = sorted((o for o in live if o.receiving_owner is None), key=soonest)
    waiting = sorted(
        (
            o
            for o in live
            if o.receiving_owner is not None
            and o.handover_state
            in (HandoverState.PROPOSED, HandoverState.REJECTED, HandoverState.UNASSIGNED)
        ),
        key=soonest,
    )
    ranked = sorted(risks, key=lambda r: (-r.likelihood * r.impact, r.title))
    return [
        *(AgendaItem(ItemKind.OBLIGATION, o.id) for o in unassigned),
        *(AgendaItem(ItemKind.OBLIGATION, o.id) for o in waiting),
        *(AgendaItem(ItemKind.RISK, r.id) for r in ranked),
    ]


def mentions(text: str, people: Sequence[Person]) -> list[str]:
    """The people a comment mentions: `@` followed by a person's name, role or e-mail (case
    ignored; the longest name wins, so "@Mie Hjorth Matthiesen" is not "@Mie")."""
    folded = text.casefold()
    names: list[tuple[str, str]] = []
    for person in people:
        for name in (person.name, person.title, person.email):
            if name.strip():
                names.append((name.strip().casefold(), person.id))
    names.sort(key=lambda pair: -len(pair[0]))
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for name, person_id in names:
        for match in re.finditer(re.escape("@" + name) + r"(?![\w])", folded):
            span = (match.start(), match.end())
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            if person_id not in found:
                found.append(person_id)
    return found


@dataclass(frozen=True)
class MinutesChange:
    when: datetime
    who: str
    what: str  # "XS-04 · receiving owner: — → LEAR for DSD", in the minutes' language


@dataclass(frozen=True)
class Minutes:
    title: str
    started_at: datetime
    ended_at: datetime | None
    started_by: str
    agenda: Sequence[str]  # item labels, in order
    notes: Mapping[str, Sequence[Note]]  # item label -> notes
    owners: Mapping[str, str]  # person id -> label
    changes: Sequence[MinutesChange] = field(default_factory=tuple)
    baseline: str | None = None
    outcomes: Sequence[Outcome] = field(default_factory=tuple)  # per agenda item, same order

    def of_kind(self, kind: NoteKind) -> list[tuple[str, Note]]:
        return [
            (label, note)
            for label in self.agenda
            for note in self.notes.get(label, ())
            if note.kind is kind
        ]
