"""The critical-path method on textbook networks with known answers, every dependency type with
lag, cycles, violations, and the seeded xShare plan's chain to the final report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handover.domain.cpm import CycleError, Link, Task, schedule
from handover.store import queries
from handover.store.database import Database

ORIGIN = date(2027, 1, 1)


def d(offset: int) -> date:
    return ORIGIN + timedelta(days=offset)


def offsets(result: object, task: str) -> tuple[int, int, int, int, int]:
    timing = result.timings[task]  # type: ignore[attr-defined]
    return (
        (timing.earliest_start - ORIGIN).days,
        (timing.earliest_finish - ORIGIN).days,
        (timing.latest_start - ORIGIN).days,
        (timing.latest_finish - ORIGIN).days,
        timing.slack,
    )


def test_the_textbook_network() -> None:
    """A(3) → B(4) → D(5) → F(2); A → C(2) → E(3) → F. Critical: A B D F, finish at day 14."""
    tasks = [Task("A", 3), Task("B", 4), Task("C", 2), Task("D", 5), Task("E", 3), Task("F", 2)]
    links = [
        Link("A", "B"),
        Link("A", "C"),
        Link("B", "D"),
        Link("C", "E"),
        Link("D", "F"),
        Link("E", "F"),
    ]
    result = schedule(tasks, links, ORIGIN)
    assert offsets(result, "A") == (0, 3, 0, 3, 0)
    assert offsets(result, "B") == (3, 7, 3, 7, 0)
    assert offsets(result, "C") == (3, 5, 7, 9, 4)
    assert offsets(result, "D") == (7, 12, 7, 12, 0)
    assert offsets(result, "E") == (5, 8, 9, 12, 4)
    assert offsets(result, "F") == (12, 14, 12, 14, 0)
    assert result.critical_path("F") == ["A", "B", "D", "F"]
    assert {t for t, timing in result.timings.items() if timing.critical} == {"A", "B", "D", "F"}
    assert result.violations == ()


@pytest.mark.parametrize(
    ("kind", "lag", "expected_start"),
    [
        ("FS", 0, 5),  # after A finishes
        ("FS", 2, 7),  # two days' wait
        ("FS", -2, 3),  # a lead of two days
        ("SS", 2, 2),  # two days after A starts
        ("FF", 1, 3),  # finish a day after A: 6 - 3
        ("SF", 0, 0),  # finish no earlier than A starts: no constraint here
    ],
)
def test_each_dependency_type_with_lag(kind: str, lag: int, expected_start: int) -> None:
    result = schedule([Task("A", 5), Task("B", 3)], [Link("A", "B", kind, lag)], ORIGIN)
    assert offsets(result, "B")[0] == expected_start


def test_a_cycle_is_named() -> None:
    with pytest.raises(CycleError) as caught:
        schedule(
            [Task("A", 1), Task("B", 1), Task("C", 1)],
            [Link("A", "B"), Link("B", "C"), Link("C", "A")],
            ORIGIN,
        )
    assert set(caught.value.cycle) == {"A", "B", "C"}


def test_a_deadline_before_the_predecessors_allow_is_a_violation_with_negative_slack() -> None:
    tasks = [Task("A", 10, start=d(0)), Task("B", 2, deadline=d(8))]
    result = schedule(tasks, [Link("A", "B")], ORIGIN)
    [violation] = result.violations
    assert (violation.task, violation.days_late) == ("B", 4)
    assert result.timings["B"].slack == -4
    assert result.timings["A"].slack == -4  # the whole chain is late
    assert result.critical_path("B") == ["A", "B"]


def test_deadlines_give_slack_against_the_plans_own_dates() -> None:
    tasks = [Task("A", 2, start=d(0)), Task("B", 0, deadline=d(10))]
    result = schedule(tasks, [Link("A", "B")], ORIGIN)
    assert result.timings["A"].slack == 8
    assert result.timings["B"].earliest_finish == d(10)  # its own date, later than A allows


def test_the_chain_that_decides_the_final_report(seeded_db: Database) -> None:
    snapshot = queries.findings_snapshot(seeded_db)
    tasks = [
        Task(o.code, (o.due - o.start).days if o.start and o.due else 0, o.start, o.due)
        for o in snapshot.obligations
    ]
    code = {o.id: o.code for o in snapshot.obligations}
    links = [
        Link(code[x.predecessor], code[x.successor], x.type, x.lag_days)
        for x in snapshot.dependencies
    ]
    result = schedule(tasks, links, date(2026, 11, 25))
    assert result.violations == ()
    # The Commission's 45 days after the amendment, which waits for the succession answer.
    assert result.critical_path("XS-01") == ["XS-05", "XS-04", "XS-01"]
    assert result.timings["XS-01"].earliest_finish == date(2027, 1, 29)
    assert result.timings["XS-04"].slack == 0


def test_forward_only_finds_the_same_violations_without_latest_dates() -> None:
    tasks = [Task("A", 10, start=d(0)), Task("B", 2, deadline=d(8)), Task("C", 1, deadline=d(30))]
    links = [Link("A", "B"), Link("B", "C")]
    full = schedule(tasks, links, ORIGIN)
    quick = schedule(tasks, links, ORIGIN, forward_only=True)
    assert quick.violations == full.violations
    assert quick.timings == {}
    assert quick.drivers["B"] == ("A",)
