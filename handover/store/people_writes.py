"""Writes of organisations and people, and the plain version-checked row save that projects and
milestones share: a successor that exists and makes no ring; a person's organisation exists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from handover.domain.model import (
    Organisation,
    Person,
)
from handover.domain.plan import Problem, check_organisations
from handover.store.audit import (
    TABLE_OF,
    ConflictError,
    InvalidChangeError,
    conflict_of,
    fetch_rows,
    now,
    write_audit,
)
from handover.store.database import Database

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "exists_from",
    "exists_until",
    "successor",
    "notes",
    "active",
)
PERSON_FIELDS = ("name", "title", "organisation", "email", "active", "language")


def current_row(
    cursor: duckdb.DuckDBPyConnection, entity: str, entity_id: str, fields: Sequence[str]
) -> dict[str, Any] | None:
    rows = fetch_rows(
        cursor,
        f"SELECT id, version, {', '.join(fields)} FROM {TABLE_OF[entity]} WHERE id = ?",
        [entity_id],
    )
    return rows[0] if rows else None


def save_simple_row(
    cursor: duckdb.DuckDBPyConnection,
    entity: str,
    entity_id: str,
    version: int | None,
    values: Mapping[str, Any],
    actor: str,
) -> bool:
    """Insert (version None) or version-checked update of an organisation or person; audited."""
    fields = list(values)
    table = TABLE_OF[entity]
    if version is None:
        if current_row(cursor, entity, entity_id, fields) is not None:
            raise InvalidChangeError(
                [Problem(f"{entity_id}.id", "edit.id_taken", {"id": entity_id})]
            )
        cursor.execute(
            f"INSERT INTO {table} (id, {', '.join(fields)}) "
            f"VALUES (?, {', '.join('?' for _ in fields)})",
            [entity_id, *values.values()],
        )
        write_audit(cursor, [(actor, entity, entity_id, "create", {}, dict(values), 1)])
        return True
    row = current_row(cursor, entity, entity_id, fields)
    if row is None or row["version"] != version:
        raise ConflictError(conflict_of(cursor, entity, entity_id, row, version))
    changed = [name for name in fields if values[name] != row[name]]
    if not changed:
        return False
    assignments = ", ".join(f"{name} = ?" for name in changed)
    cursor.execute(
        f"UPDATE {table} SET {assignments}, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        [*(values[name] for name in changed), now(), entity_id, version],
    )
    write_audit(
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
        return save_organisation_in(cursor, organisation, version, actor)


def save_organisation_in(
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
    values = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    return save_simple_row(cursor, "organisation", organisation.id, version, values, actor)


def save_person(database: Database, person: Person, *, version: int | None, actor: str) -> bool:
    """Create or update a person or role; the organisation must exist."""
    with database.transaction() as cursor:
        return save_person_in(cursor, person, version, actor)


def save_person_in(
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
    values = {name: getattr(person, name) for name in PERSON_FIELDS}
    return save_simple_row(cursor, "person", person.id, version, values, actor)
