"""Working days: Danish public holidays (the `holidays` package) plus a plan's own closing days, and
date arithmetic in calendar days, working days, months or years.

Holidays are computed once per year range and remembered; every other call is set look-ups.
"""

from __future__ import annotations

import calendar as month_calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

FIRST_YEAR = 1900  # the model's date window; the store's calendar table spans it too
LAST_YEAR = 2199
_DAY_MONTH = re.compile(r"^(\d{2})-(\d{2})$")


class DurationUnit(StrEnum):
    """How a due rule's or a lag's amount counts."""

    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    YEARS = "years"


@functools.cache
def public_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """Danish public holidays (Danish names) for the years, from the maintained `holidays`
    package; remembered per year range."""
    import holidays  # loaded on first use, not at start-up

    found = holidays.country_holidays("DK", years=range(first_year, last_year + 1), language="da")
    return {day: str(name) for day, name in found.items()}


def parse_closing_day(value: str) -> tuple[int, int] | date:
    """`"12-24"` (every year, month-day) or `"2026-12-28"` (one day); ValueError otherwise."""
    match = _DAY_MONTH.match(value.strip())
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        date(2000, month, day)  # a leap year: 02-29 is a valid yearly day; 02-30 raises
        return month, day
    return date.fromisoformat(value.strip())


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends, Danish public holidays and the organisation's closing days are not working days."""

    yearly: frozenset[tuple[int, int]] = frozenset()  # (month, day) closed every year
    dates: frozenset[date] = frozenset()  # single closing days

    @classmethod
    def from_closing_days(cls, values: Iterable[str]) -> WorkCalendar:
        yearly: set[tuple[int, int]] = set()
        dates: set[date] = set()
        for value in values:
            parsed = parse_closing_day(value)
            if isinstance(parsed, date):
                dates.add(parsed)
            else:
                yearly.add(parsed)
        return cls(frozenset(yearly), frozenset(dates))

    def closed_reason(self, day: date) -> str | None:
        """Why `day` is not a working day ('weekend', the holiday's name, 'closing'), or None."""
        if day.weekday() >= 5:
            return "weekend"
        holiday = public_holidays(day.year, day.year).get(day)
        if holiday is not None:
            return holiday
        if self.is_closing_day(day):
            return "closing"
        return None

    def is_closing_day(self, day: date) -> bool:
        """Whether `day` is one of the organisation's closing days (yearly or single)."""
        return (day.month, day.day) in self.yearly or day in self.dates

    def is_working_day(self, day: date) -> bool:
        return self.closed_reason(day) is None

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (before it when negative); `day` when 0."""
        step = timedelta(days=1 if count > 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def non_working_days(self, first: date, last: date) -> list[date]:
        """Every non-working day from `first` to `last` (the Gantt shades these)."""
        days = []
        day = first
        while day <= last:
            if not self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, clipped to the month's end (31.01 + 1 → 28/29.02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift(day: date, amount: int, unit: DurationUnit, work_calendar: WorkCalendar) -> date:
    """`day` moved by `amount` in `unit`: the one place a due rule or a lag is counted."""
    if unit is DurationUnit.WORKING_DAYS:
        return work_calendar.add_working_days(day, amount)
    if unit is DurationUnit.MONTHS:
        return add_months(day, amount)
    if unit is DurationUnit.YEARS:
        return add_months(day, 12 * amount)
    return day + timedelta(days=amount)


def latest_before(day: date, amount: int, unit: DurationUnit, work_calendar: WorkCalendar) -> date:
    """The latest date whose `shift` by `amount` in `unit` falls on or before `day`: the backward
    pass of a lag, so that `shift(x, n) <= day` exactly when `x <= latest_before(day, n)` for
    every unit and sign (a lag means the same thing read forward and backward).

    Shifts in working days and months are not one-to-one (Friday + 1 working day and Sunday + 1
    are both Monday; 29, 30 and 31 January + 1 month are all 28 February), so this is not simply
    `shift(day, -amount)`: it is the last day that still fits."""
    if unit is DurationUnit.WORKING_DAYS:
        if amount > 0:
            # The amount-th working day counting back from `day` itself; any day before it fits.
            return work_calendar.add_working_days(day + timedelta(days=1), -amount) - timedelta(
                days=1
            )
        # A lead: the |amount|-th working day after `day` is the last whose lead still reaches it.
        return work_calendar.add_working_days(day, -amount)
    if unit in (DurationUnit.MONTHS, DurationUnit.YEARS):
        months = amount * (12 if unit is DurationUnit.YEARS else 1)
        back = add_months(day, -months)
        if day.day == month_calendar.monthrange(day.year, day.month)[1]:
            # `day` ends its month: every later day of that month clips onto it too.
            last = month_calendar.monthrange(back.year, back.month)[1]
            return back.replace(day=last)
        return back
    return day - timedelta(days=amount)


DANISH_PUBLIC_BODY_CLOSING_DAYS = ("06-05", "12-24", "12-31")
"""Grundlovsdag, juleaftensdag and nytårsaftensdag: not public holidays, but days most Danish
public bodies close (a plan's default suggestion, never applied without the plan saying so)."""


@functools.cache
def working_index(work_calendar: WorkCalendar) -> tuple[date, list[int], list[date]]:
    """(first day, seqs, working days) over the date window: seqs[i] counts the working days from
    the first day to the i-th day inclusive; working[k] is the (k+1)-th working day. The store
    keeps these so a due rule in working days resolves in SQL by two look-ups (made once per
    calendar and process)."""
    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    closed = set(public_holidays(FIRST_YEAR, LAST_YEAR)) | set(work_calendar.dates)
    seqs: list[int] = []
    working: list[date] = []
    day, count, step = first, 0, timedelta(days=1)
    while day <= last:
        if (
            day.weekday() < 5
            and day not in closed
            and (day.month, day.day) not in work_calendar.yearly
        ):
            count += 1
            working.append(day)
        seqs.append(count)
        day += step
    return first, seqs, working
