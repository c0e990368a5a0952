from datetime import date

from handover.domain.lifecycle import lifecycle

UNTIL = date(2026, 12, 31)


def test_medcom_ceases_in_37_days_as_of_25_november() -> None:
    assert lifecycle(None, UNTIL, date(2026, 11, 25)) == ("ceases", 37)


def test_an_organisation_not_yet_established_and_one_that_has_ceased() -> None:
    assert lifecycle(date(2027, 1, 1), None, date(2026, 11, 25)) == ("starts", 37)
    assert lifecycle(None, UNTIL, date(2027, 1, 2)) == ("ceased", 2)


def test_far_from_its_end_an_organisation_simply_exists() -> None:
    assert lifecycle(None, UNTIL, date(2026, 1, 1)) == ("exists", 0)
    assert lifecycle(None, None, date(2026, 1, 1)) == ("exists", 0)
