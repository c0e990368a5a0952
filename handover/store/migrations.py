"""Ordered, recorded schema migrations: each a small function, applied once, in its own transaction.

Applying twice changes nothing. Add a migration by appending a function decorated with
`@migration`; never edit one that has shipped. No FOREIGN KEY constraints: DuckDB rejects updates of
list and unique columns on rows that a foreign key references (pinned in tests/store), so references
are checked when a plan is validated and when a row is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from handover.store.database import Database

Migration = Callable[["duckdb.DuckDBPyConnection"], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    MIGRATIONS.append(function)
    return function


_NOW = "(now() AT TIME ZONE 'UTC')"
_TRACKED = f"""
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT {_NOW},
    updated_at TIMESTAMP NOT NULL DEFAULT {_NOW}
"""


@migration
def m001_initial_schema(cursor: duckdb.DuckDBPyConnection) -> None:
    statements = [
        f"""CREATE TABLE organisations (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL CHECK (trim(name) <> ''),
            kind VARCHAR NOT NULL DEFAULT '',
            exists_from DATE,
            exists_until DATE,
            successor VARCHAR CHECK (successor IS NULL OR successor <> id),
            notes VARCHAR NOT NULL DEFAULT '',
            {_TRACKED},
            CHECK (exists_until IS NULL OR exists_from IS NULL OR exists_until >= exists_from)
        )""",
        f"""CREATE TABLE people (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL DEFAULT '',
            title VARCHAR NOT NULL DEFAULT '',
            organisation VARCHAR NOT NULL,
            email VARCHAR NOT NULL DEFAULT '',
            {_TRACKED},
            CHECK (name <> '' OR title <> '')
        )""",
        f"""CREATE TABLE projects (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL CHECK (trim(name) <> ''),
            programme VARCHAR NOT NULL DEFAULT '',
            start_date DATE,
            end_date DATE,
            coordinator VARCHAR,
            purpose VARCHAR NOT NULL DEFAULT '',
            {_TRACKED},
            CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
        )""",
        f"""CREATE TABLE milestones (
            id VARCHAR PRIMARY KEY,
            project VARCHAR,
            title VARCHAR NOT NULL CHECK (trim(title) <> ''),
            planned DATE,
            achieved DATE,
            kind VARCHAR NOT NULL DEFAULT 'milestone'
                CHECK (kind IN ('milestone', 'event', 'deadline', 'transition')),
            {_TRACKED}
        )""",
        f"""CREATE TABLE obligations (
            id VARCHAR PRIMARY KEY,
            code VARCHAR NOT NULL UNIQUE,
            project VARCHAR,
            title VARCHAR NOT NULL CHECK (trim(title) <> ''),
            description VARCHAR NOT NULL DEFAULT '',
            category VARCHAR NOT NULL CHECK (category IN ('reporting', 'finance', 'legal',
                'governance', 'knowledge', 'archive', 'communication', 'operations')),
            source_quote VARCHAR NOT NULL DEFAULT '',
            source_ref VARCHAR NOT NULL DEFAULT '',
            legal_basis VARCHAR NOT NULL DEFAULT '',
            current_owner VARCHAR,
            receiving_owner VARCHAR,
            start_date DATE,
            due_date DATE,
            due_anchor VARCHAR CHECK (due_anchor IN ('project_start', 'project_end', 'milestone')),
            due_milestone VARCHAR,
            due_days INTEGER NOT NULL DEFAULT 0,
            status VARCHAR NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),
            handover_state VARCHAR NOT NULL DEFAULT 'unassigned'
                CHECK (handover_state IN ('unassigned', 'proposed', 'accepted', 'transferred',
                    'rejected')),
            acceptance_criteria VARCHAR NOT NULL DEFAULT '',
            evidence VARCHAR[] NOT NULL DEFAULT [],
            amount_eur DECIMAL(16, 2) CHECK (amount_eur IS NULL OR amount_eur >= 0),
            priority VARCHAR NOT NULL DEFAULT 'medium'
                CHECK (priority IN ('critical', 'high', 'medium', 'low')),
            notes VARCHAR NOT NULL DEFAULT '',
            deleted BOOLEAN NOT NULL DEFAULT false,
            {_TRACKED},
            CHECK (due_date IS NULL OR due_anchor IS NULL),
            CHECK ((due_anchor = 'milestone') = (due_milestone IS NOT NULL))
        )""",
        """CREATE TABLE dependencies (
            predecessor VARCHAR NOT NULL,
            successor VARCHAR NOT NULL,
            type VARCHAR NOT NULL DEFAULT 'FS' CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
            lag_days INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (predecessor, successor),
            CHECK (predecessor <> successor)
        )""",
        f"""CREATE TABLE risks (
            id VARCHAR PRIMARY KEY,
            title VARCHAR NOT NULL CHECK (trim(title) <> ''),
            description VARCHAR NOT NULL DEFAULT '',
            likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            mitigation VARCHAR NOT NULL DEFAULT '',
            owner VARCHAR,
            amount_eur DECIMAL(16, 2) CHECK (amount_eur IS NULL OR amount_eur >= 0),
            {_TRACKED}
        )""",
        """CREATE TABLE risk_obligations (
            risk VARCHAR NOT NULL,
            obligation VARCHAR NOT NULL,
            PRIMARY KEY (risk, obligation)
        )""",
        "CREATE SEQUENCE audit_log_id START 1",
        f"""CREATE TABLE audit_log (
            id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id'),
            changed_at TIMESTAMP NOT NULL DEFAULT {_NOW},
            actor VARCHAR NOT NULL,
            entity VARCHAR NOT NULL,
            entity_id VARCHAR,
            action VARCHAR NOT NULL,
            before_value JSON,
            after_value JSON
        )""",
        "CREATE INDEX obligations_due ON obligations (due_date)",
    ]
    for statement in statements:
        cursor.execute(statement)


def applied_migrations(database: Database) -> list[str]:
    cursor = database.cursor()
    _ensure_ledger(cursor)
    return [
        name
        for (name,) in cursor.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
    ]


def _ensure_ledger(cursor: duckdb.DuckDBPyConnection) -> None:
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
    )


def apply_migrations(database: Database) -> list[str]:
    """Apply every migration not yet recorded, in order; returns the names applied now."""
    with database.transaction() as cursor:
        _ensure_ledger(cursor)
    done = set(applied_migrations(database))
    applied = []
    for function in MIGRATIONS:
        if function.__name__ in done:
            continue
        with database.transaction() as cursor:
            # Another process cannot interleave (DuckDB locks the file); another thread waits on the
            # write lock, so re-check inside the transaction.
            already = cursor.execute(
                "SELECT count(*) FROM schema_migrations WHERE name = ?", [function.__name__]
            ).fetchone()
            if already and already[0]:
                continue
            function(cursor)
            cursor.execute(
                "INSERT INTO schema_migrations VALUES (?, ?)",
                [function.__name__, datetime.now(UTC).replace(tzinfo=None)],
            )
        applied.append(function.__name__)
    return applied


@migration
def m002_editing(cursor: duckdb.DuckDBPyConnection) -> None:
    """Who accepted and when, rejection reasons, who changed a row last, deactivation, and the
    version each audit entry left behind (what undo checks against)."""
    # DuckDB refuses ALTER TABLE on a table with a secondary index; the due-date index bought
    # nothing (DuckDB scans dates with zone maps), so it goes rather than blocking every change.
    statements = [
        "DROP INDEX IF EXISTS obligations_due",
        "ALTER TABLE obligations ADD COLUMN accepted_by VARCHAR",
        "ALTER TABLE obligations ADD COLUMN accepted_at TIMESTAMP",
        "ALTER TABLE obligations ADD COLUMN rejection_reason VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE obligations ADD COLUMN updated_by VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE organisations ADD COLUMN active BOOLEAN NOT NULL DEFAULT true",
        "ALTER TABLE people ADD COLUMN active BOOLEAN NOT NULL DEFAULT true",
        "ALTER TABLE audit_log ADD COLUMN version INTEGER",
        "ALTER TABLE audit_log ADD COLUMN undoes BIGINT",
    ]
    for statement in statements:
        cursor.execute(statement)


@migration
def m003_baselines(cursor: duckdb.DuckDBPyConnection) -> None:
    """Named baselines: what every obligation's dates, receiver and state were when it was saved."""
    for statement in (
        f"""CREATE TABLE baselines (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL UNIQUE CHECK (trim(name) <> ''),
            created_at TIMESTAMP NOT NULL DEFAULT {_NOW},
            created_by VARCHAR NOT NULL
        )""",
        """CREATE TABLE baseline_items (
            baseline VARCHAR NOT NULL,
            obligation VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            start_date DATE,
            due DATE,
            receiving_owner VARCHAR,
            handover_state VARCHAR NOT NULL,
            PRIMARY KEY (baseline, obligation)
        )""",
    ):
        cursor.execute(statement)


@migration
def m004_workshops(cursor: duckdb.DuckDBPyConnection) -> None:
    """Workshops (agenda, current item), what was recorded against each item, and comments."""
    for statement in (
        f"""CREATE TABLE workshops (
            id VARCHAR PRIMARY KEY,
            title VARCHAR NOT NULL CHECK (trim(title) <> ''),
            agenda JSON NOT NULL,
            current INTEGER NOT NULL DEFAULT 0,
            started_at TIMESTAMP NOT NULL DEFAULT {_NOW},
            started_by VARCHAR NOT NULL,
            ended_at TIMESTAMP,
            baseline VARCHAR,
            version INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE SEQUENCE workshop_note_id START 1",
        f"""CREATE TABLE workshop_notes (
            id BIGINT PRIMARY KEY DEFAULT nextval('workshop_note_id'),
            workshop VARCHAR NOT NULL,
            item_kind VARCHAR NOT NULL CHECK (item_kind IN ('obligation', 'risk')),
            item_id VARCHAR NOT NULL,
            kind VARCHAR NOT NULL CHECK (kind IN ('decision', 'action', 'question')),
            text VARCHAR NOT NULL CHECK (trim(text) <> ''),
            owner VARCHAR,
            due DATE,
            created_at TIMESTAMP NOT NULL DEFAULT {_NOW},
            created_by VARCHAR NOT NULL
        )""",
        "CREATE SEQUENCE comment_id START 1",
        f"""CREATE TABLE comments (
            id BIGINT PRIMARY KEY DEFAULT nextval('comment_id'),
            obligation VARCHAR NOT NULL,
            author VARCHAR NOT NULL,
            author_person VARCHAR,
            text VARCHAR NOT NULL CHECK (trim(text) <> ''),
            mentions VARCHAR[] NOT NULL DEFAULT [],
            created_at TIMESTAMP NOT NULL DEFAULT {_NOW}
        )""",
    ):
        cursor.execute(statement)


# Every table whose rows carry a version that a person's view (dialog, table, preview, undo) holds.
VERSIONED_TABLES: tuple[str, ...] = (
    "organisations",
    "people",
    "projects",
    "milestones",
    "obligations",
    "risks",
)


@migration
def m005_version_floor(cursor: duckdb.DuckDBPyConnection) -> None:
    """The database-wide high-water mark of row versions: a restore writes every row above it, so
    an (id, version) seen before a restore never matches again (versions never go back)."""
    cursor.execute(
        "CREATE TABLE version_floor (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "floor INTEGER NOT NULL CHECK (floor >= 0))"
    )
    cursor.execute("INSERT INTO version_floor VALUES (1, 0)")


@migration
def m006_person_language(cursor: duckdb.DuckDBPyConnection) -> None:
    """The language a person reads reminders in ('da' or 'en'; Danish unless said otherwise;
    the record's validation checks the value: DuckDB cannot add a column with a CHECK)."""
    cursor.execute("ALTER TABLE people ADD COLUMN language VARCHAR NOT NULL DEFAULT 'da'")


@migration
def m007_grant_profile_and_calendar(cursor: duckdb.DuckDBPyConnection) -> None:
    """Grant profiles on projects, the basis of every date, grant duties and periods on
    obligations, due-rule units, and the plan's calendar (settings plus the working-day index the
    due-date macros read: `shift_date`, `roll_due`; filled by store/calendar.py)."""
    statements = [
        "ALTER TABLE obligations ADD COLUMN due_unit VARCHAR NOT NULL DEFAULT 'days'",
        "ALTER TABLE obligations ADD COLUMN date_basis VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE obligations ADD COLUMN grant_duty VARCHAR",
        "ALTER TABLE obligations ADD COLUMN ends_period BOOLEAN NOT NULL DEFAULT false",
        "ALTER TABLE organisations ADD COLUMN date_basis VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE milestones ADD COLUMN date_basis VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE projects ADD COLUMN grant_agreement VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE projects ADD COLUMN beneficiaries JSON NOT NULL DEFAULT '[]'",
        "ALTER TABLE projects ADD COLUMN reporting_periods JSON NOT NULL DEFAULT '[]'",
        "ALTER TABLE projects ADD COLUMN date_basis VARCHAR NOT NULL DEFAULT ''",
        f"""CREATE TABLE plan_settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            closing_days VARCHAR[] NOT NULL DEFAULT [],
            roll_deadlines BOOLEAN NOT NULL DEFAULT false,
            due_soon_days INTEGER[] NOT NULL DEFAULT [30, 14, 7],
            {_TRACKED}
        )""",
        # One row: seqs[d] = working days from 01.01.1900 to day d (1-based offset), working[k] =
        # the k-th working day. A due rule in working days is two list look-ups, no join.
        """CREATE TABLE work_calendar (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            first_day DATE NOT NULL,
            seqs INTEGER[] NOT NULL,
            working DATE[] NOT NULL,
            roll BOOLEAN NOT NULL
        )""",
        """CREATE MACRO working_seq(a) AS
            (SELECT seqs[CAST(a - first_day AS INTEGER) + 1] FROM work_calendar)""",
        """CREATE MACRO shift_date(a, n, u) AS CASE
            WHEN a IS NULL THEN NULL
            WHEN u = 'months' THEN CAST(a + to_months(CAST(n AS INTEGER)) AS DATE)
            WHEN u = 'years' THEN CAST(a + to_years(CAST(n AS INTEGER)) AS DATE)
            WHEN u = 'working_days' AND n <> 0 THEN (SELECT working FROM work_calendar)[
                working_seq(a) + n
                + CASE WHEN n < 0 AND (SELECT working FROM work_calendar)[working_seq(a)] <> a
                  THEN 1 ELSE 0 END]
            ELSE a + CAST(n AS INTEGER)
        END""",
        """CREATE MACRO roll_due(d) AS CASE
            WHEN d IS NOT NULL AND coalesce((SELECT roll FROM work_calendar), false)
            THEN coalesce((SELECT working FROM work_calendar)[working_seq(d - 1) + 1], d)
            ELSE d
        END""",
    ]
    for statement in statements:
        cursor.execute(statement)


@migration
def m008_uncorrelated_working_seq(cursor: duckdb.DuckDBPyConnection) -> None:
    """`working_seq` without a correlated subquery. DuckDB turned the one of m007 into a join
    carrying the calendar's lists (~110,000 days) once per row, three times over in
    `roll_due(CASE …)`: a resolved due date over 10,000 obligations asked for more than 20 GB.
    Both look-ups now read the one-row table as constants."""
    cursor.execute(
        """CREATE OR REPLACE MACRO working_seq(a) AS
            (SELECT seqs FROM work_calendar)[
                CAST(a - (SELECT first_day FROM work_calendar) AS INTEGER) + 1]"""
    )


@migration
def m009_due_macros_read_a_joined_calendar(cursor: duckdb.DuckDBPyConnection) -> None:
    """The due-date macros read the calendar row the query joins (`LEFT JOIN work_calendar wc ON
    true`, passed as `wc`), not through scalar subqueries: m008's constant look-ups still copied
    the 110,000-day lists per chunk of rows (10,000 due dates: ~0.5 s and ~0.7 GB)."""
    statements = [
        "DROP MACRO roll_due",
        "DROP MACRO shift_date",
        "DROP MACRO working_seq",
        "CREATE MACRO working_seq(a, wc) AS wc.seqs[CAST(a - wc.first_day AS INTEGER) + 1]",
        """CREATE MACRO shift_date(a, n, u, wc) AS CASE
            WHEN a IS NULL THEN NULL
            WHEN u = 'months' THEN CAST(a + to_months(CAST(n AS INTEGER)) AS DATE)
            WHEN u = 'years' THEN CAST(a + to_years(CAST(n AS INTEGER)) AS DATE)
            WHEN u = 'working_days' AND n <> 0 THEN wc.working[
                working_seq(a, wc) + n
                + CASE WHEN n < 0 AND wc.working[working_seq(a, wc)] <> a THEN 1 ELSE 0 END]
            ELSE a + CAST(n AS INTEGER)
        END""",
        """CREATE MACRO roll_due(d, wc) AS CASE
            WHEN d IS NOT NULL AND coalesce(wc.roll, false)
            THEN coalesce(wc.working[working_seq(d - 1, wc) + 1], d)
            ELSE d
        END""",
    ]
    for statement in statements:
        cursor.execute(statement)


@migration
def m010_lag_units(cursor: duckdb.DuckDBPyConnection) -> None:
    """The unit a dependency's lag counts in ('days', 'working_days', 'months', 'years'; calendar
    days for every link stored before; the record's validation checks the value)."""
    cursor.execute("ALTER TABLE dependencies ADD COLUMN lag_unit VARCHAR NOT NULL DEFAULT 'days'")
