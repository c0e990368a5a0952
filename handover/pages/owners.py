"""Ejere (owner mapping): give a selection of obligations one receiving owner at once, and propose
owners from successor organisations for every obligation whose owner's organisation ceases before it
falls due; the facilitator reviews the proposals and confirms them in one step."""

from typing import Any

import pandas as pd
import streamlit as st

from handover.domain.access import AccessDeniedError, Action, Identity
from handover.domain.edits import RowEdit
from handover.domain.model import Organisation, Person
from handover.domain.plan import Problem
from handover.domain.proposals import OwnerGap, propose_from_successors
from handover.store import guarded, queries
from handover.store.database import Database
from handover.store.guarded import InvalidChangeError, SaveResult
from handover.ui.db import database
from handover.ui.editing import (
    actor,
    ask_for_name,
    can,
    editor_edits,
    editor_key,
    person_choices,
    reset_editor,
    say,
    show_conflict,
    show_problems,
)
from handover.ui.i18n import d, plain, t
from handover.ui.tables import DATE_FORMAT, cell_date, cell_text, records, show_table

SNAPSHOT = "owners_snapshot"  # id -> version as shown, so a click saves against what was seen
PROPOSALS = "owners_proposals"
RESULT = "owners_result"
PROPOSAL_COLUMNS = [
    "confirm",
    "obligation_id",
    "version",
    "code",
    "title",
    "current_owner",
    "due",
    "person_id",
    "why",
]

db = database()
who = actor()
st.title(t("owners.title"))
st.caption(t("owners.intro"))
if who is None or not can(Action.ASSIGN_OWNERS):
    if who is None:
        ask_for_name()
    else:
        st.info(t("owners.facilitator_only"))
    st.stop()


def save(database: Database, name: Identity, edits: list[RowEdit]) -> bool:
    """Save and remember the outcome for the next run; False when nothing was saved."""
    try:
        result = guarded.assign_owners(database, name, edits)
    except AccessDeniedError as error:
        st.session_state[RESULT] = {
            "result": None,
            "problems": [Problem("", error.key, error.params)],
        }
        return False
    except InvalidChangeError as error:
        st.session_state[RESULT] = {"result": None, "problems": error.problems}
        return False
    st.session_state[RESULT] = {"result": result, "problems": []}
    return True


def assign(database: Database, name: Identity) -> None:
    chosen = st.session_state.get("assign_obligations", [])
    person = st.session_state.get("assign_person")
    seen = st.session_state.get(SNAPSHOT, {})
    edits = [RowEdit(oid, seen[oid], {"receiving_owner": person}) for oid in chosen if oid in seen]
    if save(database, name, edits):
        st.session_state["assign_obligations"] = []


def confirm(database: Database, name: Identity) -> None:
    table: pd.DataFrame = st.session_state.get(PROPOSALS, pd.DataFrame()).copy()
    for position, changes in editor_edits("proposal_editor").items():
        for column, value in changes.items():
            if column in ("confirm", "person_id"):  # the only columns a reviewer may change
                table.loc[table.index[int(position)], column] = value
    edits = [
        RowEdit(
            str(row["obligation_id"]), int(row["version"]), {"receiving_owner": row["person_id"]}
        )
        for row in table.to_dict("records")
        if bool(row["confirm"])
    ]
    if save(database, name, edits):
        st.session_state.pop(PROPOSALS, None)
        reset_editor("proposal_editor")


def proposals_for(register: pd.DataFrame, people: pd.DataFrame, active: set[str]) -> pd.DataFrame:
    plan_people = [
        Person(
            id=str(p["id"]),
            name=str(p["name"]),
            title=str(p["title"]),
            organisation=str(p["organisation_id"]),
        )
        for p in people.to_dict("records")
    ]
    organisations = {
        str(o["id"]): Organisation(
            id=str(o["id"]),
            name=str(o["name"]),
            exists_from=cell_date(o["exists_from"]),
            exists_until=cell_date(o["exists_until"]),
            successor=cell_text(o["successor_id"]),
        )
        for o in queries.organisations(db).to_dict("records")
    }
    rows: dict[str, dict[str, Any]] = {str(r["id"]): r for r in records(register)}
    gaps = [
        OwnerGap(
            obligation_id=oid,
            code=str(r["code"]),
            current_owner=cell_text(r["current_owner_id"]),
            receiving_owner=cell_text(r["receiving_owner_id"]),
            due=cell_date(r["due"]),
        )
        for oid, r in rows.items()
    ]
    found = propose_from_successors(gaps, plan_people, organisations, active_people=active)
    return pd.DataFrame(
        [
            {
                "confirm": True,
                "obligation_id": p.obligation_id,
                "version": int(rows[p.obligation_id]["version"]),
                "code": p.code,
                "title": rows[p.obligation_id]["title"],
                "current_owner": rows[p.obligation_id]["current_owner"],
                "due": rows[p.obligation_id]["due"],
                "person_id": p.person_id,
                "why": t(
                    p.why,
                    organisation=str(rows[p.obligation_id]["current_org"]),
                    ceases=d(p.ceases),
                ),
            }
            for p in found
        ],
        columns=PROPOSAL_COLUMNS,
    )


outcome = st.session_state.pop(RESULT, None)
if outcome:
    if outcome["problems"]:
        st.error(t("edit.not_saved"))
        show_problems(outcome["problems"])
    saved: SaveResult | None = outcome["result"]
    if saved is not None:
        if saved.saved:
            st.success(t("owners.assigned", count=len(saved.saved)), icon=":material/check:")
        for warning in saved.warnings:
            st.warning(plain(say(warning)), icon=":material/warning:")
        for conflict in saved.conflicts:
            show_conflict(conflict)

register = queries.obligations(db)
st.session_state[SNAPSHOT] = {
    oid: int(version)
    for oid, version in zip(register["id"].tolist(), register["version"].tolist(), strict=True)
}
people = queries.people(db)
ids, labels = person_choices(people)
codes = dict(zip(register["id"], register["code"] + " · " + register["title"], strict=True))

st.subheader(t("owners.assign_title"))
with st.container(border=True):
    st.multiselect(
        t("owners.obligations"),
        list(codes),
        format_func=lambda value: codes.get(value, value),
        key="assign_obligations",
        placeholder=t("owners.pick_obligations"),
    )
    row = st.columns([3, 1])
    row[0].selectbox(
        t("col.receiving_owner"),
        ids,
        format_func=lambda value: labels.get(value, value),
        key="assign_person",
    )
    row[1].button(
        t("owners.assign"),
        key="assign_button",
        type="primary",
        on_click=assign,
        args=(db, who),
        disabled=not st.session_state.get("assign_obligations"),
    )

st.subheader(t("owners.propose_title"))
st.caption(t("owners.propose_intro"))
if st.button(t("owners.propose"), key="propose_button", icon=":material/auto_fix_high:"):
    st.session_state[PROPOSALS] = proposals_for(register, people, set(ids))
    reset_editor("proposal_editor")

proposals = st.session_state.get(PROPOSALS)
if proposals is not None:
    if proposals.empty:
        st.success(t("owners.no_proposals"))
    else:
        st.data_editor(
            proposals,
            placeholder="—",
            key=editor_key("proposal_editor"),
            hide_index=True,
            num_rows="fixed",
            column_order=("confirm", "code", "title", "current_owner", "due", "person_id", "why"),
            disabled=["code", "title", "current_owner", "due", "why"],
            column_config={
                "confirm": st.column_config.CheckboxColumn(
                    t("owners.confirm_column"), width="small"
                ),
                "code": st.column_config.TextColumn(t("col.code"), width="small"),
                "title": st.column_config.TextColumn(t("col.title"), width="large"),
                "current_owner": st.column_config.TextColumn(t("col.current_owner")),
                "due": st.column_config.DateColumn(t("col.due"), format=DATE_FORMAT),
                "person_id": st.column_config.SelectboxColumn(
                    t("owners.proposed_owner"),
                    options=ids,
                    format_func=lambda value: labels.get(str(value), str(value)),
                    required=True,
                ),
                "why": st.column_config.TextColumn(t("owners.why"), width="large"),
            },
        )
        st.button(
            t("owners.confirm"),
            key="confirm_button",
            type="primary",
            on_click=confirm,
            args=(db, who),
            icon=":material/done_all:",
        )

st.subheader(t("owners.unassigned_title"))
show_table(
    register[register["receiving_owner_id"].isna()],
    column_order=("code", "title", "current_owner", "current_org", "due"),
    column_config={
        "code": st.column_config.TextColumn(t("col.code"), width="small"),
        "title": st.column_config.TextColumn(t("col.title"), width="large"),
        "current_owner": st.column_config.TextColumn(t("col.current_owner")),
        "current_org": st.column_config.TextColumn(t("col.current_org")),
        "due": st.column_config.DateColumn(t("col.due"), format=DATE_FORMAT),
    },
)
