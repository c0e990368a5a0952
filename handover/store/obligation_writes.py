"""Writes of obligations: table edits as one version-checked bulk UPDATE, the whole obligation from
the form with its predecessors, a workflow step, a soft delete; each audited, conflicts reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from pydantic import ValidationError

from handover.domain.edits import INLINE_FIELDS, Checked, RowEdit, apply_edit, validated
from handover.domain.model import Dependency, DependencyType, HandoverState, Obligation
from handover.domain.plan import Problem, problems_from
from handover.domain.rules import Candidate, Verdict, check_obligations, due_of, needs_judging
from handover.domain.workdays import DurationUnit
from handover.domain.workflow import HandoverFacts, check_step
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
    OBLIGATION_SELECT,
    obligation_from_row,
    obligation_select,
    record_changes,
    record_value,
    record_value_of,
    record_values,
    sql_value,
    stored_record_value,
)
from handover.store.surroundings import fetch_surroundings


def judged(cursor: duckdb.DuckDBPyConnection, candidates: Sequence[Candidate]) -> Verdict:
    """The rulebook's verdict on `candidates` against the plan as stored now; any problem is an
    InvalidChangeError (the caller's transaction then writes nothing)."""
    verdict = check_obligations(candidates, fetch_surroundings(cursor, candidates))
    if verdict.problems:
        raise InvalidChangeError(verdict.problems)
    return verdict


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
    few, or every field a spreadsheet import may change (IMPORT_FIELDS).

    Set-based: the edited rows are read once. A row whose change touches a field the rules read
    (`rules.needs_judging`: a receiver, a due date) goes to the rulebook whole, with the others so
    judged, against the surroundings fetched once; a row changing only other fields (notes,
    status, priority) needs just its values' checks. Any problem: nothing is written. The rest is
    one UPDATE per kind of row, version-checked, and one audit insert.
    """
    result = SaveResult()
    for edit in edits:
        if not set(edit.changes) <= fields:
            raise ValueError(f"not editable here: {sorted(set(edit.changes) - fields)}")
    whole = {edit.id for edit in edits if needs_judging(edit.changes)}
    names = sorted({name for edit in edits if edit.id not in whole for name in edit.changes})
    stored = {
        **_stored(cursor, [edit.id for edit in edits if edit.id not in whole], names),
        **_stored(cursor, [edit.id for edit in edits if edit.id in whole], None),
    }
    judge: list[tuple[RowEdit, dict[str, Any]]] = []
    plain: list[tuple[RowEdit, dict[str, Any]]] = []
    for edit in edits:
        row = stored.get(edit.id)
        if row is None or row["deleted"] or row["version"] != edit.version:
            result.conflicts.append(conflict_of(cursor, "obligation", edit.id, row, edit.version))
        else:
            (judge if edit.id in whole else plain).append((edit, row))
    problems: list[Problem] = []
    accepted: list[_Accepted] = []
    seen: Checked = {}
    for edit, row in plain:
        values, wrong = validated(edit.changes, row["code"], seen)
        problems.extend(wrong)
        old = {name: stored_record_value(name, row[name]) for name in values}
        new = {name: record_value(value) for name, value in values.items()}
        accepted.append(_Accepted(edit.id, edit.version, old, new, stored=row))
    if judge:
        verdict, judged_rows = _judge_whole(cursor, judge, problems)
        result.warnings.extend(verdict.warnings)
        for edit, _ in judge:
            settled = verdict.settled[edit.id]
            old, new = record_changes(judged_rows[edit.id], settled)
            accepted.append(_Accepted(edit.id, edit.version, old, new, settled=settled))
    if problems:
        raise InvalidChangeError(problems)
    order = {edit.id: position for position, edit in enumerate(edits)}
    accepted.sort(key=lambda row: order[row.id])
    changed_rows = [row for row in accepted if row.changed]
    for judged_whole in (False, True):
        group = [row for row in changed_rows if (row.settled is not None) is judged_whole]
        if group:
            _bulk_update(cursor, group, actor)
    write_audit(
        cursor,
        [
            (actor, "obligation", row.id, "update", *row.audited(), row.version + 1)
            for row in changed_rows
        ],
    )
    result.saved = [row.id for row in changed_rows]
    return result


@dataclass
class _Accepted:
    """An edited row the checks accepted: its values before and after (`record_values`' form) of
    the fields it changes, and what gives the others in its UPDATE: the stored row for a row
    whose values alone were checked, the settled record for a row judged whole."""

    id: str
    version: int
    old: dict[str, Any]
    new: dict[str, Any]
    stored: dict[str, Any] | None = None
    settled: Obligation | None = None
    changed: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        old = self.old
        self.changed = frozenset(name for name, value in self.new.items() if value != old.get(name))

    def audited(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The changed fields before and after, for the audit (which sorts its keys)."""
        if len(self.changed) == len(self.new) and self.old.keys() == self.new.keys():
            return self.old, self.new
        return (
            {name: self.old[name] for name in self.changed},
            {name: self.new[name] for name in self.changed},
        )

    def value(self, name: str) -> Any:
        """The field as the UPDATE writes it: changed, or as it stays."""
        if name in self.new:
            return self.new[name]
        if self.settled is not None:
            return record_value_of(self.settled, name)
        assert self.stored is not None
        return self.stored[name]


def _stored(
    cursor: duckdb.DuckDBPyConnection, ids: list[str], names: Sequence[str] | None
) -> dict[str, dict[str, Any]]:
    """The edited rows as stored, by id, in one query: whole (OBLIGATION_SELECT's names) for
    `names=None`, else id, code, version, deleted and the fields `names` (allow-listed)."""
    if not ids:
        return {}
    columns = (
        OBLIGATION_SELECT
        if names is None
        else obligation_select(["id", "code", "version", "deleted", *names])
    )
    return {
        row["id"]: row
        for row in fetch_rows(
            cursor, f"SELECT {columns} FROM obligations WHERE id IN (SELECT unnest(?))", [ids]
        )
    }


def _judge_whole(
    cursor: duckdb.DuckDBPyConnection,
    edited: Sequence[tuple[RowEdit, dict[str, Any]]],
    problems: list[Problem],
) -> tuple[Verdict, dict[str, Obligation]]:
    """The rulebook's verdict on the rows (read whole) whose edits touch what the rules read,
    judged together against the surroundings fetched once; their problems join `problems`.
    Also each row's record as it was."""
    around = fetch_surroundings(cursor)
    candidates: list[Candidate] = []
    befores: dict[str, Obligation] = {}
    for edit, row in edited:
        before = obligation_from_row(row)
        after, wrong = apply_edit(before, edit.changes, due_of(before, around), row["code"])
        problems.extend(wrong)
        candidates.append(Candidate(after, row["code"], before=before))
        befores[edit.id] = before
    verdict = check_obligations(candidates, around)
    problems.extend(verdict.problems)
    return verdict, befores


def _bulk_update(cursor: duckdb.DuckDBPyConnection, rows: list[_Accepted], actor: str) -> None:
    """One UPDATE ... FROM for the rows, setting only the columns some row changed (DuckDB
    rewrites every column it is told to set); a row keeps its stored value in the others."""
    fields = sorted(set().union(*(row.changed for row in rows)))
    columns = {
        "id": pa.array([row.id for row in rows], pa.string()),
        "expected_version": pa.array([row.version for row in rows], pa.int32()),
    }
    for name in fields:
        columns[OBLIGATION_COLUMNS[name]] = pa.array(
            [row.value(name) for row in rows], BULK_TYPES[name]
        )
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
    if row is None or int(row[0]) != len(rows):
        # Cannot happen under the write lock; if it ever does, roll back rather than half-save.
        raise RuntimeError(f"expected {len(rows)} rows updated, got {row}")


def current_obligation(
    cursor: duckdb.DuckDBPyConnection, obligation_id: str, version: int
) -> dict[str, Any]:
    """The row as it is now (OBLIGATION_SELECT's names), or ConflictError when it moved past
    `version` or is deleted."""
    rows = fetch_rows(
        cursor, f"SELECT {OBLIGATION_SELECT} FROM obligations WHERE id = ?", [obligation_id]
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
        set_handover_state_in(cursor, obligation_id, version, target, actor=actor, reason=reason)


def set_handover_state_in(
    cursor: duckdb.DuckDBPyConnection,
    obligation_id: str,
    version: int,
    target: HandoverState,
    *,
    actor: str,
    reason: str = "",
) -> None:
    """`set_handover_state` inside the caller's transaction."""
    row = current_obligation(cursor, obligation_id, version)
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
        set_deleted_in(cursor, obligation_id, version, deleted, actor=actor)


def set_deleted_in(
    cursor: duckdb.DuckDBPyConnection,
    obligation_id: str,
    version: int,
    deleted: bool,
    *,
    actor: str,
) -> None:
    """`set_deleted` inside the caller's transaction."""
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
    lag_unit: DurationUnit = DurationUnit.DAYS


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
        return save_obligation_in(cursor, obligation, version, predecessors, actor)


def save_obligation_in(
    cursor: duckdb.DuckDBPyConnection,
    obligation: Obligation,
    version: int | None,
    predecessors: Sequence[DependencyInput] | None,
    actor: str,
) -> SaveResult:
    """`save_obligation` inside a transaction the caller holds; `predecessors=None` keeps the
    obligation's dependencies as they are. The rulebook judges; the store writes."""
    previous_links = sorted(
        (p, t, lag, unit)
        for p, t, lag, unit in cursor.execute(
            "SELECT predecessor, type, lag_days, lag_unit FROM dependencies WHERE successor = ?",
            [obligation.id],
        ).fetchall()
    )
    links = (
        previous_links
        if predecessors is None
        else sorted(
            (d.predecessor, d.type.value, d.lag_days, DurationUnit(d.lag_unit).value)
            for d in predecessors
        )
    )
    before: Obligation | None = None
    if version is not None:
        before = obligation_from_row(current_obligation(cursor, obligation.id, version))
        # The workflow, not the form, moves the handover state (the rulebook, on a new receiver).
        obligation = obligation.model_copy(
            update={
                name: getattr(before, name)
                for name in (
                    "handover_state",
                    "accepted_by",
                    "accepted_at",
                    "rejection_reason",
                    "deleted",
                )
            }
        )
    candidate = Candidate(
        obligation,
        obligation.code,
        before=before,
        predecessors=None
        if links == previous_links and before is not None
        else _dependencies(obligation, links),
    )
    verdict = judged(cursor, [candidate])
    result = SaveResult(warnings=list(verdict.warnings))
    new: dict[str, Any] = record_values(verdict.settled[obligation.id])
    old: dict[str, Any] = {} if before is None else record_values(before)
    changed = {name for name in FULL_FIELDS if new[name] != old.get(name)}
    if links != previous_links:
        changed.add("dependencies")
        old["dependencies"] = [list(link) for link in previous_links]
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
                "INSERT INTO dependencies (predecessor, successor, type, lag_days, lag_unit) "
                "VALUES (?, ?, ?, ?, ?)",
                [(p, obligation.id, t, lag, unit) for p, t, lag, unit in links],
            )
    write_audit(
        cursor,
        [
            (
                actor,
                "obligation",
                obligation.id,
                "create" if version is None else "update",
                {name: old.get(name) for name in sorted(changed)} if version is not None else {},
                {name: new[name] for name in sorted(changed)},
                1 if version is None else version + 1,
            )
        ],
    )
    result.saved = [obligation.id]
    return result


def _dependencies(
    obligation: Obligation, links: Sequence[tuple[str, str, int, str]]
) -> tuple[Dependency, ...]:
    """The links into `obligation` as validated records (a lag beyond its unit's limit is
    refused)."""
    try:
        return tuple(
            Dependency(
                predecessor=predecessor,
                successor=obligation.id,
                type=DependencyType(kind),
                lag_days=lag,
                lag_unit=DurationUnit(unit),
            )
            for predecessor, kind, lag, unit in links
        )
    except ValidationError as error:
        raise InvalidChangeError(problems_from(error, (obligation.code, "dependencies"))) from error
