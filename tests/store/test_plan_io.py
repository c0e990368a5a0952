"""A plan goes into the database in one transaction and comes back out unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import duckdb
import pytest

from handover.domain.plan import PlanError, dump_plan, parse_plan, parse_plan_json
from handover.store import plan_io
from handover.store.database import Database
from handover.store.plan_io import PlanNotEmptyError, is_empty, load_plan, plan_counts, read_plan
from handover.store.seed import SEEDS, load_seed, seed_plan
from tests.conftest import fingerprint


def test_export_import_into_an_empty_database_export_gives_the_same_document(
    seeded_db: Database, fresh_db: Database
) -> None:
    with Database(":memory:") as other:
        first = dump_plan(read_plan(seeded_db))
        load_plan(other, parse_plan_json(first), actor="test")
        assert dump_plan(read_plan(other)) == first


def test_the_stored_plan_equals_the_seed_file(seeded_db: Database) -> None:
    assert dump_plan(read_plan(seeded_db)) == dump_plan(seed_plan("xshare"))


def test_loading_the_seed_twice_leaves_the_same_rows(seeded_db: Database) -> None:
    before = dump_plan(read_plan(seeded_db))
    load_seed(seeded_db, "xshare")
    assert dump_plan(read_plan(seeded_db)) == before
    assert plan_counts(seeded_db)["obligations"] == 26


def test_loading_writes_one_audit_entry_with_the_counts(seeded_db: Database) -> None:
    rows = (
        seeded_db.cursor()
        .execute("SELECT actor, entity, action, after_value FROM audit_log")
        .fetchall()
    )
    assert len(rows) == 1
    actor, entity, action, after = rows[0]
    assert (actor, entity, action) == ("seed", "plan", "replace")
    assert json.loads(after)["obligations"] == 26


def test_loading_into_a_database_that_holds_a_plan_is_refused_and_writes_nothing(
    seeded_db: Database,
) -> None:
    before = fingerprint(seeded_db)
    with pytest.raises(PlanNotEmptyError):
        load_plan(seeded_db, seed_plan("xshare"), actor="test")
    assert fingerprint(seeded_db) == before


def test_a_plan_that_breaks_the_rulebook_is_never_written(fresh_db: Database) -> None:
    plan = seed_plan("xshare")
    broken = replace(plan, people=(*plan.people, plan.people[0]))  # duplicate id
    with pytest.raises(PlanError, match="already used by people"):
        load_plan(fresh_db, broken, actor="test")
    assert is_empty(fresh_db)
    assert fresh_db.cursor().execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


def test_a_failing_insert_rolls_back_the_whole_load(
    fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last table's INSERT fails (as a constraint would): the earlier tables are gone too."""
    plan = seed_plan("xshare")
    real = plan_io._arrow

    def failing(records: Any, columns: Any) -> Any:
        if columns is plan_io._TABLES["risks"]:
            raise duckdb.ConstraintException("simulated")
        return real(records, columns)

    monkeypatch.setattr(plan_io, "_arrow", failing)
    with pytest.raises(duckdb.ConstraintException):
        load_plan(fresh_db, plan, actor="test")
    assert is_empty(fresh_db)
    assert fresh_db.cursor().execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


def test_an_empty_database_is_empty_and_a_seeded_one_is_not(fresh_db: Database) -> None:
    assert is_empty(fresh_db)
    load_seed(fresh_db, "xshare")
    assert not is_empty(fresh_db)


def test_text_with_quotes_newlines_and_danish_letters_survives(fresh_db: Database) -> None:
    document = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))
    tricky = 'Æble "ø" ; å\r\nnew line\ttab =1+1 \\ % _'
    document["obligations"][0]["notes"] = tricky
    document["obligations"][0]["evidence"] = ["https://example.org/å?x=1", tricky]
    document["obligations"][0]["amount_eur"] = 1234567.89
    load_plan(fresh_db, parse_plan(document), actor="test")
    stored = {o.id: o for o in read_plan(fresh_db).obligations}["final-report"]
    assert stored.notes == tricky
    assert stored.evidence == ("https://example.org/å?x=1", tricky)
    assert stored.amount_eur == 1234567.89
