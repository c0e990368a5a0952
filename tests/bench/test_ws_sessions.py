"""The websocket bench's client speaks Streamlit's protocol to a real server: a reader's live
fragment reruns only itself while nothing changed, and the whole page after a write made through
the register's editor, which reaches the database."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bench import ws_sessions
from bench.ws_sessions import OVERVIEW, Session
from handover.store.database import Database

SIZE = 60  # obligations: a server that starts and reruns in moments


async def _timer_fires(port: int) -> str:
    """A fresh session loads the Oversigt, then its live fragment's timer fires once."""
    session = await Session.open(port)
    try:
        loaded = await session.load(OVERVIEW)
        assert loaded.status == "FINISHED_SUCCESSFULLY"
        assert session.live_fragment and session.page_hash
        await session.send_rerun(OVERVIEW, fragment=session.live_fragment)
        return (await session.finish(full=False)).status
    finally:
        await session.close()


def test_readers_rerun_only_the_live_fragment_until_a_write_then_the_whole_page(
    tmp_path: Path,
) -> None:
    with ws_sessions.serving(tmp_path, SIZE) as (port, pid, db_path):
        assert asyncio.run(_timer_fires(port)) == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
        bursts = asyncio.run(ws_sessions.measure(port, pid, [1, 2], rounds=1))
    # A burst ends when each reader's full rerun has finished (a fragment run alone fails it).
    assert {key: [len(b.latencies) for b in measured] for key, measured in bursts.items()} == {
        (1, "status edit"): [1],
        (1, "nothing changed"): [1],
        (1, "live timer only"): [1],
        (2, "status edit"): [2],
        (2, "nothing changed"): [2],
        (2, "live timer only"): [2],
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
    assert len(changes) == 2  # one status edit per write burst, nothing in the quiet ones
    assert all(
        json.loads(before)["status"] != json.loads(after)["status"] for before, after in changes
    )
