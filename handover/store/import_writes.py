"""Writes of imported rows and status reports: every record through the same checks, version check
and history as a save from the form, all in one transaction; a problem anywhere writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from handover.domain.edits import RowEdit
from handover.domain.model import (
    DueAnchor,
    HandoverState,
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
    Risk,
)
from handover.domain.plan import Problem
from handover.domain.schedule import resolve_due
from handover.store.audit import ConflictError, InvalidChangeError, write_audit
from handover.store.database import Database
from handover.store.obligation_columns import (
    BULK_TYPES,
    FULL_FIELDS,
    IMPORT_FIELDS,
    OBLIGATION_COLUMNS,
    record_values,
    sql_value,
)
from handover.store.obligation_writes import (
    people_and_organisations,
    receiver_warning,
    save_edits_in,
)
from handover.store.people_writes import save_organisation_in, save_person_in, save_simple_row
from handover.store.risk_writes import save_risk_in


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
        saved = save_edits_in(cursor, edits, actor, IMPORT_FIELDS)
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
    people, organisations = people_and_organisations(cursor)
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
        warning = receiver_warning(code, record.receiving_owner, due, people, organisations)
        if warning is not None:
            result.warnings.append(warning)
        values = record_values(record)
        values["handover_state"] = (
            HandoverState.PROPOSED.value
            if record.receiving_owner
            else HandoverState.UNASSIGNED.value
        )
        values["accepted_by"], values["accepted_at"] = None, None
        rows.append(values)
    if problems:
        raise InvalidChangeError(problems)
    types = {**BULK_TYPES, "code": pa.string(), "due_anchor": pa.string()}
    table = {"id": pa.array(ids, pa.string())}
    for name in FULL_FIELDS:
        values_of = [sql_value(row[name]) for row in rows]
        table[OBLIGATION_COLUMNS[name]] = pa.array(values_of, types[name])
    table["updated_by"] = pa.array([actor] * len(rows), pa.string())
    cursor.register("incoming", pa.table(table))
    columns = ", ".join(table)
    cursor.execute(f"INSERT INTO obligations ({columns}) SELECT {columns} FROM incoming")
    cursor.unregister("incoming")
    write_audit(
        cursor,
        [
            (actor, "obligation", record.id, "create", {}, {n: row[n] for n in FULL_FIELDS}, 1)
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
    return save_simple_row(cursor, "project", project.id, version, values, actor)


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
    return save_simple_row(cursor, "milestone", milestone.id, version, values, actor)


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
    result = ImportResult()
    try:
        with database.transaction() as cursor:
            write_records(cursor, records, actor, result)
            if dry_run:
                raise _DryRunDoneError(result)
    except _DryRunDoneError as done:
        return done.result
    return result


def write_records(
    cursor: duckdb.DuckDBPyConnection,
    records: Sequence[tuple[Any, int | None]],
    actor: str,
    result: ImportResult,
) -> None:
    """`apply_records` inside a transaction the caller holds (and rolls back on an error)."""
    order = (Organisation, Person, Project, Milestone, Obligation, Risk)
    ordered = sorted(records, key=lambda pair: order.index(type(pair[0])))
    obligations = [(r, v) for r, v in ordered if isinstance(r, Obligation)]
    others = [(r, v) for r, v in ordered if not isinstance(r, Obligation | Risk)]
    risks = [(r, v) for r, v in ordered if isinstance(r, Risk)]
    for record, version in _successors_first(others):
        if isinstance(record, Person):
            changed = save_person_in(cursor, record, version, actor)
        elif isinstance(record, Organisation):
            changed = save_organisation_in(cursor, record, version, actor)
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
        if save_risk_in(cursor, risk, version, actor):
            (result.added if version is None else result.updated).append(risk.id)
