"""A large table save, set-based: the rows are read once, only rows changing what the rules read go
to the rulebook whole, the rest have their values checked; one bad row in 1,000 saves nothing and
names itself; mixed batches, unchanged values and conflicts come out as they always did."""

from __future__ import annotations

import pytest

from bench.synthetic import synthetic_plan
from handover.domain.edits import RowEdit
from handover.store.audit import InvalidChangeError
from handover.store.database import Database
from handover.store.history import history
from handover.store.obligation_writes import save_inline_edits
from handover.store.plan_io import load_plan
from tests.conftest import fingerprint
from tests.store.test_writes import assert_versions_equal_history, row


@pytest.fixture(scope="module")
def plan_1200() -> object:
    return synthetic_plan(1_200)


@pytest.fixture
def big_db(fresh_db: Database, plan_1200: object) -> Database:
    load_plan(fresh_db, plan_1200, actor="test")  # type: ignore[arg-type]
    return fresh_db


def versions(db: Database, ids: list[str]) -> dict[str, int]:
    return dict(
        db.cursor()
        .execute("SELECT id, version FROM obligations WHERE id IN (SELECT unnest(?))", [ids])
        .fetchall()
    )


def code_of(db: Database, obligation_id: str) -> str:
    found = db.cursor().execute("SELECT code FROM obligations WHERE id = ?", [obligation_id])
    return str(found.fetchone()[0])  # type: ignore[index]


@pytest.mark.parametrize(
    ("bad_change", "message"),
    [
        ({"notes": "a bell \x07 rings"}, "notes"),  # checked by its value only
        ({"receiving_owner": "ghost"}, "refers to 'ghost', which does not exist in people"),
    ],
)
def test_a_thousand_edits_with_one_bad_row_save_nothing_and_name_that_row(
    big_db: Database, bad_change: dict[str, object], message: str
) -> None:
    ids = [f"o{i:06d}" for i in range(1_000)]
    seen = versions(big_db, ids)
    edits = [RowEdit(i, seen[i], {"notes": f"note {i}", "priority": "high"}) for i in ids]
    edits[617] = RowEdit(ids[617], seen[ids[617]], bad_change)
    before = fingerprint(big_db)
    with pytest.raises(InvalidChangeError) as caught:
        save_inline_edits(big_db, edits, actor="Anna")
    [problem] = caught.value.problems
    assert problem.render("en").startswith(f"{code_of(big_db, ids[617])}.")
    assert message in problem.render("en")
    assert fingerprint(big_db) == before


def test_a_thousand_note_edits_are_saved_versioned_and_audited_once_each(
    big_db: Database,
) -> None:
    ids = [f"o{i:06d}" for i in range(100, 1_100)]
    seen = versions(big_db, ids)
    result = save_inline_edits(
        big_db, [RowEdit(i, seen[i], {"notes": f"note {i}"}) for i in ids], actor="Anna"
    )
    assert result.saved == ids
    assert versions(big_db, ids) == {i: seen[i] + 1 for i in ids}
    assert row(big_db, ids[5])["notes"] == f"note {ids[5]}"
    [change] = history(big_db, entity_id=ids[5])[:1]
    assert (change.actor, change.after, change.version) == (
        "Anna",
        {"notes": f"note {ids[5]}"},
        seen[ids[5]] + 1,
    )
    assert_versions_equal_history(big_db)


def test_plain_and_judged_rows_conflicts_and_unchanged_values_in_one_save(
    seeded_db: Database,
) -> None:
    save_inline_edits(seeded_db, [RowEdit("helpdesk", 1, {"priority": "high"})], actor="Anna")
    stored = row(seeded_db, "hub-hosting")
    result = save_inline_edits(
        seeded_db,
        [
            RowEdit("helpdesk", 1, {"notes": "stale"}),  # Anna saved it meanwhile: a conflict
            RowEdit("final-report", 1, {"receiving_owner": "dsd-lear", "notes": "to DSD"}),
            RowEdit("hub-hosting", 1, {"status": "done"}),
            RowEdit("yellow-button-site", 1, {"notes": ""}),  # the note it has: nothing to save
        ],
        actor="Bo",
    )
    assert [c.entity_id for c in result.conflicts] == ["helpdesk"]
    assert result.saved == ["final-report", "hub-hosting"]
    final = row(seeded_db, "final-report")
    assert (final["receiving_owner"], final["handover_state"], final["notes"]) == (
        "dsd-lear",
        "proposed",
        "to DSD",
    )
    hub = row(seeded_db, "hub-hosting")
    assert (hub["status"], hub["version"]) == ("done", 2)
    assert hub["receiving_owner"] == stored["receiving_owner"]  # left as it was
    assert row(seeded_db, "helpdesk")["notes"] != "stale"
    assert row(seeded_db, "yellow-button-site")["version"] == 1
    [change] = history(seeded_db, entity_id="hub-hosting")
    assert (change.before, change.after) == ({"status": "in_progress"}, {"status": "done"})
    assert_versions_equal_history(seeded_db)


def test_one_bad_value_pasted_over_many_rows_is_named_at_every_row(big_db: Database) -> None:
    # A value given to many rows is checked once (the batch remembers what passed); one that
    # fails is not remembered, so each row still reports it under its own code.
    ids = [f"o{i:06d}" for i in range(0, 300, 100)]
    seen = versions(big_db, ids)
    edits = [RowEdit(i, seen[i], {"notes": "a bell \x07 rings", "priority": "high"}) for i in ids]
    before = fingerprint(big_db)
    with pytest.raises(InvalidChangeError) as caught:
        save_inline_edits(big_db, edits, actor="Anna")
    named = [problem.render("en").split(".")[0] for problem in caught.value.problems]
    assert named == [code_of(big_db, i) for i in ids]
    assert fingerprint(big_db) == before


def test_a_row_whose_edit_repeats_one_of_its_values_is_audited_with_the_other_only(
    big_db: Database,
) -> None:
    ids = ["o000001", "o000002"]
    seen = versions(big_db, ids)
    notes, priority = big_db.cursor().execute(
        "SELECT notes, priority FROM obligations WHERE id = 'o000001'"
    ).fetchone() or ("", "")
    other = "low" if priority == "high" else "high"
    result = save_inline_edits(
        big_db,
        [
            RowEdit("o000001", seen["o000001"], {"notes": notes, "priority": other}),
            RowEdit("o000002", seen["o000002"], {"notes": "new", "priority": "high"}),
        ],
        actor="Anna",
    )
    assert result.saved == ids
    [first] = history(big_db, entity_id="o000001")[:1]
    [second] = history(big_db, entity_id="o000002")[:1]
    assert (first.before, first.after) == ({"priority": priority}, {"priority": other})
    assert second.after == {"notes": "new", "priority": "high"}
    assert_versions_equal_history(big_db)
