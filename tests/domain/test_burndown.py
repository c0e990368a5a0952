"""The burn-down walks the history backwards from today's states."""

from datetime import date, datetime

from handover.domain.burndown import RowState, StateChange, burndown

TODAY = RowState(receiving_owner="p", handover_state="accepted", deleted=False)


def test_a_plan_without_changes_is_flat() -> None:
    series = burndown({"a": TODAY}, [], date(2026, 11, 20), date(2026, 11, 22))
    assert series == [
        (date(2026, 11, 20), 0, 0),
        (date(2026, 11, 21), 0, 0),
        (date(2026, 11, 22), 0, 0),
    ]


def test_changes_are_undone_day_by_day() -> None:
    changes = [
        StateChange(
            datetime(2026, 11, 21, 10),
            "a",
            "update",
            {"receiving_owner": None, "handover_state": "unassigned"},
        ),
        StateChange(datetime(2026, 11, 22, 9), "a", "handover", {"handover_state": "proposed"}),
        StateChange(datetime(2026, 11, 22, 11), "b", "create", {}),
    ]
    current = {"a": TODAY, "b": RowState(None, "unassigned", False)}
    series = burndown(current, changes, date(2026, 11, 20), date(2026, 11, 22))
    assert series == [
        (date(2026, 11, 20), 1, 1),  # a had no owner; b did not exist
        (date(2026, 11, 21), 0, 1),  # a assigned (proposed)
        (date(2026, 11, 22), 1, 1),  # a accepted; b created without an owner
    ]


def test_a_deleted_obligation_stops_counting() -> None:
    current = {"a": RowState(None, "unassigned", True)}
    changes = [StateChange(datetime(2026, 11, 22, 8), "a", "delete", {"deleted": False})]
    assert burndown(current, changes, date(2026, 11, 21), date(2026, 11, 22)) == [
        (date(2026, 11, 21), 1, 1),
        (date(2026, 11, 22), 0, 0),
    ]
