"""The critical-path method over obligations: forward and backward passes with FS, SS, FF and SF
dependencies and lags, giving earliest and latest dates, slack, the critical path to a chosen
obligation, and the violations (planned dates their predecessors do not allow).

Days are counted as whole days; a task's duration is its planned finish minus its planned start
(0 for a task with a due date only). A lag counts in its unit: calendar days, working days (on the
plan's work calendar), months or years (end of month clipped, 31.01 + 1 month = 28.02), the same
arithmetic as the due rules (`workdays.shift`); the backward pass uses its exact inverse
(`workdays.latest_before`), so a lag or a lead means the same thing read either way (slack stays
in calendar days: a task finishing on a Friday before a working-day lag has the weekend as slack).

Latest dates respect each task's own deadline (its due date) as well as its successors, so slack
is measured against the plan's real deadlines; where no task has a deadline, the network's own
finish is the deadline, as in the textbook method.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from handover.domain.schedule import find_cycle
from handover.domain.workdays import DurationUnit, WorkCalendar, latest_before, shift

_FIRST_ORDINAL = date.min.toordinal()
_LAST_ORDINAL = date.max.toordinal()


def day_of(ordinal: int) -> date:
    """A day number as a date, held to date.min..date.max: however long a chain of lags, the
    schedule never raises (dates are in the planner's window, so a real plan stays far inside)."""
    return date.fromordinal(min(max(ordinal, _FIRST_ORDINAL), _LAST_ORDINAL))


_DAYS = DurationUnit.DAYS
_FROM_FINISH = frozenset({"FS", "FF"})
_TO_FINISH = frozenset({"FF", "SF"})


class Task(NamedTuple):
    """A named tuple, not a dataclass: networks of 10,000 are built on every check."""

    id: str
    duration: int = 0
    start: date | None = None  # planned start, if any
    deadline: date | None = None  # planned finish (the due date), if any


class Link(NamedTuple):
    predecessor: str
    successor: str
    type: str = "FS"
    lag: int = 0
    unit: DurationUnit = DurationUnit.DAYS


def lagged(ordinal: int, link: Link, work_calendar: WorkCalendar) -> int:
    """The day number `link`'s lag leads to from `ordinal` (the forward pass)."""
    if link.unit is DurationUnit.DAYS or link.lag == 0:
        return ordinal + link.lag
    if not _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
        return ordinal + link.lag  # beyond any date: only the order matters there
    try:
        return shift(date.fromordinal(ordinal), link.lag, link.unit, work_calendar).toordinal()
    except (ValueError, OverflowError):  # past 31.12.9999 or before 01.01.0001
        return ordinal + link.lag


def unlagged(ordinal: int, link: Link, work_calendar: WorkCalendar) -> int:
    """The latest day number whose lag still leads to `ordinal` or before (the backward pass)."""
    if link.unit is DurationUnit.DAYS or link.lag == 0:
        return ordinal - link.lag
    if not _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
        return ordinal - link.lag
    try:
        day = latest_before(date.fromordinal(ordinal), link.lag, link.unit, work_calendar)
        return day.toordinal()
    except (ValueError, OverflowError):
        return ordinal - link.lag


class CycleError(ValueError):
    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__(" → ".join(self.cycle))


class Timing(NamedTuple):
    """Day numbers (proleptic ordinals) kept as integers; dates on request."""

    es: int
    ef: int
    ls: int
    lf: int

    @property
    def earliest_start(self) -> date:
        return day_of(self.es)

    @property
    def earliest_finish(self) -> date:
        return day_of(self.ef)

    @property
    def latest_start(self) -> date:
        return day_of(self.ls)

    @property
    def latest_finish(self) -> date:
        return day_of(self.lf)

    @property
    def slack(self) -> int:
        return self.lf - self.ef

    @property
    def critical(self) -> bool:
        return self.slack <= 0


@dataclass(frozen=True)
class Violation:
    task: str
    planned_finish: date
    earliest_finish: date

    @property
    def days_late(self) -> int:
        return (self.earliest_finish - self.planned_finish).days


@dataclass(frozen=True)
class Schedule:
    timings: dict[str, Timing]
    violations: tuple[Violation, ...] = field(default_factory=tuple)
    drivers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # binding predecessors

    def critical_path(self, target: str) -> list[str]:
        """The chain of binding predecessors that decides `target`'s earliest date, first to last
        (of equally binding ones: least slack, then the longest chain behind it)."""
        path = [target]
        seen = {target}
        current = target
        while self.drivers.get(current):
            current = self.drivers[current][0]
            if current in seen:  # cannot happen on an acyclic network; stay safe
                break
            seen.add(current)
            path.append(current)
        return list(reversed(path))


def _order(tasks: dict[str, Task], links: Sequence[Link]) -> list[str]:
    successors: dict[str, list[str]] = defaultdict(list)
    incoming = dict.fromkeys(tasks, 0)
    for link in links:
        successors[link.predecessor].append(link.successor)
        incoming[link.successor] += 1
    queue = deque(sorted(task for task, count in incoming.items() if count == 0))
    order = []
    while queue:
        task = queue.popleft()
        order.append(task)
        for successor in successors[task]:
            incoming[successor] -= 1
            if incoming[successor] == 0:
                queue.append(successor)
    if len(order) != len(tasks):
        edges = {p: list(s) for p, s in successors.items()}
        raise CycleError(find_cycle(edges))
    return order


def schedule(
    tasks: Sequence[Task],
    links: Sequence[Link],
    origin: date,
    *,
    work_calendar: WorkCalendar | None = None,
    forward_only: bool = False,
) -> Schedule:
    """Forward and backward pass. A task without predecessors starts at its planned start, else
    at its deadline minus its duration, else at `origin`. Lags in working days count on
    `work_calendar` (weekends and Danish public holidays when None). `forward_only` skips what
    violations do not need (latest dates, slack, ranking the binding predecessors): the
    findings' way."""
    calendar = work_calendar or WorkCalendar()
    by_id = {task.id: task for task in tasks}
    links = [link for link in links if link.predecessor in by_id and link.successor in by_id]
    order = _order(by_id, links)
    into: dict[str, list[Link]] = {}
    out_of: dict[str, list[Link]] = {}
    for link in links:
        into.setdefault(link.successor, []).append(link)
        out_of.setdefault(link.predecessor, []).append(link)

    base = origin.toordinal()

    def day(value: date) -> int:
        return value.toordinal() - base

    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    drivers: dict[str, tuple[str, ...]] = {}
    no_links: tuple[Link, ...] = ()
    for task_id in order:
        task = by_id[task_id]
        duration = task.duration
        if task.start is not None:
            start = day(task.start)
        elif task.deadline is not None:
            start = day(task.deadline) - duration
        else:
            start = 0
        incoming = into.get(task_id, no_links)
        if incoming:
            bounds = []
            for link in incoming:
                p, kind = link.predecessor, link.type
                # From the predecessor's finish (FS, FF) or start (SS, SF) ...
                since = ef[p] if kind in _FROM_FINISH else es[p]
                if link.unit is _DAYS:
                    bound = since + link.lag
                else:
                    bound = lagged(base + since, link, calendar) - base
                if kind in _TO_FINISH:  # ... to the successor's finish (FF, SF) or start
                    bound -= duration
                bounds.append((bound, p))
                if bound > start:
                    start = bound
            binding = tuple(p for bound, p in bounds if bound == start)
            if binding:
                drivers[task_id] = binding
        es[task_id] = start
        ef[task_id] = start + duration

    if forward_only:
        late = tuple(
            Violation(task.id, task.deadline, day_of(base + ef[task.id]))
            for task in tasks
            if task.deadline is not None and ef[task.id] > day(task.deadline)
        )
        return Schedule(timings={}, violations=late, drivers=drivers)

    network_finish = max(ef.values(), default=0)
    lf: dict[str, int] = {}
    ls: dict[str, int] = {}
    for task_id in reversed(order):
        task = by_id[task_id]
        duration = task.duration
        finish = day(task.deadline) if task.deadline is not None else None
        for link in out_of.get(task_id, no_links):
            s, kind = link.successor, link.type
            until = lf[s] if kind in _TO_FINISH else ls[s]
            if link.unit is _DAYS:
                limit = until - link.lag
            else:
                limit = unlagged(base + until, link, calendar) - base
            if kind not in _FROM_FINISH:  # the bound is on this task's start (SS, SF)
                limit += duration
            if finish is None or limit < finish:
                finish = limit
        if finish is None:
            finish = network_finish  # a free end: the network's finish
        lf[task_id] = finish
        ls[task_id] = finish - duration

    timings = {
        task_id: Timing(
            base + es[task_id], base + ef[task_id], base + ls[task_id], base + lf[task_id]
        )
        for task_id in order
    }
    violations = tuple(
        Violation(task.id, task.deadline, timings[task.id].earliest_finish)
        for task in tasks
        if task.deadline is not None and ef[task.id] > day(task.deadline)
    )
    # Of equally binding predecessors, follow the one with least slack, then the longest chain of
    # binding predecessors behind it (the chain that really decides), then the earliest start.
    depth: dict[str, int] = {}
    for task_id in order:
        depth[task_id] = 1 + max((depth[p] for p in drivers.get(task_id, ())), default=-1)
    ranked = {
        task_id: tuple(
            sorted(
                found,
                key=lambda p: (timings[p].slack, -depth[p], timings[p].es, p),
            )
        )
        for task_id, found in drivers.items()
    }
    return Schedule(timings=timings, violations=violations, drivers=ranked)
