"""Migrations are ordered, recorded, and applying them twice changes nothing."""

from pathlib import Path

import duckdb

from handover.domain.model import Category, HandoverState, MilestoneKind, Priority, Status
from handover.store.database import Database
from handover.store.migrations import MIGRATIONS, applied_migrations, apply_migrations


def test_a_new_database_has_every_migration_recorded(fresh_db: Database) -> None:
    assert applied_migrations(fresh_db) == [function.__name__ for function in MIGRATIONS]


def test_applying_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "twice.duckdb"
    with Database(path) as database:
        tables = (
            database.cursor()
            .execute("SELECT table_name FROM duckdb_tables() ORDER BY 1")
            .fetchall()
        )
        assert apply_migrations(database) == []
    with Database(path) as database:
        assert (
            database.cursor()
            .execute("SELECT table_name FROM duckdb_tables() ORDER BY 1")
            .fetchall()
            == tables
        )
        assert len(applied_migrations(database)) == len(MIGRATIONS)


def _check_values(database: Database, table: str, column: str) -> set[str]:
    sql = (
        database.cursor()
        .execute(
            "SELECT expression FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'CHECK' "
            "AND list_contains(constraint_column_names, ?)",
            [table, column],
        )
        .fetchall()
    )
    import re

    return {value for (expression,) in sql for value in re.findall(r"'([a-z_]+)'", expression)}


def test_the_schema_allows_exactly_the_domain_vocabularies(fresh_db: Database) -> None:
    assert _check_values(fresh_db, "obligations", "status") == {s.value for s in Status}
    assert _check_values(fresh_db, "obligations", "handover_state") == {
        s.value for s in HandoverState
    }
    assert _check_values(fresh_db, "obligations", "priority") == {p.value for p in Priority}
    assert _check_values(fresh_db, "obligations", "category") == {c.value for c in Category}
    assert _check_values(fresh_db, "milestones", "kind") == {k.value for k in MilestoneKind}


def test_duckdb_foreign_keys_would_block_updates_so_the_schema_declares_none() -> None:
    """Pins the DuckDB behaviour behind the 'no FOREIGN KEY' decision in migrations.py."""
    connection = duckdb.connect()
    connection.execute("CREATE TABLE parent (id VARCHAR PRIMARY KEY, tags VARCHAR[])")
    connection.execute("CREATE TABLE child (parent VARCHAR REFERENCES parent (id))")
    connection.execute("INSERT INTO parent VALUES ('a', ['x'])")
    connection.execute("INSERT INTO child VALUES ('a')")
    try:
        connection.execute("UPDATE parent SET tags = ['y'] WHERE id = 'a'")
        blocked = False
    except duckdb.ConstraintException:
        blocked = True
    assert blocked, "DuckDB now allows this update; foreign keys could be reconsidered"


def test_the_schema_has_no_foreign_keys(fresh_db: Database) -> None:
    rows = (
        fresh_db.cursor()
        .execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'")
        .fetchone()
    )
    assert rows == (0,)
