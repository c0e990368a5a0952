"""Risici: the risk register — likelihood × impact heat map, owners, mitigation, linked obligations,
amount at stake — editable with the same version-checked saving as the register."""

from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from handover.charts.risks import heat_map
from handover.domain.access import AccessDeniedError, Action, Identity
from handover.domain.model import Risk
from handover.domain.plan import problems_from
from handover.store import guarded, queries
from handover.store.guarded import InvalidChangeError
from handover.ui.db import database
from handover.ui.editing import (
    actor,
    ask_for_name,
    can,
    keep_table,
    outcome,
    person_choices,
    save_button,
    show_denied,
    show_outcome,
    show_problems,
)
from handover.ui.i18n import t
from handover.ui.organisation_edit import slug
from handover.ui.tables import cell_text, show_table

RISK_FIELDS = frozenset(
    {"title", "likelihood", "impact", "mitigation", "owner_id", "amount_eur", "obligation_ids"}
)

db = database()
who = actor()
st.title(t("risks.title"))
show_outcome()

register = queries.risks(db)
register["number"] = [f"R{i + 1}" for i in range(len(register))]
people = queries.people(db)
ids, labels = person_choices(people)
codes = queries.obligation_codes(db)

left, right = st.columns([2, 3])
with left:
    st.plotly_chart(
        heat_map(
            list(zip(register["number"], register["likelihood"], register["impact"], strict=True)),
            likelihood_title=t("risks.likelihood"),
            impact_title=t("risks.impact"),
        ),
        key="risk_heat_map",
        config={"displayModeBar": False},
    )
with right:
    known = register["amount_eur"].dropna()
    st.metric(
        t("risks.money"),
        f"{known.sum():,.0f} EUR".replace(",", ".")
        if not known.empty
        else t("risks.money_unknown"),
        help=t("risks.money_help", known=len(known), total=len(register)),
        border=True,
    )
    shown = register.assign(codes=[", ".join(c) for c in register["codes"]])
    show_table(
        shown,
        column_order=("number", "title", "score", "owner", "codes", "mitigation"),
        column_config={
            "number": st.column_config.TextColumn("#", width="small"),
            "title": st.column_config.TextColumn(t("col.title"), width="large"),
            "score": st.column_config.NumberColumn(t("risks.score"), format="%d", width="small"),
            "owner": st.column_config.TextColumn(t("risks.owner")),
            "codes": st.column_config.TextColumn(t("risks.obligations")),
            "mitigation": st.column_config.TextColumn(t("risks.mitigation"), width="large"),
        },
        key="risk_table",
    )

if who is None or not can(Action.EDIT_RISKS):
    if who is None:
        ask_for_name()
    else:
        st.caption(t("access.facilitator_edits"))
    st.stop()
editor: Identity = who  # the lambda below does not see the narrowing of `who`

st.subheader(t("risks.edit"))
editable = register[
    [
        "id",
        "title",
        "likelihood",
        "impact",
        "mitigation",
        "owner_id",
        "amount_eur",
        "obligation_ids",
        "version",
    ]
].reset_index(drop=True)
editable["obligation_ids"] = [list(value) for value in editable["obligation_ids"]]
st.data_editor(
    editable,
    key=keep_table("risk", editable, zip(editable["id"], editable["version"], strict=True)),
    hide_index=True,
    num_rows="fixed",
    placeholder="—",
    column_order=(
        "title",
        "likelihood",
        "impact",
        "owner_id",
        "amount_eur",
        "obligation_ids",
        "mitigation",
    ),
    column_config={
        "title": st.column_config.TextColumn(
            t("col.title"), required=True, max_chars=300, width="large"
        ),
        "likelihood": st.column_config.NumberColumn(
            t("risks.likelihood"), min_value=1, max_value=5, step=1, required=True
        ),
        "impact": st.column_config.NumberColumn(
            t("risks.impact"), min_value=1, max_value=5, step=1, required=True
        ),
        "owner_id": st.column_config.SelectboxColumn(
            t("risks.owner"),
            options=ids,
            format_func=lambda value: labels.get(str(value), str(value)),
        ),
        "amount_eur": st.column_config.NumberColumn(t("col.amount"), min_value=0, step=1000),
        "obligation_ids": st.column_config.MultiselectColumn(
            t("risks.obligations"),
            options=list(codes),
            format_func=lambda value: codes.get(str(value), str(value)).split(" · ")[0],
        ),
        "mitigation": st.column_config.TextColumn(t("risks.mitigation"), width="large"),
    },
)


def build(row: dict[str, Any]) -> Risk:
    amount = row.get("amount_eur")
    links = row.get("obligation_ids")
    return Risk.model_validate(
        {
            "id": row["id"],
            "title": cell_text(row["title"]) or "",
            "description": str(register.set_index("id").loc[row["id"], "description"]),
            "likelihood": int(row["likelihood"]),
            "impact": int(row["impact"]),
            "mitigation": cell_text(row["mitigation"]) or "",
            "owner": cell_text(row["owner_id"]),
            "amount_eur": None if amount is None or pd.isna(amount) else float(amount),
            "obligations": tuple(links) if isinstance(links, list | tuple) else (),
        },
        strict=False,
    )


save_button(
    "risk",
    "save_risks",
    RISK_FIELDS,
    build,
    lambda record, version: guarded.save_risk(db, editor, record, version=version),
)

with st.expander(t("risks.add"), icon=":material/add:"), st.form("add_risk", clear_on_submit=True):
    title = st.text_input(t("col.title"), key="new_risk_title", max_chars=300)
    cells = st.columns(3)
    likelihood = cells[0].number_input(t("risks.likelihood"), 1, 5, 3, key="new_risk_likelihood")
    impact = cells[1].number_input(t("risks.impact"), 1, 5, 3, key="new_risk_impact")
    owner = cells[2].selectbox(
        t("risks.owner"),
        [None, *ids],
        format_func=lambda v: "—" if v is None else labels[v],
        key="new_risk_owner",
    )
    linked = st.multiselect(
        t("risks.obligations"),
        list(codes),
        format_func=lambda v: codes[v],
        key="new_risk_obligations",
        placeholder=t("common.choose"),
    )
    mitigation = st.text_area(t("risks.mitigation"), key="new_risk_mitigation")
    if st.form_submit_button(t("form.save"), type="primary"):
        try:
            risk = Risk(
                id=slug(title, set(register["id"])),
                title=title,
                likelihood=int(likelihood),
                impact=int(impact),
                owner=owner,
                mitigation=mitigation,
                obligations=tuple(linked),
            )
            guarded.save_risk(db, who, risk, version=None)
        except AccessDeniedError as error:
            show_denied(error)
        except ValidationError as error:
            show_problems(problems_from(error, (title or "?",)))
        except InvalidChangeError as error:
            show_problems(error.problems)
        else:
            outcome(1, [], [])
            st.rerun()
