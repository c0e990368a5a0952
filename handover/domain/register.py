"""What the register (Forpligtelser) can be filtered and sorted by, as a plain value.

The store turns a `RegisterFilter` into SQL; pages build one from their widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

NO_OWNER = ""  # stands for "no receiving owner" in the owner filters


class SortKey(StrEnum):
    DUE = "due"
    CODE = "code"
    PRIORITY = "priority"
    TITLE = "title"
    HANDOVER_STATE = "handover_state"


@dataclass(frozen=True)
class RegisterFilter:
    """Empty tuples mean "any"; `NO_OWNER` in an owner tuple matches obligations without one."""

    projects: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    handover_states: tuple[str, ...] = ()
    current_owners: tuple[str, ...] = ()
    receiving_owners: tuple[str, ...] = ()
    search: str = ""
    sort: SortKey = SortKey.DUE
