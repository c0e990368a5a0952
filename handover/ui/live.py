"""Live: every open session shows what others changed within `LIVE_SECONDS`.

A fragment reruns on its own every `LIVE_SECONDS` and only reads `Database.revision`, a counter
the store bumps on each committed write (no query). When it moved since this session last drew
the page, the fragment asks for one full rerun; otherwise nothing else runs. Pages are not rerun
on a timer.
"""

from __future__ import annotations

import streamlit as st

from handover.ui.db import database
from handover.ui.i18n import t

LIVE_SECONDS = 2.0
SEEN_KEY = "live_seen_revision"


def changed_since(seen: int | None, now: int) -> bool:
    return seen is not None and now != seen


def mark_drawn() -> None:
    """Called at the top of every full run: this session has now seen the plan at this
    revision (its own writes, made during the run, move it on and cause one more rerun)."""
    st.session_state[SEEN_KEY] = database().revision


@st.fragment(run_every=LIVE_SECONDS)
def watch() -> None:
    now = database().revision
    if changed_since(st.session_state.get(SEEN_KEY), now):
        st.session_state[SEEN_KEY] = now
        st.rerun(scope="app")
    st.caption(t("live.on", seconds=f"{LIVE_SECONDS:g}"))
