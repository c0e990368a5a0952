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


def _counted(state: RowState) -> tuple[int, int]:
    """What one obligation adds to (unassigned, unaccepted)."""
    if state.deleted:
        return 0, 0
    return int(state.receiving_owner is None), int(state.handover_state not in ACCEPTED)


def burndown(
    current: Mapping[str, RowState],
    changes: Sequence[StateChange],
    start: date,
    end: date,
) -> list[tuple[date, int, int]]:
    """(day, unassigned, unaccepted) at the end of each day from `start` to `end`, both included.

    The counts are kept up to date change by change (not recounted every day), so the cost grows
    with the obligations plus the changes plus the days, not with their product.
    """
    states = dict(current)
    unassigned = unaccepted = 0
    for row in states.values():
        one, other = _counted(row)
        unassigned += one
        unaccepted += other
    pending = sorted(changes, key=lambda change: change.when, reverse=True)
    undone = 0
    series = []
    day = end
    while day >= start:
        # Undo every change made after this day, newest first.
        while undone < len(pending) and pending[undone].when.date() > day:
            change = pending[undone]
            undone += 1
            state = states.get(change.obligation_id)
            if state is None:
                continue
            if change.action == "create":
                earlier = replace(state, deleted=True)
            else:
                fields = {
                    k: v
                    for k, v in change.before.items()
                    if k in ("receiving_owner", "handover_state", "deleted")
                }
                earlier = replace(state, **fields)
            after_change, before_change = _counted(state), _counted(earlier)
            unassigned += before_change[0] - after_change[0]
            unaccepted += before_change[1] - after_change[1]
            states[change.obligation_id] = earlier
        series.append((day, unassigned, unaccepted))
        day -= timedelta(days=1)
    return list(reversed(series))
