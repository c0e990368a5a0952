"""`schedule_again` brings a schedule up to date after some tasks' dates changed: always equal to
scheduling from scratch (timings, violations, ranked binding predecessors), recomputing only what
the change reaches, and from scratch whenever the network itself changed."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain import cpm
from handover.domain.cpm import CycleError, Link, Schedule, Task, schedule, schedule_again
from handover.domain.workdays import DANISH_PUBLIC_BODY_CLOSING_DAYS, DurationUnit, WorkCalendar

ORIGIN = date(2026, 12, 1)
OFFICE = WorkCalendar.from_closing_days(DANISH_PUBLIC_BODY_CLOSING_DAYS)
DAYS = st.integers(-20, 60).map(lambda n: ORIGIN + timedelta(days=n))


def same(again: Schedule, scratch: Schedule) -> None:
    assert again.timings == scratch.timings
    assert again.violations == scratch.violations
    assert again.drivers == scratch.drivers


# Few distinct dates and short lags: many predecessors bind a task equally, so the ranking of
# equally binding ones (slack, chain depth, earliest start) is exercised too.
NEAR = st.integers(0, 6).map(lambda n: ORIGIN + timedelta(days=n))


@st.composite
def task_dates(draw: st.DrawFn, task_id: str, days: st.SearchStrategy[date] = DAYS) -> Task:
    start = draw(st.none() | days)
    deadline = draw(st.none() | days)
    duration = max(0, (deadline - start).days) if start and deadline else draw(st.integers(0, 6))
    return Task(task_id, duration, start, deadline)


@st.composite
def networks(draw: st.DrawFn, tied: bool = False) -> tuple[list[Task], list[Link]]:
    """Up to 14 tasks listed in any order; links only from an earlier to a later one in a hidden
    ranking (no cycle), of any type, unit and lag, leads included (`tied`: calendar days, lags of
    0 or 1, dates within a week)."""
    size = draw(st.integers(1, 14))
    ids = [f"T{i:02d}" for i in range(size)]
    tasks = [draw(task_dates(task_id, NEAR if tied else DAYS)) for task_id in ids]
    links = []
    for i in range(size):
        for j in range(i + 1, size):
            if draw(st.integers(0, 2 if tied else 3)) == 0:
                links.append(
                    Link(
                        ids[i],
                        ids[j],
                        draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                        draw(st.integers(0, 1) if tied else st.integers(-5, 10)),
                        DurationUnit.DAYS if tied else draw(st.sampled_from(DurationUnit)),
                    )
                )
    return draw(st.permutations(tasks)), links


@settings(max_examples=100, deadline=None)
@given(tied=st.booleans(), forward_only=st.booleans(), data=st.data())
def test_after_any_series_of_date_changes_it_equals_scheduling_from_scratch(
    tied: bool, forward_only: bool, data: st.DataObject
) -> None:
    """Both ways: the Tidslinje's (every date, slack and ranking) and the findings' (forward
    only: earliest dates, violations, the binding predecessors unranked)."""
    tasks, links = data.draw(networks(tied))
    days = NEAR if tied else DAYS
    # Every change goes the incremental way, however many tasks it touches (no share is too
    # many).
    with patch.object(cpm, "_AGAIN_SHARE", 0):
        current = schedule_again(
            None, tasks, links, ORIGIN, work_calendar=OFFICE, forward_only=forward_only
        )
        same(
            current, schedule(tasks, links, ORIGIN, work_calendar=OFFICE, forward_only=forward_only)
        )
        for _ in range(data.draw(st.integers(1, 4))):
            picked = data.draw(st.sets(st.sampled_from(range(len(tasks))), min_size=1))
            tasks = [
                data.draw(task_dates(task.id, days)) if index in picked else task
                for index, task in enumerate(tasks)
            ]
            before = current
            current = schedule_again(
                current, tasks, links, ORIGIN, work_calendar=OFFICE, forward_only=forward_only
            )
            same(
                current,
                schedule(tasks, links, ORIGIN, work_calendar=OFFICE, forward_only=forward_only),
            )
            # What may have moved is said; every other task's timing is the one before.
            moved = current.moved_since(before)
            assert moved is not None
            assert {
                task_id
                for task_id, timing in current.timings.items()
                if timing != before.timings.get(task_id)
            } <= moved
            assert current.moved_since(current) == frozenset()


def test_what_moved_is_known_only_from_the_schedule_brought_up_to_date() -> None:
    tasks, links = chain(5)
    first = schedule_again(None, tasks, links, ORIGIN)
    moved = [tasks[0]._replace(deadline=ORIGIN + timedelta(days=-9)), *tasks[1:]]
    second = schedule_again(first, moved, links, ORIGIN)
    assert "T00" in (second.moved_since(first) or ())
    assert first.moved_since(second) is None  # not the other way round
    third = schedule_again(second, tasks, links, ORIGIN)
    assert third.moved_since(first) is None  # one step back only
    assert schedule_again(None, tasks, links, ORIGIN).moved_since(first) is None


def chain(length: int) -> tuple[list[Task], list[Link]]:
    """T00 -> T01 -> ... each a day long, the last due on day 40."""
    tasks = [Task(f"T{i:02d}", 1) for i in range(length)]
    tasks[-1] = Task(tasks[-1].id, 1, deadline=ORIGIN + timedelta(days=40))
    return tasks, [Link(a.id, b.id) for a, b in pairwise(tasks)]


def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many tasks each pass visits from now on."""
    visits = {"forward": 0, "backward": 0}
    forward, backward = cpm._forward, cpm._backward

    def counted_forward(*args: object) -> object:
        visits["forward"] += 1
        return forward(*args)  # type: ignore[arg-type]

    def counted_backward(*args: object) -> object:
        visits["backward"] += 1
        return backward(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cpm, "_forward", counted_forward)
    monkeypatch.setattr(cpm, "_backward", counted_backward)
    return visits


def test_a_changed_deadline_reaches_only_what_precedes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    tasks, links = chain(100)
    before = schedule_again(None, tasks, links, ORIGIN)
    visits = counting(monkeypatch)
    moved = list(tasks)
    # Due before the chain's own deadline allows it: every task before it must finish earlier.
    moved[50] = moved[50]._replace(deadline=ORIGIN + timedelta(days=-30))
    after = schedule_again(before, moved, links, ORIGIN)
    # The forward pass: the task itself (its start does not move: its predecessors bind it); the
    # backward pass: it and the 50 before it.
    assert visits == {"forward": 1, "backward": 51}
    same(after, schedule(moved, links, ORIGIN))
    assert after.timings["T00"].latest_finish == ORIGIN + timedelta(days=-80)
    assert [v.task for v in after.violations] == ["T50", "T99"]  # T99: the chain is 100 days


def test_a_later_start_reaches_only_what_follows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    tasks, links = chain(100)
    tasks.append(Task("LONG", 500, start=ORIGIN))  # the network's finish: it stays where it is
    before = schedule_again(None, tasks, links, ORIGIN)
    visits = counting(monkeypatch)
    moved = list(tasks)
    moved[97] = moved[97]._replace(start=ORIGIN + timedelta(days=120))
    after = schedule_again(before, moved, links, ORIGIN)
    assert visits == {"forward": 3, "backward": 1}  # T97, T98, T99; T97's latest finish
    same(after, schedule(moved, links, ORIGIN))
    assert [v.task for v in after.violations] == ["T99"]


def test_nothing_changed_keeps_the_very_schedule() -> None:
    tasks, links = chain(10)
    before = schedule_again(None, tasks, links, ORIGIN)
    assert schedule_again(before, list(tasks), list(links), ORIGIN) is before
    # The other way is another schedule: from scratch.
    assert schedule_again(before, tasks, links, ORIGIN, forward_only=True).timings == {}


@pytest.mark.parametrize(
    "change",
    [
        "a link added",
        "a task added",
        "a task removed",
        "the tasks reordered",
        "another origin",
        "another calendar",
        "many tasks",
    ],
)
def test_a_changed_network_is_scheduled_from_scratch(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks, links = chain(16)
    before = schedule_again(None, tasks, links, ORIGIN)
    origin, calendar = ORIGIN, None
    if change == "a link added":
        links = [*links, Link("T00", "T15", "SS", 3)]
    elif change == "a task added":
        tasks = [*tasks, Task("T99", 2, start=ORIGIN)]
    elif change == "a task removed":
        tasks = tasks[1:]
    elif change == "the tasks reordered":
        tasks = list(reversed(tasks))
    elif change == "another origin":
        origin = ORIGIN + timedelta(days=1)
    elif change == "another calendar":
        calendar = WorkCalendar.from_closing_days(["12-24"])
    else:  # more than one task in eight: the whole network again is cheaper
        tasks = [task._replace(duration=2) for task in tasks[:3]] + tasks[3:]
    visits = counting(monkeypatch)
    after = schedule_again(before, tasks, links, origin, work_calendar=calendar)
    again = dict(visits)
    visits.update(forward=0, backward=0)
    same(after, schedule(tasks, links, origin, work_calendar=calendar))
    assert again == visits  # the same passes as from scratch


def test_a_cycle_is_reported_and_the_next_schedule_starts_afresh() -> None:
    tasks, links = chain(4)
    before = schedule_again(None, tasks, links, ORIGIN)
    with pytest.raises(CycleError):
        schedule_again(before, tasks, [*links, Link("T03", "T00")], ORIGIN)
    moved = [tasks[0]._replace(start=ORIGIN + timedelta(days=5)), *tasks[1:]]
    same(schedule_again(before, moved, links, ORIGIN), schedule(moved, links, ORIGIN))


def test_schedule_keeps_nothing_for_later() -> None:
    """`schedule` (the findings' every check) does not hold the passes: only `schedule_again`'s
    callers keep them, in their memo."""
    tasks, links = chain(5)
    assert schedule(tasks, links, ORIGIN).passes is None
    assert schedule_again(None, tasks, links, ORIGIN).passes is not None


def test_a_predecessor_whose_slack_changes_is_ranked_again() -> None:
    """A and B bind C equally; B's deadline leaves it no slack, so the path to C runs through B.
    Without that deadline B has A's slack, and the tie goes to A: C is ranked again although
    neither its dates nor its binding predecessors changed."""
    tasks = [
        Task("A", 5, start=ORIGIN),
        Task("B", 5, start=ORIGIN, deadline=ORIGIN + timedelta(days=5)),
        Task("C", 1),
        Task("LONG", 100, start=ORIGIN),  # the network's finish, far after C
    ]
    links = [Link("A", "C"), Link("B", "C")]
    before = schedule_again(None, tasks, links, ORIGIN)
    assert before.critical_path("C") == ["B", "C"]
    freed = [tasks[0], tasks[1]._replace(deadline=None), *tasks[2:]]
    after = schedule_again(before, freed, links, ORIGIN)
    same(after, schedule(freed, links, ORIGIN))
    assert after.critical_path("C") == ["A", "C"]
