"""The PDF read back with pypdf and the calendar with icalendar: Danish letters, every obligation,
page numbers; events with reminders and UIDs that stay the same across exports; hostile text in
every field neither breaks the files nor turns into markup."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pypdf
import pytest
from icalendar import Calendar

from handover.domain.checklist import Checklist, Scope, ScopeKind
from handover.exports.calendar import CalendarMilestone, to_ics
from handover.exports.checklist_pdf import to_pdf
from tests.exports.test_checklist_files import checklist, line

HOSTILE = ("<b>bold</b> & <script>", "=1+1", '; , \\ "quoted"', "line\nbreak\r\nand CR")


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def many(count: int) -> Checklist:
    lines = [
        line(f"XS-{i:02d}", f"Forpligtelse {i}: æøå ÆØÅ", date(2027, 1, 1) + timedelta(days=i))
        for i in range(1, count + 1)
    ]
    return Checklist(Scope(ScopeKind.ALL), date(2026, 11, 25), lines)


def test_the_pdf_has_danish_letters_every_obligation_and_page_numbers() -> None:
    pages, text = pdf_text(to_pdf(many(40), "da"))
    assert pages > 1
    assert "æøå ÆØÅ" in text
    for i in range(1, 41):
        assert f"XS-{i:02d}" in text
    assert "Side 1" in text and f"Side {pages}" in text
    assert "Overdragelsestjekliste · Alle forpligtelser" in text  # the header on every page
    assert "Afgivende ejer" in text and "Kvalitetssikring" in text  # the sign-off block


def test_the_pdf_in_english() -> None:
    _, text = pdf_text(to_pdf(checklist(), "en"))
    assert "Handover checklist" in text and "Page 1" in text and "Outgoing owner" in text


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_in_the_pdf_is_printed_as_text(payload: str) -> None:
    _, text = pdf_text(to_pdf(checklist(line(code="XS-01", text=payload)), "da"))
    first_line = payload.splitlines()[0]
    assert first_line.split(" ")[0] in text


def test_the_calendar_has_an_event_per_due_date_with_a_reminder_and_the_milestones() -> None:
    data = to_ics(
        checklist(line(), line("XS-02", due=None)),
        "da",
        [
            CalendarMilestone(
                "transition-dsd", "Digital Sundhed Danmark overtager", date(2027, 1, 1)
            )
        ],
    )
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2  # XS-02 has no due date; plus the milestone
    report = next(e for e in events if "XS-01" in str(e["summary"]))
    assert report.decoded("dtstart") == date(2027, 1, 29)
    assert str(report["uid"]) == "obligation-XS-01@handover-planner"
    [alarm] = list(report.walk("VALARM"))
    assert alarm.decoded("trigger") == -timedelta(days=7)
    milestone = next(e for e in events if str(e["uid"]).startswith("milestone-"))
    assert milestone.decoded("dtstart") == date(2027, 1, 1)


def test_uids_are_the_same_in_two_exports_so_a_second_import_updates() -> None:
    first = Calendar.from_ical(to_ics(checklist(), "da", stamp=datetime(2026, 11, 25, 10)))
    second = Calendar.from_ical(to_ics(checklist(), "en", stamp=datetime(2026, 12, 1, 9)))
    assert [str(e["uid"]) for e in first.walk("VEVENT")] == [
        str(e["uid"]) for e in second.walk("VEVENT")
    ]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_in_the_calendar_round_trips(payload: str) -> None:
    calendar = Calendar.from_ical(to_ics(checklist(line(text=payload)), "da"))
    [event] = list(calendar.walk("VEVENT"))
    assert payload.replace("\r\n", "\n") in str(event["summary"]).replace("\r\n", "\n")
