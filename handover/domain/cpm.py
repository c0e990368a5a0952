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

import heapq
import weakref
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
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
    # What `schedule_again` brings up to date after some tasks changed (not compared).
    passes: _Passes | None = field(default=None, compare=False, repr=False)
    # Brought up to date from a schedule (held weakly: no chain of old schedules), the tasks
    # whose timings may differ from its (the others' are the same).
    since: tuple[weakref.ref[Schedule], frozenset[str]] | None = field(
        default=None, compare=False, repr=False
    )

    def moved_since(self, before: Schedule) -> frozenset[str] | None:
        """The tasks whose timings may differ from `before`'s (every other task's are equal):
        known when this schedule was brought up to date from `before` or is `before`; else
        None."""
        if self is before:
            return frozenset()
        if self.since is not None and self.since[0]() is before:
            return self.since[1]
        return None

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


@dataclass(frozen=True)
class _Passes:
    """A schedule's passes in day numbers from the origin, with the network they ran on: what a
    schedule of the same network with a few tasks' dates changed reuses (`schedule_again`)."""

    tasks: Sequence[Task]
    by_id: dict[str, Task]
    links: Sequence[Link]
    origin: date
    calendar: WorkCalendar
    forward_only: bool  # no latest dates, slack or ranking kept
    order: list[str]  # topological
    position: dict[str, int]  # in `order`
    listed: dict[str, int]  # in `tasks`
    into: dict[str, list[Link]]
    out_of: dict[str, list[Link]]
    es: dict[str, int]
    ef: dict[str, int]
    ls: dict[str, int]
    lf: dict[str, int]
    found: dict[str, tuple[str, ...]]  # binding predecessors, in link order
    depth: dict[str, int]  # length of the chain of binding predecessors behind each task
    network_finish: int


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
    return _from_scratch(tasks, links, origin, calendar, forward_only, keep=False)


# Beyond one changed task in this many, the passes run over the whole network again.
_AGAIN_SHARE = 8


def schedule_again(
    previous: Schedule | None,
    tasks: Sequence[Task],
    links: Sequence[Link],
    origin: date,
    *,
    work_calendar: WorkCalendar | None = None,
    forward_only: bool = False,
) -> Schedule:
    """`schedule`, brought up to date from `previous` (a `schedule_again` of the same network,
    the same `forward_only`, before some tasks' start, deadline or duration changed): the forward
    pass runs again from the changed tasks through what follows them, the backward pass through
    what precedes them, and only the binding predecessors whose ranking they touch are ranked
    again. Equal to `schedule` (tests/domain/test_cpm_incremental.py). Anything else changed (a
    link, a task added, removed or moved in the list, the origin or the calendar) schedules from
    scratch."""
    calendar = work_calendar or WorkCalendar()
    kept = previous.passes if previous is not None else None
    changed: list[Task] = []
    if (
        previous is not None
        and kept is not None
        and kept.forward_only == forward_only
        and kept.origin == origin
        and kept.calendar == calendar
        and len(kept.tasks) == len(tasks)
        and (kept.links is links or kept.links == links)
    ):
        for old, new in zip(kept.tasks, tasks, strict=True):
            if old is not new and old != new:
                if old.id != new.id or len(changed) * _AGAIN_SHARE >= len(tasks):
                    break
                changed.append(new)
        else:
            return _again(previous, kept, tasks, changed) if changed else previous
    return _from_scratch(tasks, links, origin, calendar, forward_only, keep=True)


def _own_starts(tasks: Iterable[Task], base: int) -> dict[str, int]:
    """Each task's start (from the origin `base`) before its predecessors have their say: its
    planned start, else back from its deadline, else the origin."""
    return {
        task.id: task.start.toordinal() - base
        if task.start is not None
        else task.deadline.toordinal() - base - task.duration
        if task.deadline is not None
        else 0
        for task in tasks
    }


def _forward(
    task: Task,
    start: int,
    incoming: Sequence[Link],
    es: dict[str, int],
    ef: dict[str, int],
    base: int,
    calendar: WorkCalendar,
) -> tuple[int, tuple[str, ...]]:
    """A task's earliest start (from the origin `base`; `start` its own) and the predecessors
    that bind it."""
    if not incoming:
        return start, ()
    duration = task.duration
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
    return start, tuple(p for bound, p in bounds if bound == start)


def _backward(
    task: Task,
    outgoing: Sequence[Link],
    ls: dict[str, int],
    lf: dict[str, int],
    base: int,
    calendar: WorkCalendar,
    network_finish: int,
) -> int:
    """A task's latest finish (from the origin `base`): its deadline and what its successors
    allow; with neither, the network's finish."""
    duration = task.duration
    finish = task.deadline.toordinal() - base if task.deadline is not None else None
    for link in outgoing:
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
    return network_finish if finish is None else finish


_NO_LINKS: tuple[Link, ...] = ()


def _from_scratch(
    tasks: Sequence[Task],
    links: Sequence[Link],
    origin: date,
    calendar: WorkCalendar,
    forward_only: bool,
    *,
    keep: bool,
) -> Schedule:
    """Both passes over the whole network; `keep`: with what `schedule_again` reuses."""
    by_id = {task.id: task for task in tasks}
    usable = [link for link in links if link.predecessor in by_id and link.successor in by_id]
    order = _order(by_id, usable)
    into: dict[str, list[Link]] = {}
    out_of: dict[str, list[Link]] = {}
    for link in usable:
        into.setdefault(link.successor, []).append(link)
        out_of.setdefault(link.predecessor, []).append(link)
    base = origin.toordinal()
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    found: dict[str, tuple[str, ...]] = {}
    starts = _own_starts(tasks, base)
    for task_id in order:
        start = starts[task_id]
        task = by_id[task_id]
        incoming = into.get(task_id)
        if incoming:  # (a call per task only where predecessors have a say: 1.4x faster)
            start, binding = _forward(task, start, incoming, es, ef, base, calendar)
            if binding:
                found[task_id] = binding
        es[task_id] = start
        ef[task_id] = start + task.duration
    late = _late(tasks, ef, base)
    network_finish = max(ef.values(), default=0)
    lf: dict[str, int] = {}
    ls: dict[str, int] = {}
    depth: dict[str, int] = {}

    def kept() -> _Passes | None:
        if not keep:
            return None
        return _Passes(
            tasks=tasks,
            by_id=by_id,
            links=links,
            origin=origin,
            calendar=calendar,
            forward_only=forward_only,
            order=order,
            position={task_id: index for index, task_id in enumerate(order)},
            listed={task_id: index for index, task_id in enumerate(by_id)},
            into=into,
            out_of=out_of,
            es=es,
            ef=ef,
            ls=ls,
            lf=lf,
            found=found,
            depth=depth,
            network_finish=network_finish,
        )

    if forward_only:
        return Schedule(timings={}, violations=late, drivers=found, passes=kept())
    for task_id in reversed(order):
        task = by_id[task_id]
        finish = _backward(
            task, out_of.get(task_id, _NO_LINKS), ls, lf, base, calendar, network_finish
        )
        lf[task_id] = finish
        ls[task_id] = finish - task.duration
    timings = _timings(order, base, es, ef, ls, lf)
    for task_id in order:
        depth[task_id] = _depth(task_id, found, depth)
    ranked = {task_id: _ranked(binding, timings, depth) for task_id, binding in found.items()}
    return Schedule(timings=timings, violations=late, drivers=ranked, passes=kept())


def _timings(
    task_ids: Iterable[str],
    base: int,
    es: dict[str, int],
    ef: dict[str, int],
    ls: dict[str, int],
    lf: dict[str, int],
) -> dict[str, Timing]:
    """The tasks' timings as day numbers (the passes count from the origin `base`)."""
    return {
        task_id: Timing(
            base + es[task_id], base + ef[task_id], base + ls[task_id], base + lf[task_id]
        )
        for task_id in task_ids
    }


def _depth(task_id: str, found: dict[str, tuple[str, ...]], depth: dict[str, int]) -> int:
    """The length of the chain of binding predecessors behind a task (theirs known)."""
    return 1 + max((depth[p] for p in found.get(task_id, ())), default=-1)


def _ranked(
    binding: tuple[str, ...], timings: dict[str, Timing], depth: dict[str, int]
) -> tuple[str, ...]:
    """Of equally binding predecessors: least slack first, then the longest chain of binding
    predecessors behind it (the chain that really decides), then the earliest start."""
    return tuple(sorted(binding, key=lambda p: (timings[p].slack, -depth[p], timings[p].es, p)))


def _late(tasks: Iterable[Task], ef: dict[str, int], base: int) -> tuple[Violation, ...]:
    """The tasks whose earliest finish falls after their deadline, in the tasks' order."""
    return tuple(
        Violation(task.id, task.deadline, day_of(base + ef[task.id]))
        for task in tasks
        if task.deadline is not None and base + ef[task.id] > task.deadline.toordinal()
    )


def _late_again(
    before: tuple[Violation, ...],
    touched: set[str],
    by_id: dict[str, Task],
    ef: dict[str, int],
    base: int,
    listed: dict[str, int],
) -> tuple[Violation, ...]:
    """`_late` once the earliest finish or the deadline of the `touched` tasks changed: the
    violations `before` of the other tasks, and the touched tasks' own again, in the tasks'
    order."""
    kept = [violation for violation in before if violation.task not in touched]
    fresh = _late((by_id[task_id] for task_id in touched), ef, base)
    if not fresh and len(kept) == len(before):
        return before
    return tuple(sorted((*kept, *fresh), key=lambda violation: listed[violation.task]))


def _rerun(
    seeds: Iterable[int],
    order: list[str],
    step: Callable[[str], bool],
    then: Callable[[str], Iterable[int]],
) -> set[str]:
    """Runs `step` over the tasks at the `seeds` positions of `order` in heap order, and over the
    positions `then` gives for each task whose `step` changed it; the tasks changed."""
    queue = list(seeds)
    heapq.heapify(queue)
    queued = set(queue)
    moved: set[str] = set()
    while queue:
        task_id = order[abs(heapq.heappop(queue))]
        if step(task_id):
            moved.add(task_id)
            for at in then(task_id):
                if at not in queued:
                    queued.add(at)
                    heapq.heappush(queue, at)
    return moved


def _again(
    previous: Schedule, kept: _Passes, tasks: Sequence[Task], changed: list[Task]
) -> Schedule:
    """`kept`'s passes run again from the `changed` tasks only (see `schedule_again`)."""
    base, calendar = kept.origin.toordinal(), kept.calendar
    order, position, into, out_of = kept.order, kept.position, kept.into, kept.out_of
    by_id = dict(kept.by_id)
    by_id.update((task.id, task) for task in changed)
    es, ef, found = dict(kept.es), dict(kept.ef), dict(kept.found)
    refound: set[str] = set()  # binding predecessors changed

    def forward(task_id: str) -> bool:
        task = by_id[task_id]
        own = _own_starts((task,), base)[task_id]
        start, binding = _forward(task, own, into.get(task_id, _NO_LINKS), es, ef, base, calendar)
        if binding != found.get(task_id, ()):
            refound.add(task_id)
            if binding:
                found[task_id] = binding
            else:
                del found[task_id]
        if start == es[task_id] and start + task.duration == ef[task_id]:
            return False
        es[task_id], ef[task_id] = start, start + task.duration
        return True

    def successors(task_id: str) -> Iterable[int]:
        return (position[link.successor] for link in out_of.get(task_id, _NO_LINKS))

    def predecessors(task_id: str) -> Iterable[int]:
        return (-position[link.predecessor] for link in into.get(task_id, _NO_LINKS))

    early = _rerun((position[task.id] for task in changed), order, forward, successors)
    network_finish = max(ef.values(), default=0)
    late = _late_again(
        previous.violations, early | {task.id for task in changed}, by_id, ef, base, kept.listed
    )
    if kept.forward_only:
        passes = replace(
            kept, tasks=tasks, by_id=by_id, es=es, ef=ef, found=found, network_finish=network_finish
        )
        return Schedule(
            timings={},
            violations=late,
            drivers=found,
            passes=passes,
            since=(weakref.ref(previous), frozenset(early)),
        )
    ls, lf = dict(kept.ls), dict(kept.lf)

    def backward(task_id: str) -> bool:
        task = by_id[task_id]
        finish = _backward(
            task, out_of.get(task_id, _NO_LINKS), ls, lf, base, calendar, network_finish
        )
        if finish == lf[task_id] and finish - task.duration == ls[task_id]:
            return False
        lf[task_id], ls[task_id] = finish, finish - task.duration
        return True

    # A moved network finish moves every free end: then the backward pass runs over it all.
    seeds = (
        range(0, -len(order), -1)
        if network_finish != kept.network_finish
        else (-position[task.id] for task in changed)
    )
    latest = _rerun(seeds, order, backward, predecessors)
    timings = dict(previous.timings)
    timings.update(_timings(early | latest, base, es, ef, ls, lf))
    depth = dict(kept.depth)

    def deepen(task_id: str) -> bool:
        value = _depth(task_id, found, depth)
        if value == depth[task_id]:
            return False
        depth[task_id] = value
        return True

    deeper = _rerun((position[task_id] for task_id in refound), order, deepen, successors)
    # Ranked again: tasks whose binding predecessors changed, and those bound by a task whose
    # slack, earliest start or depth changed.
    again = set(refound)
    for task_id in early | latest | deeper:
        for link in out_of.get(task_id, _NO_LINKS):
            if task_id in found.get(link.successor, ()):
                again.add(link.successor)
    ranked = dict(previous.drivers)
    for task_id in again:
        if task_id in found:
            ranked[task_id] = _ranked(found[task_id], timings, depth)
        else:
            ranked.pop(task_id, None)
    passes = replace(
        kept,
        tasks=tasks,
        by_id=by_id,
        es=es,
        ef=ef,
        ls=ls,
        lf=lf,
        found=found,
        depth=depth,
        network_finish=network_finish,
    )
    return Schedule(
        timings=timings,
        violations=late,
        drivers=ranked,
        passes=passes,
        since=(weakref.ref(previous), frozenset(early | latest)),
    )
