"""The burn-down walks the history backwards from today's states."""

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain.burndown import ACCEPTED, RowState, StateChange, burndown

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


def recounted_every_day(
    current: dict[str, RowState], changes: list[StateChange], start: date, end: date
) -> list[tuple[date, int, int]]:
    """The burn-down as first written: every day recounted over every obligation (the reference
    the incremental one must equal)."""
    states = dict(current)
    pending = sorted(changes, key=lambda change: change.when, reverse=True)
    series = []
    day = end
    while day >= start:
        while pending and pending[0].when.date() > day:
            change = pending.pop(0)
            state = states.get(change.obligation_id)
            if state is None:
                continue
            if change.action == "create":
                states[change.obligation_id] = replace(state, deleted=True)
                continue
            fields = {
                k: v
                for k, v in change.before.items()
                if k in ("receiving_owner", "handover_state", "deleted")
            }
            states[change.obligation_id] = replace(state, **fields)
        live = [s for s in states.values() if not s.deleted]
        series.append(
            (
                day,
                sum(s.receiving_owner is None for s in live),
                sum(s.handover_state not in ACCEPTED for s in live),
            )
        )
        day -= timedelta(days=1)
    return list(reversed(series))


_IDS = st.sampled_from(["a", "b", "c", "d", "ghost"])
_STATES = st.sampled_from(["unassigned", "proposed", "accepted", "rejected", "transferred"])
_OWNERS = st.sampled_from([None, "p", "q"])
_ROWS = st.builds(RowState, _OWNERS, _STATES, st.booleans())
_BEFORE = st.fixed_dictionaries(
    {},
    optional={
        "receiving_owner": _OWNERS,
        "handover_state": _STATES,
        "deleted": st.booleans(),
        "notes": st.text(max_size=3),
    },
)
_CHANGES = st.builds(
    StateChange,
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 3, 1)),
    _IDS,
    st.sampled_from(["create", "update", "handover", "delete"]),
    _BEFORE,
)


@settings(max_examples=150, deadline=None)
@given(
    current=st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), _ROWS),
    changes=st.lists(_CHANGES, max_size=25),
    start=st.dates(min_value=date(2025, 12, 20), max_value=date(2026, 2, 10)),
    days=st.integers(min_value=0, max_value=80),
)
def test_the_incremental_burndown_equals_recounting_every_day(
    current: dict[str, RowState], changes: list[StateChange], start: date, days: int
) -> None:
    end = start + timedelta(days=days)
    assert burndown(current, changes, start, end) == recounted_every_day(
        current, changes, start, end
    )
