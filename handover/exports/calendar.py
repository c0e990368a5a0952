"""A checklist's due dates (and the plan's milestones) as an iCalendar file: one all-day event per
date, a reminder a week before, and UIDs that stay the same from one export to the next, so that
importing again updates the calendar instead of duplicating it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from handover.domain.checklist import Checklist
from handover.domain.text import text

UID_DOMAIN = "handover-planner"
REMINDER = timedelta(days=7)


@dataclass(frozen=True)
class CalendarMilestone:
    id: str
    title: str
    day: date


def to_ics(
    checklist: Checklist,
    lang: str = "da",
    milestones: Sequence[CalendarMilestone] = (),
    *,
    stamp: datetime | None = None,
) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//{UID_DOMAIN}//{text('checklist.title', lang)}//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text("checklist.title", lang))
    now = stamp or datetime.now().replace(microsecond=0)
    for line in checklist.lines:
        if line.due is None:
            continue
        event = Event()
        event.add("uid", f"obligation-{line.code}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("dtstart", line.due)
        event.add("dtend", line.due + timedelta(days=1))
        event.add("summary", f"{text('calendar.due', lang)}: {line.code} · {line.title}")
        details = [
            f"{text('checklist.from', lang)}: {line.from_owner}",
            f"{text('checklist.to', lang)}: {line.to_owner}",
            f"{text('col.acceptance_criteria', lang)}: {line.acceptance_criteria}",
        ]
        event.add("description", "\n".join(details))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{line.code} · {line.title}")
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    for milestone in milestones:
        event = Event()
        event.add("uid", f"milestone-{milestone.id}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("dtstart", milestone.day)
        event.add("dtend", milestone.day + timedelta(days=1))
        event.add("summary", milestone.title)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
