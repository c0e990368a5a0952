"""Writing an imported project file: its records through the import's checked saves and the
predecessors of its obligations, in one transaction; a problem or conflict writes nothing.

The links are checked as the form checks one obligation's (known, not deleted, no cycle — named
by codes), set-based, and each obligation whose links changed gets a new version and one history
entry, so a stale edit of its dependencies is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from handover.domain.model import Dependency
from handover.domain.plan import Problem
from handover.domain.schedule import find_cycle
from handover.store.audit import InvalidChangeError, now, write_audit
from handover.store.database import Database
from handover.store.import_writes import ImportResult, write_records


class _DryRunDoneError(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def apply_project(
    database: Database,
    records: Sequence[tuple[Any, int | None]],
    predecessors: Mapping[str, Sequence[Dependency]],
    *,
    actor: str,
    dry_run: bool = False,
) -> ImportResult:
    """Write `records` (each with the version it was read at; None to add) and replace the
    predecessors of each obligation named in `predecessors`, in one transaction."""
    result = ImportResult()
    try:
        with database.transaction() as cursor:
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
    rows = cursor.execute("SELECT id, code, deleted FROM obligations").fetchall()
    codes = {row[0]: row[1] for row in rows}
    deleted = {row[0] for row in rows if row[2]}
    problems: list[Problem] = []
    for successor, links in predecessors.items():
        code = codes.get(successor, successor)
        if successor not in codes:
            problems.append(
                Problem(
                    f"{code}.dependencies",
                    "plan.unknown_reference",
                    {"id": successor, "kind": "obligations"},
                )
            )
        for link in links:
            if link.predecessor not in codes:
                problems.append(
                    Problem(
                        f"{code}.dependencies",
                        "plan.unknown_reference",
                        {"id": link.predecessor, "kind": "obligations"},
                    )
                )
            elif link.predecessor in deleted:
                problems.append(
                    Problem(
                        f"{code}.dependencies",
                        "edit.depends_on_deleted",
                        {"code": codes[link.predecessor]},
                    )
                )
    before: dict[str, list[list[Any]]] = {}
    edges: dict[str, list[str]] = {}
    for predecessor, successor, kind, lag in cursor.execute(
        "SELECT predecessor, successor, type, lag_days FROM dependencies"
    ).fetchall():
        if successor in predecessors:
            before.setdefault(successor, []).append([predecessor, kind, lag])
        else:
            edges.setdefault(predecessor, []).append(successor)
    for successor, links in predecessors.items():
        for link in links:
            edges.setdefault(link.predecessor, []).append(successor)
    cycle = find_cycle(edges) if not problems else None
    if cycle:
        problems.append(
            Problem(
                f"{codes.get(cycle[0], cycle[0])}.dependencies",
                "plan.dependency_cycle",
                {"cycle": " → ".join(codes.get(node, node) for node in cycle)},
            )
        )
    if problems:
        raise InvalidChangeError(problems)
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
            }
        )
        cursor.register("incoming_links", table)
        cursor.execute(
            "INSERT INTO dependencies (predecessor, successor, type, lag_days) "
            "SELECT predecessor, successor, type, lag_days FROM incoming_links"
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
                        [d.predecessor, d.type.value, d.lag_days] for d in predecessors[successor]
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
