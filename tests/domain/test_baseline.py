"""What moved since a baseline."""

from datetime import date

from handover.domain.baseline import Now, Then, moved


def test_moved_dates_receivers_states_and_new_obligations() -> None:
    then = {
        "a": Then(date(2027, 1, 29), None, "unassigned"),
        "b": Then(date(2026, 12, 15), "x", "proposed"),
        "c": Then(date(2026, 12, 31), "y", "accepted"),
    }
    now = {
        "a": Now("XS-01", "A", date(2027, 2, 12), None, "unassigned"),  # 14 days later
        "b": Now("XS-04", "B", date(2026, 12, 15), "x", "accepted"),  # state only
        "c": Now("XS-16", "C", date(2026, 12, 31), "y", "accepted"),  # unchanged
        "d": Now("XS-50", "D", date(2027, 3, 1), None, "unassigned"),  # new
    }
    moves = moved(now, then)
    assert [(m.code, m.days, m.new) for m in moves] == [
        ("XS-01", 14, False),
        ("XS-04", 0, False),
        ("XS-50", None, True),
    ]
    assert moves[1].state_then == "proposed"
