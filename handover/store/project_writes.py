"""Writing an imported project file: its records through the import's checked saves, the
predecessors of its obligations and the closing days its calendars add, in one transaction; a
problem or conflict writes nothing.

The links are judged by the one rulebook (domain/rules.py, with the plan around them fetched by
store/surroundings.py) as the form's save of an obligation's links is, set-based; each obligation
whose links changed gets a new version and one history entry, so a stale edit of its dependencies
is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pyarrow as pa

from handover.domain.model import Dependency
from handover.domain.plan import Problem
from handover.domain.rules import Candidate
from handover.store.audit import InvalidChangeError, fetch_rows, now, write_audit
from handover.store.calendar import add_closing_days
from handover.store.database import Database
from handover.store.import_writes import ImportResult, write_records
from handover.store.obligation_columns import OBLIGATION_SELECT, obligation_from_row
from handover.store.obligation_writes import judged


class _DryRunDoneError(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def apply_project(
    database: Database,
    records: Sequence[tuple[Any, int | None]],
    predecessors: Mapping[str, Sequence[Dependency]],
    *,
    actor: str,
    closing_days: Sequence[date] = (),
    settings_version: int = 0,
    dry_run: bool = False,
) -> ImportResult:
    """Write `records` (each with the version it was read at; None to add), replace the
    predecessors of each obligation named in `predecessors` and add `closing_days` to the plan's
    (its settings still at `settings_version`), in one transaction."""
    result = ImportResult()
    try:
        with database.transaction() as cursor:
            if closing_days:
                # First: the due dates the records' checks resolve count the new closing days.
                result.closing_days = add_closing_days(
                    cursor, closing_days, settings_version, actor
                )
            write_records(cursor, records, actor, result)
            _write_links(cursor, predecessors, actor, result)
            if dry_run:
                raise _DryRunDoneError(result)
    except _DryRunDoneError as done:
        return done.result
    return result


def _write_links(
    cursor: Any,
    predecessors: Mapping[str, Sequence[Dependency]],
    actor: str,
    result: ImportResult,
) -> None:
    if not predecessors:
        return
    rows = fetch_rows(
        cursor,
        f"SELECT {OBLIGATION_SELECT} FROM obligations WHERE id IN (SELECT unnest(?))",
        [list(predecessors)],
    )
    stored = {obligation.id: obligation for obligation in map(obligation_from_row, rows)}
    unknown = [
        Problem(
            f"{successor}.dependencies",
            "plan.unknown_reference",
            {"id": successor, "kind": "obligations"},
        )
        for successor in predecessors
        if successor not in stored
    ]
    if unknown:
        raise InvalidChangeError(unknown)
    # The links through the one rulebook, as the form's save of an obligation's links is judged.
    judged(
        cursor,
        [
            Candidate(stored[successor], stored[successor].code, stored[successor], tuple(links))
            for successor, links in predecessors.items()
        ],
    )
    before: dict[str, list[list[Any]]] = {}
    for predecessor, successor, kind, lag, unit in cursor.execute(
        "SELECT predecessor, successor, type, lag_days, lag_unit FROM dependencies "
        "WHERE successor IN (SELECT unnest(?))",
        [list(predecessors)],
    ).fetchall():
        before.setdefault(successor, []).append([predecessor, kind, lag, unit])
    successors = list(predecessors)
    cursor.execute("DELETE FROM dependencies WHERE successor IN (SELECT unnest(?))", [successors])
    new = [link for links in predecessors.values() for link in links]
    if new:
        table = pa.table(
            {
                "predecessor": pa.array([d.predecessor for d in new], pa.string()),
                "successor": pa.array([d.successor for d in new], pa.string()),
                "type": pa.array([d.type.value for d in new], pa.string()),
                "lag_days": pa.array([d.lag_days for d in new], pa.int32()),
                "lag_unit": pa.array([d.lag_unit.value for d in new], pa.string()),
            }
        )
        cursor.register("incoming_links", table)
        cursor.execute(
            "INSERT INTO dependencies (predecessor, successor, type, lag_days, lag_unit) "
            "SELECT predecessor, successor, type, lag_days, lag_unit FROM incoming_links"
        )
        cursor.unregister("incoming_links")
    versions = dict(
        cursor.execute(
            "UPDATE obligations SET version = version + 1, updated_at = ?, updated_by = ? "
            "WHERE id IN (SELECT unnest(?)) RETURNING id, version",
            [now(), actor, successors],
        ).fetchall()
    )
    write_audit(
        cursor,
        [
            (
                actor,
                "obligation",
                successor,
                "update",
                {"dependencies": sorted(before.get(successor, []))},
                {
                    "dependencies": sorted(
                        [d.predecessor, d.type.value, d.lag_days, d.lag_unit.value]
                        for d in predecessors[successor]
                    )
                },
                versions.get(successor),
            )
            for successor in successors
        ],
    )
    for successor in successors:
        if successor not in result.added and successor not in result.updated:
            result.updated.append(successor)
