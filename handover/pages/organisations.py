"""Organisationer: every organisation with its lifecycle (exists from/until) and successor, and the
people and roles in each."""

import pandas as pd
import streamlit as st

from handover.domain.access import Action
from handover.domain.dates import today
from handover.domain.lifecycle import lifecycle
from handover.store import queries
from handover.ui.db import database
from handover.ui.editing import actor, can, show_outcome
from handover.ui.i18n import d, plain, t
from handover.ui.organisation_edit import add_forms, organisation_editor, people_editor
from handover.ui.tables import DATE_FORMAT, cell_date, show_table

db = database()
who = actor()
st.title(t("organisations.title"))
show_outcome()
as_of = today()

organisations = queries.organisations(db)
people = queries.people(db)


states = [
    lifecycle(cell_date(start), cell_date(until), as_of)
    for start, until in zip(
        organisations["exists_from"], organisations["exists_until"], strict=True
    )
]
organisations["lifecycle"] = [t(f"lifecycle.{state}", days=days) for state, days in states]

show_table(
    organisations,
    column_order=(
        "name",
        "lifecycle",
        "exists_from",
        "exists_until",
        "successor",
        "people",
        "kind",
    ),
    column_config={
        "name": st.column_config.TextColumn(t("col.name"), pinned=True),
        "kind": st.column_config.TextColumn(t("col.kind"), width="large"),
        "exists_from": st.column_config.DateColumn(t("col.exists_from"), format=DATE_FORMAT),
        "exists_until": st.column_config.DateColumn(t("col.exists_until"), format=DATE_FORMAT),
        "successor": st.column_config.TextColumn(t("col.successor")),
        "lifecycle": st.column_config.TextColumn(t("organisations.lifecycle", date=d(as_of))),
        "people": st.column_config.NumberColumn(t("col.people"), format="%d", width="small"),
    },
    key="organisations_table",
)

st.subheader(t("organisations.people"))
for _, organisation in organisations.iterrows():
    facts = []
    if not pd.isna(organisation["exists_from"]):
        facts.append(t("organisations.begins", date=d(cell_date(organisation["exists_from"]))))
    if not pd.isna(organisation["exists_until"]):
        facts.append(t("organisations.ceases", date=d(cell_date(organisation["exists_until"]))))
    if not pd.isna(organisation["successor"]):
        facts.append(t("organisations.successor_is", name=plain(organisation["successor"])))
    members = people[people["organisation_id"] == organisation["id"]]
    heading = f"{plain(organisation['name'], one_line=True)} ({len(members)})"
    with st.expander(heading, expanded=False):
        if facts:
            st.caption(" · ".join(facts))
        if organisation["notes"]:
            st.markdown(plain(organisation["notes"]))
        if members.empty:
            st.caption(t("organisations.no_people"))
            continue
        shown = members.assign(
            name=members["name"].where(members["name"] != "", t("organisations.role_unfilled"))
        )
        show_table(
            shown,
            column_order=("name", "title", "email"),
            column_config={
                "name": st.column_config.TextColumn(t("col.name")),
                "title": st.column_config.TextColumn(t("col.person_title")),
                "email": st.column_config.TextColumn(t("col.email")),
            },
            key=f"people_{organisation['id']}",
        )

if who is not None and can(Action.EDIT_ORGANISATIONS):
    st.subheader(t("organisations.edit"))
    st.caption(t("organisations.edit_intro"))
    organisation_editor(db, organisations, who)
    st.subheader(t("organisations.edit_people"))
    people_editor(db, people, organisations, who)
    add_forms(db, organisations, people, who)
