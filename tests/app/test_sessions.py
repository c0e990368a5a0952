"""Several AppTest sessions, driven in turn, editing the same rows: every attempt is either saved or
reported as a conflict, versions equal history rows, the final values are the last ones in the
history, and the history is an unbroken chain (no save ever started from a stale value)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from handover.store.database import Database
from tests.app.conftest import MakeApp, current_editor

TARGETS = ("XS-20", "XS-19", "XS-11")
ROUNDS = 8


def test_round_robin_sessions_never_overwrite_silently(
    make_app: MakeApp, seeded_file: Path
) -> None:
    rng = random.Random(2027)
    names = ("Anna", "Bo", "Carl", "Dorte")
    sessions = {
        name: make_app(page="obligations", name=name, lang=rng.choice(["da", "en"]))
        for name in names
    }
    attempts = saved = conflicts = 0
    for round_number in range(ROUNDS):
        order = list(names)
        rng.shuffle(order)
        # Everyone edits what they see now ...
        for name in order:
            app = sessions[name]
            frame = app.session_state["register_frozen"]
            code = rng.choice(TARGETS)
            row = list(frame["code"]).index(code)
            app.session_state[current_editor(app, "register_editor")] = {
                "edited_rows": {row: {"notes": f"{name} r{round_number}"}},
                "added_rows": [],
                "deleted_rows": [],
            }
            app.run()
        # ... then they save, one after another.
        for name in order:
            app = sessions[name]
            app.button(key="save_table").click().run()
            assert not app.exception
            attempts += 1
            pending = app.session_state["register_conflicts"]
            if pending:
                conflicts += len(pending)
                app.button(key="drop_0").click().run()  # keep theirs, move on
            else:
                saved += 1
    with Database(seeded_file) as database:
        cursor = database.cursor()
        history_rows = cursor.execute(
            "SELECT count(*) FROM audit_log WHERE entity = 'obligation' AND action = 'update'"
        ).fetchone()[0]
        version_steps = cursor.execute(
            "SELECT sum(version - 1) FROM obligations WHERE code IN (?, ?, ?)", list(TARGETS)
        ).fetchone()[0]
        chains = cursor.execute(
            """
            SELECT o.code, o.notes, a.before_value, a.after_value, a.version
            FROM audit_log a JOIN obligations o ON o.id = a.entity_id
            WHERE a.entity = 'obligation' ORDER BY o.code, a.id
            """
        ).fetchall()
    print(
        f"\nsessions={len(names)} attempts={attempts} saved={saved} conflicts={conflicts} "
        f"history_rows={history_rows} version_steps={version_steps}"
    )
    assert saved + conflicts == attempts
    assert history_rows == saved == version_steps
    assert conflicts > 0  # the interleaving really did race
    previous: dict[str, tuple[str, int]] = {}
    for code, _final, before, after, version in chains:
        before_notes = json.loads(before).get("notes")
        if code in previous:
            last_after, last_version = previous[code]
            assert before_notes == last_after, f"{code}: a save started from a stale value"
            assert version == last_version + 1
        previous[code] = (json.loads(after).get("notes"), version)
    for code, final_notes, *_ in chains:
        assert final_notes == previous[code][0]  # the final value is the last in the history
