"""Baselines: today's dates, receivers and states of every live obligation kept under a name, for
comparing the plan against later."""

from __future__ import annotations

import uuid

import duckdb

from handover.domain.plan import Problem
from handover.store.audit import InvalidChangeError, now, write_audit
from handover.store.database import Database
from handover.store.queries import DUE_JOINS, RESOLVED_DUE


def save_baseline(database: Database, name: str, *, actor: str) -> str:
    """Keep today's dates, receivers and states of every live obligation under `name`."""
    with database.transaction() as cursor:
        return save_baseline_in(cursor, name, actor)


def save_baseline_in(cursor: duckdb.DuckDBPyConnection, name: str, actor: str) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidChangeError([Problem("baseline.name", "baseline.bad_name")])
    if cursor.execute("SELECT 1 FROM baselines WHERE name = ?", [name]).fetchone():
        raise InvalidChangeError([Problem("baseline.name", "baseline.name_taken", {"name": name})])
    baseline_id = f"b{uuid.uuid4().hex[:12]}"
    cursor.execute(
        "INSERT INTO baselines (id, name, created_at, created_by) VALUES (?, ?, ?, ?)",
        [baseline_id, name, now(), actor],
    )
    cursor.execute(
        f"""
        INSERT INTO baseline_items
        SELECT ?, o.id, o.code, o.start_date, {RESOLVED_DUE}, o.receiving_owner,
               o.handover_state
        FROM obligations o{DUE_JOINS}
        WHERE NOT o.deleted
        """,
        [baseline_id],
    )
    write_audit(cursor, [(actor, "baseline", baseline_id, "create", {}, {"name": name}, None)])
    return baseline_id
