"""Reading what a write statement changes: tables and assigned columns, and "everything" for any
statement that is not understood (a misread may cost a recomputation, never a stale memo)."""

from __future__ import annotations

import pytest

from handover.store.changes import EVERYTHING, covers, merge, reads_of, touches, written_by


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM obligations",
        "  select 1",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "BEGIN TRANSACTION",
        "FROM obligations SELECT id",
        "-- a comment\nSELECT 1",
    ],
)
def test_reads_change_nothing(sql: str) -> None:
    assert written_by(sql) == {}


def test_inserts_and_deletes_change_whole_tables() -> None:
    assert written_by("INSERT INTO audit_log (a, b) VALUES (?, ?)") == {"audit_log": None}
    assert written_by("insert or replace into Comments VALUES (1)") == {"comments": None}
    assert written_by("INSERT INTO main.risks SELECT * FROM x") == {"risks": None}
    assert written_by("DELETE FROM dependencies WHERE successor = ?") == {"dependencies": None}


def test_an_update_changes_the_columns_it_assigns() -> None:
    assert written_by(
        "UPDATE obligations SET notes = ?, version = version + 1, updated_at = ? WHERE id = ?"
    ) == {"obligations": frozenset({"notes", "version", "updated_at"})}


def test_an_update_from_a_frame_with_an_alias_and_expressions_changes_its_assigned_columns() -> (
    None
):
    sql = """
        UPDATE obligations AS o SET notes = e.notes, priority = coalesce(e.priority, 'a, b'),
            version = o.version + 1, updated_at = ?, updated_by = ?
        FROM edits e
        WHERE o.id = e.id AND o.version = e.expected_version
        """
    assert written_by(sql) == {
        "obligations": frozenset({"notes", "priority", "version", "updated_at", "updated_by"})
    }


def test_an_update_with_a_string_holding_keywords_still_reads_its_columns() -> None:
    assert written_by("UPDATE risks r SET title = 'from where', score = 1 WHERE r.id = 'x'") == {
        "risks": frozenset({"title", "score"})
    }


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE obligations SET (notes, title) = ('a', 'b')",
        "UPDATE obligations SET notes = (1",
        "UPDATE obligations SET notes = 'unterminated",
    ],
)
def test_an_update_whose_columns_cannot_be_read_changes_the_whole_table(sql: str) -> None:
    assert written_by(sql) == {"obligations": None}


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE x (a INTEGER)",
        "ALTER TABLE obligations ADD COLUMN y INTEGER",
        "DROP TABLE x",
        "COPY obligations FROM 'file.csv'",
        "WITH x AS (SELECT 1) INSERT INTO y SELECT * FROM x",
        "UPDATE a SET b = 1; DELETE FROM c",
        "PRAGMA something",
        "CHECKPOINT",
    ],
)
def test_anything_else_changes_everything(sql: str) -> None:
    assert written_by(sql) is EVERYTHING


def test_a_change_touches_a_memo_only_where_table_and_columns_meet() -> None:
    reads = reads_of(("obligations.status", "obligations.due_date", "people"))
    assert not touches({"obligations": frozenset({"notes", "version"})}, reads)
    assert touches({"obligations": frozenset({"notes", "status"})}, reads)
    assert touches({"obligations": None}, reads)  # a row added or removed
    assert touches({"people": frozenset({"email"})}, reads)
    assert not touches({"comments": None, "audit_log": None}, reads)
    assert touches(EVERYTHING, reads)
    assert touches({"comments": None}, None)  # a memo reading everything
    assert not touches({}, None)  # a write transaction that wrote nothing


def test_changes_merge_towards_everything() -> None:
    into = {"obligations": frozenset({"notes"})}
    assert merge(into, {"obligations": frozenset({"status"}), "audit_log": None}) == {
        "obligations": frozenset({"notes", "status"}),
        "audit_log": None,
    }
    assert merge({"a": frozenset({"x"})}, {"a": None}) == {"a": None}
    assert merge({"a": None}, EVERYTHING) is EVERYTHING


def test_a_memo_may_use_only_memos_whose_reads_it_declares() -> None:
    outer = reads_of(("obligations.status", "people"))
    assert covers(outer, reads_of(("obligations.status",)))
    assert covers(outer, reads_of(("people.email",)))
    assert not covers(outer, reads_of(("obligations",)))
    assert not covers(outer, reads_of(("risks",)))
    assert not covers(outer, None)
    assert covers(None, None)
