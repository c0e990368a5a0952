"""The burn-down: how many obligations were without a receiving owner, and how many not yet
accepted, at the end of each day — rebuilt from the history by walking it backwards from today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

ACCEPTED = frozenset({"accepted", "transferred"})


@dataclass(frozen=True)
class RowState:
    receiving_owner: str | None
    handover_state: str
    deleted: bool


@dataclass(frozen=True)
class StateChange:
    when: datetime
    obligation_id: str
    action: str
    before: Mapping[str, Any]


def _counts(states: Mapping[str, RowState]) -> tuple[int, int]:
    live = [s for s in states.values() if not s.deleted]
    return (
        sum(s.receiving_owner is None for s in live),
        sum(s.handover_state not in ACCEPTED for s in live),
    )


def burndown(
    current: Mapping[str, RowState],
    changes: Sequence[StateChange],
    start: date,
    end: date,
) -> list[tuple[date, int, int]]:
    """(day, unassigned, unaccepted) at the end of each day from `start` to `end`, both included."""
    states = dict(current)
    pending = sorted(changes, key=lambda change: change.when, reverse=True)
    series = []
    day = end
    while day >= start:
        # Undo every change made after this day, newest first.
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
        unassigned, unaccepted = _counts(states)
        series.append((day, unassigned, unaccepted))
        day -= timedelta(days=1)
    return list(reversed(series))
