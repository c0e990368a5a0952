"""Who may do what: three roles, the actions of the planner, and the one rule table.

- facilitator: everything;
- participant: edits the obligations they own (current owner) or receive (receiving owner),
  proposes and accepts handovers of those, comments anywhere;
- viewer: reads and exports.

Pure: the store asks `require` before every write (the service layer), the UI asks `allowed` to
decide what to show. A refusal is an AccessDeniedError whose key renders the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


class Action(StrEnum):
    READ = "read"  # every page, every export
    EDIT_OBLIGATION = "edit_obligation"  # fields of an existing obligation
    CREATE_OBLIGATION = "create_obligation"
    DELETE_OBLIGATION = "delete_obligation"  # and restore
    PROPOSE_HANDOVER = "propose_handover"  # propose / transfer / back to unassigned
    ACCEPT_HANDOVER = "accept_handover"  # accept or reject, as the receiving owner
    ASSIGN_OWNERS = "assign_owners"  # many at once; confirm proposals from successors
    EDIT_ORGANISATIONS = "edit_organisations"  # and people
    EDIT_RISKS = "edit_risks"
    SAVE_BASELINE = "save_baseline"
    IMPORT = "import"
    RESTORE = "restore"
    UNDO = "undo"
    COMMENT = "comment"
    RUN_WORKSHOP = "run_workshop"  # agenda, current item, decisions, actions, minutes


# Actions a participant may take on an obligation, and on which side of it they must stand.
_PARTICIPANT_ON_OBLIGATION = {
    Action.EDIT_OBLIGATION: ("current", "receiving"),
    Action.PROPOSE_HANDOVER: ("current", "receiving"),
    Action.ACCEPT_HANDOVER: ("receiving",),
}
_PARTICIPANT_ANYWHERE = {Action.READ, Action.COMMENT}


@dataclass(frozen=True)
class Identity:
    """A signed-in person: the name written into the history, the role, and — for ownership —
    the plan's person they are (None when they are not in the plan)."""

    name: str
    role: Role
    person: str | None = None


@dataclass(frozen=True)
class Sides:
    """The owners of the obligation an action concerns."""

    current: str | None = None
    receiving: str | None = None


class AccessDeniedError(PermissionError):
    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(key)


def allowed(who: Identity, action: Action, sides: Sides | None = None) -> bool:
    """True when `who` may take `action` (on the obligation with these `sides`, where it
    concerns one)."""
    if who.role is Role.FACILITATOR:
        return True
    if action is Action.READ:
        return True
    if who.role is Role.VIEWER:
        return False
    if action in _PARTICIPANT_ANYWHERE:
        return True
    if action not in _PARTICIPANT_ON_OBLIGATION or who.person is None:
        return False
    if sides is None:
        return False
    standing = {"current": sides.current, "receiving": sides.receiving}
    return any(standing[side] == who.person for side in _PARTICIPANT_ON_OBLIGATION[action])


def require(who: Identity, action: Action, sides: Sides | None = None, *, what: str = "") -> None:
    """Raise AccessDeniedError saying why, unless `allowed`."""
    if allowed(who, action, sides):
        return
    if who.role is Role.VIEWER:
        raise AccessDeniedError("access.viewer", name=who.name)
    if action in _PARTICIPANT_ON_OBLIGATION:
        key = "access.not_receiver" if action is Action.ACCEPT_HANDOVER else "access.not_yours"
        raise AccessDeniedError(key, name=who.name, what=what)
    raise AccessDeniedError("access.facilitator_only", name=who.name, action=action.value)


LOCAL = Identity(name="", role=Role.FACILITATOR)  # no access configured: one local user
