"""The writes of workshops and comments: start one with its agenda, move its current item
(version-checked), record notes, end it with a baseline, comment on obligations. Called only by the
gateway (store.guarded), which checks the role; every entry is held to the entry rules first.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import duckdb

from handover.domain.plan import Problem
from handover.domain.workshop import (
    TITLE_MAX,
    AgendaItem,
    NoteKind,
    Workshop,
    entry_problems,
)
from handover.store.audit import ConflictError, InvalidChangeError, conflict_of, now, write_audit
from handover.store.baseline_writes import save_baseline_in


def start_workshop_in(
    cursor: duckdb.DuckDBPyConnection, actor: str, title: str, agenda: list[AgendaItem]
) -> str:
    """A new workshop's id; refused while another is open."""
    problems = entry_problems("workshop.title", title, limit=TITLE_MAX, one_line=True)
    if not agenda:
        problems.append(Problem("workshop.agenda", "workshop.empty_agenda"))
    if problems:
        raise InvalidChangeError(problems)
    title = title.strip()
    workshop_id = f"w{uuid.uuid4().hex[:12]}"
    items = [{"kind": item.kind.value, "id": item.id} for item in agenda]
    if cursor.execute("SELECT 1 FROM workshops WHERE ended_at IS NULL").fetchone():
        raise InvalidChangeError([Problem("workshop", "workshop.already_open")])
    cursor.execute(
        "INSERT INTO workshops (id, title, agenda, started_at, started_by) VALUES (?, ?, ?, ?, ?)",
        [workshop_id, title, json.dumps(items), now(), actor],
    )
    write_audit(
        cursor,
        [(actor, "workshop", workshop_id, "create", {}, {"title": title, "items": len(items)}, 1)],
    )
    return workshop_id


def _moved(
    cursor: duckdb.DuckDBPyConnection, workshop: Workshop, values: dict[str, Any], actor: str
) -> None:
    assignments = ", ".join(f"{name} = ?" for name in values)
    row = cursor.execute(
        f"UPDATE workshops SET {assignments}, version = version + 1 "
        "WHERE id = ? AND version = ? AND ended_at IS NULL RETURNING version",
        [*values.values(), workshop.id, workshop.version],
    ).fetchone()
    if row is None:
        current = cursor.execute(
            "SELECT id, version FROM workshops WHERE id = ?", [workshop.id]
        ).fetchone()
        raise ConflictError(
            conflict_of(
                cursor,
                "workshop",
                workshop.id,
                None if current is None else {"id": current[0], "version": current[1]},
                workshop.version,
            )
        )
    before = {name: getattr(workshop, name, None) for name in values}
    write_audit(cursor, [(actor, "workshop", workshop.id, "update", before, values, row[0])])


def go_to_in(cursor: duckdb.DuckDBPyConnection, actor: str, workshop: Workshop, index: int) -> None:
    """Make agenda item `index` the current one, for every screen following the workshop."""
    if not 0 <= index < len(workshop.agenda):
        raise InvalidChangeError([Problem("workshop.current", "workshop.no_such_item")])
    _moved(cursor, workshop, {"current": index}, actor)


def still_open(cursor: duckdb.DuckDBPyConnection, workshop: Workshop) -> None:
    if not cursor.execute(
        "SELECT 1 FROM workshops WHERE id = ? AND ended_at IS NULL", [workshop.id]
    ).fetchone():
        raise InvalidChangeError([Problem("workshop", "workshop.ended")])


def add_note_in(
    cursor: duckdb.DuckDBPyConnection,
    actor: str,
    workshop: Workshop,
    item: AgendaItem,
    kind: NoteKind,
    text: str,
    *,
    owner: str | None = None,
    due: date | None = None,
) -> int:
    """A decision, action or question on an item of the open workshop; its id."""
    problems = entry_problems("note.text", text, due=due)
    if kind is NoteKind.ACTION and owner is None:
        problems.append(Problem("note.owner", "workshop.action_needs_owner"))
    if item not in workshop.agenda:
        problems.append(Problem("note.item", "workshop.no_such_item"))
    if problems:
        raise InvalidChangeError(problems)
    still_open(cursor, workshop)
    if (
        owner is not None
        and not cursor.execute("SELECT 1 FROM people WHERE id = ?", [owner]).fetchone()
    ):
        raise InvalidChangeError([Problem("note.owner", "edit.unknown_person", {"id": owner})])
    return insert_note(cursor, actor, workshop, item, kind, text.strip(), owner, due)


def insert_note(
    cursor: duckdb.DuckDBPyConnection,
    actor: str,
    workshop: Workshop,
    item: AgendaItem,
    kind: NoteKind,
    text: str,
    owner: str | None,
    due: date | None,
) -> int:
    """The note as given (checked by the caller, or written by the planner itself)."""
    row = cursor.execute(
        "INSERT INTO workshop_notes (workshop, item_kind, item_id, kind, text, owner, due, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [workshop.id, item.kind.value, item.id, kind.value, text, owner, due, now(), actor],
    ).fetchone()
    assert row is not None
    note_id = int(row[0])
    write_audit(
        cursor,
        [
            (
                actor,
                "workshop_note",
                str(note_id),
                "create",
                {},
                {"kind": kind.value, "item": item.id, "text": text, "owner": owner, "due": due},
                None,
            )
        ],
    )
    return note_id


def end_workshop_in(
    cursor: duckdb.DuckDBPyConnection, actor: str, workshop: Workshop, baseline_name: str
) -> str:
    """End the workshop and save a baseline of the plan as it now stands; the baseline's id."""
    baseline_id = save_baseline_in(cursor, baseline_name, actor)
    _moved(cursor, workshop, {"ended_at": now(), "baseline": baseline_id}, actor)
    return baseline_id


def add_comment_in(
    cursor: duckdb.DuckDBPyConnection,
    actor: str,
    author_person: str | None,
    obligation_id: str,
    text: str,
    mentioned: list[str],
) -> int:
    """A comment on an obligation; `mentioned` are person ids."""
    problems = entry_problems("comment", text)
    if problems:
        raise InvalidChangeError(problems)
    text = text.strip()
    if not cursor.execute(
        "SELECT 1 FROM obligations WHERE id = ? AND NOT deleted", [obligation_id]
    ).fetchone():
        raise InvalidChangeError(
            [
                Problem(
                    "comment",
                    "plan.unknown_reference",
                    {"id": obligation_id, "kind": "obligations"},
                )
            ]
        )
    row = cursor.execute(
        "INSERT INTO comments (obligation, author, author_person, text, mentions, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [obligation_id, actor, author_person, text, mentioned, now()],
    ).fetchone()
    assert row is not None
    write_audit(
        cursor,
        [
            (
                actor,
                "comment",
                obligation_id,
                "create",
                {},
                {"text": text, "mentions": mentioned},
                None,
            )
        ],
    )
    return int(row[0])
