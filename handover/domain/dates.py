"""Dates as the planner shows and reads them: `dd.mm.yyyy` on screen, ISO `yyyy-mm-dd` stored.

Parsing always uses an explicit format: `01.02.2027` is 1 February, never 2 January.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

DANISH_FORMAT = "%d.%m.%Y"
# Every date the planner accepts lies in this window: far enough for any real plan, and far
# enough from date.max (9999-12-31) that due rules and lags can never push scheduling past it.
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2199, 12, 31)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DANISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def format_date(value: date | None, empty: str = "") -> str:
    """`date(2027, 1, 29)` -> `"29.01.2027"`; None -> `empty`."""
    if value is None:
        return empty
    return value.strftime(DANISH_FORMAT)


LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")  # where the people of the plan read the clock


def format_moment(value: datetime, *, with_date: bool = True) -> str:
    """A stored moment (naive = UTC, as the history keeps it) on the Copenhagen clock:
    `datetime(2026, 11, 25, 13, 3)` -> `"25.11.2026 14:03"` (`"14:03"` without the date)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = aware.astimezone(LOCAL_ZONE)
    return local.strftime(f"{DANISH_FORMAT} %H:%M" if with_date else "%H:%M")


def local_day_start(day: date) -> datetime:
    """The moment the day `day` begins on the Copenhagen clock, as the history stores moments
    (naive UTC): `date(2026, 11, 30)` -> `datetime(2026, 11, 29, 23, 0)`; summer days begin at
    22:00 UTC. A history filter "from D to E" is `local_day_start(D) <= t < local_day_start(E + 1)`.
    """
    aware = datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)
    return aware.astimezone(UTC).replace(tzinfo=None)


def local_day_after(day: date) -> datetime:
    """The moment the day after `day` begins on the Copenhagen clock (naive UTC)."""
    return local_day_start(day + timedelta(days=1))


def in_window(value: date) -> bool:
    """True when `value` lies within FIRST_DAY..LAST_DAY (both included)."""
    return FIRST_DAY <= value <= LAST_DAY


def parse_iso_date(text: str) -> date:
    """Strict ISO date `yyyy-mm-dd`; raises ValueError for anything else (also `20261130`)."""
    if not _ISO_DATE.match(text):
        raise ValueError(f"not an ISO date (yyyy-mm-dd): {text!r}")
    return date.fromisoformat(text)


def parse_danish_date(text: str) -> date:
    """Danish `d.m.yyyy` with or without leading zeros; raises ValueError on `31.02.2026`."""
    match = _DANISH_DATE.match(text.strip())
    if not match:
        raise ValueError(f"not a date (dd.mm.yyyy): {text!r}")
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def parse_date(text: str) -> date:
    """Either ISO or Danish form, each with its own explicit format."""
    stripped = text.strip()
    if _ISO_DATE.match(stripped):
        return date.fromisoformat(stripped)
    return parse_danish_date(stripped)


def today() -> date:
    """The planner's "today": `HANDOVER_TODAY` (ISO or Danish) when set, else the system date.

    Workshops rehearse on a chosen day and tests pin one; all "as of today" goes through here.
    """
    override = os.environ.get("HANDOVER_TODAY", "").strip()
    if override:
        return parse_date(override)
    return date.today()
