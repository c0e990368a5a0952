"""Where an organisation stands on a given day: not yet, exists, ceasing soon, ceased."""

from __future__ import annotations

from datetime import date

SOON_DAYS = 90  # "ceases in N days" is worth saying within a quarter


def lifecycle(exists_from: date | None, exists_until: date | None, on: date) -> tuple[str, int]:
    """(state, days): 'starts' in days, 'ceases' in days (within SOON_DAYS), 'ceased', 'exists'."""
    if exists_from is not None and on < exists_from:
        return "starts", (exists_from - on).days
    if exists_until is not None and on > exists_until:
        return "ceased", (on - exists_until).days
    if exists_until is not None and (exists_until - on).days < SOON_DAYS:
        return "ceases", (exists_until - on).days + 1  # the first day it no longer exists
    return "exists", 0
