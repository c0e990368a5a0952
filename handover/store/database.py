"""One DuckDB connection per process, a cursor per caller, one write lock, rollback on any error.

DuckDB's pitfalls (../shared/pitfalls.md) shape this: a connection is not thread-safe, so every
script run gets its own cursor; concurrent writers conflict, so every write goes through one
process-wide lock in a short explicit transaction; COMMIT on an aborted transaction silently
discards the work, so the transaction is probed before it commits.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb

DEFAULT_DB = Path("data") / "handover.duckdb"
MEMO_SIZE = 256
_INSTANCES = itertools.count(1)
T = TypeVar("T")


def default_db_path() -> Path:
    """`HANDOVER_DB` when set, else `data/handover.duckdb` (relative to the working directory)."""
    configured = os.environ.get("HANDOVER_DB", "").strip()
    return Path(configured) if configured else DEFAULT_DB


class DatabaseOpenError(RuntimeError):
    """The database file cannot be opened (corrupt, not a DuckDB file, unreadable folder, ...)."""

    def __init__(self, path: str, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(f"cannot open {path}: {why}")


class DatabaseLockedError(DatabaseOpenError):
    """Another process holds the database file; DuckDB allows one writing process only."""

    def __init__(self, path: str, why: str, pid: int | None) -> None:
        super().__init__(path, why)
        self.pid = pid


class TransactionAbortedError(RuntimeError):
    """The transaction failed inside DuckDB; its work was rolled back, nothing was committed."""


_LOCK_HOLDER = re.compile(r"PID (\d+)")


class Database:
    """The process's one connection to a plan database, migrated on open."""

    def __init__(self, path: str | Path, *, migrate: bool = True) -> None:
        self.instance = next(_INSTANCES)  # unique per object, unlike id(): keys caches
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = duckdb.connect(self.path)
        except duckdb.IOException as error:
            message = str(error)
            if "lock" in message.lower():
                holder = _LOCK_HOLDER.search(message)
                raise DatabaseLockedError(
                    self.path, message, int(holder.group(1)) if holder else None
                ) from error
            raise DatabaseOpenError(self.path, message) from error
        except duckdb.Error as error:
            raise DatabaseOpenError(self.path, str(error)) from error
        self._write_lock = threading.Lock()
        self._inside = threading.local()
        # Bumped after every committed write. One process owns the file (DuckDB's lock), and every
        # write in it goes through `transaction`, so equal revisions mean unchanged data.
        self.revision = 0
        self._memo: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._memo_lock = threading.Lock()
        if migrate:
            from handover.store.migrations import apply_migrations

            apply_migrations(self)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one thread or one script run; reads need no lock."""
        return self._connection.cursor()

    @contextmanager
    def snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own inside one read transaction: every query on it sees the same
        committed state (DuckDB's snapshot isolation), whatever other threads commit meanwhile.

        Takes no lock, so writers are not held up; whatever the caller does, it is rolled back.
        """
        cursor = self._connection.cursor()
        try:
            cursor.execute("BEGIN TRANSACTION")
            yield cursor
        finally:
            with contextlib.suppress(duckdb.Error):
                cursor.execute("ROLLBACK")
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write transaction under the process-wide lock; any error rolls everything back.

        Before COMMIT the transaction is probed: DuckDB would otherwise "commit" an aborted
        transaction without error and silently discard its work.
        """
        if getattr(self._inside, "transaction", False):
            # A nested call would be a second, independent transaction on another cursor.
            raise RuntimeError("transactions do not nest; pass the cursor down instead")
        with self._write_lock:
            self._inside.transaction = True
            cursor = self._connection.cursor()
            try:
                cursor.execute("BEGIN TRANSACTION")
                try:
                    yield cursor
                    try:
                        cursor.execute("SELECT 1")
                    except duckdb.Error as error:
                        raise TransactionAbortedError(str(error)) from error
                    cursor.execute("COMMIT")
                    self.revision += 1
                except BaseException:
                    # If DuckDB already ended the transaction, the original error is what matters.
                    with contextlib.suppress(duckdb.Error):
                        cursor.execute("ROLLBACK")
                    raise
            finally:
                cursor.close()
                self._inside.transaction = False

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, reused until the next committed write (the last `MEMO_SIZE` keys kept).

        Callers must treat the result as read-only; reruns of a page that changed nothing then
        cost no query at all.
        """
        revision = self.revision
        with self._memo_lock:
            hit = self._memo.get(key)
            if hit is not None and hit[0] == revision:
                self._memo.move_to_end(key)
                return cast(T, hit[1])
        value = compute()
        with self._memo_lock:
            # Tagged with the revision read *before* computing: a write that lands meanwhile makes
            # this entry stale at once, never a stale value served as fresh.
            self._memo[key] = (revision, value)
            self._memo.move_to_end(key)
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
