"""The websocket bench's client speaks Streamlit's protocol to a real server: a reader's live
fragment reruns only itself when nothing changed, and the whole page after another session's write."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bench import ws_sessions
from bench.ws_sessions import OVERVIEW, Session
from handover.store.database import Database

SIZE = 60  # obligations: a server that starts and reruns in moments


def test_a_live_fragment_with_nothing_changed_reruns_only_itself(tmp_path: Path) -> None:
    async def timer_fires(port: int) -> str:
        session = await Session.open(port)
        try:
            loaded = await session.load(OVERVIEW)
            assert loaded.status == "FINISHED_SUCCESSFULLY"
            assert session.live_fragment and session.page_hash
            await session.send_rerun(OVERVIEW, fragment=session.live_fragment)
            return (await session.finish(full=False)).status
        finally:
            await session.close()

    with ws_sessions.serving(tmp_path, SIZE) as (port, _, _):
        assert asyncio.run(timer_fires(port)) == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"


def test_each_status_edit_is_saved_and_every_reader_reruns_the_whole_page(tmp_path: Path) -> None:
    with ws_sessions.serving(tmp_path, SIZE) as (port, pid, db_path):
        bursts = asyncio.run(ws_sessions.measure(port, pid, [1, 2], rounds=2))
    # A burst ends when each reader's full rerun has finished (a fragment run alone fails it).
    assert {count: [len(b.latencies) for b in measured] for count, measured in bursts.items()} == {
        1: [1, 1],
        2: [2, 2],
    }
    assert all(ms > 0 for measured in bursts.values() for b in measured for ms in b.latencies)
    with Database(db_path) as database:
        changes = (
            database.cursor()
            .execute(
                "SELECT before_value, after_value FROM audit_log"
                " WHERE entity = 'obligation' AND action = 'update' ORDER BY id"
            )
            .fetchall()
        )
    assert len(changes) == 4
    assert all(
        json.loads(before)["status"] != json.loads(after)["status"] for before, after in changes
    )
