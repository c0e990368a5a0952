"""The history as a person reads it (filtered, newest first, values on one line) and undo: put back
what one change replaced, as a change of its own, refused when the row moved on since."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import duckdb

from handover.domain.dates import local_day_after, local_day_start
from handover.domain.model import Dependency, DependencyType, link_of
from handover.domain.rules import Candidate
from handover.domain.workdays import DurationUnit
from handover.store.audit import (
    TABLE_OF,
    Change,
    change_from_row,
    changes_since,
    fetch_rows,
    now,
    write_audit,
)
from handover.store.database import Database
from handover.store.obligation_columns import (
    OBLIGATION_COLUMNS,
    OBLIGATION_SELECT,
    obligation_from_row,
)
from handover.store.obligation_writes import judged, write_fields
from handover.store.people_writes import ORGANISATION_FIELDS, PERSON_FIELDS


class UndoRefusedError(ValueError):
    """The change cannot be undone; `key` and `params` say why, `later` lists what came after."""

    def __init__(self, key: str, later: Sequence[Change] = (), **params: Any) -> None:
        self.key = key
        self.params = params
        self.later = tuple(later)
        super().__init__(key)


_WRITABLE = {
    "obligation": set(OBLIGATION_COLUMNS) | {"dependencies"},
    "organisation": set(ORGANISATION_FIELDS),
    "person": set(PERSON_FIELDS),
}


def can_undo(change: Change) -> bool:
    """Whether `change` is of a kind undo can put back (a row's fields, or an obligation's
    creation); the database may still refuse it (changed since, undone already)."""
    return (
        change.entity in _WRITABLE
        and change.entity_id is not None
        and change.version is not None
        and (change.action != "create" or change.entity == "obligation")
    )


def undo_change(database: Database, change_id: int, *, actor: str) -> Change:
    """Put back what change `change_id` replaced, as a new change of its own.

    Refused when the row changed since (the later changes are listed), when a whole plan was
    loaded or restored after it, for whole-plan imports, and for a change already undone.
    """
    with database.transaction() as cursor:
        found = cursor.execute(
            "SELECT id, changed_at, actor, entity, entity_id, action, before_value, after_value, "
            "version FROM audit_log WHERE id = ?",
            [change_id],
        ).fetchone()
        if found is None:
            raise UndoRefusedError("undo.unknown", id=change_id)
        change = change_from_row(found)
        if change.entity not in _WRITABLE or change.entity_id is None or change.version is None:
            raise UndoRefusedError("undo.not_undoable")
        if cursor.execute("SELECT 1 FROM audit_log WHERE undoes = ?", [change_id]).fetchone():
            raise UndoRefusedError("undo.already_undone")
        (restored,) = cursor.execute(
            "SELECT max(changed_at) FROM audit_log WHERE entity = 'plan' AND id > ?", [change_id]
        ).fetchall()[0]
        if restored is not None:  # the row it changed was replaced by a restore since
            raise UndoRefusedError("undo.restored_since", at=restored.strftime("%d.%m.%Y %H:%M"))
        row = cursor.execute(
            f"SELECT version FROM {TABLE_OF[change.entity]} WHERE id = ?", [change.entity_id]
        ).fetchone()
        current = None if row is None else int(row[0])
        if current != change.version:
            later = changes_since(cursor, change.entity, change.entity_id, change.version)
            raise UndoRefusedError("undo.changed_since", later=later, label=change.entity_id)
        restore = dict(change.before)
        if change.action == "create":
            if change.entity != "obligation":
                raise UndoRefusedError("undo.not_undoable")
            restore = {"deleted": True}
        unknown = set(restore) - _WRITABLE[change.entity]
        if unknown:
            raise UndoRefusedError("undo.not_undoable")
        now_values = {name: change.after.get(name) for name in restore}
        if change.action == "create":
            now_values = {"deleted": False}  # a created row is live: undoing this undo restores it
        if change.entity == "obligation":
            _judge_undo(cursor, change.entity_id, restore)
            links = restore.pop("dependencies", None)
            if restore:
                write_fields(cursor, change.entity_id, change.version, _typed(restore), actor)
            else:
                cursor.execute(
                    "UPDATE obligations SET version = version + 1, updated_at = ?, updated_by = ? "
                    "WHERE id = ?",
                    [now(), actor, change.entity_id],
                )
            if links is not None:
                cursor.execute("DELETE FROM dependencies WHERE successor = ?", [change.entity_id])
                for predecessor, kind, lag, unit in map(link_of, links):
                    cursor.execute(
                        "INSERT INTO dependencies (predecessor, successor, type, lag_days, "
                        "lag_unit) VALUES (?, ?, ?, ?, ?)",
                        [predecessor, change.entity_id, kind, lag, unit],
                    )
                restore["dependencies"] = links
        else:
            assignments = ", ".join(f"{name} = ?" for name in restore)
            cursor.execute(
                f"UPDATE {TABLE_OF[change.entity]} SET {assignments}, version = version + 1, "
                "updated_at = ? WHERE id = ?",
                [*_typed(restore).values(), now(), change.entity_id],
            )
        write_audit(
            cursor,
            [
                (
                    actor,
                    change.entity,
                    change.entity_id,
                    "undo",
                    now_values,
                    restore,
                    change.version + 1,
                )
            ],
            undoes=change_id,
        )
    return change


def _judge_undo(
    cursor: duckdb.DuckDBPyConnection, obligation_id: str, restore: Mapping[str, Any]
) -> None:
    """The obligation as the undo would leave it, judged by the rulebook like any other change:
    an undo may not bring back a rule on an undated anchor, a deactivated receiver, a link to a
    deleted obligation or a cycle (InvalidChangeError; nothing is written)."""
    row = fetch_rows(
        cursor, f"SELECT {OBLIGATION_SELECT} FROM obligations WHERE id = ?", [obligation_id]
    )[0]
    before = obligation_from_row(row)
    values = _typed({name: value for name, value in restore.items() if name != "dependencies"})
    after = obligation_from_row({**row, **values})
    links = restore.get("dependencies")
    predecessors = (
        None
        if links is None
        else tuple(
            Dependency.model_construct(
                predecessor=p,
                successor=obligation_id,
                type=DependencyType(k),
                lag_days=lag,
                lag_unit=DurationUnit(unit),
            )
            for p, k, lag, unit in map(link_of, links)
        )
    )
    judged(cursor, [Candidate(after, after.code, before=before, predecessors=predecessors)])


_DATE_FIELDS = {"due", "start", "exists_from", "exists_until"}


def _typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values back to what the columns hold (dates and timestamps come back as strings)."""
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str) and name in _DATE_FIELDS:
            typed[name] = date.fromisoformat(value)
        elif isinstance(value, str) and name == "accepted_at":
            typed[name] = datetime.fromisoformat(value)
        elif name == "evidence" and value is not None:
            typed[name] = tuple(value)
        else:
            typed[name] = value
    return typed


def history(
    database: Database,
    *,
    entity_id: str | None = None,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 500,
) -> list[Change]:
    """The audit log, newest first, filtered by row, person and date (both ends included, days on
    the Copenhagen clock, which is how the page shows the moments)."""
    clauses: list[str] = ["true"]
    params: list[Any] = []
    if entity_id:
        clauses.append("entity_id = ?")
        params.append(entity_id)
    if actor:
        clauses.append("actor = ?")
        params.append(actor)
    if since:
        clauses.append("changed_at >= ?")
        params.append(local_day_start(since))
    if until:
        clauses.append("changed_at < ?")
        params.append(local_day_after(until))
    rows = (
        database.cursor()
        .execute(
            "SELECT id, changed_at, actor, entity, entity_id, action, before_value, after_value, "
            f"version FROM audit_log WHERE {' AND '.join(clauses)} "
            f"ORDER BY id DESC LIMIT {int(limit)}",
            params,
        )
        .fetchall()
    )
    return [change_from_row(row) for row in rows]


def undone(database: Database, change_ids: Sequence[int]) -> set[int]:
    """Which of these changes have been undone (an undo names the change it undoes)."""
    if not change_ids:
        return set()
    rows = (
        database.cursor()
        .execute(
            "SELECT undoes FROM audit_log WHERE undoes IN (SELECT unnest(?))",
            [list(change_ids)],
        )
        .fetchall()
    )
    return {int(row[0]) for row in rows}


def describe_values(values: Mapping[str, Any]) -> str:
    """A change's before or after values on one line: "notes: x; priority: high"."""

    def shown(value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
        if isinstance(value, list):
            return ", ".join(shown(item) for item in value) or "—"
        return str(value)

    return "; ".join(f"{name}: {shown(values[name])}" for name in sorted(values))
