"""Versions never go back: after a restore (or `import-json --replace`) every row continues above
any version issued before, so a dialog, a table row or an undo from before the restore is stale and
refused as a conflict, with the database unchanged — however many edits follow the restore.

Run with `-s` to print the figure for the closing note: stale writes tried / refused.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from handover.domain.access import Identity, Role
from handover.domain.edits import RowEdit
from handover.domain.model import Obligation
from handover.domain.plan import Plan
from handover.store import guarded
from handover.store.database import Database
from handover.store.migrations import VERSIONED_TABLES
from handover.store.plan_io import read_obligation, read_plan
from handover.store.seed import load_seed
from tests.conftest import fingerprint

FACILITATOR = Identity(name="Fie Facilitator", role=Role.FACILITATOR)
EDITS_AFTER_RESTORE = 4  # a stale write is tried after each of these; old code matched at edit 2


def _version(db: Database, obligation_id: str) -> int:
    found = read_obligation(db, obligation_id)
    assert found is not None
    return found[1]


def _note(db: Database, obligation_id: str, notes: str) -> None:
    edit = RowEdit(obligation_id, _version(db, obligation_id), {"notes": notes})
    result = guarded.save_inline_edits(db, FACILITATOR, [edit])
    assert result.saved == [obligation_id], result


def _target(db: Database) -> Obligation:
    return next(o for o in read_plan(db).obligations if not o.deleted)


def _restore(db: Database, backup: Plan) -> None:
    guarded.restore_plan(db, FACILITATOR, backup, source="backup.json")


StaleWrite = Callable[[Database], bool]  # True when refused with the database unchanged


def _scenario(make_stale: Callable[[Database, Obligation], StaleWrite]) -> tuple[int, int]:
    """Seed, back up, let the stale view be taken (it may edit before the restore), restore, then
    after the restore and after each later edit try the stale write. Returns (tried, refused)."""
    with Database(":memory:") as db:
        load_seed(db, "xshare")
        target = _target(db)
        backup = read_plan(db)
        stale = make_stale(db, target)
        _restore(db, backup)
        tried = refused = 0
        for edit in range(EDITS_AFTER_RESTORE + 1):
            if edit:
                _note(db, target.id, f"efter gendannelsen {edit}")
            tried += 1
            refused += stale(db)
        return tried, refused


def _stale_dialog(db: Database, target: Obligation) -> StaleWrite:
    """A dialog opened after two edits (version 3), saved after the restore."""
    _note(db, target.id, "før 1")
    _note(db, target.id, "før 2")
    seen = _version(db, target.id)
    form = target.model_copy(update={"notes": "fra den gamle dialog"})

    def save(db: Database) -> bool:
        before = fingerprint(db)
        with pytest.raises(guarded.ConflictError):
            guarded.save_obligation(db, FACILITATOR, form, version=seen, predecessors=[])
        return fingerprint(db) == before

    return save


def _stale_inline_edit(db: Database, target: Obligation) -> StaleWrite:
    """A table shown at version 2, its edit saved after the restore."""
    _note(db, target.id, "før")
    seen = _version(db, target.id)

    def save(db: Database) -> bool:
        before = fingerprint(db)
        result = guarded.save_inline_edits(
            db, FACILITATOR, [RowEdit(target.id, seen, {"notes": "fra den gamle tabel"})]
        )
        return result.saved == [] and len(result.conflicts) == 1 and fingerprint(db) == before

    return save


def _stale_undo(db: Database, target: Obligation) -> StaleWrite:
    """A change made before the restore, undone after it (it would wipe the later edits)."""
    _note(db, target.id, "før")
    change = guarded.history(db, entity_id=target.id, limit=1)[0]

    def undo(db: Database) -> bool:
        before = fingerprint(db)
        with pytest.raises(guarded.UndoRefusedError) as refused:
            guarded.undo_change(db, FACILITATOR, change.id)
        assert refused.value.key == "undo.restored_since"
        return fingerprint(db) == before

    return undo


SCENARIOS = {
    "stale dialog save": _stale_dialog,
    "inline edit at a version reached again": _stale_inline_edit,
    "undo of a change made before the restore": _stale_undo,
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_write_from_before_a_restore_is_refused_and_changes_nothing(name: str) -> None:
    tried, refused = _scenario(SCENARIOS[name])
    print(f"{name}: stale writes tried {tried} / refused {refused}")
    assert tried == refused == EDITS_AFTER_RESTORE + 1


def test_the_undo_refusal_says_when_the_plan_was_restored(seeded_db: Database) -> None:
    target = _target(seeded_db)
    backup = read_plan(seeded_db)
    _note(seeded_db, target.id, "før")
    change = guarded.history(seeded_db, entity_id=target.id, limit=1)[0]
    _restore(seeded_db, backup)
    restored_at = guarded.history(seeded_db, limit=1)[0].changed_at
    with pytest.raises(guarded.UndoRefusedError) as refused:
        guarded.undo_change(seeded_db, FACILITATOR, change.id)
    from handover.domain.text import text

    message = text(refused.value.key, "en", **refused.value.params)
    assert message.startswith(f"the plan was restored on {restored_at:%d.%m.%Y %H:%M}")
    assert "after this change" in message


def test_every_row_after_a_restore_is_above_any_version_issued_before(seeded_db: Database) -> None:
    target = _target(seeded_db)
    backup = read_plan(seeded_db)
    for n in range(3):
        _note(seeded_db, target.id, f"før {n}")
    cursor = seeded_db.cursor()

    def versions() -> list[int]:
        return [
            version
            for table in VERSIONED_TABLES
            for (version,) in cursor.execute(f"SELECT version FROM {table}").fetchall()
        ]

    highest = max(versions())
    _restore(seeded_db, backup)
    assert min(versions()) > highest
    # and again: a second restore goes above the first one's rows and their later edits
    _note(seeded_db, target.id, "efter")
    highest = max(versions())
    _restore(seeded_db, backup)
    assert min(versions()) > highest


def test_a_restore_goes_above_versions_of_rows_it_removed() -> None:
    """Rows the restored plan lacks are gone, with no history entry of their restore version:
    the floor kept in the database still lifts the next restore above them."""
    with Database(":memory:") as db:
        load_seed(db, "xshare")
        full = read_plan(db)
        target = _target(db)
        for n in range(3):
            _note(db, target.id, f"før {n}")
        seen = _version(db, target.id)
        _restore(db, Plan(organisations=full.organisations))  # the obligation is gone
        _restore(db, full)  # and back, at a version above anything issued before
        assert _version(db, target.id) > seen


def test_a_fresh_write_after_a_restore_is_saved(seeded_db: Database) -> None:
    """The refusals above are about staleness, not about restored rows being frozen."""
    target = _target(seeded_db)
    _restore(seeded_db, read_plan(seeded_db))
    _note(seeded_db, target.id, "ny note efter gendannelsen")
    found = read_obligation(seeded_db, target.id)
    assert found is not None and found[0].notes == "ny note efter gendannelsen"


def test_a_new_database_starts_rows_at_version_one(seeded_db: Database) -> None:
    assert {
        version
        for table in VERSIONED_TABLES
        for (version,) in seeded_db.cursor().execute(f"SELECT version FROM {table}").fetchall()
    } == {1}


def test_figures_stale_writes_tried_and_refused_after_restore() -> None:
    """The closing note's figure: every scenario, every attempt."""
    totals = [_scenario(make) for make in SCENARIOS.values()]
    tried, refused = sum(t for t, _ in totals), sum(r for _, r in totals)
    print(f"\nstale writes tried {tried} / refused after restore {refused}")
    assert tried == refused
