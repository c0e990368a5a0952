"""The writes as a signed-in person may make them: every function takes the `Identity` first,
checks the role (and, for a participant, that they own or receive the obligation concerned,
read from the database inside the same call), then writes through the store's write modules
with the person's name in the history. The pages and the UI write only through here (an
import-linter contract); a refusal is an AccessDeniedError, whatever button was or was not shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from handover.domain.access import Action, Identity, Sides, require
from handover.domain.edits import RowEdit
from handover.domain.model import HandoverState, Obligation, Organisation, Person, Risk
from handover.domain.plan import Plan
from handover.store import (
    baseline_writes,
    obligation_writes,
    people_writes,
    plan_io,
    risk_writes,
)
from handover.store import history as history_module
from handover.store.audit import (  # re-exported: what the pages catch and show
    Change,
    Conflict,
    ConflictError,
    InvalidChangeError,
    SaveResult,
)
from handover.store.database import Database
from handover.store.history import (
    UndoRefusedError,
    can_undo,
    describe_values,
    history,
    undone,
)
from handover.store.import_writes import ImportResult
from handover.store.obligation_writes import DependencyInput

__all__ = [
    "Change",
    "Conflict",
    "ConflictError",
    "DependencyInput",
    "ImportResult",
    "InvalidChangeError",
    "SaveResult",
    "UndoRefusedError",
    "can_undo",
    "describe_values",
    "history",
    "undone",
]


def sides_of(database: Database, ids: Iterable[str]) -> dict[str, tuple[str, Sides]]:
    """Obligation id -> (code, its current and receiving owner), as stored now."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = (
        database.cursor()
        .execute(
            "SELECT id, code, current_owner, receiving_owner FROM obligations "
            "WHERE id IN (SELECT unnest(?))",
            [wanted],
        )
        .fetchall()
    )
    return {row[0]: (row[1], Sides(row[2], row[3])) for row in rows}


def _on_obligations(database: Database, who: Identity, action: Action, ids: Iterable[str]) -> None:
    for code, sides in sides_of(database, ids).values():
        require(who, action, sides, what=f" ({code})")


def save_inline_edits(database: Database, who: Identity, edits: Sequence[RowEdit]) -> SaveResult:
    _on_obligations(database, who, Action.EDIT_OBLIGATION, (edit.id for edit in edits))
    return obligation_writes.save_inline_edits(database, edits, actor=who.name)


def assign_owners(database: Database, who: Identity, edits: Sequence[RowEdit]) -> SaveResult:
    """Many receiving owners at once (Ejere): the facilitator's step."""
    require(who, Action.ASSIGN_OWNERS)
    return obligation_writes.save_inline_edits(database, edits, actor=who.name)


def save_obligation(
    database: Database,
    who: Identity,
    obligation: Obligation,
    *,
    version: int | None,
    predecessors: Sequence[DependencyInput],
) -> SaveResult:
    if version is None:
        require(who, Action.CREATE_OBLIGATION)
    else:
        _on_obligations(database, who, Action.EDIT_OBLIGATION, [obligation.id])
    return obligation_writes.save_obligation(
        database, obligation, version=version, predecessors=predecessors, actor=who.name
    )


def set_handover_state(
    database: Database,
    who: Identity,
    obligation_id: str,
    version: int,
    target: HandoverState,
    *,
    reason: str = "",
) -> None:
    action = (
        Action.ACCEPT_HANDOVER
        if target in (HandoverState.ACCEPTED, HandoverState.REJECTED)
        else Action.PROPOSE_HANDOVER
    )
    _on_obligations(database, who, action, [obligation_id])
    obligation_writes.set_handover_state(
        database, obligation_id, version, target, actor=who.name, reason=reason
    )


def set_deleted(
    database: Database, who: Identity, obligation_id: str, version: int, deleted: bool
) -> None:
    require(who, Action.DELETE_OBLIGATION)
    obligation_writes.set_deleted(database, obligation_id, version, deleted, actor=who.name)


def save_organisation(
    database: Database, who: Identity, organisation: Organisation, *, version: int | None
) -> bool:
    require(who, Action.EDIT_ORGANISATIONS)
    return people_writes.save_organisation(database, organisation, version=version, actor=who.name)


def save_person(database: Database, who: Identity, person: Person, *, version: int | None) -> bool:
    require(who, Action.EDIT_ORGANISATIONS)
    return people_writes.save_person(database, person, version=version, actor=who.name)


def save_risk(database: Database, who: Identity, risk: Risk, *, version: int | None) -> bool:
    require(who, Action.EDIT_RISKS)
    return risk_writes.save_risk(database, risk, version=version, actor=who.name)


def save_baseline(database: Database, who: Identity, name: str) -> str:
    require(who, Action.SAVE_BASELINE)
    return baseline_writes.save_baseline(database, name, actor=who.name)


def undo_change(database: Database, who: Identity, change_id: int) -> Change:
    require(who, Action.UNDO)
    return history_module.undo_change(database, change_id, actor=who.name)


def restore_plan(database: Database, who: Identity, plan: Plan, *, source: str) -> None:
    require(who, Action.RESTORE)
    plan_io.load_plan(database, plan, actor=f"{who.name} (restore {source})", replace=True)
