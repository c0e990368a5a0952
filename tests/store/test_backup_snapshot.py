"""Backups are snapshots: the plan document is read in one transaction, so a backup taken while
others write always restores. `python bench/backup_stress.py` prints the same figure."""

from __future__ import annotations

from bench import backup_stress
from handover.domain.access import Identity, Role
from handover.domain.edits import RowEdit
from handover.store import guarded
from handover.store.database import Database
from handover.store.plan_io import read_obligation, read_plan


def test_a_snapshot_does_not_see_a_write_committed_while_it_is_open(seeded_db: Database) -> None:
    target = next(o for o in read_plan(seeded_db).obligations if not o.deleted)
    found = read_obligation(seeded_db, target.id)
    assert found is not None
    who = Identity(name="Skribent", role=Role.FACILITATOR)
    with seeded_db.snapshot() as cursor:
        sql = "SELECT notes FROM obligations WHERE id = ?"
        before = cursor.execute(sql, [target.id]).fetchall()
        saved = guarded.save_inline_edits(
            seeded_db, who, [RowEdit(target.id, found[1], {"notes": "skrevet imens"})]
        )
        assert saved.saved == [target.id]
        assert cursor.execute(sql, [target.id]).fetchall() == before
    after = read_obligation(seeded_db, target.id)
    assert after is not None and after[0].notes == "skrevet imens"


def test_every_backup_taken_during_a_stream_of_writes_restores() -> None:
    result = backup_stress.run()
    print(
        f"\nbackups taken {result.backups} / unrestorable {result.unrestorable} "
        f"(writes meanwhile {result.writes}, {result.seconds:.1f} s)"
    )
    assert result.backups >= 100
    assert result.writes > 0, "the writer must have written while the backups were taken"
    assert result.unrestorable == 0, result.failures
