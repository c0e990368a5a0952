"""Read queries behind the pages: frames with resolved due dates and people's labels.

All SQL for reading lives here; pages receive pandas frames or plain values and never see DuckDB.
Frames come through Arrow, and pages ask for what they show (counts in SQL, long texts for one
obligation at a time), so a page stays fast at 10,000 obligations.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar, cast

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from handover.domain.burndown import RowState, StateChange
from handover.domain.checklist import Scope, ScopeKind
from handover.domain.cpm import Link, Schedule, Task, schedule_again
from handover.domain.findings import (
    BeneficiaryFacts,
    Changes,
    DependencyFacts,
    MilestoneFacts,
    ObligationFacts,
    OrganisationFacts,
    ProjectFacts,
    Snapshot,
    network_links,
    network_task,
)
from handover.domain.register import NO_OWNER, RegisterFilter, SortKey
from handover.domain.schedule import rolled
from handover.domain.workdays import FIRST_YEAR, LAST_YEAR, DurationUnit, WorkCalendar, shift
from handover.store.calendar import settings_from
from handover.store.database import Database

# A person's label: "Name (Title)", or whichever of the two exists (mirrors domain Person.label).
_LABEL = (
    "CASE WHEN {p}.name <> '' AND {p}.title <> '' THEN {p}.name || ' (' || {p}.title || ')' "
    "ELSE coalesce(nullif({p}.name, ''), {p}.title) END"
)

# A due date: the fixed date, or the rule's anchor moved by its amount in its unit, rolled to the
# next working day when the plan says so (mirrors domain.schedule.resolve_due; the macros and the
# working-day index they read are in store/migrations.py m007/m008 and store/calendar.py). It reads
# the aliases `o`, `p`, `m` and `wc` that DUE_JOINS brings in.
RESOLVED_DUE = """roll_due(CASE
    WHEN o.due_anchor IS NULL THEN o.due_date
    WHEN o.due_anchor = 'project_end' THEN shift_date(p.end_date, o.due_days, o.due_unit, wc)
    WHEN o.due_anchor = 'project_start' THEN shift_date(p.start_date, o.due_days, o.due_unit, wc)
    ELSE shift_date(m.planned, o.due_days, o.due_unit, wc)
END, wc)"""
# What RESOLVED_DUE reads besides the obligation `o`: its project, its milestone (ANCHOR_JOINS)
# and the one calendar row (joined, not a subquery: see migration m008).
ANCHOR_JOINS = """
LEFT JOIN projects p ON p.id = o.project
LEFT JOIN milestones m ON m.id = o.due_milestone"""
DUE_JOINS = f"""{ANCHOR_JOINS}
LEFT JOIN work_calendar wc ON true"""
# The date a due rule counts from (mirrors domain.schedule.anchor_date), over ANCHOR_JOINS.
DUE_ANCHOR = (
    "CASE o.due_anchor WHEN 'milestone' THEN m.planned WHEN 'project_end' THEN p.end_date "
    "ELSE p.start_date END"
)

_FROM = f"""
FROM obligations o{DUE_JOINS}
LEFT JOIN people cur ON cur.id = o.current_owner
LEFT JOIN organisations cur_org ON cur_org.id = cur.organisation
LEFT JOIN people rec ON rec.id = o.receiving_owner
LEFT JOIN organisations rec_org ON rec_org.id = rec.organisation
WHERE NOT o.deleted
"""
# The same, with each obligation's due date from the resolved dues' memo joined as `resolved`
# (`dues_table`): a due-date edit resolves every due date once for all readers, not again in each
# query (2x faster at 10,000).
_FROM_RESOLVED = _FROM.replace(
    "WHERE NOT o.deleted", "LEFT JOIN resolved ON resolved.id = o.id\nWHERE NOT o.deleted"
)

# What a register row shows (and what later edits need: id and version).
_REGISTER_COLUMNS = f"""
    o.id, o.code, o.title, o.project AS project_id, p.name AS project,
    o.category, o.status, o.handover_state, o.priority,
    o.current_owner AS current_owner_id, {_LABEL.format(p="cur")} AS current_owner,
    cur_org.id AS current_org_id, cur_org.name AS current_org,
    cur_org.exists_until AS current_org_until,
    o.receiving_owner AS receiving_owner_id, {_LABEL.format(p="rec")} AS receiving_owner,
    rec_org.id AS receiving_org_id, rec_org.name AS receiving_org,
    o.start_date AS start, resolved.due AS due,
    o.due_anchor, o.due_days, m.title AS due_milestone,
    CAST(o.amount_eur AS DOUBLE) AS amount_eur, o.notes, o.accepted_by, o.accepted_at,
    o.rejection_reason, o.version
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
_COUNTABLE = {
    "category": "o.category",
    "handover_state": "o.handover_state",
    "status": "o.status",
    "receiving_owner": "o.receiving_owner",
    "receiving_org": "(SELECT organisation FROM people WHERE id = o.receiving_owner)",
}


F = TypeVar("F", bound=Callable[..., Any])


def _remember(function: F, reads: tuple[str, ...] | None) -> F:
    @functools.wraps(function)
    def wrapper(database: Database, *args: Any, **kwargs: Any) -> Any:
        key = (function.__name__, args, tuple(sorted(kwargs.items())))
        value = database.remember(key, lambda: function(database, *args, **kwargs), reads=reads)
        if isinstance(value, pd.DataFrame):
            return value.copy(deep=False)
        return dict(value) if isinstance(value, dict) else value

    return cast(F, wrapper)


def remembered(function: F) -> F:
    """Reuse a query's result until the next write (`Database.remember`).

    Frames come back as shallow copies: with pandas copy-on-write, a page that adds a column to
    its copy never changes the remembered one.
    """
    return _remember(function, None)


def remembered_reading(*reads: str) -> Callable[[F], F]:
    """Reuse a query's result until a write changes one of `reads` (tables, `table.column`):
    list every table and column the query's SQL reads, and those of the memos it calls."""
    return lambda function: _remember(function, reads)


def _frame(
    database: Database,
    sql: str,
    params: list[object] | None = None,
    tables: Mapping[str, pa.Table] | None = None,
) -> pd.DataFrame:
    """A query's result as a pandas frame, through Arrow (3x faster than `.df()` at 10,000 rows);
    `tables`: Arrow tables the query reads by these names (this cursor's own)."""
    cursor = database.cursor()
    for name, table in (tables or {}).items():
        cursor.register(name, table)
    relation = cursor.sql(sql, params=params or None)
    if relation is None:  # pragma: no cover - statements without a result
        return pd.DataFrame()
    frame: pd.DataFrame = relation.to_arrow_table().to_pandas(date_as_object=False)
    return frame


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


def _filtered(where: RegisterFilter) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each column a filter may choose values of, with the values chosen (none: any)."""
    return (
        ("o.project", where.projects),
        ("o.category", where.categories),
        ("o.status", where.statuses),
        ("o.handover_state", where.handover_states),
        ("o.current_owner", where.current_owners),
        ("o.receiving_owner", where.receiving_owners),
    )


def _where(where: RegisterFilter) -> tuple[str, list[object]]:
    """The filter as extra `AND ...` SQL, and its parameters."""
    params: list[object] = []
    clauses = []
    for column, values in _filtered(where):
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
    return "".join(f" AND {clause}" for clause in clauses), params


@remembered_reading(
    "obligations", "projects", "milestones", "people", "organisations", "work_calendar",
    "plan_settings",
)  # fmt: skip
def obligations(
    database: Database, where: RegisterFilter | None = None, *, limit: int | None = None
) -> pd.DataFrame:
    """Live obligations (register columns), names resolved, due dates computed, filtered and
    sorted; at most `limit` rows."""
    where = where or RegisterFilter()
    clauses, params = _where(where)
    sql = (
        f"SELECT {_REGISTER_COLUMNS} {_FROM_RESOLVED}{clauses} "
        f"ORDER BY {_ORDER[SortKey(where.sort)]}"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _frame(database, sql, params, {"resolved": dues_table(database)})


@remembered_reading("obligations")
def obligation_count(database: Database, where: RegisterFilter | None = None) -> int:
    clauses, params = _where(where or RegisterFilter())
    # The filter only reads the obligation's own columns, so counting needs none of the joins.
    sql = f"SELECT count(*) FROM obligations o WHERE NOT o.deleted{clauses}"
    row = database.cursor().execute(sql, params).fetchone()
    return int(row[0]) if row else 0


_TEXTS = (
    "description",
    "acceptance_criteria",
    "evidence",
    "source_quote",
    "source_ref",
    "legal_basis",
    "date_basis",
)


@remembered_reading("obligations")
def obligation_texts(database: Database, obligation_id: str) -> dict[str, Any] | None:
    """The long texts of one live obligation (what a register row leaves out)."""
    row = (
        database.cursor()
        .execute(
            f"SELECT {', '.join(_TEXTS)} FROM obligations WHERE id = ? AND NOT deleted",
            [obligation_id],
        )
        .fetchone()
    )
    return None if row is None else dict(zip(_TEXTS, row, strict=True))


# What a Gantt bar and its hover read: the register without the long texts, notes and status (the
# status colours only the bars drawn: `gantt_statuses`).
_GANTT_SELECTED = {
    "code": "o.code",
    "title": "o.title",
    "project": "p.name",
    "category": "o.category",
    "handover_state": "o.handover_state",
    "priority": "o.priority",
    "current_owner": _LABEL.format(p="cur"),
    "current_org": "cur_org.name",
    "current_org_until": "cur_org.exists_until",
    "receiving_owner": _LABEL.format(p="rec"),
    "receiving_owner_id": "o.receiving_owner",
    "receiving_org": "rec_org.name",
    "start": "o.start_date",
    "due": "resolved.due",
}
# Each row also has a hash of all it shows (`drawn`): what a bar made from it may be reused by.
_GANTT_COLUMNS = ", ".join(
    [
        "o.id",
        *(f"{expression} AS {name}" for name, expression in _GANTT_SELECTED.items()),
        f"hash({', '.join(_GANTT_SELECTED.values())}) AS drawn",
    ]
)
_GANTT_READS = (
    *(
        f"obligations.{column}"
        for column in (
            "id", "code", "title", "project", "category", "handover_state", "current_owner",
            "receiving_owner", "start_date", "due_date", "due_anchor", "due_days", "due_unit",
            "due_milestone", "deleted", "priority",
        )
    ),
    "projects", "milestones", "people", "organisations", "work_calendar", "plan_settings",
)  # fmt: skip


def gantt_reads(where: RegisterFilter | None = None) -> tuple[str, ...]:
    """What `gantt_rows` reads under `where`: a status filter also reads the status, a text
    search the searched texts."""
    return (*_GANTT_READS, *_filter_reads(where or RegisterFilter()))


def _filter_reads(where: RegisterFilter) -> tuple[str, ...]:
    """The columns `_where(where)` reads (with the live obligations' ids)."""
    columns = ["id", "deleted"]
    for column, values in _filtered(where):
        if values:
            columns.append(column[2:])
    if where.search.strip():
        columns.extend(column[2:] for column in _SEARCHED)
    return tuple(f"obligations.{column}" for column in columns)


def target_reads(where: RegisterFilter | None = None) -> tuple[str, ...]:
    """What `target_rows` reads under `where`: no dates, so a due-date edit keeps it."""
    columns = ("code", "title", "priority")
    return (*_filter_reads(where or RegisterFilter()), *(f"obligations.{c}" for c in columns))


def target_rows(database: Database, where: RegisterFilter) -> list[tuple[str, str, str, str]]:
    """(id, code, title, priority) of the filtered live obligations, by code: what a choice of
    one of them (the Tidslinje's critical path's end) offers."""

    def compute() -> list[tuple[str, str, str, str]]:
        clauses, params = _where(where)
        return (
            database.cursor()
            .execute(
                "SELECT o.id, o.code, o.title, o.priority FROM obligations o "
                f"WHERE NOT o.deleted{clauses} ORDER BY o.code, o.id",
                params,
            )
            .fetchall()
        )

    return database.remember(("target_rows", where), compute, reads=target_reads(where))


def gantt_rows(database: Database, where: RegisterFilter | None = None) -> pd.DataFrame:
    """The filtered live obligations as the Gantt draws them, in register order; unlike the
    register it leaves out notes, long texts and the status, so editing those leaves it (and the
    bars built from it) remembered."""
    where = where or RegisterFilter()

    def compute() -> pd.DataFrame:
        clauses, params = _where(where)
        return _frame(
            database,
            f"SELECT {_GANTT_COLUMNS} {_FROM_RESOLVED}{clauses} "
            f"ORDER BY {_ORDER[SortKey(where.sort)]}",
            params,
            {"resolved": dues_table(database)},
        )

    frame = database.remember(("gantt_rows", where), compute, reads=gantt_reads(where))
    return frame.copy(deep=False)


@remembered_reading("obligations.id", "obligations.status", "obligations.deleted")
def gantt_statuses(database: Database) -> dict[str, str]:
    """Live obligation id -> status: the colour of the Gantt's drawn bars when coloured by status
    (a status edit then redraws one screenful, not the bars of the whole plan)."""
    rows = database.cursor().execute("SELECT id, status FROM obligations WHERE NOT deleted")
    return dict(rows.fetchall())


@remembered_reading("obligations.id", "obligations.code", "obligations.deleted")
def live_codes(database: Database) -> dict[str, str]:
    """Live obligation id -> code (the Tidslinje names a chain's links by code)."""
    rows = database.cursor().execute("SELECT id, code FROM obligations WHERE NOT deleted")
    return dict(rows.fetchall())


@remembered_reading("dependencies")
def dependency_links(database: Database) -> list[tuple[str, str]]:
    """(predecessor, successor) of every dependency: the Gantt's arrows and chain ends."""
    return [(link.predecessor, link.successor) for link in dependency_facts(database)]


# What counting by each column reads (besides obligations.deleted): a status edit keeps the counts
# by category and by handover state, and the charts drawn from them.
_COUNT_READS: dict[str, tuple[str, ...]] = {
    "category": ("obligations.category",),
    "handover_state": ("obligations.handover_state",),
    "status": ("obligations.status",),
    "receiving_owner": ("obligations.receiving_owner",),
    "receiving_org": ("obligations.receiving_owner", "people.id", "people.organisation"),
}


def counts_reads(column: str) -> tuple[str, ...]:
    """What `counts_by(database, column)` reads."""
    return ("obligations.deleted", *_COUNT_READS[column])


def counts_by(database: Database, column: str) -> dict[str, int]:
    """How many live obligations have each value of `column` (category, handover_state, status,
    receiving_owner, receiving_org)."""
    expression = _COUNTABLE[column]  # allow-listed: no name reaches SQL from outside

    def count() -> dict[str, int]:
        rows = (
            database.cursor()
            .execute(
                f"SELECT {expression}, count(*) FROM obligations o WHERE NOT o.deleted GROUP BY 1"
            )
            .fetchall()
        )
        return {value: int(count) for value, count in rows}

    return dict(database.remember(("counts_by", column), count, reads=counts_reads(column)))


# What a resolved due date reads: the obligation's due columns, its project's and milestone's dates,
# the calendar and the plan's roll setting (RESOLVED_DUE, DUE_JOINS).
DUE_READS = (
    *(
        f"obligations.{column}"
        for column in (
            "id", "deleted", "due_date", "due_anchor", "due_days", "due_unit", "due_milestone",
            "project",
        )
    ),
    "projects.id", "projects.start_date", "projects.end_date", "milestones.id",
    "milestones.planned", "work_calendar", "plan_settings",
)  # fmt: skip


def resolved_dues(database: Database) -> Mapping[str, date | None]:
    """Each live obligation's due date as the plan resolves it (by id): the calendar is walked
    once for every reader, and a status, owner or note edit keeps it (a read-only view: shared,
    not copied per reader). After a write to what due dates read, only the obligations whose
    inputs changed are resolved again; the very mapping is kept when none did."""
    return _dues_memo(database).dues


def _dues_memo(database: Database) -> _Dues:
    return database.remember_updating(
        ("resolved_dues",), lambda previous: _dues_again(database, previous), reads=DUE_READS
    )


def dues_generation(database: Database) -> tuple[Mapping[str, date | None], int]:
    """`resolved_dues` and its generation: a number that names this mapping for `due_changes`."""
    now = _dues_memo(database)
    return now.dues, now.generation


def due_changes(database: Database, since: int) -> frozenset[str] | None:
    """The ids whose due date was resolved again between the generation `since` (of an earlier
    `resolved_dues`) and now: empty when it is still the same; None when not known (`since` too
    old, or every due date was read again since). A memo reading the due dates can then redo only
    those."""
    now = _dues_memo(database)
    if now.generation == since:
        return frozenset()
    return next((ids for before, ids in now.history if before == since), None)


# 64-bit hashes of rows, in an array (no object per row).
_Hashes = np.ndarray[Any, np.dtype[np.uint64]]


def _hashed_again(
    database: Database, select: str, before: tuple[_Hashes, _Hashes] | None
) -> tuple[_Hashes, _Hashes, list[int] | None]:
    """The `id` and `row` hash arrays `select` gives, and the places whose row hash differs from
    `before`'s (ids, rows); None when the ids are not the same in the same places (rows added,
    deleted or moved): then the places cannot be compared."""
    hashed = database.cursor().execute(select).fetchnumpy()
    ids, rows = cast(_Hashes, hashed["id"]), cast(_Hashes, hashed["row"])
    if before is None or not np.array_equal(ids, before[0]):
        return ids, rows, None
    return ids, rows, np.flatnonzero(rows != before[1]).tolist()


_V = TypeVar("_V")


def _mapping_again(
    database: Database,
    select: str,
    before: tuple[_Hashes, _Hashes],
    order: list[str],
    mapping: Mapping[str, _V],
    fetch: Callable[[list[str]], Mapping[str, _V]],
) -> tuple[_Hashes, _Hashes, frozenset[str], Mapping[str, _V]] | None:
    """`mapping` (by id, in `order`: the ids `before` hashed) brought up to date: `select` hashes
    every row again (`_hashed_again`), and only the ids whose row hash changed are fetched again
    (`fetch`). Gives the new hashes, the ids fetched (none: `mapping` itself) and the mapping; None
    when it must be read whole (ids added, deleted or moved, or one gone since it was hashed)."""
    ids, rows, places = _hashed_again(database, select, before)
    if places is None:
        return None
    if not places:
        return ids, rows, frozenset(), mapping
    stale = [order[at] for at in places]
    fresh = fetch(stale)
    if len(fresh) != len(stale):
        return None
    patched = dict(mapping)
    patched.update(fresh)
    return ids, rows, frozenset(stale), patched


class _Dues(NamedTuple):
    """Remembered due dates, with what the next may reuse: the calendar they were counted on (a
    hash of its row) and, by id, a hash of the id and of what each due date reads (arrays)."""

    dues: Mapping[str, date | None]
    calendar: int
    order: list[str]  # the live obligations' ids, in the arrays' order
    ids: _Hashes
    rows: _Hashes
    generation: int  # names this mapping (`due_changes`)
    # Earlier generations (the last `_DUE_HISTORY`) and the ids resolved again since each: their
    # numbers, not their mappings (no old mapping is kept alive).
    history: tuple[tuple[int, frozenset[str]], ...] = ()


_DUE_HISTORY = 8
_GENERATIONS = itertools.count(1)


# What one obligation's due date reads besides the calendar (RESOLVED_DUE), as a hash, by id.
_DUE_INPUTS = """hash(o.id) AS id, hash(
    o.due_date, o.due_anchor, o.due_days, o.due_unit, o.due_milestone, o.project, p.start_date,
    p.end_date, m.planned) AS row"""
_DUES_FROM = f"FROM obligations o{DUE_JOINS} WHERE NOT o.deleted"


def _dues_again(database: Database, previous: _Dues | None) -> _Dues:
    """The due dates, resolving again only those whose inputs hash differently from `previous`
    (a 1-in-2^64 chance to miss one) when the calendar and the ids are the same."""
    cursor = database.cursor()
    calendar = cursor.execute(
        "SELECT hash(first_day, seqs, working, roll) FROM work_calendar"
    ).fetchall()
    context = int(calendar[0][0]) if calendar else 0
    if previous is not None and previous.calendar == context:
        found = _mapping_again(
            database,
            f"SELECT {_DUE_INPUTS} {_DUES_FROM} ORDER BY o.id",
            (previous.ids, previous.rows),
            previous.order,
            previous.dues,
            lambda stale: _dues_of(cursor, stale),
        )
        if found is not None:
            ids, rows, again, dues = found
            if not again:
                return previous
            history = (
                (previous.generation, again),
                *((before, since | again) for before, since in previous.history),
            )
            return _Dues(
                MappingProxyType(dues),
                context,
                previous.order,
                ids,
                rows,
                next(_GENERATIONS),
                history[:_DUE_HISTORY],
            )
    relation = cursor.sql(
        f"SELECT o.id AS oid, {RESOLVED_DUE} AS due, {_DUE_INPUTS} {_DUES_FROM} ORDER BY o.id"
    )
    read = relation.to_arrow_table() if relation is not None else None
    assert read is not None  # a SELECT has a result
    order = cast(list[str], read["oid"].to_pylist())
    return _Dues(
        MappingProxyType(dict(zip(order, read["due"].to_pylist(), strict=True))),
        context,
        order,
        cast(_Hashes, read["id"].to_numpy()),
        cast(_Hashes, read["row"].to_numpy()),
        next(_GENERATIONS),
    )


def _dues_of(cursor: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, date | None]:
    """The due dates of the live obligations among `ids`. A few are counted by the domain's rule
    (`shift`, `rolled`) from their anchors: planning RESOLVED_DUE's macros alone takes ~8 ms a
    query. Many, or a date outside the calendar's window (the macros' answer there is theirs),
    are left to SQL."""
    if len(ids) <= _DUES_HERE:
        rows = cursor.execute(
            f"SELECT o.id, o.due_date, o.due_anchor, o.due_days, o.due_unit, {DUE_ANCHOR} "
            f"FROM obligations o{ANCHOR_JOINS} WHERE NOT o.deleted AND list_contains(?, o.id)",
            [ids],
        ).fetchall()
        settings, _ = settings_from(cursor)
        calendar, roll = settings.work_calendar(), settings.roll_deadlines
        try:
            dues = {
                oid: _counted(fixed, anchored, amount, unit, anchor, calendar, roll)
                for oid, fixed, anchored, amount, unit, anchor in rows
            }
        except (ValueError, TypeError, OverflowError):
            dues = {}  # outside the window, or a rule SQL reads otherwise
        if len(dues) == len(ids):
            return dues
    return dict(
        cursor.execute(
            f"SELECT o.id, {RESOLVED_DUE} {_DUES_FROM} AND list_contains(?, o.id)", [ids]
        ).fetchall()
    )


_DUES_HERE = 50  # up to this many due dates are counted in Python, more in SQL
_WINDOW = (date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))


def _counted(
    fixed: date | None,
    anchored: str | None,
    amount: int,
    unit: str,
    anchor: date | None,
    calendar: WorkCalendar,
    roll: bool,
) -> date | None:
    """One due date as RESOLVED_DUE resolves it, by the domain's rule; ValueError outside the
    calendar's window."""
    due = fixed
    if anchored is not None:
        start = _in_window(anchor)
        due = None if start is None else shift(start, amount, DurationUnit(unit), calendar)
    return _in_window(rolled(_in_window(due), calendar, roll=roll))


def _in_window(day: date | None) -> date | None:
    """`day`, if inside the calendar's window (or None); else ValueError."""
    if day is not None and not _WINDOW[0] <= day <= _WINDOW[1]:
        raise ValueError(f"{day} is outside the calendar's window")
    return day


@remembered_reading(*DUE_READS)
def dues_table(database: Database) -> pa.Table:
    """`resolved_dues` as an Arrow table (id, due) for a query to join: read-only, shared."""
    dues = resolved_dues(database)
    return pa.table(
        {
            "id": pa.array(list(dues), pa.string()),
            "due": pa.array(list(dues.values()), pa.date32()),
        }
    )


UNOWNED_READS = (
    *DUE_READS,
    *(
        f"obligations.{column}"
        for column in ("code", "title", "priority", "current_owner", "receiving_owner")
    ),
    "milestones.title", "people", "organisations",
)  # fmt: skip


@remembered_reading(*UNOWNED_READS)
def unowned(database: Database, *, limit: int) -> pd.DataFrame:
    """The first `limit` live obligations without a receiving owner, by due date, with what the
    Oversigt lists of them: no notes or status, so editing those keeps it. The due dates come
    from their memo (a due-date edit resolves none of them again here)."""
    return _frame(
        database,
        f"""SELECT o.id, o.code, o.title, o.priority, {_LABEL.format(p="cur")} AS current_owner,
               resolved.due AS due, o.due_anchor, o.due_days, m.title AS due_milestone
        {_FROM_RESOLVED} AND o.receiving_owner IS NULL
        ORDER BY {_ORDER[SortKey.DUE]} LIMIT {int(limit)}""",
        tables={"resolved": dues_table(database)},
    )


FIRST_OPEN_READS = (
    *DUE_READS,
    *(f"obligations.{column}" for column in ("code", "title", "status", "priority", "category")),
)


@remembered_reading(*FIRST_OPEN_READS)
def first_open(database: Database, *, priority: str, category: str) -> dict[str, Any] | None:
    """The earliest-due open obligation of a priority and category: the deadline a room watches
    (id, code, title, due as a pandas Timestamp)."""
    dues = resolved_dues(database)
    rows = (
        database.cursor()
        .execute(
            "SELECT id, code, title FROM obligations WHERE NOT deleted "
            "AND status NOT IN ('done', 'cancelled') AND priority = ? AND category = ?",
            [priority, category],
        )
        .fetchall()
    )
    dated = [(due, code, id_, title) for id_, code, title in rows if (due := dues.get(id_))]
    if not dated:
        return None
    due, code, id_, title = min(dated)
    return {"id": id_, "code": code, "title": title, "due": pd.Timestamp(due)}


@remembered_reading("organisations", "people")
def organisations(database: Database) -> pd.DataFrame:
    return _frame(
        database,
        """
        SELECT o.id, o.name, o.kind, o.exists_from, o.exists_until,
               o.successor AS successor_id, s.name AS successor, o.notes, o.active, o.version,
               (SELECT count(*) FROM people WHERE organisation = o.id) AS people
        FROM organisations o LEFT JOIN organisations s ON s.id = o.successor
        ORDER BY o.exists_until NULLS LAST, o.name
        """,
    )


@remembered_reading("people", "organisations")
def people(database: Database) -> pd.DataFrame:
    return _frame(
        database,
        f"""
        SELECT pe.id, pe.name, pe.title, {_LABEL.format(p="pe")} AS label,
               pe.organisation AS organisation_id, o.name AS organisation, pe.email, pe.active,
               pe.version
        FROM people pe LEFT JOIN organisations o ON o.id = pe.organisation
        ORDER BY o.name, label
        """,
    )


@remembered_reading("dependencies", "obligations")
def dependencies(database: Database, obligation_id: str | None = None) -> pd.DataFrame:
    """Dependencies between live obligations; with `obligation_id`, only those touching it."""
    touching = "AND ? IN (d.predecessor, d.successor)" if obligation_id is not None else ""
    return _frame(
        database,
        f"""
        SELECT d.predecessor, pre.code AS predecessor_code, pre.title AS predecessor_title,
               d.successor, suc.code AS successor_code, suc.title AS successor_title,
               d.type, d.lag_days, d.lag_unit
        FROM dependencies d
        JOIN obligations pre ON pre.id = d.predecessor AND NOT pre.deleted
        JOIN obligations suc ON suc.id = d.successor AND NOT suc.deleted
        WHERE true {touching}
        ORDER BY pre.code, suc.code
        """,
        [obligation_id] if obligation_id is not None else None,
    )


@remembered_reading("risks", "risk_obligations")
def risks_for(database: Database, obligation_id: str) -> pd.DataFrame:
    return _frame(
        database,
        """
        SELECT r.id, r.title, r.likelihood, r.impact, r.likelihood * r.impact AS score
        FROM risks r JOIN risk_obligations l ON l.risk = r.id
        WHERE l.obligation = ? ORDER BY score DESC, r.title
        """,
        [obligation_id],
    )


@remembered_reading("projects")
def project_names(database: Database) -> dict[str, str]:
    """Project id -> name, by name."""
    rows = database.cursor().execute("SELECT id, name FROM projects ORDER BY name").fetchall()
    return dict(rows)


@dataclass(frozen=True)
class KeyDate:
    title: str
    day: date


@remembered_reading("milestones")
def transition_day(database: Database) -> KeyDate | None:
    """The plan's transition day: its milestone of kind 'transition', if it has one with a date."""
    row = (
        database.cursor()
        .execute(
            "SELECT title, planned FROM milestones "
            "WHERE kind = 'transition' AND planned IS NOT NULL ORDER BY planned LIMIT 1"
        )
        .fetchone()
    )
    return None if row is None else KeyDate(title=row[0], day=row[1])


@remembered_reading("organisations")
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


@remembered_reading("obligations")
def deleted_obligations(database: Database) -> pd.DataFrame:
    """Soft-deleted obligations, newest change first, for restoring."""
    return _frame(
        database,
        "SELECT id, code, title, version, updated_by, updated_at FROM obligations "
        "WHERE deleted ORDER BY updated_at DESC",
    )


@remembered_reading("milestones")
def milestone_names(database: Database) -> dict[str, str]:
    """Milestone id -> "title (dd.mm.yyyy)", for due rules."""
    rows = (
        database.cursor()
        .execute("SELECT id, title, planned FROM milestones ORDER BY planned NULLS LAST, title")
        .fetchall()
    )
    return {
        mid: f"{title} ({planned.strftime('%d.%m.%Y')})" if planned else title
        for mid, title, planned in rows
    }


@remembered_reading("obligations")
def obligation_codes(database: Database) -> dict[str, str]:
    """Live obligation id -> "code · title", by code (for choosing predecessors)."""
    rows = (
        database.cursor()
        .execute(
            "SELECT id, code || ' · ' || title FROM obligations WHERE NOT deleted ORDER BY code"
        )
        .fetchall()
    )
    return dict(rows)


@remembered_reading("audit_log")
def actors(database: Database) -> list[str]:
    """Everyone who has changed something, alphabetically."""
    rows = (
        database.cursor().execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor").fetchall()
    )
    return [actor for (actor,) in rows]


# The obligations' columns the findings rules read: a note or description edit leaves them valid.
FINDINGS_READS = (
    *(
        f"obligations.{column}"
        for column in (
            "id", "code", "status", "handover_state", "current_owner", "receiving_owner",
            "start_date", "due_date", "due_anchor", "due_days", "due_unit", "due_milestone",
            "project", "acceptance_criteria", "evidence", "amount_eur", "deleted", "grant_duty",
            "ends_period",
        )
    ),
    "projects", "milestones", "risk_obligations", "people", "organisations", "dependencies",
    "plan_settings", "work_calendar",
)  # fmt: skip


# An obligation's facts as the findings read them, but the due date (resolved_dues): in
# ObligationFacts' order, the due date going after the start.
_FACTS = ", ".join(
    (
        "o.id", "o.code", "o.status", "o.handover_state", "o.current_owner",
        "o.receiving_owner", "o.start_date", "o.acceptance_criteria <> ''", "len(o.evidence)",
        "CAST(o.amount_eur AS DOUBLE)",
        "coalesce(r.risks, 0)", "o.project", "o.grant_duty", "o.ends_period",
    )
)  # fmt: skip
# The risks joined, not counted by a subquery per row: 2x faster at 10,000.
_FACTS_FROM = """FROM obligations o LEFT JOIN (
    SELECT obligation, count(*) AS risks FROM risk_obligations GROUP BY obligation
) r ON r.obligation = o.id"""


@remembered_reading("dependencies")
def dependency_facts(database: Database) -> tuple[DependencyFacts, ...]:
    """Every dependency as the findings and the schedule read it (a tuple: shared, not copied)."""
    return tuple(
        DependencyFacts(*row)
        for row in database.cursor()
        .execute("SELECT predecessor, successor, type, lag_days, lag_unit FROM dependencies")
        .fetchall()
    )


class _Snapshot(NamedTuple):
    """A remembered snapshot, with what the next one may reuse: in the snapshot's order, a 64-bit
    hash of each obligation's id and of its row's facts (arrays: no object per row), and the
    due dates it read."""

    snapshot: Snapshot
    ids: _Hashes
    rows: _Hashes
    dues: Mapping[str, date | None]


def findings_snapshot(database: Database) -> Snapshot:
    """What the findings rules read, straight from the tables (no model validation: fast at 10k).
    After a write, only the obligations whose facts changed are read again, and the snapshot
    says which (`Snapshot.changes`); read-only: shared."""
    return database.remember_updating(
        ("findings_snapshot",),
        lambda previous: _snapshot_again(database, previous),
        reads=FINDINGS_READS,
    ).snapshot


class _Around(NamedTuple):
    """What the findings read besides the obligations and the dependencies."""

    people: dict[str, str]
    names: dict[str, str]
    organisations: dict[str, OrganisationFacts]
    transition: date | None
    milestones: list[MilestoneFacts]
    projects: list[ProjectFacts]
    work_calendar: WorkCalendar
    due_soon_days: tuple[int, ...]


@remembered_reading(
    "people", "organisations", "milestones", "projects", "plan_settings", "work_calendar"
)
def _around(database: Database) -> _Around:
    """The people, organisations, transition, milestones, projects and calendar the findings read:
    one memo, so a write to the obligations reads none of them again (a tuple: shared)."""
    cursor = database.cursor()
    people_rows = cursor.execute(
        f"SELECT pe.id, pe.organisation, {_LABEL.format(p='pe')} FROM people pe"
    ).fetchall()
    organisations = {
        row[0]: OrganisationFacts(*row)
        for row in cursor.execute(
            "SELECT id, name, exists_from, exists_until FROM organisations"
        ).fetchall()
    }
    milestones = [
        MilestoneFacts(*row)
        for row in cursor.execute(
            "SELECT id, title, planned, achieved, kind, project FROM milestones ORDER BY planned"
        ).fetchall()
    ]
    projects = [
        ProjectFacts(
            pid,
            name,
            start,
            end,
            coordinator,
            tuple(
                BeneficiaryFacts(b["organisation"], b.get("requested_eur"))
                for b in json.loads(beneficiaries or "[]")
            ),
            agreement,
        )
        for pid, name, start, end, coordinator, beneficiaries, agreement in cursor.execute(
            "SELECT id, name, start_date, end_date, coordinator, beneficiaries, grant_agreement "
            "FROM projects ORDER BY id"
        ).fetchall()
    ]
    settings, _ = settings_from(cursor)
    transition = transition_day(database)
    return _Around(
        people={pid: org for pid, org, _ in people_rows},
        names={pid: name for pid, _, name in people_rows},
        organisations=organisations,
        transition=None if transition is None else transition.day,
        milestones=milestones,
        projects=projects,
        work_calendar=settings.work_calendar(),
        due_soon_days=settings.due_soon_days,
    )


def read_findings_snapshot(database: Database) -> Snapshot:
    """`findings_snapshot` read from the tables in full, no memo (the bench's reference)."""
    return _snapshot_again(database, None).snapshot


# Each live obligation's hashes in the snapshot's order (a changed row that hashes the same is a
# 1-in-2^64 chance; so is another id at the same place).
_HASHES = (
    f"hash(o.id) AS id, hash({_FACTS}) AS row {_FACTS_FROM} WHERE NOT o.deleted ORDER BY o.code"
)


def _snapshot_again(database: Database, previous: _Snapshot | None) -> _Snapshot:
    """The snapshot, keeping from `previous` every obligation whose row hashes the same and whose
    due date is the same. When the same ids are in the same places (a status, owner, note or
    due date edit), the changed rows are found comparing the hashes as arrays (and the due dates,
    when they changed) and only they are read."""
    dues = resolved_dues(database)  # kept by a status or owner edit
    ids, rows, places = _hashed_again(
        database,
        f"SELECT {_HASHES}",
        None if previous is None else (previous.ids, previous.rows),
    )
    if previous is None or places is None:
        return _snapshot_read(database, previous, dues)
    before = previous.snapshot.obligations
    if previous.dues is not dues:  # the due dates changed: the rows whose due date did too
        places = sorted({*places, *(at for at, o in enumerate(before) if dues.get(o.id) != o.due)})
    stale = [before[at].id for at in places]
    if not stale:
        obligations = before
        changes: dict[str, ObligationFacts | None] = {}
    else:
        fresh = _facts(database, dues, stale)
        if len(fresh) != len(stale):  # deleted since they were hashed: read as a whole
            return _snapshot_read(database, previous, dues)
        obligations = list(before)
        for at in places:
            obligations[at] = fresh[before[at].id]
        changes = dict(fresh)
    had = {before[at].id: before[at] for at in places}
    return _Snapshot(
        _snapshot_of(database, obligations, Changes(before, obligations, changes, had, True)),
        ids,
        rows,
        dues,
    )


def _snapshot_read(
    database: Database, previous: _Snapshot | None, dues: Mapping[str, date | None]
) -> _Snapshot:
    """The snapshot with the ids read too (rows added, deleted or moved): the rows whose hash or
    due date changed are read again. What changed since `previous`, if any."""
    hashed = database.cursor().execute(f"SELECT o.id AS oid, {_HASHES}").fetchnumpy()
    oids = cast(list[str], hashed["oid"].tolist())
    ids, rows = cast(_Hashes, hashed["id"]), cast(_Hashes, hashed["row"])
    known: dict[str, tuple[int, ObligationFacts]] = {}
    moved_dues: set[str] = set()
    if previous is not None:
        known = {
            o.id: (row, o)
            for o, row in zip(previous.snapshot.obligations, previous.rows.tolist(), strict=True)
        }
        if previous.dues is not dues:
            moved_dues = {oid for oid, _ in dues.items() - previous.dues.items()}
    row_hashes = cast(list[int], rows.tolist())
    stale = [
        oid
        for oid, row in zip(oids, row_hashes, strict=True)
        if oid in moved_dues or known.get(oid, (None,))[0] != row
    ]
    fresh = _facts(database, dues, stale if len(stale) < len(oids) else None)
    obligations: list[ObligationFacts] = []
    changes: dict[str, ObligationFacts | None] = {}
    keep = np.ones(len(oids), dtype=bool)
    for at, (oid, row) in enumerate(zip(oids, row_hashes, strict=True)):
        seen = known.get(oid)
        facts = fresh.get(oid)
        if facts is None and seen is not None and seen[0] == row and oid not in moved_dues:
            facts = seen[1]
        elif facts is not None and seen is not None and seen[1] == facts:
            facts = seen[1]  # read again (its due date moved, say) but the same: the very facts
        elif facts is not None:
            changes[oid] = facts
        if facts is None:  # deleted since it was hashed
            keep[at] = False
            if seen is not None:
                changes[oid] = None
        else:
            obligations.append(facts)
    if previous is None:
        return _Snapshot(_snapshot_of(database, obligations, None), ids, rows, dues)
    for oid in known.keys() - set(oids):
        changes[oid] = None
    in_place = len(oids) == len(previous.ids) and bool(np.array_equal(ids, previous.ids))
    if not keep.all():
        ids, rows, in_place = ids[keep], rows[keep], False
    before = previous.snapshot.obligations
    had = {oid: known[oid][1] if oid in known else None for oid in changes}
    return _Snapshot(
        _snapshot_of(database, obligations, Changes(before, obligations, changes, had, in_place)),
        ids,
        rows,
        dues,
    )


def _facts(
    database: Database, dues: Mapping[str, date | None], ids: list[str] | None
) -> dict[str, ObligationFacts]:
    """The facts of the live obligations with these ids (None: all), by id."""
    which = "" if ids is None else "AND list_contains(?, o.id)"
    if ids is not None and not ids:
        return {}
    return {
        row[0]: ObligationFacts(*(*row[:7], dues.get(row[0]), *row[7:]))
        for row in database.cursor()
        .execute(
            f"SELECT {_FACTS} {_FACTS_FROM} WHERE NOT o.deleted {which}",
            [ids] if ids is not None else None,
        )
        .fetchall()
    }


def _snapshot_of(
    database: Database,
    obligations: Sequence[ObligationFacts],
    changes: Changes | None,
) -> Snapshot:
    around = _around(database)  # kept by a write to the obligations
    return Snapshot(
        obligations=obligations,
        people=around.people,
        organisations=around.organisations,
        dependencies=dependency_facts(database),
        transition=around.transition,
        names=around.names,
        milestones=around.milestones,
        projects=around.projects,
        work_calendar=around.work_calendar,
        due_soon_days=around.due_soon_days,
        changes=changes,
    )


# What the schedule reads: the dependencies and each live obligation's start and resolved due date
# (code: the order tasks are listed in). A status, owner or note edit leaves the schedule as it is.
SCHEDULE_READS = (
    *(
        f"obligations.{column}"
        for column in (
            "id", "code", "deleted", "start_date", "due_date", "due_anchor", "due_days",
            "due_unit", "due_milestone", "project",
        )
    ),
    "projects.id", "projects.start_date", "projects.end_date", "milestones.id",
    "milestones.planned", "dependencies", "work_calendar", "plan_settings",
)  # fmt: skip


def plan_schedule(database: Database, as_of: date) -> Schedule:
    """The critical-path schedule of the plan's network (the Tidslinje's slack and paths): reused
    until a write changes the dependencies or the dates it reads (SCHEDULE_READS); after a
    change of some obligations' due dates, its network and its passes are brought up to date
    from there (`due_changes`, `schedule_again`). CycleError when the dependencies loop (not
    remembered: reported on every read)."""
    return database.remember_updating(
        ("plan_schedule", as_of),
        lambda previous: _schedule_again(database, as_of, previous),
        reads=SCHEDULE_READS,
    ).schedule


_Starts = tuple[tuple[str, ...], tuple[date | None, ...]]


class _Planned(NamedTuple):
    """A remembered schedule, with the network it was made from and what that network read: the
    due dates (a `resolved_dues` mapping) and the obligations' ids and starts (`_starts`)."""

    schedule: Schedule
    dues: int  # the due dates' generation
    starts: _Starts
    tasks: list[Task]
    position: dict[str, int]  # id -> place in `tasks`


def _schedule_again(database: Database, as_of: date, previous: _Planned | None) -> _Planned:
    # Shared with the findings and the first deadline.
    dues, generation = dues_generation(database)
    starts = _starts(database)
    ids, days = starts
    changed = None
    if previous is not None and previous.starts is starts:
        changed = due_changes(database, previous.dues)
    if previous is not None and changed is not None and changed <= previous.position.keys():
        # Only the tasks whose due date was resolved again are made again.
        position = previous.position
        tasks = list(previous.tasks)
        for oid in changed:
            at = position[oid]
            tasks[at] = network_task(oid, days[at], dues.get(oid))
    else:
        tasks = [network_task(oid, day, dues.get(oid)) for oid, day in zip(ids, days, strict=True)]
        position = {oid: at for at, oid in enumerate(ids)}
    settings, _ = settings_from(database.cursor())
    schedule = schedule_again(
        previous.schedule if previous is not None else None,
        tasks,
        _links(database),
        as_of,
        work_calendar=settings.work_calendar(),
    )
    return _Planned(schedule, generation, starts, tasks, position)


@remembered_reading(
    "obligations.id", "obligations.code", "obligations.deleted", "obligations.start_date"
)
def _starts(database: Database) -> _Starts:
    """The live obligations' ids and planned starts, by code: the schedule's order."""
    rows = (
        database.cursor()
        .execute("SELECT id, start_date FROM obligations WHERE NOT deleted ORDER BY code")
        .fetchall()
    )
    return tuple(oid for oid, _ in rows), tuple(day for _, day in rows)


@remembered_reading("dependencies")
def _links(database: Database) -> list[Link]:
    """The dependencies as the schedule's links (one list while they stand: a schedule brought
    up to date sees at once that they are the same)."""
    return network_links(dependency_facts(database))


@remembered_reading("risks", "people", "risk_obligations", "obligations")
def risks(database: Database) -> pd.DataFrame:
    """The risk register: each risk with its owner's label, score and linked obligations' codes."""
    return _frame(
        database,
        f"""
        SELECT r.id, r.title, r.description, r.likelihood, r.impact,
               r.likelihood * r.impact AS score, r.mitigation, r.owner AS owner_id,
               {_LABEL.format(p="pe")} AS owner, CAST(r.amount_eur AS DOUBLE) AS amount_eur,
               r.version,
               coalesce(list(o.id ORDER BY o.code) FILTER (WHERE o.id IS NOT NULL), [])
                   AS obligation_ids,
               coalesce(list(o.code ORDER BY o.code) FILTER (WHERE o.id IS NOT NULL), []) AS codes
        FROM risks r
        LEFT JOIN people pe ON pe.id = r.owner
        LEFT JOIN risk_obligations l ON l.risk = r.id
        LEFT JOIN obligations o ON o.id = l.obligation AND NOT o.deleted
        GROUP BY ALL
        ORDER BY score DESC, r.title
        """,
    )


BURNDOWN_READS = (
    "obligations.id", "obligations.receiving_owner", "obligations.handover_state",
    "obligations.deleted", "audit_log",
)  # fmt: skip


BURNDOWN_STATE_READS = (
    "obligations.id", "obligations.receiving_owner", "obligations.handover_state",
    "obligations.deleted",
)  # fmt: skip


def burndown_state(database: Database) -> Mapping[str, RowState]:
    """Each obligation's receiving owner, handover state and deletion now: where the burn-down
    walks back from (a read-only view, shared). After a write to them only the obligations whose
    row hashes differently are read again."""
    return database.remember_updating(
        ("burndown_state",),
        lambda previous: _states_again(database, previous),
        reads=BURNDOWN_STATE_READS,
    ).states


class _States(NamedTuple):
    """Remembered states, with what the next may reuse: by id, hashes of each obligation's id
    and of its state (arrays), in the order of `order`."""

    states: Mapping[str, RowState]
    order: list[str]
    ids: _Hashes
    rows: _Hashes


_STATE_HASHES = "hash(o.id) AS id, hash(o.receiving_owner, o.handover_state, o.deleted) AS row"
_STATE_COLUMNS = "o.id, o.receiving_owner, o.handover_state, o.deleted"


def _states_again(database: Database, previous: _States | None) -> _States:
    cursor = database.cursor()
    if previous is not None:

        def fetch(again: list[str]) -> dict[str, RowState]:
            rows = cursor.execute(
                f"SELECT {_STATE_COLUMNS} FROM obligations o WHERE list_contains(?, o.id)", [again]
            )
            return {oid: RowState(r, s, bool(d)) for oid, r, s, d in rows.fetchall()}

        found = _mapping_again(
            database,
            f"SELECT {_STATE_HASHES} FROM obligations o ORDER BY o.id",
            (previous.ids, previous.rows),
            previous.order,
            previous.states,
            fetch,
        )
        if found is not None:
            ids, hashed, again, states = found
            if not again:
                return previous
            return _States(MappingProxyType(states), previous.order, ids, hashed)
    read = cursor.execute(
        f"SELECT {_STATE_COLUMNS}, {_STATE_HASHES.replace(' AS id', ' AS hashed_id')} "
        "FROM obligations o ORDER BY o.id"
    ).fetchnumpy()
    order = cast(list[str], read["id"].tolist())
    states = {
        oid: RowState(receiver, state, bool(deleted))
        for oid, receiver, state, deleted in zip(
            order,
            read["receiving_owner"].tolist(),
            read["handover_state"].tolist(),
            read["deleted"].tolist(),
            strict=True,
        )
    }
    return _States(
        MappingProxyType(states),
        order,
        cast(_Hashes, read["hashed_id"]),
        cast(_Hashes, read["row"]),
    )


BurndownInputs = tuple[Mapping[str, RowState], list[StateChange], date | None]
# The obligations' history a burn-down has read: (its newest id, how many rows up to it and a
# hash of them). Rows up to that id unchanged, only the newer ones need reading.
_HistoryMark = tuple[int, int, int]
_HISTORY = "FROM audit_log WHERE entity = 'obligation'"
_ROW_HASH = "hash(id, changed_at, entity_id, action, before_value)"


def burndown_inputs(database: Database) -> BurndownInputs:
    """Today's handover state of every obligation, the changes that moved it, and the day the plan
    was loaded (where the history begins). After a write only the history's new rows are read
    (every write appends to it: 20,000 rows at a plan age of a year)."""
    current, changes, start, _ = database.remember_updating(
        ("burndown_inputs",),
        lambda previous: _burndown_inputs_again(database, previous),
        reads=BURNDOWN_READS,
    )
    return current, changes, start


def _burndown_inputs_again(
    database: Database,
    previous: tuple[Mapping[str, RowState], list[StateChange], date | None, _HistoryMark] | None,
) -> tuple[Mapping[str, RowState], list[StateChange], date | None, _HistoryMark]:
    cursor = database.cursor()
    current = burndown_state(database)  # kept by a status or note edit
    kept: list[StateChange] = []
    mark: _HistoryMark = (0, 0, 0)
    if previous is not None:
        # The rows read last time unchanged (the same count and hash up to the same id)? Then
        # only the newer ones are read.
        newest, count, digest = previous[3]
        same = cursor.execute(
            f"SELECT count(*), coalesce(sum({_ROW_HASH}), 0) {_HISTORY} AND id <= ?", [newest]
        ).fetchone()
        if same is not None and (same[0], int(same[1])) == (count, digest):
            kept, mark = previous[1], previous[3]
    newest, count, digest = mark
    added = []
    for row_id, when, oid, action, before, row_hash in cursor.execute(
        f"SELECT id, changed_at, entity_id, action, before_value, {_ROW_HASH} {_HISTORY} "
        "AND id > ? ORDER BY id",
        [newest],
    ).fetchall():
        added.append(StateChange(when, oid, action, json.loads(before) if before else {}))
        newest, count, digest = row_id, count + 1, digest + int(row_hash)
    changes = kept + added if added else kept
    loaded = cursor.execute(
        "SELECT max(changed_at) FROM audit_log WHERE entity = 'plan'"
    ).fetchone()
    start = loaded[0].date() if loaded and loaded[0] is not None else None
    return current, changes, start, (newest, count, digest)


WORKLOAD_READS = (
    "obligations.receiving_owner", "obligations.deleted", "obligations.status", "people",
    "organisations",
)  # fmt: skip


@remembered_reading(*WORKLOAD_READS)
def workload(database: Database) -> pd.DataFrame:
    """Open obligations per receiving owner, most first."""
    return _frame(
        database,
        f"""
        SELECT {_LABEL.format(p="pe")} AS owner, o2.name AS organisation, count(*) AS open
        FROM obligations o
        JOIN people pe ON pe.id = o.receiving_owner
        LEFT JOIN organisations o2 ON o2.id = pe.organisation
        WHERE NOT o.deleted AND o.status IN ('not_started', 'in_progress')
        GROUP BY ALL ORDER BY open DESC, owner
        """,
    )


@remembered_reading("obligations", "risks")
def money_at_stake(database: Database) -> tuple[float | None, int, float | None, int]:
    """(sum over open obligations, how many state an amount; the same for risks). None: none do."""
    row = (
        database.cursor()
        .execute(
            """
            SELECT sum(amount_eur), count(amount_eur),
                   (SELECT sum(amount_eur) FROM risks), (SELECT count(amount_eur) FROM risks)
            FROM obligations WHERE NOT deleted AND status IN ('not_started', 'in_progress')
            """
        )
        .fetchone()
    )
    assert row is not None
    return (
        None if row[0] is None else float(row[0]),
        int(row[1]),
        None if row[2] is None else float(row[2]),
        int(row[3]),
    )


_SCOPE_CLAUSE = {
    ScopeKind.OWNER: "o.receiving_owner = ?",
    ScopeKind.ORGANISATION: "rec.organisation = ?",
    ScopeKind.PROJECT: "o.project = ?",
    ScopeKind.ALL: "true",
}


# The organisations each organisation's work passes on to (its successor, theirs, ...).
_SUCCESSORS = """
WITH RECURSIVE chain(origin, heir, depth) AS (
    SELECT id, successor, 1 FROM organisations WHERE successor IS NOT NULL
    UNION ALL
    SELECT chain.origin, org.successor, chain.depth + 1
    FROM chain JOIN organisations org ON org.id = chain.heir
    WHERE org.successor IS NOT NULL AND chain.depth < 50
)
"""
_UNASSIGNED_CLAUSE = {
    # An obligation without a receiver whose owner's organisation ceases and passes its work on
    # to the scope's organisation (or the scope person's).
    ScopeKind.OWNER: "cur_org.exists_until IS NOT NULL AND EXISTS (SELECT 1 FROM chain "
    "WHERE chain.origin = cur_org.id AND chain.heir = "
    "(SELECT organisation FROM people WHERE id = ?))",
    ScopeKind.ORGANISATION: "cur_org.exists_until IS NOT NULL AND EXISTS (SELECT 1 FROM chain "
    "WHERE chain.origin = cur_org.id AND chain.heir = ?)",
    ScopeKind.PROJECT: "o.project = ?",
    ScopeKind.ALL: "true",
}


def checklist_rows(database: Database, scope: Scope) -> list[dict[str, Any]]:
    """The obligations of a checklist scope with everything a checklist line shows, by due date."""
    return _checklist_rows(database, scope, _SCOPE_CLAUSE[scope.kind])


def unassigned_rows(database: Database, scope: Scope) -> list[dict[str, Any]]:
    """Open obligations that concern the scope but have no receiving owner yet, as checklist rows:
    for a person or organisation those whose owner's organisation ceases and passes its work on to
    theirs (XS-01 for Digital Sundhed Danmark); for a project or everything, all without one."""
    return _checklist_rows(
        database,
        scope,
        f"o.receiving_owner IS NULL AND o.handover_state <> 'transferred' "
        f"AND {_UNASSIGNED_CLAUSE[scope.kind]}",
        prefix=_SUCCESSORS,
    )


def _checklist_rows(
    database: Database, scope: Scope, clause: str, *, prefix: str = ""
) -> list[dict[str, Any]]:
    params: list[object] = [] if scope.kind is ScopeKind.ALL else [scope.id]
    result = database.cursor().execute(
        f"""{prefix}
        SELECT o.code, o.title, o.description, {RESOLVED_DUE} AS due, o.due_anchor, o.due_days,
               m.title AS due_milestone,
               {_LABEL.format(p="cur")} || coalesce(' · ' || cur_org.name, '') AS from_owner,
               {_LABEL.format(p="rec")} || coalesce(' · ' || rec_org.name, '') AS to_owner,
               o.acceptance_criteria, o.evidence, o.status, o.handover_state,
               (SELECT list(pre.code || ' (' || d.type || ')' ORDER BY pre.code)
                  FROM dependencies d JOIN obligations pre ON pre.id = d.predecessor
                 WHERE d.successor = o.id AND NOT pre.deleted) AS dependencies
        {_FROM} AND {clause}
        ORDER BY due NULLS LAST, o.code
        """,
        params,
    )
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def scope_candidates(database: Database, kind: ScopeKind, name: str) -> list[tuple[str, str]]:
    """(id, label) of what `name` may mean for a scope: an exact id, else every case-insensitive
    match on the name or label."""
    table, label_sql = {
        ScopeKind.OWNER: ("people pe", _LABEL.format(p="pe")),
        ScopeKind.ORGANISATION: ("organisations pe", "pe.name"),
        ScopeKind.PROJECT: ("projects pe", "pe.name"),
    }[kind]
    cursor = database.cursor()
    exact = cursor.execute(
        f"SELECT pe.id, {label_sql} FROM {table} WHERE pe.id = ?", [name]
    ).fetchall()
    if exact:
        return [(str(i), str(label)) for i, label in exact]
    rows = cursor.execute(
        f"SELECT pe.id, {label_sql} AS label FROM {table} "
        f"WHERE lower({label_sql}) = lower(?) OR lower({label_sql}) LIKE '%' || lower(?) || '%' "
        "ORDER BY label",
        [name, name],
    ).fetchall()
    same = [(str(i), str(label)) for i, label in rows if str(label).lower() == name.lower()]
    return same or [(str(i), str(label)) for i, label in rows]


@remembered_reading("milestones")
def calendar_milestones(database: Database) -> list[tuple[str, str, date]]:
    """(id, title, planned) of every dated milestone, for calendars and the Gantt (read-only)."""
    rows = (
        database.cursor()
        .execute(
            "SELECT id, title, planned FROM milestones WHERE planned IS NOT NULL ORDER BY planned"
        )
        .fetchall()
    )
    return [(str(mid), str(title), planned) for mid, title, planned in rows]


@remembered_reading("projects")
def project_ends(database: Database) -> list[tuple[str, date]]:
    """(name, end date) of every project that has one (read-only)."""
    rows = (
        database.cursor()
        .execute("SELECT name, end_date FROM projects WHERE end_date IS NOT NULL ORDER BY end_date")
        .fetchall()
    )
    return [(str(name), end) for name, end in rows]


@remembered_reading("baselines")
def baselines(database: Database) -> list[tuple[str, str, datetime]]:
    """(id, name, saved at) of every baseline, newest first."""
    rows = (
        database.cursor()
        .execute("SELECT id, name, created_at FROM baselines ORDER BY created_at DESC, name")
        .fetchall()
    )
    return [(str(i), str(n), at) for i, n, at in rows]


@remembered_reading("baseline_items")
def baseline_items(
    database: Database, baseline_id: str
) -> dict[str, tuple[date | None, date | None, str | None, str]]:
    """obligation id -> (start, due, receiving owner, handover state) as the baseline kept them."""
    rows = (
        database.cursor()
        .execute(
            "SELECT obligation, start_date, due, receiving_owner, handover_state "
            "FROM baseline_items WHERE baseline = ?",
            [baseline_id],
        )
        .fetchall()
    )
    return {str(oid): (start, due, owner, state) for oid, start, due, owner, state in rows}


def people_labels(database: Database) -> dict[str, str]:
    """Person id -> "label · organisation", remembered until the next write."""

    def compute() -> dict[str, str]:
        frame = people(database)
        return dict(
            zip(frame["id"], frame["label"] + " · " + frame["organisation"].fillna(""), strict=True)
        )

    return database.remember(("people_labels",), compute, reads=("people", "organisations"))
