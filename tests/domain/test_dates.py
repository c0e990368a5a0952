"""Dates are shown dd.mm.yyyy and parsed with an explicit format, never guessed."""

from datetime import date

import pytest

from handover.domain.dates import format_date, parse_danish_date, parse_date, parse_iso_date, today


def test_a_date_is_shown_danish_style() -> None:
    assert format_date(date(2027, 1, 29)) == "29.01.2027"
    assert format_date(None) == ""
    assert format_date(None, empty="—") == "—"


def test_01_02_2027_is_the_first_of_february_never_the_second_of_january() -> None:
    assert parse_danish_date("01.02.2027") == date(2027, 2, 1)
    assert parse_date("01.02.2027") == date(2027, 2, 1)


def test_danish_dates_without_leading_zeros_are_read() -> None:
    assert parse_danish_date("1.2.2027") == date(2027, 2, 1)


@pytest.mark.parametrize("text", ["31.02.2026", "2026-02-31", "32.01.2026", "29.02.2027"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="day|month|range"):
        parse_date(text)


@pytest.mark.parametrize("text", ["20261130", "2026-11-30T00:00", "30/11/2026", "", "2026-W48"])
def test_iso_parsing_accepts_only_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ValueError, match="ISO date"):
        parse_iso_date(text)


def test_today_can_be_pinned_for_rehearsals_and_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOVER_TODAY", "01.01.2027")
    assert today() == date(2027, 1, 1)
    monkeypatch.delenv("HANDOVER_TODAY")
    assert today() == date.today()


def test_a_stored_moment_reads_on_the_copenhagen_clock_winter_and_summer() -> None:
    from datetime import datetime

    from handover.domain.dates import format_moment

    assert format_moment(datetime(2026, 11, 25, 13, 3)) == "25.11.2026 14:03"  # CET, UTC+1
    assert format_moment(datetime(2026, 7, 1, 22, 30)) == "02.07.2026 00:30"  # CEST, UTC+2
    assert format_moment(datetime(2026, 11, 25, 13, 3), with_date=False) == "14:03"
