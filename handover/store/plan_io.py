"""Writing a whole plan into the database and reading it back out, each in one go.

`load_plan` writes a validated `Plan` in one transaction (all or nothing) with an audit entry,
every row at a version above any issued before; `read_plan` rebuilds the `Plan` from one snapshot,
so export -> import -> export is the identity and a backup taken during writes restores.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from handover.domain.model import (
    Dependency,
    DueRule,
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
    Risk,
)
from handover.domain.plan import COLLECTIONS, Plan, PlanError, check_references, dump_plan
from handover.store.calendar import refresh_work_calendar, settings_from
from handover.store.database import Database
from handover.store.migrations import VERSIONED_TABLES

# Tables in the order a plan is written; each column with its Arrow type and how to get it.
_Getter = Callable[[Any], Any]
_TEXT, _DATE, _INT, _BOOL, _FLOAT = pa.string(), pa.date32(), pa.int32(), pa.bool_(), pa.float64()


def _field(name: str) -> _Getter:
    return lambda record: getattr(record, name)


def _enum(name: str) -> _Getter:
    return lambda record: getattr(record, name).value


def _rule(part: str) -> _Getter:
    def get(obligation: Obligation) -> Any:
        rule = obligation.due_rule
        if rule is None:
            return {"days": 0, "unit": "days"}.get(part)
        if part == "anchor":
            return rule.anchor.value
        if part == "unit":
            return rule.unit.value
        return rule.milestone if part == "milestone" else rule.days

    return get


def _json(name: str) -> _Getter:
    return lambda record: json.dumps(
        [item.model_dump(mode="json") for item in getattr(record, name)], ensure_ascii=False
    )


def _optional_enum(name: str) -> _Getter:
    return lambda record: None if getattr(record, name) is None else getattr(record, name).value


_TABLES: dict[str, list[tuple[str, pa.DataType, _Getter]]] = {
    "organisations": [
        ("id", _TEXT, _field("id")),
        ("name", _TEXT, _field("name")),
        ("kind", _TEXT, _field("kind")),
        ("exists_from", _DATE, _field("exists_from")),
        ("exists_until", _DATE, _field("exists_until")),
        ("successor", _TEXT, _field("successor")),
        ("notes", _TEXT, _field("notes")),
        ("active", _BOOL, _field("active")),
        ("date_basis", _TEXT, _field("date_basis")),
    ],
    "people": [
        ("id", _TEXT, _field("id")),
        ("name", _TEXT, _field("name")),
        ("title", _TEXT, _field("title")),
        ("organisation", _TEXT, _field("organisation")),
        ("email", _TEXT, _field("email")),
        ("active", _BOOL, _field("active")),
        ("language", _TEXT, _field("language")),
    ],
    "projects": [
        ("id", _TEXT, _field("id")),
        ("name", _TEXT, _field("name")),
        ("programme", _TEXT, _field("programme")),
        ("start_date", _DATE, _field("start")),
        ("end_date", _DATE, _field("end")),
        ("coordinator", _TEXT, _field("coordinator")),
        ("purpose", _TEXT, _field("purpose")),
        ("grant_agreement", _TEXT, _field("grant_agreement")),
        ("beneficiaries", _TEXT, _json("beneficiaries")),
        ("reporting_periods", _TEXT, _json("reporting_periods")),
        ("date_basis", _TEXT, _field("date_basis")),
    ],
    "milestones": [
        ("id", _TEXT, _field("id")),
        ("project", _TEXT, _field("project")),
        ("title", _TEXT, _field("title")),
        ("planned", _DATE, _field("planned")),
        ("achieved", _DATE, _field("achieved")),
        ("kind", _TEXT, _enum("kind")),
        ("date_basis", _TEXT, _field("date_basis")),
    ],
    "obligations": [
        ("id", _TEXT, _field("id")),
        ("code", _TEXT, _field("code")),
        ("project", _TEXT, _field("project")),
        ("title", _TEXT, _field("title")),
        ("description", _TEXT, _field("description")),
        ("category", _TEXT, _enum("category")),
        ("source_quote", _TEXT, _field("source_quote")),
        ("source_ref", _TEXT, _field("source_ref")),
        ("legal_basis", _TEXT, _field("legal_basis")),
        ("current_owner", _TEXT, _field("current_owner")),
        ("receiving_owner", _TEXT, _field("receiving_owner")),
        ("start_date", _DATE, _field("start")),
        ("due_date", _DATE, _field("due")),
        ("due_anchor", _TEXT, _rule("anchor")),
        ("due_milestone", _TEXT, _rule("milestone")),
        ("due_days", _INT, _rule("days")),
        ("due_unit", _TEXT, _rule("unit")),
        ("status", _TEXT, _enum("status")),
        ("handover_state", _TEXT, _enum("handover_state")),
        ("acceptance_criteria", _TEXT, _field("acceptance_criteria")),
        ("evidence", pa.list_(_TEXT), lambda o: list(o.evidence)),
        ("amount_eur", _FLOAT, _field("amount_eur")),
        ("priority", _TEXT, _enum("priority")),
        ("notes", _TEXT, _field("notes")),
        ("accepted_by", _TEXT, _field("accepted_by")),
        ("accepted_at", pa.timestamp("us"), _field("accepted_at")),
        ("rejection_reason", _TEXT, _field("rejection_reason")),
        ("deleted", _BOOL, _field("deleted")),
        ("date_basis", _TEXT, _field("date_basis")),
        ("grant_duty", _TEXT, _optional_enum("grant_duty")),
        ("ends_period", _BOOL, _field("ends_period")),
    ],
    "dependencies": [
        ("predecessor", _TEXT, _field("predecessor")),
        ("successor", _TEXT, _field("successor")),
        ("type", _TEXT, _enum("type")),
        ("lag_days", _INT, _field("lag_days")),
        ("lag_unit", _TEXT, _enum("lag_unit")),
    ],
    "risks": [
        ("id", _TEXT, _field("id")),
        ("title", _TEXT, _field("title")),
        ("description", _TEXT, _field("description")),
        ("likelihood", _INT, _field("likelihood")),
        ("impact", _INT, _field("impact")),
        ("mitigation", _TEXT, _field("mitigation")),
        ("owner", _TEXT, _field("owner")),
        ("amount_eur", _FLOAT, _field("amount_eur")),
    ],
}
PLAN_TABLES: tuple[str, ...] = (*COLLECTIONS, "risk_obligations")


def _arrow(records: Sequence[Any], columns: list[tuple[str, pa.DataType, _Getter]]) -> pa.Table:
    schema = pa.schema([(name, kind) for name, kind, _ in columns])
    arrays = [pa.array([get(record) for record in records], type=kind) for _, kind, get in columns]
    return pa.Table.from_arrays(arrays, schema=schema)


def plan_counts(database: Database) -> dict[str, int]:
    """How many rows of each collection the database holds (soft-deleted obligations excluded)."""
    counts = {}
    with database.snapshot() as cursor:
        for name in COLLECTIONS:
            where = " WHERE NOT deleted" if name == "obligations" else ""
            row = cursor.execute(f"SELECT count(*) FROM {name}{where}").fetchone()
            counts[name] = int(row[0]) if row else 0
    return counts


def versions(database: Database) -> dict[str, dict[str, int]]:
    """Each row's version, by table, for the tables an import may update: the versions a
    preview was checked against, so a change made meanwhile is a conflict, not overwritten."""
    with database.snapshot() as cursor:
        return versions_in(cursor)


def versions_in(cursor: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """`versions` as the caller's transaction sees them."""
    return {
        table: dict(cursor.execute(f"SELECT id, version FROM {table}").fetchall())
        for table in (
            "obligations",
            "people",
            "organisations",
            "projects",
            "milestones",
            "risks",
        )
    } | {"plan_settings": {"plan": settings_from(cursor)[1]}}


class PlanNotEmptyError(RuntimeError):
    """The database already holds a plan and the caller did not ask to replace it."""


def _is_empty(cursor: duckdb.DuckDBPyConnection) -> bool:
    return not any(
        cursor.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() for name in COLLECTIONS
    )


def is_empty(database: Database) -> bool:
    """Whether the plan has nothing in it: asked on every rerun of the Oversigt, so remembered
    until a write to one of the plan's tables."""
    return database.remember(
        ("plan_is_empty",), lambda: _is_empty(database.cursor()), reads=COLLECTIONS
    )


def _next_version(cursor: duckdb.DuckDBPyConnection) -> int:
    """One above every row version ever issued: rows stored now, every version the history
    recorded, and the floor of earlier loads (whose rows may be gone without a history entry)."""
    issued = [f"SELECT max(version) FROM {table}" for table in VERSIONED_TABLES]
    issued += ["SELECT max(version) FROM audit_log", "SELECT floor FROM version_floor"]
    ((version,),) = cursor.execute(
        f"SELECT coalesce(max(v), 0) + 1 FROM ({' UNION ALL '.join(issued)}) AS issued(v)"
    ).fetchall()
    return int(version)


def load_plan(database: Database, plan: Plan, *, actor: str, replace: bool = False) -> None:
    """Write `plan` in one transaction. With `replace`, the current plan is removed first.

    Without `replace` the database must hold no plan: checked inside the same transaction, so two
    people loading at once cannot both succeed. Loading the same plan twice with `replace` leaves
    the same rows. Every row is written at one version above any issued before in this database
    (recorded in `version_floor`): a dialog, table, preview or undo holding an (id, version) from
    before the load is then stale and refused as a conflict, never matched again.
    """
    problems = check_references(plan)  # the rulebook: a plan that breaks it is never written
    if problems:
        raise PlanError(problems)
    with database.transaction() as cursor:
        if not replace and not _is_empty(cursor):
            raise PlanNotEmptyError(database.path)
        version = _next_version(cursor)
        if replace:
            for table in PLAN_TABLES:
                cursor.execute(f"DELETE FROM {table}")
        for name in COLLECTIONS:
            records = getattr(plan, name)
            if not records:
                continue
            columns = _TABLES[name]
            frame = _arrow(records, columns)
            names = ", ".join(column for column, _, _ in columns)
            # No try/finally: after a failed INSERT the transaction is aborted and unregistering
            # would raise over the real error; the cursor is closed with the transaction anyway.
            cursor.register("incoming", frame)
            if name in VERSIONED_TABLES:
                cursor.execute(
                    f"INSERT INTO {name} ({names}, version) SELECT {names}, ? FROM incoming",
                    [version],
                )
            else:
                cursor.execute(f"INSERT INTO {name} ({names}) SELECT {names} FROM incoming")
            cursor.unregister("incoming")
        refresh_work_calendar(cursor, plan.settings)
        links = [(risk.id, obligation) for risk in plan.risks for obligation in risk.obligations]
        if links:
            cursor.executemany("INSERT INTO risk_obligations VALUES (?, ?)", links)
        cursor.execute(
            "INSERT INTO audit_log (actor, entity, entity_id, action, after_value) "
            "VALUES (?, 'plan', NULL, ?, ?)",
            [actor, "replace" if replace else "import", json.dumps(plan.counts())],
        )
        cursor.execute("UPDATE version_floor SET floor = ?", [version])


OBLIGATION_ROW = (
    "* EXCLUDE (start_date, due_date, version, created_at, updated_at, updated_by, amount_eur), "
    'start_date AS "start", due_date AS due, CAST(amount_eur AS DOUBLE) AS amount_eur'
)


def stored_obligation(row: dict[str, Any]) -> Obligation:
    """A stored obligation row (`OBLIGATION_ROW`) as the domain record, validated (the due rule
    rebuilt from its columns)."""
    anchor, milestone, days = row.pop("due_anchor"), row.pop("due_milestone"), row.pop("due_days")
    unit = row.pop("due_unit", "days")
    row["due_rule"] = (
        None
        if anchor is None
        else DueRule.model_validate(
            {"anchor": anchor, "milestone": milestone, "days": days, "unit": unit}, strict=False
        )
    )
    row["evidence"] = tuple(row["evidence"] or ())
    return Obligation.model_validate(row, strict=False)


def _project(row: dict[str, Any]) -> Project:
    """A stored project row as the domain record (its grant profile's lists from JSON)."""
    for name in ("beneficiaries", "reporting_periods"):
        row[name] = json.loads(row[name]) if row[name] else []
    return Project.model_validate_json(json.dumps(row, default=str))


def read_obligation(database: Database, obligation_id: str) -> tuple[Obligation, int] | None:
    """One obligation as the domain record, with the version it is at (None if there is none)."""
    result = database.cursor().execute(
        f"SELECT {OBLIGATION_ROW}, version AS _version FROM obligations WHERE id = ?",
        [obligation_id],
    )
    names = [column[0] for column in result.description]
    found = result.fetchone()
    if found is None:
        return None
    row = dict(zip(names, found, strict=True))
    version = int(row.pop("_version"))
    return stored_obligation(row), version


def read_plan(database: Database) -> Plan:
    """The whole plan as stored (including soft-deleted obligations, flagged), read in one
    snapshot: a write committed meanwhile is either wholly in it or not at all."""
    with database.snapshot() as cursor:
        return _read_plan(cursor)


def read_plan_in(cursor: duckdb.DuckDBPyConnection) -> Plan:
    """The whole plan as the caller's transaction sees it."""
    return _read_plan(cursor)


def _rows(cursor: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    result = cursor.execute(sql)
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def read_surroundings_in(cursor: duckdb.DuckDBPyConnection) -> Plan:
    """The plan around its obligations — settings, organisations, people, projects, milestones —
    without obligations, dependencies or risks, as the caller's transaction sees it."""

    def rows(sql: str) -> list[dict[str, Any]]:
        return _rows(cursor, sql)

    organisations = [
        Organisation.model_validate(row, strict=False)
        for row in rows(
            "SELECT id, name, kind, exists_from, exists_until, successor, notes, active, "
            "date_basis FROM organisations ORDER BY id"
        )
    ]
    people = [
        Person.model_validate(row, strict=False)
        for row in rows(
            "SELECT id, name, title, organisation, email, active, language FROM people ORDER BY id"
        )
    ]
    projects = [
        _project(row)
        for row in rows(
            'SELECT id, name, programme, start_date AS "start", end_date AS "end", coordinator, '
            "purpose, grant_agreement, beneficiaries, reporting_periods, date_basis "
            "FROM projects ORDER BY id"
        )
    ]
    milestones = [
        Milestone.model_validate(row, strict=False)
        for row in rows(
            "SELECT id, project, title, planned, achieved, kind, date_basis FROM milestones "
            "ORDER BY id"
        )
    ]
    settings, _ = settings_from(cursor)
    return Plan(
        settings=settings,
        organisations=tuple(organisations),
        people=tuple(people),
        projects=tuple(projects),
        milestones=tuple(milestones),
    )


def _read_plan(cursor: duckdb.DuckDBPyConnection) -> Plan:
    def rows(sql: str) -> list[dict[str, Any]]:
        return _rows(cursor, sql)

    surroundings = read_surroundings_in(cursor)
    obligations = [
        stored_obligation(row)
        for row in rows(f"SELECT {OBLIGATION_ROW} FROM obligations ORDER BY id")
    ]
    dependencies = [
        Dependency.model_validate(row, strict=False)
        for row in rows(
            "SELECT predecessor, successor, type, lag_days, lag_unit FROM dependencies "
            "ORDER BY predecessor, successor"
        )
    ]
    linked: dict[str, list[str]] = {}
    for risk_id, obligation_id in cursor.execute(
        "SELECT risk, obligation FROM risk_obligations ORDER BY risk, obligation"
    ).fetchall():
        linked.setdefault(risk_id, []).append(obligation_id)
    risks = []
    for row in rows(
        "SELECT id, title, description, likelihood, impact, mitigation, owner, "
        "CAST(amount_eur AS DOUBLE) AS amount_eur FROM risks ORDER BY id"
    ):
        row["obligations"] = tuple(linked.get(row["id"], ()))
        risks.append(Risk.model_validate(row, strict=False))
    return replace(
        surroundings,
        obligations=tuple(obligations),
        dependencies=tuple(dependencies),
        risks=tuple(risks),
    )


def backup_path(db_path: Path, now: datetime) -> Path:
    """Where a replaced plan is kept: `backups/` next to the database,
    `handover-YYYYMMDD-HHMMSS.json` (a suffix when two land in the same second)."""
    folder = db_path.resolve().parent / "backups"
    stem = f"handover-{now:%Y%m%d-%H%M%S}"
    candidate, number = folder / f"{stem}.json", 2
    while candidate.exists():
        candidate, number = folder / f"{stem}-{number}.json", number + 1
    return candidate


def write_backup(database: Database, now: datetime) -> Path | None:
    """Keep the plan as it stands as a plan document in `backups/` next to the database file,
    before something replaces it (a restore, `import-json --replace`); None for an in-memory
    database, which has no folder. Raises OSError (with the file name) when it cannot be written:
    the caller then replaces nothing."""
    if database.path == ":memory:":
        return None
    path = backup_path(Path(database.path), now)
    document = dump_plan(read_plan(database))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(document)
    return path
