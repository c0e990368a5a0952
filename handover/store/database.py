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
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb

from handover.store import changes as change_log
from handover.store.changes import Changes, Reads

DEFAULT_DB = Path("data") / "handover.duckdb"
MEMO_SIZE = 256
# Committed writes remembered for checking memos against (older memos are simply recomputed).
CHANGE_LOG_SIZE = 4096
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


@dataclass
class _Memo:
    revision: int  # the revision it is known to be current at
    value: Any
    reads: Reads | None


@dataclass
class _Flight:
    """One computation of a key in progress: later callers at the same revision wait for it."""

    revision: int
    reads: Reads | None
    thread: int
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


# Cursor methods that only read or manage the cursor; anything else on a write cursor counts as a
# change of everything (e.g. `.sql("INSERT ...")`, `.append(...)`).
_QUIET = frozenset(
    {
        "fetchone", "fetchall", "fetchmany", "fetchdf", "df", "fetchnumpy", "fetch_arrow_table",
        "arrow", "description", "rowcount", "register", "unregister", "close",
    }
)  # fmt: skip


class _RecordingCursor:
    """A write transaction's cursor that notes what each statement changes."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor
        self.changed: Changes | None = {}

    def execute(self, query: str, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        self.changed = change_log.merge(self.changed, change_log.written_by(query))
        return self._cursor.execute(query, *args, **kwargs)

    def executemany(self, query: str, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        self.changed = change_log.merge(self.changed, change_log.written_by(query))
        return self._cursor.executemany(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name not in _QUIET:
            self.changed = change_log.EVERYTHING
        return getattr(self._cursor, name)


_TABLE_READ = re.compile(
    r'(?i)\b(?:FROM|JOIN)\s+"?(?:main\.)?"?([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()'
)


class UndeclaredReadError(AssertionError):
    """A memo's computation read a table its `reads` leave out (raised only when checking)."""


class _CheckingCursor:
    """A cursor that refuses queries reading tables the running memo did not declare."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, reads: Reads, tables: frozenset[str]):
        self._cursor = cursor
        self._reads = reads
        self._tables = tables

    def _check(self, query: str) -> None:
        read = {name.lower() for name in _TABLE_READ.findall(query)} & self._tables
        if missing := read - set(self._reads):
            raise UndeclaredReadError(f"memo reads {sorted(missing)} undeclared: {query[:200]}")

    def execute(self, query: str, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        self._check(query)
        return self._cursor.execute(query, *args, **kwargs)

    def sql(self, query: str, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyRelation:
        self._check(query)
        return self._cursor.sql(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class Database:
    """The process's one connection to a plan database, migrated on open."""

    def __init__(
        self, path: str | Path, *, migrate: bool = True, check_reads: bool | None = None
    ) -> None:
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
        # write in it goes through `transaction`, so equal revisions mean unchanged data. What each
        # revision changed is logged: a memo survives writes to what it does not read.
        self.revision = 0
        self._changes: list[Changes | None] = []  # the change of revision r at r - _first
        self._first = 1
        self._memo: OrderedDict[Hashable, _Memo] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._memo_lock = threading.Lock()
        # Tests check that memos read only the tables they declare (HANDOVER_CHECK_READS=1).
        self.check_reads = (
            os.environ.get("HANDOVER_CHECK_READS") == "1" if check_reads is None else check_reads
        )
        if migrate:
            from handover.store.migrations import apply_migrations

            apply_migrations(self)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one thread or one script run; reads need no lock."""
        cursor = self._connection.cursor()
        flight = getattr(self._inside, "flight", None)
        if self.check_reads and flight is not None and flight.reads is not None:
            tables = frozenset(
                name
                for (name,) in cursor.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            )
            return cast(duckdb.DuckDBPyConnection, _CheckingCursor(cursor, flight.reads, tables))
        return cursor

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
            recording = _RecordingCursor(cursor)
            try:
                cursor.execute("BEGIN TRANSACTION")
                try:
                    yield cast(duckdb.DuckDBPyConnection, recording)
                    try:
                        cursor.execute("SELECT 1")
                    except duckdb.Error as error:
                        raise TransactionAbortedError(str(error)) from error
                    cursor.execute("COMMIT")
                    self._committed(recording.changed)
                except BaseException:
                    # If DuckDB already ended the transaction, the original error is what matters.
                    with contextlib.suppress(duckdb.Error):
                        cursor.execute("ROLLBACK")
                    raise
            finally:
                cursor.close()
                self._inside.transaction = False

    def _committed(self, changed: Changes | None) -> None:
        with self._memo_lock:
            self.revision += 1
            self._changes.append(changed)
            if len(self._changes) > CHANGE_LOG_SIZE:
                drop = len(self._changes) - CHANGE_LOG_SIZE
                del self._changes[:drop]
                self._first += drop

    def _current(self, memo: _Memo) -> bool:
        """Whether no write since `memo.revision` touched what it reads (under the memo lock)."""
        if memo.revision == self.revision:
            return True
        if memo.revision + 1 < self._first:
            return False  # older than the change log: not known
        for change in self._changes[memo.revision + 1 - self._first :]:
            if change_log.touches(change, memo.reads):
                return False
        memo.revision = self.revision  # checked up to here; later checks start from now
        return True

    def remember(
        self, key: Hashable, compute: Callable[[], T], *, reads: Iterable[str] | None = None
    ) -> T:
        """`compute()`, reused until a committed write changes what it reads (the last `MEMO_SIZE`
        keys kept).

        `reads` names the tables (`"people"`) and columns (`"obligations.status"`) the computation
        depends on; without it, any write makes it stale. One computation per key at a time:
        callers arriving meanwhile wait for its value (or its exception; then nothing is kept).
        Callers must treat the result as read-only; reruns of a page that changed nothing then
        cost no query at all.
        """
        declared = None if reads is None else change_log.reads_of(reads)
        outer = getattr(self._inside, "flight", None)
        if outer is not None and not change_log.covers(outer.reads, declared):
            # A memo reading more than the one computing it declares could go stale unseen.
            raise ValueError(f"memo {key!r} reads what the memo using it does not declare")
        with self._memo_lock:
            hit = self._memo.get(key)
            if hit is not None and self._current(hit):
                self._memo.move_to_end(key)
                return cast(T, hit.value)
            flight = self._flights.get(key)
            me = threading.get_ident()
            # Join a computation only if it began at this revision (it then sees every write this
            # caller has seen) and it is not this thread's own (a key computing itself).
            leader = flight is None or flight.revision != self.revision or flight.thread == me
            if leader:
                flight = _Flight(self.revision, declared, me)
                self._flights[key] = flight
        assert flight is not None
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return cast(T, flight.value)
        self._inside.flight, before = flight, outer
        try:
            value = compute()
        except BaseException as error:
            flight.error = error
            raise
        else:
            flight.value = value
        finally:
            self._inside.flight = before
            with self._memo_lock:
                if self._flights.get(key) is flight:
                    del self._flights[key]
                if flight.error is None:
                    # Tagged with the revision read *before* computing: a write that landed
                    # meanwhile makes this entry stale at once, never a stale value served as
                    # fresh. A newer entry of the same key is not replaced by an older one.
                    known = self._memo.get(key)
                    if known is None or known.revision <= flight.revision:
                        self._memo[key] = _Memo(flight.revision, flight.value, declared)
                        self._memo.move_to_end(key)
                        while len(self._memo) > MEMO_SIZE:
                            self._memo.popitem(last=False)
            flight.done.set()
        return value

    def remember_updating(
        self, key: Hashable, update: Callable[[T | None], T], *, reads: Iterable[str]
    ) -> T:
        """`remember`, for a value that can be brought up to date from an older one: a
        recomputation calls `update` with the value a write made stale (None when there is none
        or it was evicted). `update` must give the same as from None, whatever it is passed."""
        with self._memo_lock:
            known = self._memo.get(key)
        stale = None if known is None else cast(T, known.value)
        return self.remember(key, lambda: update(stale), reads=reads)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
