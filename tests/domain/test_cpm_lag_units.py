"""Lags in working days, months and years in the critical-path method: across Christmas and New
Year 2026/27 on a Danish office's calendar, months from 31.01, leads (negative lags) read the same
forward and backward, and the finding's wording in both languages."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain.cpm import Link, Schedule, Task, lagged, schedule
from handover.domain.findings import (
    DependencyFacts,
    ObligationFacts,
    OrganisationFacts,
    Snapshot,
    evaluate,
)
from handover.domain.report import message
from handover.domain.text import text
from handover.domain.workdays import DANISH_PUBLIC_BODY_CLOSING_DAYS, DurationUnit, WorkCalendar

WD = DurationUnit.WORKING_DAYS
MONTHS = DurationUnit.MONTHS
YEARS = DurationUnit.YEARS
# Closed on 24.12 and 31.12 (and Grundlovsdag) besides weekends and public holidays: 25.12,
# 26.12 and 01.01.2027, the transition day, are public holidays.
DANISH_OFFICE = WorkCalendar.from_closing_days(DANISH_PUBLIC_BODY_CLOSING_DAYS)
# An office closed from 24.12 to 01.01 inclusive.
CHRISTMAS_CLOSURE = WorkCalendar.from_closing_days([f"12-{day}" for day in range(24, 32)])
ORIGIN = date(2026, 12, 1)


def after(lag: int, unit: DurationUnit, calendar: WorkCalendar, finish: date) -> Schedule:
    """A finishes on `finish` (a one-day task); B (no dates of its own) follows FS with the lag."""
    tasks = [Task("A", 1, start=finish - timedelta(days=1)), Task("B", 0)]
    return schedule(tasks, [Link("A", "B", "FS", lag, unit)], ORIGIN, work_calendar=calendar)


def test_working_day_lags_skip_christmas_the_closing_days_and_new_year() -> None:
    wednesday = date(2026, 12, 23)
    # 24.12 closing, 25-26.12 holidays, 27.12 a Sunday: the first working day is Monday 28.12.
    assert after(1, WD, DANISH_OFFICE, wednesday).timings["B"].earliest_start == date(2026, 12, 28)
    # 28, 29, 30.12; 31.12 closing, 01.01 a holiday, 2-3.01 a weekend: the 4th is 04.01.2027.
    assert after(4, WD, DANISH_OFFICE, wednesday).timings["B"].earliest_start == date(2027, 1, 4)
    # Without the plan's closing days, 24.12 and 31.12 are working days.
    assert after(1, WD, WorkCalendar(), wednesday).timings["B"].earliest_start == date(2026, 12, 24)
    assert after(4, WD, WorkCalendar(), wednesday).timings["B"].earliest_start == date(2026, 12, 30)
    # Closed 24.12-01.01: one working day after 23.12 is Monday 04.01.2027.
    assert after(1, WD, CHRISTMAS_CLOSURE, wednesday).timings["B"].earliest_start == date(
        2027, 1, 4
    )
    # The same lag in calendar days ignores all of it.
    assert after(4, DurationUnit.DAYS, DANISH_OFFICE, wednesday).timings[
        "B"
    ].earliest_start == date(2026, 12, 27)


def test_the_backward_pass_counts_the_same_working_days() -> None:
    """B is due 04.01.2027, four working days after A: A may finish as late as Sunday 27.12
    (28, 29, 30.12 and 04.01 are the four), not on Monday 28.12."""
    tasks = [Task("A", 0, deadline=date(2026, 12, 21)), Task("B", 0, deadline=date(2027, 1, 4))]
    result = schedule(tasks, [Link("A", "B", "FS", 4, WD)], ORIGIN, work_calendar=DANISH_OFFICE)
    assert result.timings["A"].latest_finish == date(2026, 12, 21)  # its own deadline binds
    free = [Task("A", 0, start=date(2026, 12, 21)), Task("B", 0, deadline=date(2027, 1, 4))]
    result = schedule(free, [Link("A", "B", "FS", 4, WD)], ORIGIN, work_calendar=DANISH_OFFICE)
    assert result.timings["A"].latest_finish == date(2026, 12, 27)
    assert result.timings["A"].slack == 6  # 21.12 to 27.12
    assert result.violations == ()


def test_a_working_day_lead_means_the_same_forward_and_backward() -> None:
    """B may start two working days before A finishes on 04.01.2027: 30.12 and 29.12 (31.12 a
    closing day, 01.01 a holiday). Read backward, B starting 29.12 lets A finish by 04.01."""
    tasks = [Task("A", 0, start=date(2027, 1, 4)), Task("B", 3, deadline=date(2027, 1, 1))]
    result = schedule(tasks, [Link("A", "B", "FS", -2, WD)], ORIGIN, work_calendar=DANISH_OFFICE)
    assert result.timings["B"].earliest_start == date(2026, 12, 29)
    assert result.timings["A"].latest_finish == date(2027, 1, 4)
    assert result.timings["A"].slack == 0
    assert result.critical_path("B") == ["A", "B"]


def test_every_link_type_counts_its_lag_in_working_days() -> None:
    # A runs 21.12-23.12.2026; B lasts 2 days; each type with +1 working day.
    expected = {
        "FS": date(2026, 12, 28),  # 1 working day after A's finish 23.12
        "SS": date(2026, 12, 22),  # 1 working day after A's start 21.12
        "FF": date(2026, 12, 26),  # finish 28.12, start 2 days earlier
        "SF": date(2026, 12, 20),  # finish 22.12, start 2 days earlier
    }
    for kind, start in expected.items():
        tasks = [Task("A", 2, start=date(2026, 12, 21)), Task("B", 2)]
        result = schedule(tasks, [Link("A", "B", kind, 1, WD)], ORIGIN, work_calendar=DANISH_OFFICE)
        assert result.timings["B"].earliest_start == start, kind


def test_month_lags_from_the_end_of_january_clip_to_the_end_of_february() -> None:
    assert after(1, MONTHS, DANISH_OFFICE, date(2027, 1, 31)).timings["B"].earliest_start == (
        date(2027, 2, 28)
    )
    assert after(1, MONTHS, DANISH_OFFICE, date(2028, 1, 31)).timings["B"].earliest_start == (
        date(2028, 2, 29)  # a leap year
    )
    assert after(13, MONTHS, DANISH_OFFICE, date(2027, 1, 31)).timings["B"].earliest_start == (
        date(2028, 2, 29)
    )
    assert after(1, YEARS, DANISH_OFFICE, date(2028, 2, 29)).timings["B"].earliest_start == (
        date(2029, 2, 28)
    )
    # Backward: B due 28.02.2027 one month after A lets A finish as late as 31.01.2027.
    tasks = [Task("A", 0, start=date(2027, 1, 20)), Task("B", 0, deadline=date(2027, 2, 28))]
    result = schedule(tasks, [Link("A", "B", "FS", 1, MONTHS)], ORIGIN)
    assert result.timings["A"].latest_finish == date(2027, 1, 31)
    assert result.timings["A"].slack == 11


UNITS = st.sampled_from(DurationUnit)


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[Task], list[Link]]:
    """Six tasks, links only forward in their order (no cycle), any type, unit and lag."""
    tasks = [Task(f"T{i}", draw(st.integers(0, 4))) for i in range(6)]
    links = []
    for i in range(6):
        for j in range(i + 1, 6):
            if draw(st.booleans()):
                links.append(
                    Link(
                        f"T{i}",
                        f"T{j}",
                        draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                        draw(st.integers(-8, 8)),
                        draw(UNITS),
                    )
                )
    return tasks, links


def _holds(result: Schedule, link: Link, latest: bool, calendar: WorkCalendar) -> bool:
    """Whether the link's constraint holds between the earliest (or the latest) dates."""
    p, s = result.timings[link.predecessor], result.timings[link.successor]
    if latest:
        since = p.lf if link.type in ("FS", "FF") else p.ls
        until = s.lf if link.type in ("FF", "SF") else s.ls
    else:
        since = p.ef if link.type in ("FS", "FF") else p.es
        until = s.ef if link.type in ("FF", "SF") else s.es
    return lagged(since, link, calendar) <= until


@settings(max_examples=60, deadline=None)
@given(network=networks(), calendar=st.sampled_from([DANISH_OFFICE, CHRISTMAS_CLOSURE]))
def test_earliest_and_latest_dates_both_keep_every_lag(
    network: tuple[list[Task], list[Link]], calendar: WorkCalendar
) -> None:
    """Around New Year, in every unit and with leads: the earliest dates and the latest dates each
    satisfy every link, so no task has negative slack without a deadline."""
    tasks, links = network
    result = schedule(tasks, links, date(2026, 12, 22), work_calendar=calendar)
    for link in links:
        assert _holds(result, link, latest=False, calendar=calendar), link
        assert _holds(result, link, latest=True, calendar=calendar), link
    assert all(timing.slack >= 0 for timing in result.timings.values())


def test_a_dependency_violation_names_the_lag_in_its_unit() -> None:
    """B is due 28.12.2026 but must wait 4 working days after A's 23.12: 04.01.2027, 7 days late."""
    people = {"p": "org"}
    organisations = {"org": OrganisationFacts("org", "Org", None, None)}
    a = ObligationFacts(
        "a", "A-1", "in_progress", "accepted", "p", "p", None, date(2026, 12, 23), True, 1, None, 0
    )
    b = ObligationFacts(
        "b", "B-1", "in_progress", "accepted", "p", "p", None, date(2026, 12, 28), True, 1, None, 0
    )
    snapshot = Snapshot(
        [a, b],
        people,
        organisations,
        [DependencyFacts("a", "b", "FS", 4, "working_days")],
        work_calendar=DANISH_OFFICE,
    )
    (violation,) = [f for f in evaluate(snapshot, date(2026, 12, 1)) if f.rule.startswith("dep")]
    assert violation.params == {"type": "FS", "lag": "4", "unit": "working_days", "days": "7"}
    assert message(violation, "da") == (
        "fristen ligger 7 dage før forudsætningen tillader (FS, forskydning 4 arbejdsdage)"
    )
    assert message(violation, "en") == (
        "is due 7 days before its predecessor allows (FS, lag 4 working days)"
    )


def test_the_lag_wording_is_singular_for_one_in_both_languages() -> None:
    key = "finding.dependency-violation"
    one = {"days": "1", "type": "FS", "lag": "1"}
    assert text(key, "da", **one, unit="working_days") == (
        "fristen ligger 1 dag før forudsætningen tillader (FS, forskydning 1 arbejdsdag)"
    )
    assert text(key, "en", **one, unit="months") == (
        "is due 1 day before its predecessor allows (FS, lag 1 month)"
    )
    assert text(key, "en", **{**one, "lag": "-1"}, unit="years") == (
        "is due 1 day before its predecessor allows (FS, lag -1 year)"
    )
    assert text(key, "da", **{**one, "lag": "2"}, unit="days") == (
        "fristen ligger 1 dag før forudsætningen tillader (FS, forskydning 2 dage)"
    )
