"""Writes of imported rows and status reports: every record through the same checks, version check
and history as a save from the form, all in one transaction; a problem anywhere writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from handover.domain.edits import RowEdit
from handover.domain.fields import IMPORT_FIELDS
from handover.domain.model import (
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
    Risk,
)
from handover.domain.plan import Problem
from handover.domain.rules import Candidate
from handover.store.audit import ConflictError, InvalidChangeError, fetch_rows, write_audit
from handover.store.database import Database
from handover.store.obligation_columns import (
    BULK_TYPES,
    FULL_FIELDS,
    KEY_TYPES,
    OBLIGATION_COLUMNS,
    OBLIGATION_SELECT,
    obligation_from_row,
    record_values,
    sql_value,
)
from handover.store.obligation_writes import judged, save_edits_in
from handover.store.people_writes import save_organisation_in, save_person_in, save_simple_row
from handover.store.risk_writes import save_risk_in


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    closing_days: list[date] = field(default_factory=list)  # added to the plan's (project files)


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
    """New obligations without dependencies, judged together by the rulebook as the form's
    save is, then written with one INSERT."""
    verdict = judged(cursor, [Candidate(record, record.code) for record in records])
    result.warnings.extend(verdict.warnings)
    rows = [record_values(verdict.settled[record.id]) for record in records]
    ids = [record.id for record in records]
    types = {**BULK_TYPES, **KEY_TYPES}
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


def _recheck_anchored(
    cursor: duckdb.DuckDBPyConnection, projects: Sequence[str], milestones: Sequence[str]
) -> None:
    """After projects or milestones changed: the obligations whose due rules count from them,
    judged again (a project whose end was cleared under a rule on it is refused)."""
    if not projects and not milestones:
        return
    rows = fetch_rows(
        cursor,
        f"SELECT {OBLIGATION_SELECT} FROM obligations WHERE due_anchor IS NOT NULL AND "
        "(project IN (SELECT unnest(?)) OR due_milestone IN (SELECT unnest(?)))",
        [list(projects), list(milestones)],
    )
    anchored = [obligation_from_row(row) for row in rows]
    judged(cursor, [Candidate(o, o.code, before=o) for o in anchored])


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
    moved_projects: list[str] = []
    moved_milestones: list[str] = []
    for record, version in _successors_first(others):
        if isinstance(record, Person):
            changed = save_person_in(cursor, record, version, actor)
        elif isinstance(record, Organisation):
            changed = save_organisation_in(cursor, record, version, actor)
        elif isinstance(record, Project):
            changed = _save_project(cursor, record, version, actor)
            moved_projects += [record.id] if changed else []
        elif isinstance(record, Milestone):
            changed = _save_milestone(cursor, record, version, actor)
            moved_milestones += [record.id] if changed else []
        else:
            raise TypeError(type(record).__name__)  # pragma: no cover
        if changed:
            (result.added if version is None else result.updated).append(record.id)
    _import_obligations(cursor, obligations, actor, result)
    _recheck_anchored(cursor, moved_projects, moved_milestones)
    for risk, version in risks:  # last: a risk may link obligations just added
        if save_risk_in(cursor, risk, version, actor):
            (result.added if version is None else result.updated).append(risk.id)
