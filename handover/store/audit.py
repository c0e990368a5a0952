"""The history every write leaves, and what a refused write reports: one audit row per change
(`write_audit`), the changes since a version (for a conflict), and the errors the pages catch."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from handover.domain.plan import Problem


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


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _json(values: Any) -> str:
    return json.dumps(values, ensure_ascii=False, default=_plain, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set):
        return list(value)
    return str(value)


def write_audit(
    cursor: duckdb.DuckDBPyConnection,
    rows: Iterable[tuple[str, str, str, str, Mapping[str, Any], Mapping[str, Any], int | None]],
    undoes: int | None = None,
) -> None:
    """Write audit entries (actor, entity, id, action, before, after, version) in one statement.

    The before/after values of the whole batch go in as two JSON arrays that DuckDB unnests side
    by side: two encoder calls per batch instead of two per row. A column with one value for the
    whole batch (the actor, the action, often the entity) goes in once rather than as a list.
    """
    batch = list(rows)
    if not batch:
        return
    selects: list[str] = []
    params: list[Any] = [now()]
    for position in (0, 1, 2, 3, 6):
        column = [row[position] for row in batch]
        first = column[0]
        if all(value == first for value in column):
            selects.append("?")
            params.append(first)
        else:
            selects.append("unnest(?)")
            params.append(column)
    actor, entity, entity_id, action, version = selects
    cursor.execute(
        f"""
        INSERT INTO audit_log (changed_at, actor, entity, entity_id, action, before_value,
                               after_value, version, undoes)
        SELECT ?, {actor}, {entity}, {entity_id}, {action},
               unnest(CAST(? AS JSON[])), unnest(CAST(? AS JSON[])), {version}, ?
        """,
        [
            *params[:5],
            _json([row[4] for row in batch]),
            _json([row[5] for row in batch]),
            params[5],
            undoes,
        ],
    )


def changes_since(
    cursor: duckdb.DuckDBPyConnection, entity: str, entity_id: str, version: int
) -> tuple[Change, ...]:
    rows = cursor.execute(
        "SELECT id, changed_at, actor, entity, entity_id, action, before_value, after_value, "
        "version FROM audit_log WHERE entity = ? AND entity_id = ? AND version > ? ORDER BY id",
        [entity, entity_id, version],
    ).fetchall()
    return tuple(change_from_row(row) for row in rows)


def change_from_row(row: Sequence[Any]) -> Change:
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


def fetch_rows(
    cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params or [])
    names = [column[0] for column in result.description]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def conflict_of(
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
        others=changes_since(cursor, entity, entity_id, your_version),
    )


class ConflictError(RuntimeError):
    """The row changed (or was deleted) since the person saw it; nothing was saved."""

    def __init__(self, conflict: Conflict) -> None:
        self.conflict = conflict
        super().__init__(f"{conflict.label} changed since version {conflict.your_version}")


# Entity name (as in the history) -> its table.
TABLE_OF = {
    "organisation": "organisations",
    "person": "people",
    "obligation": "obligations",
    "risk": "risks",
    "project": "projects",
    "milestone": "milestones",
}
