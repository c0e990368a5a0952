"""Oversigt: days to the transition and to the critical reporting deadline, obligations by handover
state and category, and the obligations that still have no receiving owner."""

import pandas as pd
import streamlit as st

from handover.charts.overview import STATE_COLOURS, count_bars
from handover.domain.dates import today
from handover.domain.model import Category, HandoverState
from handover.store import queries
from handover.store.plan_io import is_empty, plan_counts
from handover.store.seed import initialise
from handover.ui.db import database
from handover.ui.i18n import d, t, term
from handover.ui.tables import readable, register_config, show_table

db = database()
st.title(t("overview.title"))
as_of = today()

if is_empty(db):
    st.info(t("app.empty_plan"))
    if st.button(t("app.load_xshare"), key="load_seed", type="primary"):
        # Loads only into an empty plan (checked in the same transaction): never overwrites.
        if initialise(db, "xshare", actor="app"):
            st.toast(t("app.loaded", summary=t("cli.summary", **plan_counts(db))))
        st.rerun()
    st.stop()

obligations = queries.obligations(db)
open_work = obligations[~obligations["status"].isin(["done", "cancelled"])]
transition = queries.transition_day(db)
st.caption(t("app.as_of", date=d(as_of)))


def countdown(days: int) -> str:
    if days == 0:
        return t("overview.day_today")
    if days < 0:
        return t("overview.days_past", days=-days)
    return t("overview.days_value", days=days)


cards = st.columns(4)
if transition is not None:
    ceasing = queries.ceasing_organisations(db, transition.day)
    with cards[0]:
        st.metric(
            t("overview.days_to", title=d(transition.day)),
            countdown((transition.day - as_of).days),
            help=transition.title,
            border=True,
        )
        st.caption(transition.title)
else:
    ceasing = []
    cards[0].warning(t("overview.no_transition"))

# The deadline the room watches: the earliest open critical reporting obligation.
critical_reports = open_work[
    (open_work["priority"] == "critical")
    & (open_work["category"] == "reporting")
    & open_work["due"].notna()
].sort_values(["due", "code"])
if not critical_reports.empty:
    report = critical_reports.iloc[0]
    due = report["due"].date()
    with cards[1]:
        st.metric(
            t("overview.days_to", title=d(due)),
            countdown((due - as_of).days),
            help=f"{report['code']} · {report['title']}",
            border=True,
        )
        st.caption(f"{report['code']} · {report['title']}")
without_receiver = obligations[obligations["receiving_owner_id"].isna()]
cards[2].metric(t("overview.total"), len(obligations), border=True)
cards[3].metric(t("overview.without_receiver"), len(without_receiver), border=True)


left, right = st.columns(2)
with left:
    st.subheader(t("overview.by_state"))
    states = [state.value for state in HandoverState]
    by_state = obligations["handover_state"].value_counts()
    st.plotly_chart(
        count_bars(
            [term("handover_state", state) for state in states],
            [int(by_state.get(state, 0)) for state in states],
            colours=[STATE_COLOURS[state] for state in states],
        ),
        key="chart_by_state",
        config={"displayModeBar": False},
    )
with right:
    st.subheader(t("overview.by_category"))
    by_category = obligations["category"].value_counts()
    categories = [c.value for c in Category if by_category.get(c.value, 0)]
    st.plotly_chart(
        count_bars(
            [term("category", category) for category in categories],
            [int(by_category[category]) for category in categories],
        ),
        key="chart_by_category",
        config={"displayModeBar": False},
    )

st.subheader(t("overview.unassigned_title"))
if without_receiver.empty:
    st.success(t("overview.all_assigned"))
else:
    shown = readable(without_receiver)
    shown["days_left"] = [
        None if pd.isna(due) else (due.date() - as_of).days for due in shown["due"]
    ]
    show_table(
        shown,
        column_order=(
            "code",
            "title",
            "current_owner",
            "due",
            "days_left",
            "due_rule",
            "priority",
        ),
        column_config=register_config(),
        key="unassigned_table",
    )
