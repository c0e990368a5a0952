"""Connection handling as ../shared/pitfalls.md requires: cursors per thread, one write lock,
transactions that roll back on any error, never a silent "commit" of an aborted transaction, and a
clear error when another process holds the file."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import duckdb
import pytest

from handover.store.database import (
    Database,
    DatabaseLockedError,
    DatabaseOpenError,
    TransactionAbortedError,
    default_db_path,
)
from tests.conftest import held_by_another_process


def _make_counter(database: Database) -> None:
    with database.transaction() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")


def _count(database: Database) -> int:
    row = database.cursor().execute("SELECT n FROM counter WHERE id = 1").fetchone()
    assert row is not None
    return int(row[0])


def test_an_error_inside_a_transaction_rolls_everything_back(fresh_db: Database) -> None:
    _make_counter(fresh_db)
    with pytest.raises(ZeroDivisionError), fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 5")
        raise ZeroDivisionError
    assert _count(fresh_db) == 0


def test_a_swallowed_duckdb_error_is_not_silently_committed(fresh_db: Database) -> None:
    """DuckDB "commits" an aborted transaction without complaint; the probe catches it."""
    _make_counter(fresh_db)
    with pytest.raises(TransactionAbortedError), fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 5")
        with contextlib.suppress(duckdb.ConstraintException):
            cursor.execute("INSERT INTO counter VALUES (1, 1)")  # duplicate key aborts it
    assert _count(fresh_db) == 0


def test_pitfall_duckdb_commit_of_an_aborted_transaction_discards_silently() -> None:
    """Pins the DuckDB behaviour the probe in Database.transaction exists for."""
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    connection.execute("BEGIN")
    connection.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(duckdb.ConstraintException):
        connection.execute("INSERT INTO t VALUES (1)")
    try:
        connection.execute("COMMIT")
    except duckdb.Error:
        pytest.skip("DuckDB now reports COMMIT of an aborted transaction")
    assert connection.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_transactions_do_not_nest(fresh_db: Database) -> None:
    with (
        fresh_db.transaction(),
        pytest.raises(RuntimeError, match="do not nest"),
        fresh_db.transaction(),
    ):
        pass
    with fresh_db.transaction() as cursor:  # the lock was released
        cursor.execute("SELECT 1")


def test_eight_threads_two_hundred_writes_each_lose_nothing(tmp_path: Path) -> None:
    with Database(tmp_path / "threads.duckdb") as database:
        _make_counter(database)
        errors: list[BaseException] = []

        def work() -> None:
            try:
                for _ in range(200):
                    with database.transaction() as cursor:
                        cursor.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert _count(database) == 1600


def test_readers_on_their_own_cursors_run_beside_a_writer(fresh_db: Database) -> None:
    _make_counter(fresh_db)
    seen: list[int] = []
    with fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 7")
        reader = threading.Thread(target=lambda: seen.append(_count(fresh_db)))
        reader.start()
        reader.join(timeout=5)
    assert seen == [0]  # the reader saw the committed state, not the open transaction
    assert _count(fresh_db) == 7


def test_a_file_held_by_another_process_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    Database(path).close()
    with held_by_another_process(path) as pid, pytest.raises(DatabaseLockedError) as caught:
        Database(path)
    assert caught.value.pid == pid
    time.sleep(0.1)
    Database(path).close()  # free again once the other process is gone


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(DatabaseOpenError):
        Database(path)
    assert path.read_text().startswith("these are my notes")


def test_the_default_path_comes_from_handover_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOVER_DB", "/tmp/x.duckdb")
    assert default_db_path() == Path("/tmp/x.duckdb")
    monkeypatch.delenv("HANDOVER_DB")
    assert default_db_path() == Path("data/handover.duckdb")


def test_the_revision_moves_on_every_commit_and_never_on_a_rollback(fresh_db: Database) -> None:
    _make_counter(fresh_db)
    before = fresh_db.revision
    with fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 1")
    assert fresh_db.revision == before + 1
    with pytest.raises(ZeroDivisionError), fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 2")
        raise ZeroDivisionError
    assert fresh_db.revision == before + 1


def test_remembered_values_live_until_the_next_write(fresh_db: Database) -> None:
    _make_counter(fresh_db)
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return _count(fresh_db)

    assert fresh_db.remember("n", count) == 0
    assert fresh_db.remember("n", count) == 0
    assert len(calls) == 1
    with fresh_db.transaction() as cursor:
        cursor.execute("UPDATE counter SET n = 5")
    assert fresh_db.remember("n", count) == 5
    assert len(calls) == 2
