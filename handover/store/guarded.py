"""The one gateway for writes as a signed-in person may make them: every function takes the
`Identity` first and checks the role — for a participant, that they own or receive the obligation
concerned, read inside the same write transaction as the write itself — then writes through the
store's write modules with the person's name in the history. Pages, UI, imports and the command
line write only through here (import-linter contracts); a refusal is an AccessDeniedError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from handover.domain.access import Action, Identity, Sides, require
from handover.domain.dates import format_date
from handover.domain.edits import INLINE_FIELDS, RowEdit
from handover.domain.model import (
    Dependency,
    HandoverState,
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
    Risk,
)
from handover.domain.plan import Plan, Problem
from handover.domain.text import text as wording
from handover.domain.workshop import AgendaItem, ItemKind, NoteKind, RoomDecision, Step, Workshop
from handover.store import (
    baseline_writes,
    close_out_writes,
    import_writes,
    obligation_writes,
    people_writes,
    plan_io,
    project_writes,
    projects,
    risk_writes,
    seed,
    workshop_writes,
    workshops,
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


def _sides_in(
    cursor: duckdb.DuckDBPyConnection, ids: Iterable[str]
) -> dict[str, tuple[str, Sides]]:
    """Obligation id -> (code, its current and receiving owner), as the transaction sees them."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = cursor.execute(
        "SELECT id, code, current_owner, receiving_owner FROM obligations "
        "WHERE id IN (SELECT unnest(?))",
        [wanted],
    ).fetchall()
    return {row[0]: (row[1], Sides(row[2], row[3])) for row in rows}


def _on_obligations(
    cursor: duckdb.DuckDBPyConnection, who: Identity, action: Action, ids: Iterable[str]
) -> None:
    """The role check on obligations, inside the write's transaction: an owner changed by someone
    else up to the moment of writing is seen (the write lock holds it still until COMMIT)."""
    for code, sides in _sides_in(cursor, ids).values():
        require(who, action, sides, what=f" ({code})")


def save_inline_edits(database: Database, who: Identity, edits: Sequence[RowEdit]) -> SaveResult:
    if not edits:
        return SaveResult()
    with database.transaction() as cursor:
        _on_obligations(cursor, who, Action.EDIT_OBLIGATION, (edit.id for edit in edits))
        return obligation_writes.save_edits_in(cursor, edits, who.name, INLINE_FIELDS)


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
    with database.transaction() as cursor:
        if version is not None:
            _on_obligations(cursor, who, Action.EDIT_OBLIGATION, [obligation.id])
        return obligation_writes.save_obligation_in(
            cursor, obligation, version, predecessors, who.name
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
    with database.transaction() as cursor:
        _on_obligations(cursor, who, action, [obligation_id])
        obligation_writes.set_handover_state_in(
            cursor, obligation_id, version, target, actor=who.name, reason=reason
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


def save_project(
    database: Database, who: Identity, project: Project, *, version: int | None
) -> bool:
    require(who, Action.EDIT_ORGANISATIONS)  # plan structure: the facilitator's, like organisations
    return projects.save_project(database, project, version=version, actor=who.name)


def save_milestone(
    database: Database, who: Identity, milestone: Milestone, *, version: int | None
) -> bool:
    require(who, Action.EDIT_ORGANISATIONS)
    return projects.save_milestone(database, milestone, version=version, actor=who.name)


def add_close_out(
    database: Database, who: Identity, project_id: str, prefix: str, *, version: int
) -> ImportResult:
    """The close-out template's obligations and roles for a project (the facilitator's: it
    creates obligations and people); see close_out_writes.add_close_out."""
    require(who, Action.CREATE_OBLIGATION)
    require(who, Action.EDIT_ORGANISATIONS)
    return close_out_writes.add_close_out(
        database, project_id, prefix, version=version, actor=who.name
    )


def save_risk(database: Database, who: Identity, risk: Risk, *, version: int | None) -> bool:
    require(who, Action.EDIT_RISKS)
    return risk_writes.save_risk(database, risk, version=version, actor=who.name)


def save_baseline(database: Database, who: Identity, name: str) -> str:
    require(who, Action.SAVE_BASELINE)
    return baseline_writes.save_baseline(database, name, actor=who.name)


def undo_change(database: Database, who: Identity, change_id: int) -> Change:
    require(who, Action.UNDO)
    return history_module.undo_change(database, change_id, actor=who.name)


def restore_plan(
    database: Database, who: Identity, plan: Plan, *, source: str, now: datetime | None = None
) -> Path | None:
    """Replace the plan with `plan`, after keeping the one it replaces in `backups/` next to the
    database file (`plan_io.write_backup`; its path is returned, None in memory). A backup that
    cannot be written raises OSError and nothing is replaced."""
    require(who, Action.RESTORE)
    kept = plan_io.write_backup(database, now or datetime.now())
    plan_io.load_plan(database, plan, actor=f"{who.name} (restore {source})", replace=True)
    return kept


def start_plan(database: Database, who: Identity, seed_name: str, *, local: bool) -> bool:
    """Load a seed plan into an empty database (never over a plan: checked in the same
    transaction). Locally anyone may start the plan; configured, only the facilitator."""
    if not local:
        require(who, Action.RESTORE)
    return seed.initialise(database, seed_name, actor=who.name)


# --------------------------------------------------------------------------- imports


def _import_actor(who: Identity, source: str) -> str:
    """The import role check, and the author an import's changes carry: "Anna (plan.csv)"."""
    require(who, Action.IMPORT)
    return f"{who.name} ({source})" if source else who.name


def require_import(who: Identity) -> None:
    """The import role check alone (for an import that turns out to have nothing to write)."""
    require(who, Action.IMPORT)


def import_rows(
    database: Database,
    who: Identity,
    records: Sequence[tuple[Any, int | None]],
    *,
    source: str,
    dry_run: bool = False,
) -> ImportResult:
    """A spreadsheet's rows (see import_writes.apply_rows). Only the facilitator imports, dry
    runs included."""
    actor = _import_actor(who, source)
    return import_writes.apply_rows(database, records, actor=actor, dry_run=dry_run)


def import_records(
    database: Database,
    who: Identity,
    records: Sequence[tuple[Any, int | None]],
    *,
    source: str,
    dry_run: bool = False,
) -> ImportResult:
    """A status report's records (see import_writes.apply_records); the facilitator's."""
    actor = _import_actor(who, source)
    return import_writes.apply_records(database, records, actor=actor, dry_run=dry_run)


def import_project(
    database: Database,
    who: Identity,
    records: Sequence[tuple[Any, int | None]],
    predecessors: Mapping[str, Sequence[Dependency]],
    *,
    source: str,
    closing_days: Sequence[date] = (),
    settings_version: int = 0,
    dry_run: bool = False,
) -> ImportResult:
    """A project file's records, links and closing days (see project_writes.apply_project); the
    facilitator's."""
    actor = _import_actor(who, source)
    return project_writes.apply_project(
        database,
        records,
        predecessors,
        actor=actor,
        closing_days=closing_days,
        settings_version=settings_version,
        dry_run=dry_run,
    )


# --------------------------------------------------------------------------- workshops, comments


def start_workshop(
    database: Database, who: Identity, title: str, agenda: list[AgendaItem]
) -> Workshop:
    with database.transaction() as cursor:
        require(who, Action.RUN_WORKSHOP)
        workshop_id = workshop_writes.start_workshop_in(cursor, who.name, title, agenda)
    found = workshops.get_workshop(database, workshop_id)
    assert found is not None
    return found


def go_to(database: Database, who: Identity, workshop: Workshop, index: int) -> None:
    with database.transaction() as cursor:
        require(who, Action.RUN_WORKSHOP)
        workshop_writes.go_to_in(cursor, who.name, workshop, index)


def add_note(
    database: Database,
    who: Identity,
    workshop: Workshop,
    item: AgendaItem,
    kind: NoteKind,
    text: str,
    *,
    owner: str | None = None,
    due: date | None = None,
) -> int:
    """A decision, action or question on the open workshop's item (the facilitator's)."""
    with database.transaction() as cursor:
        require(who, Action.RUN_WORKSHOP)
        return workshop_writes.add_note_in(
            cursor, who.name, workshop, item, kind, text, owner=owner, due=due
        )


def end_workshop(database: Database, who: Identity, workshop: Workshop, baseline_name: str) -> str:
    with database.transaction() as cursor:
        require(who, Action.RUN_WORKSHOP)
        return workshop_writes.end_workshop_in(cursor, who.name, workshop, baseline_name)


def decide(
    database: Database,
    who: Identity,
    workshop: Workshop,
    item: AgendaItem,
    version: int,
    decision: RoomDecision,
    *,
    language: str = "da",
) -> SaveResult:
    """A decision of the room on an obligation of the agenda, made through the same role-checked,
    version-checked writes as every other screen (a ConflictError when the obligation moved past
    `version`; nothing is written then), and recorded as a decision in the minutes with who and
    when. A decision that changes nothing is not minuted."""
    if item.kind is not ItemKind.OBLIGATION or item not in workshop.agenda:
        raise InvalidChangeError([Problem("workshop.current", "room.not_obligation")])
    with database.transaction() as cursor:
        workshop_writes.still_open(cursor, workshop)
    shown = workshops.current_obligation(database, item.id)
    if shown is None:
        raise InvalidChangeError(
            [Problem("workshop.current", "plan.unknown_reference", {"id": item.id, "kind": ""})]
        )
    obligation, due_before = shown
    names = workshops.people_labels(database)

    def name(person: str | None) -> str:
        return "—" if person is None else names.get(person, person)

    if decision.step in (Step.RECEIVER, Step.DUE):
        change = (
            {"receiving_owner": decision.receiver}
            if decision.step is Step.RECEIVER
            else {"due": decision.due}
        )
        result = save_inline_edits(database, who, [RowEdit(item.id, version, change)])
        if result.conflicts:
            raise ConflictError(result.conflicts[0])
    else:
        set_handover_state(
            database,
            who,
            item.id,
            version,
            HandoverState(decision.step.value),
            reason=decision.reason,
        )
        result = SaveResult(saved=[item.id])
    if not result.saved:
        return result
    key = f"room.said.{decision.step.value}"
    if decision.step is Step.RECEIVER:
        words = wording(
            key, language, before=name(obligation.receiving_owner), after=name(decision.receiver)
        )
    elif decision.step is Step.DUE:
        words = wording(
            key, language, before=format_date(due_before, "—"), after=format_date(decision.due, "—")
        )
    else:
        words = wording(
            key, language, receiver=name(obligation.receiving_owner), reason=decision.reason.strip()
        )
    with database.transaction() as cursor:
        # The change is made: it is minuted even if the meeting ended in between.
        workshop_writes.insert_note(
            cursor, who.name, workshop, item, NoteKind.DECISION, words, None, None
        )
    return result


def add_comment(
    database: Database, who: Identity, obligation_id: str, text: str, mentioned: list[str]
) -> int:
    with database.transaction() as cursor:
        require(who, Action.COMMENT)
        return workshop_writes.add_comment_in(
            cursor, who.name, who.person, obligation_id, text, mentioned
        )
