"""Writes of obligations: table edits as one version-checked bulk UPDATE, the whole obligation from
the form with its predecessors, a workflow step, a soft delete; each audited, conflicts reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
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
    Project,
)
from handover.domain.plan import Problem
from handover.domain.schedule import find_cycle, resolve_due
from handover.domain.workflow import (
    HandoverFacts,
    WorkflowError,
    check_step,
    state_after_owner_change,
)
from handover.store.audit import (
    Conflict,
    ConflictError,
    InvalidChangeError,
    SaveResult,
    changes_since,
    conflict_of,
    fetch_rows,
    now,
    write_audit,
)
from handover.store.database import Database
from handover.store.obligation_columns import (
    BULK_TYPES,
    FULL_FIELDS,
    OBLIGATION_COLUMNS,
    record_values,
    sql_value,
)
from handover.store.queries import RESOLVED_DUE

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


def people_and_organisations(
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
    """`people_and_organisations` for one receiving owner only (a save of one obligation)."""
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


def receiver_warning(
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
        return save_edits_in(cursor, edits, actor, INLINE_FIELDS)


def save_edits_in(
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
    current = {row["id"]: row for row in fetch_rows(cursor, _CURRENT_SQL)}
    cursor.unregister("wanted")
    people, organisations = people_and_organisations(cursor)
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
            result.conflicts.append(conflict_of(cursor, "obligation", edit.id, row, edit.version))
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
        changed = {name for name in BULK_TYPES if new[name] != row[name]}
        if not changed:
            continue
        warning = receiver_warning(code, receiver, new["resolved_due"], people, organisations)
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
        write_audit(cursor, audit_rows)
    result.saved = [update["id"] for update in updates]
    return result


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
        columns[OBLIGATION_COLUMNS[name]] = pa.array([u[name] for u in updates], BULK_TYPES[name])
    cursor.register("edits", pa.table(columns))
    assignments = "".join(
        f"{OBLIGATION_COLUMNS[name]} = e.{OBLIGATION_COLUMNS[name]}, " for name in fields
    )
    row = cursor.execute(
        f"""
        UPDATE obligations AS o SET {assignments}
            version = o.version + 1, updated_at = ?, updated_by = ?
        FROM edits e
        WHERE o.id = e.id AND o.version = e.expected_version
        """,
        [now(), actor],
    ).fetchone()
    cursor.unregister("edits")
    if row is None or int(row[0]) != len(updates):
        # Cannot happen under the write lock; if it ever does, roll back rather than half-save.
        raise RuntimeError(f"expected {len(updates)} rows updated, got {row}")


def _current_obligation(
    cursor: duckdb.DuckDBPyConnection, obligation_id: str, version: int
) -> dict[str, Any]:
    """The row as it is now, or ConflictError when it moved past `version` or is deleted."""
    rows = fetch_rows(
        cursor,
        "SELECT * EXCLUDE (created_at, updated_at, updated_by), start_date AS start, "
        "due_date AS due FROM obligations WHERE id = ?",
        [obligation_id],
    )
    row = rows[0] if rows else None
    if row is None or row["deleted"] or row["version"] != version:
        raise ConflictError(conflict_of(cursor, "obligation", obligation_id, row, version))
    return row


def write_fields(
    cursor: duckdb.DuckDBPyConnection,
    obligation_id: str,
    version: int,
    values: Mapping[str, Any],
    actor: str,
) -> None:
    """UPDATE the allow-listed fields of one obligation if it is still at `version`."""
    columns = [OBLIGATION_COLUMNS[name] for name in values]  # KeyError: not writable
    # No field changed (only the predecessors did): the version still moves, the SQL stays valid.
    assignments = "".join(f"{column} = ?, " for column in columns)
    params = [list(value) if isinstance(value, tuple) else value for value in values.values()]
    row = cursor.execute(
        f"UPDATE obligations SET {assignments}version = version + 1, updated_at = ?, "
        "updated_by = ? WHERE id = ? AND version = ?",
        [*params, now(), actor, obligation_id, version],
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
            values.update(accepted_by=actor, accepted_at=now())
        elif target in (HandoverState.PROPOSED, HandoverState.UNASSIGNED):
            values.update(accepted_by=None, accepted_at=None)
        if target is HandoverState.REJECTED:
            values["rejection_reason"] = reason.strip()
        write_fields(cursor, obligation_id, version, values, actor)
        before = {name: row[name] for name in values}
        write_audit(
            cursor, [(actor, "obligation", obligation_id, "handover", before, values, version + 1)]
        )


def set_deleted(
    database: Database, obligation_id: str, version: int, deleted: bool, *, actor: str
) -> None:
    """Soft delete (or restore) one obligation, version-checked like any other change."""
    with database.transaction() as cursor:
        rows = fetch_rows(
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
                    others=changes_since(cursor, "obligation", obligation_id, version),
                )
            )
        write_fields(cursor, obligation_id, version, {"deleted": deleted}, actor)
        write_audit(
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
    new = record_values(obligation)
    if version is not None:
        row = _current_obligation(cursor, obligation.id, version)
        before = {
            name: (tuple(row[name]) if name == "evidence" else row[name]) for name in FULL_FIELDS
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
    warning = receiver_warning(
        obligation.code, obligation.receiving_owner, resolved_due, people, organisations
    )
    if warning is not None:
        result.warnings.append(warning)
    changed = {name for name in FULL_FIELDS if new[name] != before.get(name)}
    if links != previous_links:
        changed.add("dependencies")
        before["dependencies"] = [list(link) for link in previous_links]
        new["dependencies"] = [list(link) for link in links]
    if version is not None and not changed:
        return result
    if version is None:
        columns = ["id", *(OBLIGATION_COLUMNS[name] for name in FULL_FIELDS), "updated_by"]
        values = [obligation.id, *(sql_value(new[name]) for name in FULL_FIELDS), actor]
        cursor.execute(
            f"INSERT INTO obligations ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            values,
        )
    else:
        write_fields(
            cursor,
            obligation.id,
            version,
            {name: new[name] for name in FULL_FIELDS if name in changed},
            actor,
        )
    if "dependencies" in changed:
        cursor.execute("DELETE FROM dependencies WHERE successor = ?", [obligation.id])
        if links:
            cursor.executemany(
                "INSERT INTO dependencies VALUES (?, ?, ?, ?)",
                [(p, obligation.id, t, lag) for p, t, lag in links],
            )
    write_audit(
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
