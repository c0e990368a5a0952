"""Shared fixtures: a pinned "today", fresh and seeded databases, and a fingerprint of a database
that tests compare before and after bad input ("nothing was written")."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from handover.domain.plan import dump_plan
from handover.store.database import Database
from handover.store.plan_io import read_plan
from handover.store.seed import load_seed

TODAY = "2026-11-25"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs on 25.11.2026, the day the countdowns in the tests are written for."""
    monkeypatch.setenv("HANDOVER_TODAY", TODAY)
    # Every memo that declares what it reads is held to it (store/database.py).
    monkeypatch.setenv("HANDOVER_CHECK_READS", "1")
    monkeypatch.delenv("HANDOVER_LANG", raising=False)


@pytest.fixture
def fresh_db() -> Iterator[Database]:
    """An empty, migrated in-memory database."""
    with Database(":memory:") as database:
        yield database


@pytest.fixture
def seeded_db(fresh_db: Database) -> Database:
    """An in-memory database holding the xShare plan."""
    load_seed(fresh_db, "xshare")
    return fresh_db


@pytest.fixture
def seeded_file(tmp_path: Path) -> Path:
    """A database file holding the xShare plan, closed so that another process may open it."""
    path = tmp_path / "plan.duckdb"
    with Database(path) as database:
        load_seed(database, "xshare")
    return path


def fingerprint(database: Database) -> str:
    """Everything a user could lose: the plan document plus the audit log."""
    audit = (
        database.cursor()
        .execute(
            "SELECT actor, entity, entity_id, action, before_value, after_value FROM audit_log ORDER BY id"
        )
        .fetchall()
    )
    return dump_plan(read_plan(database)) + json.dumps(audit, default=str)


def file_fingerprint(path: Path) -> str:
    with Database(path) as database:
        return fingerprint(database)


@contextmanager
def held_by_another_process(path: Path) -> Iterator[int]:
    """Another process opens the database file and keeps it; yields that process's PID."""
    script = f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ok"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()
