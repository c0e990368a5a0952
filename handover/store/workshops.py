"""Workshops and comments as the database holds them, read: the open workshop, its notes and
minutes, comments and mentions. Their writes are in workshop_writes, reached through the gateway."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from handover.domain.access import Sides
from handover.domain.model import Obligation, Organisation, Person, Risk
from handover.domain.proposals import OwnerGap, Proposal, propose_from_successors
from handover.domain.workshop import (
    AgendaItem,
    ItemKind,
    Minutes,
    MinutesChange,
    Note,
    NoteKind,
    Workshop,
    progress,
)
from handover.store.database import Database
from handover.store.history import describe_values, history
from handover.store.plan_io import read_obligation
from handover.store.queries import DUE_JOINS, RESOLVED_DUE

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
            f"SELECT {RESOLVED_DUE} FROM obligations o{DUE_JOINS} WHERE o.id = ?",
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
