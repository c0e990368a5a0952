"""Workshops and comments in the database: start a workshop with its agenda, move the current
item (version-checked: two facilitators cannot silently fight over it), record decisions,
actions and questions, end it (which saves a baseline), and comment on obligations with
mentions. Every write checks the role first (the service layer) and is in the history."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from handover.domain.access import Action, Identity, Sides, require
from handover.domain.dates import format_date
from handover.domain.edits import RowEdit
from handover.domain.model import HandoverState, Obligation, Organisation, Person, Risk
from handover.domain.plan import Problem
from handover.domain.proposals import OwnerGap, Proposal, propose_from_successors
from handover.domain.text import text
from handover.domain.workshop import (
    AgendaItem,
    ItemKind,
    Minutes,
    MinutesChange,
    Note,
    NoteKind,
    RoomDecision,
    Step,
    Workshop,
    progress,
)
from handover.store import guarded
from handover.store.audit import (
    ConflictError,
    InvalidChangeError,
    SaveResult,
    conflict_of,
    now,
    write_audit,
)
from handover.store.baseline_writes import save_baseline_in
from handover.store.database import Database
from handover.store.history import describe_values, history
from handover.store.plan_io import read_obligation
from handover.store.queries import RESOLVED_DUE

_NOTE_MAX = 4000


def _workshop(row: tuple[Any, ...]) -> Workshop:
    agenda = tuple(
        AgendaItem(ItemKind(item["kind"]), str(item["id"])) for item in json.loads(row[2])
    )
    return Workshop(
        id=row[0],
        title=row[1],
        agenda=agenda,
        current=int(row[3]),
        started_at=row[4],
        started_by=row[5],
        ended_at=row[6],
        baseline=row[7],
        version=int(row[8]),
    )


_SELECT = (
    "SELECT id, title, agenda, current, started_at, started_by, ended_at, baseline, version "
    "FROM workshops"
)


def open_workshop(database: Database) -> Workshop | None:
    """The workshop that is running (the latest started, not ended), if any."""
    row = (
        database.cursor()
        .execute(f"{_SELECT} WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT 1")
        .fetchone()
    )
    return None if row is None else _workshop(row)


def workshops(database: Database) -> list[Workshop]:
    rows = database.cursor().execute(f"{_SELECT} ORDER BY started_at DESC").fetchall()
    return [_workshop(row) for row in rows]


def get_workshop(database: Database, workshop_id: str) -> Workshop | None:
    row = database.cursor().execute(f"{_SELECT} WHERE id = ?", [workshop_id]).fetchone()
    return None if row is None else _workshop(row)


def start_workshop(
    database: Database, who: Identity, title: str, agenda: list[AgendaItem]
) -> Workshop:
    require(who, Action.RUN_WORKSHOP)
    title = title.strip()
    problems = []
    if not title or len(title) > 200:
        problems.append(Problem("workshop.title", "workshop.bad_title"))
    if not agenda:
        problems.append(Problem("workshop.agenda", "workshop.empty_agenda"))
    if problems:
        raise InvalidChangeError(problems)
    workshop_id = f"w{uuid.uuid4().hex[:12]}"
    items = [{"kind": item.kind.value, "id": item.id} for item in agenda]
    with database.transaction() as cursor:
        if cursor.execute("SELECT 1 FROM workshops WHERE ended_at IS NULL").fetchone():
            raise InvalidChangeError([Problem("workshop", "workshop.already_open")])
        cursor.execute(
            "INSERT INTO workshops (id, title, agenda, started_at, started_by) "
            "VALUES (?, ?, ?, ?, ?)",
            [workshop_id, title, json.dumps(items), now(), who.name],
        )
        write_audit(
            cursor,
            [
                (
                    who.name,
                    "workshop",
                    workshop_id,
                    "create",
                    {},
                    {"title": title, "items": len(items)},
                    1,
                )
            ],
        )
    found = get_workshop(database, workshop_id)
    assert found is not None
    return found


def _moved(cursor: Any, workshop: Workshop, values: dict[str, Any], who: Identity) -> None:
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
    write_audit(cursor, [(who.name, "workshop", workshop.id, "update", before, values, row[0])])


def go_to(database: Database, who: Identity, workshop: Workshop, index: int) -> None:
    """Make agenda item `index` the current one, for every screen following the workshop."""
    require(who, Action.RUN_WORKSHOP)
    if not 0 <= index < len(workshop.agenda):
        raise InvalidChangeError([Problem("workshop.current", "workshop.no_such_item")])
    with database.transaction() as cursor:
        _moved(cursor, workshop, {"current": index}, who)


def add_note(
    database: Database,
    who: Identity,
    workshop: Workshop,
    item: AgendaItem,
    kind: NoteKind,
    text: str,
    *,
    owner: str | None = None,
    due: date | None = None,
) -> int:
    require(who, Action.RUN_WORKSHOP)
    text = text.strip()
    problems = []
    if not text or len(text) > _NOTE_MAX:
        problems.append(Problem("note.text", "workshop.bad_note", {"limit": _NOTE_MAX}))
    if kind is NoteKind.ACTION and owner is None:
        problems.append(Problem("note.owner", "workshop.action_needs_owner"))
    if item not in workshop.agenda:
        problems.append(Problem("note.item", "workshop.no_such_item"))
    if problems:
        raise InvalidChangeError(problems)
    with database.transaction() as cursor:
        _still_open(cursor, workshop)
        if (
            owner is not None
            and not cursor.execute("SELECT 1 FROM people WHERE id = ?", [owner]).fetchone()
        ):
            raise InvalidChangeError([Problem("note.owner", "edit.unknown_person", {"id": owner})])
        return _insert_note(cursor, who, workshop, item, kind, text, owner, due)


def _still_open(cursor: Any, workshop: Workshop) -> None:
    if not cursor.execute(
        "SELECT 1 FROM workshops WHERE id = ? AND ended_at IS NULL", [workshop.id]
    ).fetchone():
        raise InvalidChangeError([Problem("workshop", "workshop.ended")])


def _insert_note(
    cursor: Any,
    who: Identity,
    workshop: Workshop,
    item: AgendaItem,
    kind: NoteKind,
    text: str,
    owner: str | None,
    due: date | None,
) -> int:
    row = cursor.execute(
        "INSERT INTO workshop_notes (workshop, item_kind, item_id, kind, text, owner, due, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [workshop.id, item.kind.value, item.id, kind.value, text, owner, due, now(), who.name],
    ).fetchone()
    assert row is not None
    note_id = int(row[0])
    write_audit(
        cursor,
        [
            (
                who.name,
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


def decide(
    database: Database,
    who: Identity,
    workshop: Workshop,
    item: AgendaItem,
    version: int,
    decision: RoomDecision,
    *,
    language: str = "da",
) -> SaveResult:
    """A decision of the room on an obligation of the agenda, made through the same role-checked,
    version-checked writes as every other screen (a ConflictError when the obligation moved past
    `version`; nothing is written then), and recorded as a decision in the minutes with who and
    when. A decision that changes nothing is not minuted."""
    if item.kind is not ItemKind.OBLIGATION or item not in workshop.agenda:
        raise InvalidChangeError([Problem("workshop.current", "room.not_obligation")])
    with database.transaction() as cursor:
        _still_open(cursor, workshop)
    shown = current_obligation(database, item.id)
    if shown is None:
        raise InvalidChangeError(
            [Problem("workshop.current", "plan.unknown_reference", {"id": item.id, "kind": ""})]
        )
    obligation, due_before = shown
    names = people_labels(database)

    def name(person: str | None) -> str:
        return "—" if person is None else names.get(person, person)

    if decision.step in (Step.RECEIVER, Step.DUE):
        change = (
            {"receiving_owner": decision.receiver}
            if decision.step is Step.RECEIVER
            else {"due": decision.due}
        )
        result = guarded.save_inline_edits(database, who, [RowEdit(item.id, version, change)])
        if result.conflicts:
            raise ConflictError(result.conflicts[0])
    else:
        guarded.set_handover_state(
            database,
            who,
            item.id,
            version,
            HandoverState(decision.step.value),
            reason=decision.reason,
        )
        result = SaveResult(saved=[item.id])
    if not result.saved:
        return result
    key = f"room.said.{decision.step.value}"
    if decision.step is Step.RECEIVER:
        words = text(
            key, language, before=name(obligation.receiving_owner), after=name(decision.receiver)
        )
    elif decision.step is Step.DUE:
        words = text(
            key, language, before=format_date(due_before, "—"), after=format_date(decision.due, "—")
        )
    else:
        words = text(
            key, language, receiver=name(obligation.receiving_owner), reason=decision.reason.strip()
        )
    with database.transaction() as cursor:
        # The change is made: it is minuted even if the meeting ended in between.
        _insert_note(cursor, who, workshop, item, NoteKind.DECISION, words, None, None)
    return result


def people_labels(database: Database) -> dict[str, str]:
    """Person id -> "Name (Role) · Organisation", as the minutes name people."""
    rows = (
        database.cursor()
        .execute(
            "SELECT p.id, p.name, p.title, o.name FROM people p "
            "LEFT JOIN organisations o ON o.id = p.organisation"
        )
        .fetchall()
    )
    return {
        pid: " · ".join(
            part
            for part in ((f"{name} ({title})" if name and title else name or title), org)
            if part
        )
        for pid, name, title, org in rows
    }


def successor_proposal(database: Database, obligation_id: str) -> Proposal | None:
    """The receiving owner proposed from the successor of the current owner's organisation (the
    rule of the Ejere page, domain/proposals.py), for one obligation; None when none applies."""
    shown = current_obligation(database, obligation_id)
    if shown is None:
        return None
    obligation, due = shown
    cursor = database.cursor()
    people = [
        Person(id=pid, name=name or "", title=title or "", organisation=org, active=active)
        for pid, name, title, org, active in cursor.execute(
            "SELECT id, name, title, organisation, active FROM people ORDER BY id"
        ).fetchall()
    ]
    organisations = {
        oid: Organisation(
            id=oid, name=name, exists_from=start, exists_until=until, successor=successor
        )
        for oid, name, start, until, successor in cursor.execute(
            "SELECT id, name, exists_from, exists_until, successor FROM organisations"
        ).fetchall()
    }
    found = propose_from_successors(
        [
            OwnerGap(
                obligation_id=obligation.id,
                code=obligation.code,
                current_owner=obligation.current_owner,
                receiving_owner=None,  # asked also when one is set: the room may reconsider
                due=due,
            )
        ],
        people,
        organisations,
        active_people={person.id for person in people if person.active},
    )
    return found[0] if found else None


def notes(database: Database, workshop_id: str) -> list[Note]:
    rows = (
        database.cursor()
        .execute(
            "SELECT id, item_kind, item_id, kind, text, owner, due, created_at, created_by "
            "FROM workshop_notes WHERE workshop = ? ORDER BY id",
            [workshop_id],
        )
        .fetchall()
    )
    return [
        Note(
            id=int(row[0]),
            item=AgendaItem(ItemKind(row[1]), row[2]),
            kind=NoteKind(row[3]),
            text=row[4],
            owner=row[5],
            due=row[6],
            created_at=row[7],
            created_by=row[8],
        )
        for row in rows
    ]


def end_workshop(database: Database, who: Identity, workshop: Workshop, baseline_name: str) -> str:
    """End the workshop and save a baseline of the plan as it now stands, in one transaction."""
    require(who, Action.RUN_WORKSHOP)
    with database.transaction() as cursor:
        baseline_id = save_baseline_in(cursor, baseline_name, who.name)
        _moved(cursor, workshop, {"ended_at": now(), "baseline": baseline_id}, who)
    return baseline_id


def changes_during(database: Database, workshop: Workshop) -> list[Any]:
    """The history of the plan while the workshop ran (its own bookkeeping left out)."""
    until = workshop.ended_at or datetime.max
    return [
        change
        for change in reversed(history(database, limit=100_000))
        if workshop.started_at <= change.changed_at <= until
        and change.entity not in ("workshop", "workshop_note", "baseline", "comment")
    ]


# --------------------------------------------------------------------------- comments


def add_comment(
    database: Database, who: Identity, obligation_id: str, text: str, mentioned: list[str]
) -> int:
    """A comment on an obligation by anyone who may comment; `mentioned` are person ids."""
    require(who, Action.COMMENT)
    text = text.strip()
    if not text or len(text) > _NOTE_MAX:
        raise InvalidChangeError([Problem("comment", "workshop.bad_note", {"limit": _NOTE_MAX})])
    with database.transaction() as cursor:
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
            [obligation_id, who.name, who.person, text, mentioned, now()],
        ).fetchone()
        assert row is not None
        write_audit(
            cursor,
            [
                (
                    who.name,
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


def comments(database: Database, obligation_id: str) -> list[dict[str, Any]]:
    result = database.cursor().execute(
        "SELECT id, author, text, mentions, created_at FROM comments WHERE obligation = ? "
        "ORDER BY id",
        [obligation_id],
    )
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def mentions_of(database: Database, person_id: str) -> list[dict[str, Any]]:
    """Comments that mention `person_id`, newest first, with the obligation's code and title."""
    result = database.cursor().execute(
        "SELECT c.id, c.author, c.text, c.created_at, o.id AS obligation, o.code, o.title "
        "FROM comments c JOIN obligations o ON o.id = c.obligation "
        "WHERE list_contains(c.mentions, ?) ORDER BY c.id DESC",
        [person_id],
    )
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def on_obligation(database: Database, obligation_id: str) -> Sides:
    row = (
        database.cursor()
        .execute(
            "SELECT current_owner, receiving_owner FROM obligations WHERE id = ?", [obligation_id]
        )
        .fetchone()
    )
    return Sides() if row is None else Sides(row[0], row[1])


# --------------------------------------------------------------------------- minutes


def item_labels(database: Database, items: list[AgendaItem]) -> dict[AgendaItem, str]:
    """ "XS-04 · Final report" for obligations, "Risiko: …" for risks."""
    cursor = database.cursor()
    obligations = dict(
        cursor.execute("SELECT id, code || ' · ' || title FROM obligations").fetchall()
    )
    risks = dict(cursor.execute("SELECT id, title FROM risks").fetchall())
    return {
        item: str(
            obligations.get(item.id, item.id)
            if item.kind is ItemKind.OBLIGATION
            else f"⚠ {risks.get(item.id, item.id)}"
        )
        for item in items
    }


def minutes(database: Database, workshop: Workshop) -> Minutes:
    """Agenda, what was recorded per item, and the plan's changes while the workshop ran."""
    labels = item_labels(database, list(workshop.agenda))
    by_item: dict[str, list[Note]] = {}
    recorded = notes(database, workshop.id)
    for note in recorded:
        by_item.setdefault(labels.get(note.item, note.item.id), []).append(note)
    outcomes = progress(workshop.agenda, recorded)
    people = people_labels(database)
    codes = dict(database.cursor().execute("SELECT id, code FROM obligations").fetchall())
    changes = [
        MinutesChange(
            when=change.changed_at,
            who=change.actor,
            what=f"{codes.get(change.entity_id, change.entity_id)} · "
            f"{describe_values(change.before)} → {describe_values(change.after)}",
        )
        for change in changes_during(database, workshop)
    ]
    baseline = None
    if workshop.baseline:
        row = (
            database.cursor()
            .execute("SELECT name FROM baselines WHERE id = ?", [workshop.baseline])
            .fetchone()
        )
        baseline = None if row is None else str(row[0])
    return Minutes(
        title=workshop.title,
        started_at=workshop.started_at,
        ended_at=workshop.ended_at,
        started_by=workshop.started_by,
        agenda=[labels[item] for item in workshop.agenda],
        notes=by_item,
        owners=people,
        changes=changes,
        baseline=baseline,
        outcomes=[outcomes[item] for item in workshop.agenda],
    )


def current_obligation(
    database: Database, obligation_id: str
) -> tuple[Obligation, date | None] | None:
    """One obligation and its resolved due date: what a following screen shows, without
    reading the plan (every follower reruns when anything changes)."""
    found = read_obligation(database, obligation_id)
    if found is None:
        return None
    row = (
        database.cursor()
        .execute(
            f"SELECT {RESOLVED_DUE} FROM obligations o LEFT JOIN projects p ON p.id = o.project "
            "LEFT JOIN milestones m ON m.id = o.due_milestone WHERE o.id = ?",
            [obligation_id],
        )
        .fetchone()
    )
    return found[0], (None if row is None else row[0])


def obligation_version(database: Database, obligation_id: str) -> int | None:
    row = (
        database.cursor()
        .execute("SELECT version FROM obligations WHERE id = ?", [obligation_id])
        .fetchone()
    )
    return None if row is None else int(row[0])


def current_risk(database: Database, risk_id: str) -> Risk | None:
    row = (
        database.cursor()
        .execute(
            "SELECT id, title, description, likelihood, impact, mitigation, owner, "
            "CAST(amount_eur AS DOUBLE) FROM risks WHERE id = ?",
            [risk_id],
        )
        .fetchone()
    )
    if row is None:
        return None
    return Risk(
        id=row[0],
        title=row[1],
        description=row[2],
        likelihood=row[3],
        impact=row[4],
        mitigation=row[5],
        owner=row[6],
        amount_eur=row[7],
    )
