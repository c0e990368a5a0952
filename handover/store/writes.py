"""Every change to a plan: version-checked, validated, audited, in one short transaction each.

The rules of ../shared/pitfalls.md: a write runs under the process-wide lock in an explicit
transaction; each row carries the version the person saw, and a row whose version moved meanwhile is
a conflict, reported with the other person's changes and never overwritten; deletes are soft and
version-checked too; every saved change bumps the row's version by one and writes one audit entry,
so versions and history always agree.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from handover.domain.edits import INLINE_FIELDS, RowEdit
from handover.domain.model import (
    DependencyType,
    DueAnchor,
    HandoverState,
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
    Risk,
)
from handover.domain.plan import Problem, check_organisations
from handover.domain.schedule import find_cycle, resolve_due
from handover.domain.workflow import (
    HandoverFacts,
    WorkflowError,
    check_step,
    state_after_owner_change,
)
from handover.store.database import Database
from handover.store.queries import RESOLVED_DUE


@dataclass(frozen=True)
class Change:
    """One audit entry as a person reads it."""

    id: int
    changed_at: datetime
    actor: str
    entity: str
    entity_id: str | None
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    version: int | None


@dataclass(frozen=True)
class Conflict:
    """A row someone else changed (or deleted) after this person saw it; their input is kept."""

    entity_id: str
    label: str
    your_version: int
    current_version: int | None
    deleted: bool
    others: tuple[Change, ...] = ()


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class InvalidChangeError(ValueError):
    """The change breaks a rule; nothing was saved. `problems` says what and where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(problem.render("en") for problem in self.problems))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _json(values: Any) -> str:
    return json.dumps(values, ensure_ascii=False, default=_plain, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set):
        return list(value)
    return str(value)


def _audit(
    cursor: duckdb.DuckDBPyConnection,
    rows: Iterable[tuple[str, str, str, str, Mapping[str, Any], Mapping[str, Any], int | None]],
    undoes: int | None = None,
) -> None:
    """Write audit entries (actor, entity, id, action, before, after, version) in one statement.

    The before/after values of the whole batch go in as two JSON arrays that DuckDB unnests side
    by side: two encoder calls per batch instead of two per row.
    """
    batch = list(rows)
    if not batch:
        return
    cursor.execute(
        """
        INSERT INTO audit_log (changed_at, actor, entity, entity_id, action, before_value,
                               after_value, version, undoes)
        SELECT ?, unnest(?), unnest(?), unnest(?), unnest(?),
               unnest(CAST(? AS JSON[])), unnest(CAST(? AS JSON[])), unnest(?), ?
        """,
        [
            _now(),
            [row[0] for row in batch],
            [row[1] for row in batch],
            [row[2] for row in batch],
            [row[3] for row in batch],
            _json([row[4] for row in batch]),
            _json([row[5] for row in batch]),
            [row[6] for row in batch],
            undoes,
        ],
    )


def _changes_since(
    cursor: duckdb.DuckDBPyConnection, entity: str, entity_id: str, version: int
) -> tuple[Change, ...]:
    rows = cursor.execute(
        "SELECT id, changed_at, actor, entity, entity_id, action, before_value, after_value, "
        "version FROM audit_log WHERE entity = ? AND entity_id = ? AND version > ? ORDER BY id",
        [entity, entity_id, version],
    ).fetchall()
    return tuple(_change(row) for row in rows)


def _change(row: Sequence[Any]) -> Change:
    return Change(
        id=int(row[0]),
        changed_at=row[1],
        actor=row[2],
        entity=row[3],
        entity_id=row[4],
        action=row[5],
        before=json.loads(row[6]) if row[6] else {},
        after=json.loads(row[7]) if row[7] else {},
        version=row[8],
    )


# --------------------------------------------------------------------------- inline edits

# Domain field -> column, for what inline edits and undo may write (an allow-list).
_OBLIGATION_COLUMNS = {
    "status": "status",
    "receiving_owner": "receiving_owner",
    "handover_state": "handover_state",
    "priority": "priority",
    "notes": "notes",
    "due": "due_date",
    "due_anchor": "due_anchor",
    "due_milestone": "due_milestone",
    "due_days": "due_days",
    "accepted_by": "accepted_by",
    "accepted_at": "accepted_at",
    "rejection_reason": "rejection_reason",
    "deleted": "deleted",
    "code": "code",
    "project": "project",
    "title": "title",
    "description": "description",
    "category": "category",
    "source_quote": "source_quote",
    "source_ref": "source_ref",
    "legal_basis": "legal_basis",
    "current_owner": "current_owner",
    "start": "start_date",
    "acceptance_criteria": "acceptance_criteria",
    "evidence": "evidence",
    "amount_eur": "amount_eur",
}
_CURRENT_SQL = f"""
SELECT o.id, o.code, o.version, o.deleted, o.status, o.receiving_owner, o.handover_state,
       o.priority, o.notes, o.due_date AS due, o.due_anchor, o.due_milestone, o.due_days,
       o.start_date AS start, {RESOLVED_DUE} AS resolved_due, o.accepted_by, o.accepted_at,
       o.title, o.description, o.category, o.project, o.current_owner, o.acceptance_criteria,
       o.evidence, CAST(o.amount_eur AS DOUBLE) AS amount_eur, o.source_quote, o.source_ref,
       o.legal_basis
FROM obligations o
LEFT JOIN projects p ON p.id = o.project
LEFT JOIN milestones m ON m.id = o.due_milestone
WHERE o.id IN (SELECT id FROM wanted)
"""


def _people_and_organisations(
    cursor: duckdb.DuckDBPyConnection,
) -> tuple[dict[str, tuple[str, bool]], dict[str, Organisation]]:
    people = {
        pid: (organisation, bool(active))
        for pid, organisation, active in cursor.execute(
            "SELECT id, organisation, active FROM people"
        ).fetchall()
    }
    organisations = {
        row[0]: Organisation(
            id=row[0], name=row[1], exists_from=row[2], exists_until=row[3], successor=row[4]
        )
        for row in cursor.execute(
            "SELECT id, name, exists_from, exists_until, successor FROM organisations"
        ).fetchall()
    }
    return people, organisations


def _receiver_and_organisation(
    cursor: duckdb.DuckDBPyConnection, receiver: str | None
) -> tuple[dict[str, tuple[str, bool]], dict[str, Organisation]]:
    """`_people_and_organisations` for one receiving owner only (a save of one obligation)."""
    if receiver is None:
        return {}, {}
    row = cursor.execute(
        "SELECT p.organisation, p.active, o.name, o.exists_from, o.exists_until, o.successor "
        "FROM people p LEFT JOIN organisations o ON o.id = p.organisation WHERE p.id = ?",
        [receiver],
    ).fetchone()
    if row is None:
        return {}, {}
    people = {receiver: (row[0], bool(row[1]))}
    if row[2] is None:
        return people, {}
    organisation = Organisation(
        id=row[0], name=row[2], exists_from=row[3], exists_until=row[4], successor=row[5]
    )
    return people, {row[0]: organisation}


def _receiver_warning(
    code: str,
    receiver: str | None,
    due: date | None,
    people: Mapping[str, tuple[str, bool]],
    organisations: Mapping[str, Organisation],
) -> Problem | None:
    """A receiving owner whose organisation does not exist on the due date: saved, but said."""
    if receiver is None or due is None or receiver not in people:
        return None
    organisation = organisations.get(people[receiver][0])
    if organisation is None or organisation.exists_on(due):
        return None
    return Problem(
        f"{code}.receiving_owner",
        "edit.receiver_org_gone",
        {"code": code, "organisation": organisation.name, "due": due.strftime("%d.%m.%Y")},
    )


def save_inline_edits(database: Database, edits: Sequence[RowEdit], *, actor: str) -> SaveResult:
    """Save table edits (status, receiving owner, due, priority, notes) in one transaction.

    Rows whose version moved are conflicts and are left alone; the rest are validated together
    (any problem: nothing is saved, InvalidChangeError) and written with one UPDATE.
    """
    if not edits:
        return SaveResult()
    with database.transaction() as cursor:
        return _save_edits(cursor, edits, actor, INLINE_FIELDS)


def _save_edits(
    cursor: duckdb.DuckDBPyConnection,
    edits: Sequence[RowEdit],
    actor: str,
    fields: frozenset[str],
) -> SaveResult:
    """`save_inline_edits` inside the caller's transaction, for the fields allowed: the table's
    few, or every field a spreadsheet import may change (IMPORT_FIELDS)."""
    result = SaveResult()
    for edit in edits:
        if not set(edit.changes) <= fields:
            raise ValueError(f"not editable here: {sorted(set(edit.changes) - fields)}")
    cursor.register("wanted", pa.table({"id": [edit.id for edit in edits]}))
    current = {row["id"]: row for row in _rows(cursor, _CURRENT_SQL)}
    cursor.unregister("wanted")
    people, organisations = _people_and_organisations(cursor)
    projects: dict[str, tuple[date | None, date | None]] = (
        {
            pid: (start, end)
            for pid, start, end in cursor.execute(
                "SELECT id, start_date, end_date FROM projects"
            ).fetchall()
        }
        if fields != INLINE_FIELDS
        else {}
    )
    problems: list[Problem] = []
    updates: list[dict[str, Any]] = []
    changed_anywhere: set[str] = set()
    audit_rows = []
    for edit in edits:
        row = current.get(edit.id)
        if row is None or row["deleted"] or row["version"] != edit.version:
            result.conflicts.append(_conflict(cursor, "obligation", edit.id, row, edit.version))
            continue
        new = dict(row)
        for name, value in edit.changes.items():
            new[name] = value
        code = row["code"]
        for name, table in (("current_owner", people), ("project", projects)):
            if name in edit.changes and new[name] is not None and new[name] not in table:
                problems.append(
                    Problem(
                        f"{code}.{name}", "plan.unknown_reference", {"id": new[name], "kind": name}
                    )
                )
        if (
            "project" in edit.changes
            and "due" not in edit.changes
            and new["due_anchor"]
            in (
                DueAnchor.PROJECT_END.value,
                DueAnchor.PROJECT_START.value,
            )
        ):  # the rule now counts from the new project's dates
            start, end = projects.get(new["project"], (None, None))
            anchor = end if new["due_anchor"] == DueAnchor.PROJECT_END.value else start
            new["resolved_due"] = (
                None if anchor is None else anchor + timedelta(days=new["due_days"])
            )
        if "due" in edit.changes and edit.changes["due"] != row["resolved_due"]:
            # A date typed in the table replaces the rule it was derived from.
            new.update(due_anchor=None, due_milestone=None, due_days=0)
            new["resolved_due"] = edit.changes["due"]
        elif "due" in edit.changes:
            new["due"] = row["due"]
        receiver = new["receiving_owner"]
        if receiver != row["receiving_owner"]:
            if receiver is not None and receiver not in people:
                problems.append(
                    Problem(f"{code}.receiving_owner", "edit.unknown_person", {"id": receiver})
                )
                continue
            if receiver is not None and not people[receiver][1]:
                problems.append(
                    Problem(f"{code}.receiving_owner", "edit.inactive_person", {"id": receiver})
                )
                continue
            try:
                new["handover_state"] = state_after_owner_change(
                    HandoverState(row["handover_state"]), receiver
                ).value
            except WorkflowError as error:
                problems.append(Problem(f"{code}.receiving_owner", error.key, error.params))
                continue
            new["accepted_by"], new["accepted_at"] = None, None
        if (
            new["start"] is not None
            and new["resolved_due"] is not None
            and new["resolved_due"] < new["start"]
        ):
            problems.append(Problem(f"{code}.due", "plan.due_before_start", {"code": code}))
            continue
        changed = {name for name in _BULK_TYPES if new[name] != row[name]}
        if not changed:
            continue
        warning = _receiver_warning(code, receiver, new["resolved_due"], people, organisations)
        if warning is not None and ("receiving_owner" in changed or "due" in changed):
            result.warnings.append(warning)
        updates.append({**new, "expected_version": edit.version})
        changed_anywhere |= changed
        audit_rows.append(
            (
                actor,
                "obligation",
                edit.id,
                "update",
                {name: row[name] for name in sorted(changed)},
                {name: new[name] for name in sorted(changed)},
                edit.version + 1,
            )
        )
    if problems:
        raise InvalidChangeError(problems)
    if updates:
        _bulk_update(cursor, updates, changed_anywhere, actor)
        _audit(cursor, audit_rows)
    result.saved = [update["id"] for update in updates]
    return result


# What a table edit can change (directly or through the workflow), with its Arrow type; the
# column names come from the one allow-list, _OBLIGATION_COLUMNS.
_BULK_TYPES = {
    "status": pa.string(),
    "receiving_owner": pa.string(),
    "handover_state": pa.string(),
    "priority": pa.string(),
    "notes": pa.string(),
    "due": pa.date32(),
    "due_anchor": pa.string(),
    "due_milestone": pa.string(),
    "due_days": pa.int32(),
    "accepted_by": pa.string(),
    "accepted_at": pa.timestamp("us"),
    # and what a spreadsheet import may change as well
    "title": pa.string(),
    "description": pa.string(),
    "category": pa.string(),
    "project": pa.string(),
    "current_owner": pa.string(),
    "start": pa.date32(),
    "acceptance_criteria": pa.string(),
    "evidence": pa.list_(pa.string()),
    "amount_eur": pa.float64(),
    "source_quote": pa.string(),
    "source_ref": pa.string(),
    "legal_basis": pa.string(),
}
IMPORT_FIELDS: frozenset[str] = INLINE_FIELDS | {
    "title",
    "description",
    "category",
    "project",
    "current_owner",
    "start",
    "acceptance_criteria",
    "evidence",
    "amount_eur",
    "source_quote",
    "source_ref",
    "legal_basis",
}


def _bulk_update(
    cursor: duckdb.DuckDBPyConnection,
    updates: list[dict[str, Any]],
    changed: set[str],
    actor: str,
) -> None:
    """One UPDATE ... FROM for the whole batch, setting only the columns some row changed (DuckDB
    rewrites every column it is told to set)."""
    fields = sorted(changed)
    columns = {
        "id": pa.array([u["id"] for u in updates], pa.string()),
        "expected_version": pa.array([u["expected_version"] for u in updates], pa.int32()),
    }
    for name in fields:
        columns[_OBLIGATION_COLUMNS[name]] = pa.array([u[name] for u in updates], _BULK_TYPES[name])
    cursor.register("edits", pa.table(columns))
    assignments = "".join(
        f"{_OBLIGATION_COLUMNS[name]} = e.{_OBLIGATION_COLUMNS[name]}, " for name in fields
    )
    row = cursor.execute(
        f"""
        UPDATE obligations AS o SET {assignments}
            version = o.version + 1, updated_at = ?, updated_by = ?
        FROM edits e
        WHERE o.id = e.id AND o.version = e.expected_version
        """,
        [_now(), actor],
    ).fetchone()
    cursor.unregister("edits")
    if row is None or int(row[0]) != len(updates):
        # Cannot happen under the write lock; if it ever does, roll back rather than half-save.
        raise RuntimeError(f"expected {len(updates)} rows updated, got {row}")


def _rows(
    cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params or [])
    names = [column[0] for column in result.description]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def _conflict(
    cursor: duckdb.DuckDBPyConnection,
    entity: str,
    entity_id: str,
    row: Mapping[str, Any] | None,
    your_version: int,
) -> Conflict:
    label = str(row.get("code") or row.get("name") or entity_id) if row else entity_id
    return Conflict(
        entity_id=entity_id,
        label=label,
        your_version=your_version,
        current_version=None if row is None else int(row["version"]),
        deleted=row is None or bool(row.get("deleted", False)),
        others=_changes_since(cursor, entity, entity_id, your_version),
    )


# --------------------------------------------------------------------------- single obligations


class ConflictError(RuntimeError):
    """The row changed (or was deleted) since the person saw it; nothing was saved."""

    def __init__(self, conflict: Conflict) -> None:
        self.conflict = conflict
        super().__init__(f"{conflict.label} changed since version {conflict.your_version}")


def _current_obligation(
    cursor: duckdb.DuckDBPyConnection, obligation_id: str, version: int
) -> dict[str, Any]:
    """The row as it is now, or ConflictError when it moved past `version` or is deleted."""
    rows = _rows(
        cursor,
        "SELECT * EXCLUDE (created_at, updated_at, updated_by), start_date AS start, "
        "due_date AS due FROM obligations WHERE id = ?",
        [obligation_id],
    )
    row = rows[0] if rows else None
    if row is None or row["deleted"] or row["version"] != version:
        raise ConflictError(_conflict(cursor, "obligation", obligation_id, row, version))
    return row


def _write_fields(
    cursor: duckdb.DuckDBPyConnection,
    obligation_id: str,
    version: int,
    values: Mapping[str, Any],
    actor: str,
) -> None:
    """UPDATE the allow-listed fields of one obligation if it is still at `version`."""
    columns = [_OBLIGATION_COLUMNS[name] for name in values]  # KeyError: not writable
    assignments = ", ".join(f"{column} = ?" for column in columns)
    params = [list(value) if isinstance(value, tuple) else value for value in values.values()]
    row = cursor.execute(
        f"UPDATE obligations SET {assignments}, version = version + 1, updated_at = ?, "
        "updated_by = ? WHERE id = ? AND version = ?",
        [*params, _now(), actor, obligation_id, version],
    ).fetchone()
    if row is None or int(row[0]) != 1:
        raise RuntimeError(f"obligation {obligation_id} was not updated")


def set_handover_state(
    database: Database,
    obligation_id: str,
    version: int,
    target: HandoverState,
    *,
    actor: str,
    reason: str = "",
) -> None:
    """One step of the handover workflow; WorkflowError names the rule that blocks it."""
    with database.transaction() as cursor:
        row = _current_obligation(cursor, obligation_id, version)
        facts = HandoverFacts(
            state=HandoverState(row["handover_state"]),
            receiving_owner=row["receiving_owner"],
            acceptance_criteria=row["acceptance_criteria"],
            evidence=tuple(row["evidence"] or ()),
        )
        check_step(facts, target, reason=reason)
        values: dict[str, Any] = {"handover_state": target.value}
        if target is HandoverState.ACCEPTED:
            values.update(accepted_by=actor, accepted_at=_now())
        elif target in (HandoverState.PROPOSED, HandoverState.UNASSIGNED):
            values.update(accepted_by=None, accepted_at=None)
        if target is HandoverState.REJECTED:
            values["rejection_reason"] = reason.strip()
        _write_fields(cursor, obligation_id, version, values, actor)
        before = {name: row[name] for name in values}
        _audit(
            cursor, [(actor, "obligation", obligation_id, "handover", before, values, version + 1)]
        )


def set_deleted(
    database: Database, obligation_id: str, version: int, deleted: bool, *, actor: str
) -> None:
    """Soft delete (or restore) one obligation, version-checked like any other change."""
    with database.transaction() as cursor:
        rows = _rows(
            cursor,
            "SELECT id, code, version, deleted FROM obligations WHERE id = ?",
            [obligation_id],
        )
        row = rows[0] if rows else None
        if row is None or row["version"] != version or row["deleted"] == deleted:
            raise ConflictError(
                Conflict(
                    entity_id=obligation_id,
                    label=row["code"] if row else obligation_id,
                    your_version=version,
                    current_version=None if row is None else row["version"],
                    deleted=bool(row and row["deleted"]),
                    others=_changes_since(cursor, "obligation", obligation_id, version),
                )
            )
        _write_fields(cursor, obligation_id, version, {"deleted": deleted}, actor)
        _audit(
            cursor,
            [
                (
                    actor,
                    "obligation",
                    obligation_id,
                    "delete" if deleted else "restore",
                    {"deleted": not deleted},
                    {"deleted": deleted},
                    version + 1,
                )
            ],
        )


@dataclass(frozen=True)
class DependencyInput:
    """A predecessor of the obligation being edited."""

    predecessor: str
    type: DependencyType = DependencyType.FS
    lag_days: int = 0


_FULL_FIELDS = (
    "code",
    "project",
    "title",
    "description",
    "category",
    "source_quote",
    "source_ref",
    "legal_basis",
    "current_owner",
    "receiving_owner",
    "start",
    "due",
    "due_anchor",
    "due_milestone",
    "due_days",
    "status",
    "handover_state",
    "acceptance_criteria",
    "evidence",
    "amount_eur",
    "priority",
    "notes",
    "accepted_by",
    "accepted_at",
)


def _record_values(obligation: Obligation) -> dict[str, Any]:
    rule = obligation.due_rule
    return {
        "code": obligation.code,
        "project": obligation.project,
        "title": obligation.title,
        "description": obligation.description,
        "category": obligation.category.value,
        "source_quote": obligation.source_quote,
        "source_ref": obligation.source_ref,
        "legal_basis": obligation.legal_basis,
        "current_owner": obligation.current_owner,
        "receiving_owner": obligation.receiving_owner,
        "start": obligation.start,
        "due": obligation.due,
        "due_anchor": rule.anchor.value if rule else None,
        "due_milestone": rule.milestone if rule else None,
        "due_days": rule.days if rule else 0,
        "status": obligation.status.value,
        "handover_state": obligation.handover_state.value,
        "acceptance_criteria": obligation.acceptance_criteria,
        "evidence": tuple(obligation.evidence),
        "amount_eur": obligation.amount_eur,
        "priority": obligation.priority.value,
        "notes": obligation.notes,
        "accepted_by": obligation.accepted_by,
        "accepted_at": obligation.accepted_at,
    }


def save_obligation(
    database: Database,
    obligation: Obligation,
    *,
    version: int | None,
    predecessors: Sequence[DependencyInput],
    actor: str,
) -> SaveResult:
    """Create (`version=None`) or update one whole obligation with its predecessors.

    Checked together, nothing saved on a problem: references exist, the code is unique, the due
    date (fixed or by rule) is not before the start, no predecessor is deleted or missing, and the
    dependencies form no cycle (named by codes). The handover state follows the receiving owner.
    """
    with database.transaction() as cursor:
        return _save_obligation(cursor, obligation, version, predecessors, actor)


def _save_obligation(
    cursor: duckdb.DuckDBPyConnection,
    obligation: Obligation,
    version: int | None,
    predecessors: Sequence[DependencyInput] | None,
    actor: str,
) -> SaveResult:
    """`save_obligation` inside a transaction the caller holds; `predecessors=None` keeps the
    obligation's dependencies as they are."""
    result = SaveResult()
    if predecessors is None:
        predecessors = [
            DependencyInput(predecessor, DependencyType(kind), lag)
            for predecessor, kind, lag in cursor.execute(
                "SELECT predecessor, type, lag_days FROM dependencies WHERE successor = ?",
                [obligation.id],
            ).fetchall()
        ]
    before: dict[str, Any] = {}
    new = _record_values(obligation)
    if version is not None:
        row = _current_obligation(cursor, obligation.id, version)
        before = {
            name: (tuple(row[name]) if name == "evidence" else row[name]) for name in _FULL_FIELDS
        }
        if row["amount_eur"] is not None:
            before["amount_eur"] = float(row["amount_eur"])
        # The workflow, not the form, moves the handover state.
        new["handover_state"] = row["handover_state"]
        new["accepted_by"], new["accepted_at"] = row["accepted_by"], row["accepted_at"]
        if new["receiving_owner"] != row["receiving_owner"]:
            try:
                new["handover_state"] = state_after_owner_change(
                    HandoverState(row["handover_state"]), new["receiving_owner"]
                ).value
            except WorkflowError as error:
                raise InvalidChangeError(
                    [Problem(f"{obligation.code}.receiving_owner", error.key, error.params)]
                ) from error
            new["accepted_by"], new["accepted_at"] = None, None
    else:
        new["handover_state"] = (
            HandoverState.PROPOSED.value
            if obligation.receiving_owner
            else HandoverState.UNASSIGNED.value
        )
        new["accepted_by"], new["accepted_at"] = None, None
    previous_links = sorted(
        (p, t, lag)
        for p, t, lag in cursor.execute(
            "SELECT predecessor, type, lag_days FROM dependencies WHERE successor = ?",
            [obligation.id],
        ).fetchall()
    )
    links = sorted((d.predecessor, d.type.value, d.lag_days) for d in predecessors)
    problems, resolved_due = _check_obligation(
        cursor, obligation, predecessors, links_changed=links != previous_links
    )
    if problems:
        raise InvalidChangeError(problems)
    people, organisations = _receiver_and_organisation(cursor, obligation.receiving_owner)
    warning = _receiver_warning(
        obligation.code, obligation.receiving_owner, resolved_due, people, organisations
    )
    if warning is not None:
        result.warnings.append(warning)
    changed = {name for name in _FULL_FIELDS if new[name] != before.get(name)}
    if links != previous_links:
        changed.add("dependencies")
        before["dependencies"] = [list(link) for link in previous_links]
        new["dependencies"] = [list(link) for link in links]
    if version is not None and not changed:
        return result
    if version is None:
        columns = ["id", *(_OBLIGATION_COLUMNS[name] for name in _FULL_FIELDS), "updated_by"]
        values = [obligation.id, *(_sql_value(new[name]) for name in _FULL_FIELDS), actor]
        cursor.execute(
            f"INSERT INTO obligations ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            values,
        )
    else:
        _write_fields(
            cursor,
            obligation.id,
            version,
            {name: new[name] for name in _FULL_FIELDS if name in changed},
            actor,
        )
    if "dependencies" in changed:
        cursor.execute("DELETE FROM dependencies WHERE successor = ?", [obligation.id])
        if links:
            cursor.executemany(
                "INSERT INTO dependencies VALUES (?, ?, ?, ?)",
                [(p, obligation.id, t, lag) for p, t, lag in links],
            )
    _audit(
        cursor,
        [
            (
                actor,
                "obligation",
                obligation.id,
                "create" if version is None else "update",
                {name: before.get(name) for name in sorted(changed)} if version is not None else {},
                {name: new[name] for name in sorted(changed)},
                1 if version is None else version + 1,
            )
        ],
    )
    result.saved = [obligation.id]
    return result


def _sql_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _check_obligation(
    cursor: duckdb.DuckDBPyConnection,
    obligation: Obligation,
    predecessors: Sequence[DependencyInput],
    *,
    links_changed: bool = True,
) -> tuple[list[Problem], date | None]:
    code = obligation.code
    problems: list[Problem] = []

    def exists(table: str, ref: str | None, path: str, kind: str) -> None:
        if (
            ref is not None
            and not cursor.execute(f"SELECT 1 FROM {table} WHERE id = ?", [ref]).fetchone()
        ):
            problems.append(
                Problem(f"{code}.{path}", "plan.unknown_reference", {"id": ref, "kind": kind})
            )

    exists("projects", obligation.project, "project", "projects")
    exists("people", obligation.current_owner, "current_owner", "people")
    exists("people", obligation.receiving_owner, "receiving_owner", "people")
    clash = cursor.execute(
        "SELECT id FROM obligations WHERE code = ? AND id <> ?", [code, obligation.id]
    ).fetchone()
    if clash:
        problems.append(Problem(f"{code}.code", "edit.code_taken", {"code": code}))
    # The rule's anchors, fetched as records so the domain resolves the date (one rule, one place).
    projects: dict[str, Project] = {}
    milestones: dict[str, Milestone] = {}
    if obligation.project is not None:
        found = cursor.execute(
            "SELECT name, start_date, end_date FROM projects WHERE id = ?", [obligation.project]
        ).fetchone()
        if found is not None:
            projects[obligation.project] = Project(
                id=obligation.project, name=found[0], start=found[1], end=found[2]
            )
    rule = obligation.due_rule
    if rule is not None and rule.anchor is DueAnchor.MILESTONE:
        found = cursor.execute(
            "SELECT title, planned FROM milestones WHERE id = ?", [rule.milestone]
        ).fetchone()
        if found is None:
            problems.append(
                Problem(
                    f"{code}.due_rule",
                    "plan.unknown_reference",
                    {"id": rule.milestone, "kind": "milestones"},
                )
            )
        else:
            milestones[str(rule.milestone)] = Milestone(
                id=str(rule.milestone), title=found[0], planned=found[1]
            )
    elif rule is not None and obligation.project is None:
        problems.append(Problem(f"{code}.due_rule", "plan.rule_needs_project"))
    resolved_due = resolve_due(obligation, projects, milestones)
    if (
        obligation.start is not None
        and resolved_due is not None
        and resolved_due < obligation.start
    ):
        problems.append(Problem(f"{code}.due", "plan.due_before_start", {"code": code}))
    if len({d.predecessor for d in predecessors}) != len(predecessors):
        problems.append(Problem(f"{code}.dependencies", "plan.duplicate_dependency"))
    for dependency in predecessors:
        if dependency.predecessor == obligation.id:
            problems.append(Problem(f"{code}.dependencies", "plan.self_dependency"))
            continue
        found = cursor.execute(
            "SELECT code, deleted FROM obligations WHERE id = ?", [dependency.predecessor]
        ).fetchone()
        if found is None:
            problems.append(
                Problem(
                    f"{code}.dependencies",
                    "plan.unknown_reference",
                    {"id": dependency.predecessor, "kind": "obligations"},
                )
            )
        elif found[1]:
            problems.append(
                Problem(f"{code}.dependencies", "edit.depends_on_deleted", {"code": found[0]})
            )
    if not problems and links_changed:  # unchanged links cannot make a new cycle
        edges: dict[str, list[str]] = {}
        for predecessor, successor in cursor.execute(
            "SELECT predecessor, successor FROM dependencies WHERE successor <> ?", [obligation.id]
        ).fetchall():
            edges.setdefault(predecessor, []).append(successor)
        for dependency in predecessors:
            edges.setdefault(dependency.predecessor, []).append(obligation.id)
        cycle = find_cycle(edges)
        if cycle:
            codes = dict(cursor.execute("SELECT id, code FROM obligations").fetchall())
            codes[obligation.id] = code
            problems.append(
                Problem(
                    f"{code}.dependencies",
                    "plan.dependency_cycle",
                    {"cycle": " → ".join(codes.get(node, node) for node in cycle)},
                )
            )
    return problems, resolved_due


# --------------------------------------------------------------------------- organisations, people

_ORGANISATION_FIELDS = (
    "name",
    "kind",
    "exists_from",
    "exists_until",
    "successor",
    "notes",
    "active",
)
_PERSON_FIELDS = ("name", "title", "organisation", "email", "active")
_TABLE_OF = {"organisation": "organisations", "person": "people", "obligation": "obligations"}


def _current_row(
    cursor: duckdb.DuckDBPyConnection, entity: str, entity_id: str, fields: Sequence[str]
) -> dict[str, Any] | None:
    rows = _rows(
        cursor,
        f"SELECT id, version, {', '.join(fields)} FROM {_TABLE_OF[entity]} WHERE id = ?",
        [entity_id],
    )
    return rows[0] if rows else None


def _save_simple(
    cursor: duckdb.DuckDBPyConnection,
    entity: str,
    entity_id: str,
    version: int | None,
    values: Mapping[str, Any],
    actor: str,
) -> bool:
    """Insert (version None) or version-checked update of an organisation or person; audited."""
    fields = list(values)
    table = _TABLE_OF[entity]
    if version is None:
        if _current_row(cursor, entity, entity_id, fields) is not None:
            raise InvalidChangeError(
                [Problem(f"{entity_id}.id", "edit.id_taken", {"id": entity_id})]
            )
        cursor.execute(
            f"INSERT INTO {table} (id, {', '.join(fields)}) "
            f"VALUES (?, {', '.join('?' for _ in fields)})",
            [entity_id, *values.values()],
        )
        _audit(cursor, [(actor, entity, entity_id, "create", {}, dict(values), 1)])
        return True
    row = _current_row(cursor, entity, entity_id, fields)
    if row is None or row["version"] != version:
        raise ConflictError(_conflict(cursor, entity, entity_id, row, version))
    changed = [name for name in fields if values[name] != row[name]]
    if not changed:
        return False
    assignments = ", ".join(f"{name} = ?" for name in changed)
    cursor.execute(
        f"UPDATE {table} SET {assignments}, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        [*(values[name] for name in changed), _now(), entity_id, version],
    )
    _audit(
        cursor,
        [
            (
                actor,
                entity,
                entity_id,
                "update",
                {name: row[name] for name in changed},
                {name: values[name] for name in changed},
                version + 1,
            )
        ],
    )
    return True


def save_organisation(
    database: Database, organisation: Organisation, *, version: int | None, actor: str
) -> bool:
    """Create or update an organisation: its successor exists, is not itself, makes no ring, and
    it does not cease before it begins. Returns False when nothing changed."""
    with database.transaction() as cursor:
        return _save_organisation(cursor, organisation, version, actor)


def _save_organisation(
    cursor: duckdb.DuckDBPyConnection, organisation: Organisation, version: int | None, actor: str
) -> bool:
    others = [
        Organisation(
            id=row[0], name=row[1], exists_from=row[2], exists_until=row[3], successor=row[4]
        )
        for row in cursor.execute(
            "SELECT id, name, exists_from, exists_until, successor FROM organisations "
            "WHERE id <> ?",
            [organisation.id],
        ).fetchall()
    ]
    problems = [
        Problem(
            problem.path.replace(f"organisations[{len(others)}]", organisation.name),
            problem.key,
            problem.params,
        )
        for problem in check_organisations([*others, organisation])
        if problem.path.startswith(f"organisations[{len(others)}]")
        or problem.path == "organisations"
    ]
    if problems:
        raise InvalidChangeError(problems)
    values = {name: getattr(organisation, name) for name in _ORGANISATION_FIELDS}
    return _save_simple(cursor, "organisation", organisation.id, version, values, actor)


def save_person(database: Database, person: Person, *, version: int | None, actor: str) -> bool:
    """Create or update a person or role; the organisation must exist."""
    with database.transaction() as cursor:
        return _save_person(cursor, person, version, actor)


def _save_person(
    cursor: duckdb.DuckDBPyConnection, person: Person, version: int | None, actor: str
) -> bool:
    if not cursor.execute(
        "SELECT 1 FROM organisations WHERE id = ?", [person.organisation]
    ).fetchone():
        raise InvalidChangeError(
            [
                Problem(
                    f"{person.label}.organisation",
                    "plan.unknown_reference",
                    {"id": person.organisation, "kind": "organisations"},
                )
            ]
        )
    values = {name: getattr(person, name) for name in _PERSON_FIELDS}
    return _save_simple(cursor, "person", person.id, version, values, actor)


# --------------------------------------------------------------------------- history and undo


class UndoRefusedError(ValueError):
    """The change cannot be undone; `key` and `params` say why, `later` lists what came after."""

    def __init__(self, key: str, later: Sequence[Change] = (), **params: Any) -> None:
        self.key = key
        self.params = params
        self.later = tuple(later)
        super().__init__(key)


_WRITABLE = {
    "obligation": set(_OBLIGATION_COLUMNS) | {"dependencies"},
    "organisation": set(_ORGANISATION_FIELDS),
    "person": set(_PERSON_FIELDS),
}


def undo_change(database: Database, change_id: int, *, actor: str) -> Change:
    """Put back what change `change_id` replaced, as a new change of its own.

    Refused when the row changed since (the later changes are listed), for whole-plan imports,
    and for a change that was itself undone already.
    """
    with database.transaction() as cursor:
        found = cursor.execute(
            "SELECT id, changed_at, actor, entity, entity_id, action, before_value, after_value, "
            "version FROM audit_log WHERE id = ?",
            [change_id],
        ).fetchone()
        if found is None:
            raise UndoRefusedError("undo.unknown", id=change_id)
        change = _change(found)
        if change.entity not in _WRITABLE or change.entity_id is None or change.version is None:
            raise UndoRefusedError("undo.not_undoable")
        if cursor.execute("SELECT 1 FROM audit_log WHERE undoes = ?", [change_id]).fetchone():
            raise UndoRefusedError("undo.already_undone")
        row = cursor.execute(
            f"SELECT version FROM {_TABLE_OF[change.entity]} WHERE id = ?", [change.entity_id]
        ).fetchone()
        current = None if row is None else int(row[0])
        if current != change.version:
            later = _changes_since(cursor, change.entity, change.entity_id, change.version)
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
        if change.entity == "obligation":
            links = restore.pop("dependencies", None)
            if restore:
                _write_fields(cursor, change.entity_id, change.version, _typed(restore), actor)
            else:
                cursor.execute(
                    "UPDATE obligations SET version = version + 1, updated_at = ?, updated_by = ? "
                    "WHERE id = ?",
                    [_now(), actor, change.entity_id],
                )
            if links is not None:
                cursor.execute("DELETE FROM dependencies WHERE successor = ?", [change.entity_id])
                for predecessor, kind, lag in links:
                    cursor.execute(
                        "INSERT INTO dependencies VALUES (?, ?, ?, ?)",
                        [predecessor, change.entity_id, kind, lag],
                    )
                restore["dependencies"] = links
        else:
            assignments = ", ".join(f"{name} = ?" for name in restore)
            cursor.execute(
                f"UPDATE {_TABLE_OF[change.entity]} SET {assignments}, version = version + 1, "
                "updated_at = ? WHERE id = ?",
                [*_typed(restore).values(), _now(), change.entity_id],
            )
        _audit(
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
    """The audit log, newest first, filtered by row, person and date (both ends included)."""
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
        params.append(datetime.combine(since, datetime.min.time()))
    if until:
        clauses.append("changed_at < ? + INTERVAL 1 DAY")
        params.append(datetime.combine(until, datetime.min.time()))
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
    return [_change(row) for row in rows]


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


# --------------------------------------------------------------------------- risks

_RISK_FIELDS = ("title", "description", "likelihood", "impact", "mitigation", "owner", "amount_eur")
_TABLE_OF["risk"] = "risks"


def save_risk(database: Database, risk: Risk, *, version: int | None, actor: str) -> bool:
    """Create or update a risk and its linked obligations, version-checked and audited like every
    other change. The owner and the linked obligations must exist. False when nothing changed."""
    with database.transaction() as cursor:
        return _save_risk(cursor, risk, version, actor)


def _save_risk(
    cursor: duckdb.DuckDBPyConnection, risk: Risk, version: int | None, actor: str
) -> bool:
    problems = []
    if (
        risk.owner is not None
        and not cursor.execute("SELECT 1 FROM people WHERE id = ?", [risk.owner]).fetchone()
    ):
        problems.append(Problem(f"{risk.title}.owner", "edit.unknown_person", {"id": risk.owner}))
    known = {
        oid
        for (oid,) in cursor.execute(
            "SELECT id FROM obligations WHERE id IN (SELECT unnest(?)) AND NOT deleted",
            [list(risk.obligations)],
        ).fetchall()
    }
    for missing in sorted(set(risk.obligations) - known):
        problems.append(
            Problem(
                f"{risk.title}.obligations",
                "plan.unknown_reference",
                {"id": missing, "kind": "obligations"},
            )
        )
    if problems:
        raise InvalidChangeError(problems)
    values: dict[str, Any] = {name: getattr(risk, name) for name in _RISK_FIELDS}
    links = sorted(set(risk.obligations))
    before_links = sorted(
        oid
        for (oid,) in cursor.execute(
            "SELECT obligation FROM risk_obligations WHERE risk = ?", [risk.id]
        ).fetchall()
    )
    if version is None:
        if _current_row(cursor, "risk", risk.id, list(values)) is not None:
            raise InvalidChangeError([Problem(f"{risk.id}.id", "edit.id_taken", {"id": risk.id})])
        cursor.execute(
            f"INSERT INTO risks (id, {', '.join(values)}) "
            f"VALUES (?, {', '.join('?' for _ in values)})",
            [risk.id, *values.values()],
        )
        before: dict[str, Any] = {}
        changed = list(values)
    else:
        row = _current_row(cursor, "risk", risk.id, list(values))
        if row is None or row["version"] != version:
            raise ConflictError(_conflict(cursor, "risk", risk.id, row, version))
        if row["amount_eur"] is not None:
            row["amount_eur"] = float(row["amount_eur"])
        changed = [name for name in values if values[name] != row[name]]
        before = {name: row[name] for name in changed}
        if not changed and links == before_links:
            return False
        if changed:
            assignments = ", ".join(f"{name} = ?" for name in changed)
            cursor.execute(
                f"UPDATE risks SET {assignments}, version = version + 1, updated_at = ? "
                "WHERE id = ? AND version = ?",
                [*(values[name] for name in changed), _now(), risk.id, version],
            )
        else:
            cursor.execute(
                "UPDATE risks SET version = version + 1, updated_at = ? WHERE id = ?",
                [_now(), risk.id],
            )
    after = {name: values[name] for name in changed}
    if links != before_links:
        cursor.execute("DELETE FROM risk_obligations WHERE risk = ?", [risk.id])
        if links:
            cursor.executemany(
                "INSERT INTO risk_obligations VALUES (?, ?)", [(risk.id, oid) for oid in links]
            )
        before["obligations"], after["obligations"] = before_links, links
    _audit(
        cursor,
        [
            (
                actor,
                "risk",
                risk.id,
                "create" if version is None else "update",
                before,
                after,
                1 if version is None else version + 1,
            )
        ],
    )
    return True


# --------------------------------------------------------------------------- baselines


def save_baseline(database: Database, name: str, *, actor: str) -> str:
    """Keep today's dates, receivers and states of every live obligation under `name`."""
    with database.transaction() as cursor:
        return _save_baseline(cursor, name, actor)


def _save_baseline(cursor: duckdb.DuckDBPyConnection, name: str, actor: str) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidChangeError([Problem("baseline.name", "baseline.bad_name")])
    if cursor.execute("SELECT 1 FROM baselines WHERE name = ?", [name]).fetchone():
        raise InvalidChangeError([Problem("baseline.name", "baseline.name_taken", {"name": name})])
    baseline_id = f"b{uuid.uuid4().hex[:12]}"
    cursor.execute(
        "INSERT INTO baselines (id, name, created_at, created_by) VALUES (?, ?, ?, ?)",
        [baseline_id, name, _now(), actor],
    )
    cursor.execute(
        f"""
        INSERT INTO baseline_items
        SELECT ?, o.id, o.code, o.start_date, {RESOLVED_DUE}, o.receiving_owner,
               o.handover_state
        FROM obligations o
        LEFT JOIN projects p ON p.id = o.project
        LEFT JOIN milestones m ON m.id = o.due_milestone
        WHERE NOT o.deleted
        """,
        [baseline_id],
    )
    _audit(cursor, [(actor, "baseline", baseline_id, "create", {}, {"name": name}, None)])
    return baseline_id


# --------------------------------------------------------------------------- imports


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def apply_rows(
    database: Database,
    records: Sequence[tuple[Obligation | Person | Organisation, int | None]],
    *,
    actor: str,
    dry_run: bool = False,
) -> ImportResult:
    """Write imported rows — each `(record, version)`, version None to add — in one transaction,
    each through the same checks, version check and history as a save from the form. Any problem
    or conflict rolls back every row. `dry_run` checks everything the same way and rolls back."""
    return apply_records(database, records, actor=actor, dry_run=dry_run)


def _import_obligations(
    cursor: duckdb.DuckDBPyConnection,
    records: Sequence[tuple[Any, int | None]],
    actor: str,
    result: ImportResult,
) -> None:
    """Imported obligations as two set-based writes: the changed ones through the table's bulk
    save (version-checked, the workflow applied, every field checked), the new ones through one
    checked INSERT. A conflict on any row raises ConflictError: the caller's transaction rolls
    everything back."""
    edits = []
    for record, version in records:
        if version is None:
            continue
        changes: dict[str, Any] = {
            name: getattr(record, name) for name in IMPORT_FIELDS - {"due", "evidence"}
        }
        for name in ("status", "priority", "category"):
            changes[name] = changes[name].value
        changes["evidence"] = list(record.evidence)
        if record.due_rule is None:
            changes["due"] = record.due  # a rule the file kept is left alone
        edits.append(RowEdit(record.id, version, changes))
    if edits:
        saved = _save_edits(cursor, edits, actor, IMPORT_FIELDS)
        if saved.conflicts:
            raise ConflictError(saved.conflicts[0])
        result.updated.extend(saved.saved)
        result.warnings.extend(saved.warnings)
    new = [record for record, version in records if version is None]
    if new:
        _insert_obligations(cursor, new, actor, result)


def _insert_obligations(
    cursor: duckdb.DuckDBPyConnection,
    records: Sequence[Obligation],
    actor: str,
    result: ImportResult,
) -> None:
    """New obligations without dependencies, checked together as `save_obligation` checks one:
    unique ids and codes, references that exist, a rule that resolves, due not before start."""
    problems: list[Problem] = []
    ids = [record.id for record in records]
    codes = [record.code for record in records]
    for (found,) in cursor.execute(
        "SELECT id FROM obligations WHERE id IN (SELECT unnest(?))", [ids]
    ).fetchall():
        problems.append(Problem(f"{found}.id", "edit.id_taken", {"id": found}))
    for (found,) in cursor.execute(
        "SELECT code FROM obligations WHERE code IN (SELECT unnest(?))", [codes]
    ).fetchall():
        problems.append(Problem(f"{found}.code", "edit.code_taken", {"code": found}))
    people, organisations = _people_and_organisations(cursor)
    projects = {
        row[0]: Project(id=row[0], name=row[1], start=row[2], end=row[3])
        for row in cursor.execute("SELECT id, name, start_date, end_date FROM projects").fetchall()
    }
    milestones = {
        row[0]: Milestone(id=row[0], title=row[1], planned=row[2])
        for row in cursor.execute("SELECT id, title, planned FROM milestones").fetchall()
    }
    rows = []
    for record in records:
        code = record.code
        for name, known, kind in (
            ("project", projects, "projects"),
            ("current_owner", people, "people"),
            ("receiving_owner", people, "people"),
        ):
            value = getattr(record, name)
            if value is not None and value not in known:
                problems.append(
                    Problem(f"{code}.{name}", "plan.unknown_reference", {"id": value, "kind": kind})
                )
        rule = record.due_rule
        if (
            rule is not None
            and rule.anchor is DueAnchor.MILESTONE
            and rule.milestone not in milestones
        ):
            problems.append(
                Problem(
                    f"{code}.due_rule",
                    "plan.unknown_reference",
                    {"id": rule.milestone, "kind": "milestones"},
                )
            )
        elif rule is not None and rule.anchor is not DueAnchor.MILESTONE and record.project is None:
            problems.append(Problem(f"{code}.due_rule", "plan.rule_needs_project"))
        due = resolve_due(record, projects, milestones)
        if record.start is not None and due is not None and due < record.start:
            problems.append(Problem(f"{code}.due", "plan.due_before_start", {"code": code}))
        warning = _receiver_warning(code, record.receiving_owner, due, people, organisations)
        if warning is not None:
            result.warnings.append(warning)
        values = _record_values(record)
        values["handover_state"] = (
            HandoverState.PROPOSED.value
            if record.receiving_owner
            else HandoverState.UNASSIGNED.value
        )
        values["accepted_by"], values["accepted_at"] = None, None
        rows.append(values)
    if problems:
        raise InvalidChangeError(problems)
    types = {**_BULK_TYPES, "code": pa.string(), "due_anchor": pa.string()}
    table = {"id": pa.array(ids, pa.string())}
    for name in _FULL_FIELDS:
        values_of = [_sql_value(row[name]) for row in rows]
        table[_OBLIGATION_COLUMNS[name]] = pa.array(values_of, types[name])
    table["updated_by"] = pa.array([actor] * len(rows), pa.string())
    cursor.register("incoming", pa.table(table))
    columns = ", ".join(table)
    cursor.execute(f"INSERT INTO obligations ({columns}) SELECT {columns} FROM incoming")
    cursor.unregister("incoming")
    _audit(
        cursor,
        [
            (actor, "obligation", record.id, "create", {}, {n: row[n] for n in _FULL_FIELDS}, 1)
            for record, row in zip(records, rows, strict=True)
        ],
    )
    result.added.extend(ids)


class _DryRunDoneError(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def _successors_first(
    records: Sequence[tuple[Obligation | Person | Organisation, int | None]],
) -> list[tuple[Obligation | Person | Organisation, int | None]]:
    """Organisations before the rows that name them as successor (people and obligations keep
    their order), so that a file may name a successor further down."""
    organisations = {r.id: (r, v) for r, v in records if isinstance(r, Organisation)}
    placed: list[tuple[Obligation | Person | Organisation, int | None]] = []
    done: set[str] = set()

    def place(org_id: str, path: tuple[str, ...]) -> None:
        if org_id in done or org_id in path or org_id not in organisations:
            return
        record, version = organisations[org_id]
        assert isinstance(record, Organisation)
        if record.successor:
            place(record.successor, (*path, org_id))
        done.add(org_id)
        placed.append((record, version))

    for org_id in organisations:
        place(org_id, ())
    return placed + [(r, v) for r, v in records if not isinstance(r, Organisation)]


_TABLE_OF["project"] = "projects"
_TABLE_OF["milestone"] = "milestones"


def _save_project(
    cursor: duckdb.DuckDBPyConnection, project: Project, version: int | None, actor: str
) -> bool:
    values = {
        "name": project.name,
        "programme": project.programme,
        "start_date": project.start,
        "end_date": project.end,
        "coordinator": project.coordinator,
        "purpose": project.purpose,
    }
    if project.start and project.end and project.end < project.start:
        raise InvalidChangeError([Problem(f"{project.name}.end", "plan.end_before_start", {})])
    return _save_simple(cursor, "project", project.id, version, values, actor)


def _save_milestone(
    cursor: duckdb.DuckDBPyConnection, milestone: Milestone, version: int | None, actor: str
) -> bool:
    values = {
        "project": milestone.project,
        "title": milestone.title,
        "planned": milestone.planned,
        "achieved": milestone.achieved,
        "kind": milestone.kind.value,
    }
    return _save_simple(cursor, "milestone", milestone.id, version, values, actor)


def apply_records(
    database: Database,
    records: Sequence[tuple[Any, int | None]],
    *,
    actor: str,
    dry_run: bool = False,
) -> ImportResult:
    """Write a status report's records — organisations, people, projects, milestones,
    obligations, risks, in that order — in one transaction, each version-checked and recorded
    in the history. A problem or conflict anywhere writes nothing; `dry_run` always rolls back."""
    order = (Organisation, Person, Project, Milestone, Obligation, Risk)
    ordered = sorted(records, key=lambda pair: order.index(type(pair[0])))
    result = ImportResult()
    try:
        with database.transaction() as cursor:
            obligations = [(r, v) for r, v in ordered if isinstance(r, Obligation)]
            others = [(r, v) for r, v in ordered if not isinstance(r, Obligation | Risk)]
            risks = [(r, v) for r, v in ordered if isinstance(r, Risk)]
            for record, version in _successors_first(others):
                if isinstance(record, Person):
                    changed = _save_person(cursor, record, version, actor)
                elif isinstance(record, Organisation):
                    changed = _save_organisation(cursor, record, version, actor)
                elif isinstance(record, Project):
                    changed = _save_project(cursor, record, version, actor)
                elif isinstance(record, Milestone):
                    changed = _save_milestone(cursor, record, version, actor)
                else:
                    raise TypeError(type(record).__name__)  # pragma: no cover
                if changed:
                    (result.added if version is None else result.updated).append(record.id)
            _import_obligations(cursor, obligations, actor, result)
            for risk, version in risks:  # last: a risk may link obligations just added
                if _save_risk(cursor, risk, version, actor):
                    (result.added if version is None else result.updated).append(risk.id)
            if dry_run:
                raise _DryRunDoneError(result)
    except _DryRunDoneError as done:
        return done.result
    return result
