"""Read queries behind the pages: frames with resolved due dates and people's labels.

All SQL for reading lives here; pages receive pandas frames and never see DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from handover.domain.register import NO_OWNER, RegisterFilter, SortKey
from handover.store.database import Database

# A person's label: "Name (Title)", or whichever of the two exists (mirrors domain Person.label).
_LABEL = (
    "CASE WHEN {p}.name <> '' AND {p}.title <> '' THEN {p}.name || ' (' || {p}.title || ')' "
    "ELSE coalesce(nullif({p}.name, ''), {p}.title) END"
)

# A due date: the fixed date, or the rule's anchor + days (mirrors domain.schedule.resolve_due).
RESOLVED_DUE = """CASE
    WHEN o.due_anchor IS NULL THEN o.due_date
    WHEN o.due_anchor = 'project_end' THEN p.end_date + o.due_days
    WHEN o.due_anchor = 'project_start' THEN p.start_date + o.due_days
    ELSE m.planned + o.due_days
END"""

OBLIGATIONS_SQL = f"""
SELECT
    o.id, o.code, o.title, o.description, o.project AS project_id, p.name AS project,
    o.category, o.status, o.handover_state, o.priority,
    o.current_owner AS current_owner_id, {_LABEL.format(p="cur")} AS current_owner,
    cur_org.id AS current_org_id, cur_org.name AS current_org,
    cur_org.exists_until AS current_org_until,
    o.receiving_owner AS receiving_owner_id, {_LABEL.format(p="rec")} AS receiving_owner,
    rec_org.id AS receiving_org_id, rec_org.name AS receiving_org,
    o.start_date AS start, {RESOLVED_DUE} AS due,
    o.due_anchor, o.due_days, m.title AS due_milestone,
    CAST(o.amount_eur AS DOUBLE) AS amount_eur,
    o.acceptance_criteria, o.evidence, o.source_quote, o.source_ref, o.legal_basis, o.notes,
    o.version
FROM obligations o
LEFT JOIN projects p ON p.id = o.project
LEFT JOIN milestones m ON m.id = o.due_milestone
LEFT JOIN people cur ON cur.id = o.current_owner
LEFT JOIN organisations cur_org ON cur_org.id = cur.organisation
LEFT JOIN people rec ON rec.id = o.receiving_owner
LEFT JOIN organisations rec_org ON rec_org.id = rec.organisation
WHERE NOT o.deleted
"""

_ORDER = {
    SortKey.DUE: "due NULLS LAST, o.code",
    SortKey.CODE: "o.code",
    SortKey.PRIORITY: "CASE o.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 "
    "WHEN 'medium' THEN 2 ELSE 3 END, due NULLS LAST, o.code",
    SortKey.TITLE: "lower(o.title), o.code",
    SortKey.HANDOVER_STATE: "CASE o.handover_state WHEN 'unassigned' THEN 0 WHEN 'rejected' THEN 1 "
    "WHEN 'proposed' THEN 2 WHEN 'accepted' THEN 3 ELSE 4 END, due NULLS LAST, o.code",
}
_SEARCHED = ("o.code", "o.title", "o.description", "o.source_quote", "o.notes")


def _in(column: str, values: tuple[str, ...], params: list[object]) -> str:
    """`column IN (...)`, where the empty value stands for NULL (no owner)."""
    wanted = [value for value in values if value != NO_OWNER]
    parts = []
    if wanted:
        parts.append(f"{column} IN ({', '.join('?' for _ in wanted)})")
        params.extend(wanted)
    if NO_OWNER in values:
        parts.append(f"{column} IS NULL")
    return "(" + " OR ".join(parts) + ")"


def obligations(database: Database, where: RegisterFilter | None = None) -> pd.DataFrame:
    """Live obligations with names resolved and due dates computed, filtered and sorted."""
    where = where or RegisterFilter()
    params: list[object] = []
    clauses = []
    for column, values in (
        ("o.project", where.projects),
        ("o.category", where.categories),
        ("o.status", where.statuses),
        ("o.handover_state", where.handover_states),
        ("o.current_owner", where.current_owners),
        ("o.receiving_owner", where.receiving_owners),
    ):
        if values:
            clauses.append(_in(column, values, params))
    needle = where.search.strip()
    if needle:
        # Literal substring search: LIKE wildcards typed by the user match themselves.
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(
            "(" + " OR ".join(f"{column} ILIKE ? ESCAPE '\\'" for column in _SEARCHED) + ")"
        )
        params.extend([f"%{escaped}%"] * len(_SEARCHED))
    sql = OBLIGATIONS_SQL
    if clauses:
        sql += " AND " + " AND ".join(clauses)
    sql += " ORDER BY " + _ORDER[SortKey(where.sort)]
    return database.cursor().execute(sql, params).df()


def organisations(database: Database) -> pd.DataFrame:
    return (
        database.cursor()
        .execute(
            """
            SELECT o.id, o.name, o.kind, o.exists_from, o.exists_until,
                   o.successor AS successor_id, s.name AS successor, o.notes,
                   (SELECT count(*) FROM people WHERE organisation = o.id) AS people
            FROM organisations o LEFT JOIN organisations s ON s.id = o.successor
            ORDER BY o.exists_until NULLS LAST, o.name
            """
        )
        .df()
    )


def people(database: Database) -> pd.DataFrame:
    return (
        database.cursor()
        .execute(
            f"""
            SELECT pe.id, pe.name, pe.title, {_LABEL.format(p="pe")} AS label,
                   pe.organisation AS organisation_id, o.name AS organisation, pe.email
            FROM people pe LEFT JOIN organisations o ON o.id = pe.organisation
            ORDER BY o.name, label
            """
        )
        .df()
    )


def dependencies(database: Database) -> pd.DataFrame:
    return (
        database.cursor()
        .execute(
            """
            SELECT d.predecessor, pre.code AS predecessor_code, pre.title AS predecessor_title,
                   d.successor, suc.code AS successor_code, suc.title AS successor_title,
                   d.type, d.lag_days
            FROM dependencies d
            JOIN obligations pre ON pre.id = d.predecessor AND NOT pre.deleted
            JOIN obligations suc ON suc.id = d.successor AND NOT suc.deleted
            ORDER BY pre.code, suc.code
            """
        )
        .df()
    )


def risks_for(database: Database, obligation_id: str) -> pd.DataFrame:
    return (
        database.cursor()
        .execute(
            """
            SELECT r.id, r.title, r.likelihood, r.impact, r.likelihood * r.impact AS score
            FROM risks r JOIN risk_obligations l ON l.risk = r.id
            WHERE l.obligation = ? ORDER BY score DESC, r.title
            """,
            [obligation_id],
        )
        .df()
    )


@dataclass(frozen=True)
class KeyDate:
    title: str
    day: date


def transition_day(database: Database) -> KeyDate | None:
    """The plan's transition day: its milestone of kind 'transition', if it has one with a date."""
    row = (
        database.cursor()
        .execute(
            "SELECT title, planned FROM milestones "
            "WHERE kind = 'transition' AND planned IS NOT NULL "
            "ORDER BY planned LIMIT 1"
        )
        .fetchone()
    )
    return None if row is None else KeyDate(title=row[0], day=row[1])


def ceasing_organisations(database: Database, on: date) -> list[str]:
    """Names of organisations that exist the day before `on` and no longer on `on`."""
    rows = (
        database.cursor()
        .execute(
            "SELECT name FROM organisations WHERE exists_until = CAST(? AS DATE) - 1 ORDER BY name",
            [on],
        )
        .fetchall()
    )
    return [name for (name,) in rows]


def project_names(database: Database) -> dict[str, str]:
    """Project id -> name, by name."""
    rows = database.cursor().execute("SELECT id, name FROM projects ORDER BY name").fetchall()
    return dict(rows)


def obligation_count(database: Database) -> int:
    row = database.cursor().execute("SELECT count(*) FROM obligations WHERE NOT deleted").fetchone()
    return int(row[0]) if row else 0
