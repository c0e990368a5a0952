"""Historik: every change with who, when, before and after; filtered by obligation, person and
date; a change can be undone (the undo is itself a change) unless the row changed since."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from handover.domain.access import AccessDeniedError, Action, Identity
from handover.domain.dates import today
from handover.store import guarded, queries
from handover.store.database import Database
from handover.store.guarded import UndoRefusedError, history
from handover.ui.db import database
from handover.ui.editing import actor, ask_for_name, can, describe, readable_values
from handover.ui.i18n import plain, t
from handover.ui.tables import show_table

OUTCOME = "history_outcome"

db = database()
who = actor()
st.title(t("history.title"))


def undo(database: Database, name: Identity, change_id: int) -> None:
    try:
        guarded.undo_change(database, name, change_id)
    except AccessDeniedError as error:
        st.session_state[OUTCOME] = ("error", t(error.key, **error.params), [])
    except UndoRefusedError as error:
        later = [describe(change) for change in error.later]  # ids: names are not at hand here
        st.session_state[OUTCOME] = ("error", t(error.key, **error.params), later)
    else:
        st.session_state[OUTCOME] = ("ok", t("history.undone", id=change_id), [])


outcome = st.session_state.pop(OUTCOME, None)
if outcome:
    kind, message, later = outcome
    if kind == "ok":
        st.success(message, icon=":material/undo:")
    else:
        st.error(plain(message) + "".join(f"\n- {plain(line, one_line=True)}" for line in later))

codes = queries.obligation_codes(db)
people = queries.people(db)
organisations = queries.organisations(db)
names = {
    **dict(zip(organisations["id"], organisations["name"], strict=True)),
    **dict(zip(people["id"], people["label"], strict=True)),
    **codes,
}
with st.container(border=True):
    cells = st.columns([3, 2, 2])
    obligation = cells[0].selectbox(
        t("history.obligation"),
        [None, *codes],
        format_func=lambda v: t("col.any") if v is None else codes[v],
        key="h_obligation",
    )
    person = cells[1].selectbox(
        t("history.person"),
        [None, *queries.actors(db)],
        format_func=lambda v: t("col.any") if v is None else v,
        key="h_actor",
    )
    # Changes carry the clock's time; a rehearsal "today" (HANDOVER_TODAY) may lie before it.
    last_day = max(today(), date.today())
    period = cells[2].date_input(
        t("history.period"),
        value=(min(today(), date.today()) - timedelta(days=30), last_day),
        format="DD.MM.YYYY",
        key="h_period",
    )

since, until = (
    (period[0], period[1]) if isinstance(period, tuple) and len(period) == 2 else (None, None)
)
changes = history(db, entity_id=obligation, actor=person, since=since, until=until)
st.caption(t("history.count", count=len(changes)))
if not changes:
    st.info(t("history.none"))
    st.stop()

frame = pd.DataFrame(
    {
        "id": [c.id for c in changes],
        "when": [c.changed_at for c in changes],
        "actor": [c.actor for c in changes],
        "what": [
            names.get(c.entity_id or "", c.entity_id or t("history.whole_plan")) for c in changes
        ],
        "action": [t(f"history.action.{c.action}") for c in changes],
        "before": [readable_values(c.before, names) for c in changes],
        "after": [readable_values(c.after, names) for c in changes],
    }
)
selection = show_table(
    frame,
    column_order=("when", "actor", "what", "action", "before", "after"),
    column_config={
        "when": st.column_config.DatetimeColumn(t("history.when"), format="DD.MM.YYYY HH:mm"),
        "actor": st.column_config.TextColumn(t("history.who")),
        "what": st.column_config.TextColumn(t("history.what"), width="medium"),
        "action": st.column_config.TextColumn(t("history.action"), width="small"),
        "before": st.column_config.TextColumn(t("history.before"), width="large"),
        "after": st.column_config.TextColumn(t("history.after"), width="large"),
    },
    key="history_table",
    on_select="rerun",
    selection_mode="single-row",
)
rows = selection.selection.rows if selection is not None else []
if not rows:
    st.caption(t("history.pick_hint"))
    st.stop()
chosen = changes[rows[0]] if rows[0] < len(changes) else changes[0]
st.markdown(f"**{plain(describe(chosen, names))}**")
if who is None:
    ask_for_name()
elif can(Action.UNDO):
    st.button(
        t("history.undo"),
        key="undo_button",
        icon=":material/undo:",
        on_click=undo,
        args=(db, who, chosen.id),
    )
