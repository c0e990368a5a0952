"""Forpligtelser: the register, filtered by project, category, status, owners and free text,
sorted, with one obligation's full record (source quote, dependencies, risks) below."""

from typing import Any

import pandas as pd
import streamlit as st

from handover.domain.model import Category, HandoverState, Status
from handover.domain.register import NO_OWNER, RegisterFilter, SortKey
from handover.store import queries
from handover.ui.db import database
from handover.ui.i18n import d, labeller, t
from handover.ui.tables import REGISTER_COLUMNS, readable, register_config, show_table

SHOWN_ROWS = 1000  # a table a person reads; the filters narrow the rest

db = database()
st.title(t("register.title"))

people = queries.people(db)
person_label = dict(
    zip(people["id"], people["label"] + " · " + people["organisation"], strict=True)
)
person_label[NO_OWNER] = t("register.unassigned")
project_name = queries.project_names(db)

with st.container(border=True):
    first = st.columns([2, 2, 2, 2])
    chosen_projects = first[0].multiselect(
        t("col.project"),
        list(project_name),
        format_func=project_name.__getitem__,
        key="f_project",
        placeholder=t("col.any"),
    )
    chosen_categories = first[1].multiselect(
        t("col.category"),
        [c.value for c in Category],
        format_func=labeller("category"),
        key="f_category",
        placeholder=t("col.any"),
    )
    chosen_statuses = first[2].multiselect(
        t("col.status"),
        [s.value for s in Status],
        format_func=labeller("status"),
        key="f_status",
        placeholder=t("col.any"),
    )
    chosen_states = first[3].multiselect(
        t("col.handover_state"),
        [s.value for s in HandoverState],
        format_func=labeller("handover_state"),
        key="f_state",
        placeholder=t("col.any"),
    )
    second = st.columns([2, 2, 2, 1])
    chosen_current = second[0].multiselect(
        t("col.current_owner"),
        list(people["id"]),
        format_func=person_label.__getitem__,
        key="f_current",
        placeholder=t("col.any"),
    )
    chosen_receiving = second[1].multiselect(
        t("col.receiving_owner"),
        [NO_OWNER, *people["id"]],
        format_func=person_label.__getitem__,
        key="f_receiving",
        placeholder=t("col.any"),
    )
    search = second[2].text_input(
        t("register.search"), key="f_search", help=t("register.search_help"), max_chars=200
    )
    sort = second[3].selectbox(
        t("register.sort"),
        [key.value for key in SortKey],
        format_func=labeller("col"),
        key="f_sort",
    )

criteria = RegisterFilter(
    projects=tuple(chosen_projects),
    categories=tuple(chosen_categories),
    statuses=tuple(chosen_statuses),
    handover_states=tuple(chosen_states),
    current_owners=tuple(chosen_current),
    receiving_owners=tuple(chosen_receiving),
    search=search,
    sort=SortKey(sort),
)
matching = queries.obligation_count(db, criteria)
total = queries.obligation_count(db)
register = queries.obligations(db, criteria, limit=SHOWN_ROWS)
st.caption(t("register.shown", shown=matching, total=total))
if matching > SHOWN_ROWS:
    st.caption(t("register.capped", shown=SHOWN_ROWS))

if register.empty:
    st.info(t("register.none"))
    st.stop()

shown = readable(register)
selection = show_table(
    shown,
    column_order=REGISTER_COLUMNS,
    column_config=register_config(),
    key="register_table",
    on_select="rerun",
    selection_mode="single-row",
)

st.subheader(t("register.details"))
chosen_rows = selection.selection.rows if selection is not None else []
position = chosen_rows[0] if chosen_rows and chosen_rows[0] < len(register) else 0
if not chosen_rows:
    st.caption(t("register.pick_hint"))
picked = str(shown.iloc[position]["id"])
texts = queries.obligation_texts(db, picked)
if texts is not None:
    row: dict[str, Any] = {str(key): value for key, value in shown.iloc[position].items()}
    row.update(texts)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"#### {row['code']} · {row['title']}")
        if row["description"]:
            st.write(row["description"])
        if row["source_quote"]:
            st.caption(t("col.source_quote"))
            st.markdown("> " + row["source_quote"].replace("\n", "\n> "))
            st.caption(f"{t('col.source_ref')}: {row['source_ref']}")
        for field in ("legal_basis", "acceptance_criteria", "notes"):
            if row[field]:
                st.markdown(f"**{t('col.' + field)}:** {row[field]}")
        evidence = list(row["evidence"]) if row["evidence"] is not None else []
        if evidence:
            st.markdown(f"**{t('col.evidence')}:**")
            for link in evidence:
                st.markdown(f"- {link}")
    with right:
        due = row["due"]
        facts = {
            "col.due": (d(due.date()) if not pd.isna(due) else "—")
            + (f" ({row['due_rule']})" if row["due_rule"] else ""),
            "col.status": row["status"],
            "col.handover_state": row["handover_state"],
            "col.priority": row["priority"],
            "col.category": row["category"],
            "col.current_owner": row["current_owner"],
            "col.receiving_owner": row["receiving_owner"],
        }
        st.markdown(
            "\n".join(
                f"- **{t(key)}:** {t('register.unassigned') if pd.isna(value) else value}"
                for key, value in facts.items()
            )
        )
        links = queries.dependencies(db, picked)
        for heading, linked, side in (
            ("register.depends_on", links[links["successor"] == picked], "predecessor"),
            ("register.dependents", links[links["predecessor"] == picked], "successor"),
        ):
            if linked.empty:
                continue
            st.markdown(f"**{t(heading)}:**")
            for _, link in linked.iterrows():
                lag = f" {link['lag_days']:+d}" if link["lag_days"] else ""
                st.markdown(
                    f"- {link[side + '_code']} · {link[side + '_title']} ({link['type']}{lag})"
                )
        risks = queries.risks_for(db, picked)
        if not risks.empty:
            st.markdown(f"**{t('register.risks')}:**")
            for _, risk in risks.iterrows():
                st.markdown(f"- {risk['title']} ({risk['likelihood']}×{risk['impact']})")
