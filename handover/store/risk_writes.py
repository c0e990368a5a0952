"""Writes of risks with their linked obligations: owner and links must exist; version-checked and
audited like every other change."""

from __future__ import annotations

from typing import Any

import duckdb

from handover.domain.model import (
    Risk,
)
from handover.domain.plan import Problem
from handover.store.audit import (
    ConflictError,
    InvalidChangeError,
    conflict_of,
    now,
    write_audit,
)
from handover.store.database import Database
from handover.store.people_writes import current_row

RISK_FIELDS = ("title", "description", "likelihood", "impact", "mitigation", "owner", "amount_eur")


def save_risk(database: Database, risk: Risk, *, version: int | None, actor: str) -> bool:
    """Create or update a risk and its linked obligations, version-checked and audited like every
    other change. The owner and the linked obligations must exist. False when nothing changed."""
    with database.transaction() as cursor:
        return save_risk_in(cursor, risk, version, actor)


def save_risk_in(
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
    values: dict[str, Any] = {name: getattr(risk, name) for name in RISK_FIELDS}
    links = sorted(set(risk.obligations))
    before_links = sorted(
        oid
        for (oid,) in cursor.execute(
            "SELECT obligation FROM risk_obligations WHERE risk = ?", [risk.id]
        ).fetchall()
    )
    if version is None:
        if current_row(cursor, "risk", risk.id, list(values)) is not None:
            raise InvalidChangeError([Problem(f"{risk.id}.id", "edit.id_taken", {"id": risk.id})])
        cursor.execute(
            f"INSERT INTO risks (id, {', '.join(values)}) "
            f"VALUES (?, {', '.join('?' for _ in values)})",
            [risk.id, *values.values()],
        )
        before: dict[str, Any] = {}
        changed = list(values)
    else:
        row = current_row(cursor, "risk", risk.id, list(values))
        if row is None or row["version"] != version:
            raise ConflictError(conflict_of(cursor, "risk", risk.id, row, version))
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
                [*(values[name] for name in changed), now(), risk.id, version],
            )
        else:
            cursor.execute(
                "UPDATE risks SET version = version + 1, updated_at = ? WHERE id = ?",
                [now(), risk.id],
            )
    after = {name: values[name] for name in changed}
    if links != before_links:
        cursor.execute("DELETE FROM risk_obligations WHERE risk = ?", [risk.id])
        if links:
            cursor.executemany(
                "INSERT INTO risk_obligations VALUES (?, ?)", [(risk.id, oid) for oid in links]
            )
        before["obligations"], after["obligations"] = before_links, links
    write_audit(
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
