"""Historik: every change with who, when (Copenhagen clock), before and after in the catalogue's
words with people, organisations and obligations by name; filtered by obligation, person and date.
A change can be undone after a confirmation that says what goes back (the undo is itself a change),
unless the row changed since or it was undone already; the undo is bound to the change's id."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from handover.domain.access import AccessDeniedError, Action, Identity
from handover.domain.dates import LOCAL_ZONE, today
from handover.store import guarded, queries, workshops
from handover.store.database import Database
from handover.store.guarded import (
    InvalidChangeError,
    UndoRefusedError,
    can_undo,
    history,
    undone,
)
from handover.ui.db import database
from handover.ui.editing import actor, ask_for_name, can, describe, readable_values
from handover.ui.i18n import lang, plain, t
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
        later = [describe(change, all_names(database)) for change in error.later]
        st.session_state[OUTCOME] = ("error", t(error.key, **error.params), later)
    except InvalidChangeError as error:  # the undone state would break a rule of the plan
        problems = [problem.render(lang()) for problem in error.problems]
        st.session_state[OUTCOME] = ("error", t("undo.breaks_rules"), problems)
    else:
        st.session_state[OUTCOME] = ("ok", t("history.undone", id=change_id), [])


outcome = st.session_state.pop(OUTCOME, None)
if outcome:
    kind, message, later = outcome
    if kind == "ok":
        st.success(message, icon=":material/undo:")
    else:
        st.error(plain(message) + "".join(f"\n- {plain(line, one_line=True)}" for line in later))


def all_names(database: Database) -> dict[str, str]:
    """Id -> what a person calls it: organisations, people, obligations, risks, meetings and
    baselines (the history stores ids)."""
    people = queries.people(database)
    organisations = queries.organisations(database)
    risks = queries.risks(database)
    return {
        **dict(zip(organisations["id"], organisations["name"], strict=True)),
        **dict(zip(people["id"], people["label"] + " · " + people["organisation"], strict=True)),
        **dict(zip(risks["id"].astype(str), "⚠ " + risks["title"], strict=True)),
        **{meeting.id: meeting.title for meeting in workshops.workshops(database)},
        **{bid: name for bid, name, _ in queries.baselines(database)},
        **queries.obligation_codes(database),
    }


codes = queries.obligation_codes(db)
names = all_names(db)
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
        # Stored in UTC; shown on the Copenhagen clock (winter +1 h, summer +2 h).
        "when": pd.to_datetime([c.changed_at for c in changes])
        .tz_localize("UTC")
        .tz_convert(LOCAL_ZONE.key)
        .tz_localize(None),
        "actor": [c.actor for c in changes],
        "what": [
            t("workshop.minutes")  # a note's id means nothing to a reader
            if c.entity == "workshop_note"
            else t("history.plan_calendar")
            if c.entity == "settings"
            else names.get(c.entity_id or "", c.entity_id or t("history.whole_plan"))
            for c in changes
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
    # A selection is a row *position*: the table's key names the newest change shown, so when a
    # change (an undo too) enters the list the selection is cleared instead of sliding onto
    # the row that now holds that position.
    key=f"history_table_{changes[0].id}",
    on_select="rerun",
    selection_mode="single-row",
)
rows = selection.selection.rows if selection is not None else []
if not rows or rows[0] >= len(changes):
    st.caption(t("history.pick_hint"))
    st.stop()
chosen = changes[rows[0]]
st.markdown(f"**{plain(describe(chosen, names))}**")
if who is None:
    ask_for_name()
elif not can_undo(chosen):
    st.caption(t("history.not_undoable"))
elif chosen.id in undone(db, [chosen.id]):
    st.caption(t("history.already_undone"))
elif can(Action.UNDO):
    with st.popover(t("history.undo"), icon=":material/undo:"):
        st.markdown(
            plain(
                t(
                    "history.undo_confirm",
                    what=names.get(chosen.entity_id or "", chosen.entity_id or ""),
                    now=readable_values(chosen.after, names),
                    back=readable_values(chosen.before, names),
                )
            )
        )
        st.button(
            t("history.undo_yes"),
            key=f"undo_button_{chosen.id}",
            type="primary",
            on_click=undo,
            args=(db, who, chosen.id),
        )
