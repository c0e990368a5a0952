"""What moved since a baseline: due dates (by how many days), receivers and handover states."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Now:
    code: str
    title: str
    due: date | None
    receiving_owner: str | None
    handover_state: str


@dataclass(frozen=True)
class Then:
    due: date | None
    receiving_owner: str | None
    handover_state: str


@dataclass(frozen=True)
class Move:
    code: str
    title: str
    due_then: date | None
    due_now: date | None
    days: int | None  # positive: later than the baseline
    owner_then: str | None
    owner_now: str | None
    state_then: str
    state_now: str
    new: bool = False


def moved(now: Mapping[str, Now], then: Mapping[str, Then]) -> list[Move]:
    """Every obligation whose due date, receiver or state differs from the baseline (new ones
    included), the biggest date moves first."""
    found = []
    for obligation_id, current in now.items():
        kept = then.get(obligation_id)
        if kept is None:
            found.append(
                Move(
                    current.code,
                    current.title,
                    None,
                    current.due,
                    None,
                    None,
                    current.receiving_owner,
                    "",
                    current.handover_state,
                    new=True,
                )
            )
            continue
        if (kept.due, kept.receiving_owner, kept.handover_state) == (
            current.due,
            current.receiving_owner,
            current.handover_state,
        ):
            continue
        days = (current.due - kept.due).days if current.due and kept.due else None
        found.append(
            Move(
                current.code,
                current.title,
                kept.due,
                current.due,
                days,
                kept.receiving_owner,
                current.receiving_owner,
                kept.handover_state,
                current.handover_state,
            )
        )
    return sorted(found, key=lambda move: (-(abs(move.days) if move.days else 0), move.code))
