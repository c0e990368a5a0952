"""Working-day arithmetic around Christmas and New Year 2026/27, months and years, closing days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain.workdays import (
    DANISH_PUBLIC_BODY_CLOSING_DAYS,
    DurationUnit,
    WorkCalendar,
    add_months,
    latest_before,
    parse_closing_day,
    public_holidays,
    shift,
)

PLAIN = WorkCalendar()
DANISH_OFFICE = WorkCalendar.from_closing_days(DANISH_PUBLIC_BODY_CLOSING_DAYS)


def test_the_transition_day_and_christmas_are_public_holidays_from_the_holidays_package() -> None:
    found = public_holidays(2026, 2027)
    assert date(2026, 12, 25) in found
    assert date(2026, 12, 26) in found
    assert date(2027, 1, 1) in found
    # Christmas Eve and New Year's Eve are not public holidays; offices close by their own choice.
    assert date(2026, 12, 24) not in found
    assert date(2026, 12, 31) not in found


def test_closing_days_come_only_from_the_plan() -> None:
    assert PLAIN.is_working_day(date(2026, 12, 31))  # a Thursday, no public holiday
    assert not DANISH_OFFICE.is_working_day(date(2026, 12, 31))
    assert DANISH_OFFICE.closed_reason(date(2026, 12, 24)) == "closing"
    assert DANISH_OFFICE.closed_reason(date(2026, 12, 26)) == "weekend"  # a Saturday
    assert DANISH_OFFICE.closed_reason(date(2027, 1, 1)) not in (None, "closing", "weekend")


def test_next_working_day_after_new_year() -> None:
    # 31.12.2026 (closed) → 01.01 holiday → 02/03.01 weekend → Monday 04.01.2027.
    assert DANISH_OFFICE.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)
    assert PLAIN.next_working_day(date(2026, 12, 31)) == date(2026, 12, 31)
    assert PLAIN.next_working_day(date(2027, 1, 1)) == date(2027, 1, 4)


def test_working_days_skip_christmas_and_new_year() -> None:
    # From Wednesday 23.12.2026: 24.12 Thu (closed), 25 Fri holiday, 26-27 weekend, 28-30 work,
    # 31 closed, 01.01 holiday, 02-03 weekend, 04.01 work.
    assert DANISH_OFFICE.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert DANISH_OFFICE.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert DANISH_OFFICE.add_working_days(date(2026, 12, 23), 4) == date(2027, 1, 4)
    assert PLAIN.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    assert PLAIN.add_working_days(date(2026, 12, 23), 5) == date(2026, 12, 31)
    assert DANISH_OFFICE.add_working_days(date(2027, 1, 4), -1) == date(2026, 12, 30)
    assert DANISH_OFFICE.add_working_days(date(2027, 1, 4), 0) == date(2027, 1, 4)


def test_non_working_days_over_the_holidays() -> None:
    days = DANISH_OFFICE.non_working_days(date(2026, 12, 24), date(2027, 1, 4))
    assert days == [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 27),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 2),
        date(2027, 1, 3),
    ]


def test_months_clip_to_the_end_of_the_month_and_years_count_leap_days() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), -11) == date(2025, 12, 30)
    assert shift(date(2027, 4, 29), 5, DurationUnit.YEARS, PLAIN) == date(2032, 4, 29)
    assert shift(date(2028, 2, 29), 1, DurationUnit.YEARS, PLAIN) == date(2029, 2, 28)
    assert shift(date(2026, 11, 30), 60, DurationUnit.DAYS, PLAIN) == date(2027, 1, 29)


@pytest.mark.parametrize("bad", ["24.12", "13-01", "02-30", "2026-02-30", ""])
def test_a_closing_day_that_is_not_a_day_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_closing_day(bad)


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2026, 10, 1), max_value=date(2028, 3, 31)),
    amount=st.integers(min_value=-40, max_value=40),
    unit=st.sampled_from(DurationUnit),
    calendar=st.sampled_from([PLAIN, DANISH_OFFICE]),
)
def test_latest_before_is_the_exact_inverse_of_shift(
    day: date, amount: int, unit: DurationUnit, calendar: WorkCalendar
) -> None:
    """The backward pass of a lag: the latest date whose shift still lands on or before `day`.
    Its shift fits and the next day's does not, for every unit and for leads (negative lags)."""
    latest = latest_before(day, amount, unit, calendar)
    assert shift(latest, amount, unit, calendar) <= day
    assert shift(latest + timedelta(days=1), amount, unit, calendar) > day


def test_latest_before_over_christmas_and_new_year() -> None:
    # 4 working days before Monday 04.01.2027 in a Danish office: 30, 29, 28.12 and the 4th
    # itself count; finishing on Sunday 27.12 still lands on 04.01 (28, 29, 30.12, 04.01).
    assert latest_before(date(2027, 1, 4), 4, DurationUnit.WORKING_DAYS, DANISH_OFFICE) == date(
        2026, 12, 27
    )
    assert shift(date(2026, 12, 27), 4, DurationUnit.WORKING_DAYS, DANISH_OFFICE) == date(
        2027, 1, 4
    )
    # A lead of 2 working days: the latest start whose lead reaches back to 29.12.2026.
    assert latest_before(date(2026, 12, 29), -2, DurationUnit.WORKING_DAYS, DANISH_OFFICE) == (
        date(2027, 1, 4)
    )
    # A month back from the end of February is the end of January (31.01 + 1 month = 28.02).
    assert latest_before(date(2027, 2, 28), 1, DurationUnit.MONTHS, PLAIN) == date(2027, 1, 31)
    assert latest_before(date(2027, 2, 27), 1, DurationUnit.MONTHS, PLAIN) == date(2027, 1, 27)
    assert latest_before(date(2029, 2, 28), 1, DurationUnit.YEARS, PLAIN) == date(2028, 2, 29)
