"""Forpligtelser: the register, filtered and sorted; edited in place (status, receiving owner, due
date, priority, notes) and through a dialog for the whole obligation; one obligation's record with
its handover workflow below; soft delete and restore."""

from typing import Any

import pandas as pd
import streamlit as st

from handover.domain.access import AccessDeniedError, Action, Identity
from handover.domain.edits import INLINE_FIELDS, EditError, RowEdit, edits_from_positions
from handover.domain.model import HandoverState, Priority, Status
from handover.domain.register import NO_OWNER
from handover.domain.workflow import ALLOWED, WorkflowError
from handover.store import guarded, queries
from handover.store.database import Database
from handover.store.guarded import ConflictError, InvalidChangeError
from handover.ui.comments import thread as comment_thread
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
    show_denied,
    show_problems,
)
from handover.ui.filters import register_filters
from handover.ui.i18n import d, labeller, plain, t
from handover.ui.obligation_form import FEEDBACK_KEY, NEW, open_dialog, render_if_open
from handover.ui.tables import DATE_FORMAT, REGISTER_COLUMNS, readable, register_config, show_table

SHOWN_ROWS = 1000  # a table a person reads; the filters narrow the rest
EDITOR = "register_editor"
SNAPSHOT = "register_snapshot"  # (id, version) of each row as shown: edits map through it
FROZEN = "register_frozen"  # the frame shown while edits are pending
CONFLICTS = "register_conflicts"

db = database()
who = actor()
st.title(t("register.title"))


def pending_edits() -> dict[Any, Any]:
    return editor_edits(EDITOR)


def forget_edits() -> None:
    reset_editor(EDITOR)
    st.session_state.pop(FROZEN, None)


def save_table(database: Database, name: Identity) -> None:
    """Save button: positions -> (id, version) through the snapshot that was shown, then save."""
    try:
        edits = edits_from_positions(st.session_state.get(SNAPSHOT, []), pending_edits())
        result = guarded.save_inline_edits(database, name, edits)
    except AccessDeniedError as error:
        st.session_state[FEEDBACK_KEY] = {"error": t(error.key, **error.params)}
        return
    except EditError as error:
        st.session_state[FEEDBACK_KEY] = {"error": t(error.key, **error.params)}
        return
    except InvalidChangeError as error:
        st.session_state[FEEDBACK_KEY] = {"problems": error.problems}
        return  # the edits stay in the table to be corrected
    mine = {edit.id: edit for edit in edits}
    st.session_state[CONFLICTS] = [(mine[c.entity_id], c) for c in result.conflicts]
    codes = queries.obligation_codes(database)
    st.session_state[FEEDBACK_KEY] = {
        "saved": [
            codes.get(obligation_id, obligation_id).split(" · ")[0]
            for obligation_id in result.saved
        ],
        "warnings": result.warnings,
    }
    forget_edits()


def retry_mine(database: Database, name: Identity, index: int) -> None:
    """Save my edit over the other person's, knowingly: against the version I have now seen."""
    conflicts = st.session_state.get(CONFLICTS, [])
    mine, conflict = conflicts[index]
    if conflict.current_version is None or conflict.deleted:
        return
    try:
        result = guarded.save_inline_edits(
            database, name, [RowEdit(mine.id, conflict.current_version, mine.changes)]
        )
    except AccessDeniedError as error:
        st.session_state[FEEDBACK_KEY] = {"error": t(error.key, **error.params)}
        return
    except InvalidChangeError as error:
        st.session_state[FEEDBACK_KEY] = {"problems": error.problems}
        return
    remaining = [pair for i, pair in enumerate(conflicts) if i != index]
    remaining += [(mine, c) for c in result.conflicts]
    st.session_state[CONFLICTS] = remaining
    st.session_state[FEEDBACK_KEY] = {
        "saved": [conflict.label] if result.saved else [],
        "warnings": result.warnings,
    }


def drop_mine(index: int) -> None:
    conflicts = st.session_state.get(CONFLICTS, [])
    st.session_state[CONFLICTS] = [pair for i, pair in enumerate(conflicts) if i != index]


# ---------------------------------------------------------------- feedback from the last action
feedback = st.session_state.pop(FEEDBACK_KEY, None)
if feedback:
    if feedback.get("error"):
        st.error(plain(feedback["error"]))
    if feedback.get("problems"):
        st.error(t("edit.not_saved"))
        show_problems(feedback["problems"])
    if feedback.get("saved"):
        st.success(
            t("edit.saved", codes=plain(", ".join(feedback["saved"]))), icon=":material/check:"
        )
    for warning in feedback.get("warnings", []):
        st.warning(plain(say(warning)), icon=":material/warning:")
for index, (mine, conflict) in enumerate(st.session_state.get(CONFLICTS, [])):
    with st.container(border=True):
        show_conflict(conflict)
        st.caption(
            t(
                "edit.your_input",
                values=plain("; ".join(f"{k}: {v}" for k, v in mine.changes.items())),
            )
        )
        buttons = st.columns([2, 2, 5])
        if who and not conflict.deleted:
            buttons[0].button(
                t("edit.retry_mine"),
                key=f"retry_{index}",
                on_click=retry_mine,
                args=(db, who, index),
            )
        buttons[1].button(
            t("edit.drop_mine"), key=f"drop_{index}", on_click=drop_mine, args=(index,)
        )

# ---------------------------------------------------------------- filters
link_code = str(st.query_params.get("code") or "")[:20]
if link_code and st.session_state.get("f_linked") != link_code:
    # A link from the overview's findings (?code=XS-01) opens the register on that obligation,
    # also when the register was open before in this session (once per link followed).
    st.session_state["f_search"] = link_code
    st.session_state["f_linked"] = link_code
people = queries.people(db)
person_label = dict(
    zip(people["id"], people["label"] + " · " + people["organisation"], strict=True)
)
person_label[NO_OWNER] = t("register.unassigned")

with st.container(border=True):
    criteria = register_filters(db, "f_")

# ---------------------------------------------------------------- the table
toolbar = st.columns([2, 6])
if who:
    toolbar[0].button(
        t("register.new"),
        key="new_obligation",
        icon=":material/add:",
        on_click=open_dialog,
        args=(NEW,),
    )
matching = queries.obligation_count(db, criteria)
total = queries.obligation_count(db)
toolbar[1].caption(t("register.shown", shown=matching, total=total))
if matching > SHOWN_ROWS:
    st.caption(t("register.capped", shown=SHOWN_ROWS))

pending = pending_edits()
if pending and FROZEN in st.session_state:
    # Edits refer to the rows as they were shown: keep showing those rows until saved or dropped.
    register = st.session_state[FROZEN]
    st.info(t("register.frozen"), icon=":material/edit_note:")
else:
    register = queries.obligations(db, criteria, limit=SHOWN_ROWS)
    st.session_state[FROZEN] = register
st.session_state[SNAPSHOT] = list(
    zip(register["id"], (int(v) for v in register["version"]), strict=True)
)

if register.empty:
    st.info(t("register.none"))
    render_if_open(db)
    st.stop()

shown = readable(register)
if who:
    ids, labels = person_choices(people)
    for owner in register["receiving_owner_id"].dropna().unique():
        if owner not in labels:  # a deactivated receiver stays readable
            ids.append(owner)
            labels[owner] = person_label.get(owner, owner)
    editable = shown.assign(
        status=register["status"],
        priority=register["priority"],
        receiving_owner=register["receiving_owner_id"],
        # Plain dates (None when missing) so the date cells edit as dates.
        due=register["due"].dt.date.astype(object).where(register["due"].notna(), None),
    )
    config: dict[str, Any] = dict(register_config())
    config.update(
        status=st.column_config.SelectboxColumn(
            t("col.status"),
            options=[s.value for s in Status],
            format_func=labeller("status"),
            required=True,
        ),
        priority=st.column_config.SelectboxColumn(
            t("col.priority"),
            options=[p.value for p in Priority],
            format_func=labeller("priority"),
            required=True,
            width="small",
        ),
        receiving_owner=st.column_config.SelectboxColumn(
            t("col.receiving_owner"),
            options=ids,
            format_func=lambda value: labels.get(str(value), str(value)),
            width="medium",
        ),
        due=st.column_config.DateColumn(
            t("col.due"), format=DATE_FORMAT, help=t("register.due_help")
        ),
        notes=st.column_config.TextColumn(t("col.notes"), max_chars=20_000),
    )
    columns = [*REGISTER_COLUMNS, "notes"]
    st.data_editor(
        editable[columns],  # only what is shown goes to the browser
        column_order=columns,
        column_config=config,
        disabled=[column for column in columns if column not in INLINE_FIELDS],
        hide_index=True,
        key=editor_key(EDITOR),
        num_rows="fixed",
        placeholder="—",
    )
    actions = st.columns([2, 2, 6])
    actions[0].button(
        t("register.save"),
        key="save_table",
        type="primary",
        disabled=not pending,
        on_click=save_table,
        args=(db, who),
        icon=":material/save:",
    )
    actions[1].button(
        t("register.discard"), key="discard_table", disabled=not pending, on_click=forget_edits
    )
    if pending:
        actions[2].caption(t("register.pending", count=len(pending)))
    picked_position = 0
else:
    ask_for_name()
    selection = show_table(
        shown[list(REGISTER_COLUMNS)],  # only what is shown goes to the browser
        column_order=REGISTER_COLUMNS,
        column_config=register_config(),
        key="register_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    chosen_rows = selection.selection.rows if selection is not None else []
    picked_position = chosen_rows[0] if chosen_rows and chosen_rows[0] < len(register) else 0
    if not chosen_rows:
        st.caption(t("register.pick_hint"))

# ---------------------------------------------------------------- one obligation
st.subheader(t("register.details"))
codes = dict(zip(register["id"], register["code"] + " · " + register["title"], strict=True))
picked = (
    st.selectbox(
        t("register.pick"),
        list(codes),
        index=picked_position,
        format_func=lambda value: codes.get(value, value),
        key="f_detail",
    )
    if who
    else str(register.iloc[picked_position]["id"])
)
if picked not in codes:
    picked = str(register.iloc[0]["id"])
position = list(codes).index(picked)
texts_of = queries.obligation_texts(db, picked)
if texts_of is not None:
    row: dict[str, Any] = {str(key): value for key, value in shown.iloc[position].items()}
    row.update(texts_of)
    version = int(register.iloc[position]["version"])
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"#### {plain(row['code'] + ' · ' + row['title'], one_line=True)}")
        if row["description"]:
            st.markdown(plain(row["description"]))
        if row["source_quote"]:
            st.caption(t("col.source_quote"))
            st.markdown("> " + plain(row["source_quote"]))
            st.caption(f"{t('col.source_ref')}: {plain(row['source_ref'])}")
        for field in (
            "legal_basis",
            "date_basis",
            "acceptance_criteria",
            "notes",
            "rejection_reason",
        ):
            if isinstance(row.get(field), str) and row[field]:
                st.markdown(f"**{t('col.' + field)}:** {plain(row[field])}")
        evidence = list(row["evidence"]) if row["evidence"] is not None else []
        if evidence:
            st.markdown(f"**{t('col.evidence')}:**")
            for link in evidence:
                st.markdown(f"- {plain(link)}")
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
        if isinstance(row.get("accepted_by"), str) and not pd.isna(row.get("accepted_at")):
            facts["col.accepted_by"] = f"{row['accepted_by']}, {row['accepted_at']:%d.%m.%Y}"
        st.markdown(
            "\n".join(
                f"- **{t(key)}:** {t('register.unassigned') if pd.isna(value) else plain(value)}"
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
                lag = (
                    " "
                    + t("register.link_lag", lag=f"{link['lag_days']:+d}", unit=link["lag_unit"])
                    if link["lag_days"]
                    else ""
                )
                st.markdown(
                    "- "
                    + plain(f"{link[side + '_code']} · {link[side + '_title']}")
                    + f" ({link['type']}{lag})"
                )
        risks = queries.risks_for(db, picked)
        if not risks.empty:
            st.markdown(f"**{t('register.risks')}:**")
            for _, risk in risks.iterrows():
                st.markdown(f"- {plain(risk['title'])} ({risk['likelihood']}×{risk['impact']})")
        comment_thread(db, picked, key=f"register_{picked}")

    if who:
        # The handover workflow: one button per step the rules allow from here.
        state = HandoverState(register.iloc[position]["handover_state"])
        steps = [target for target in HandoverState if target in ALLOWED[state]]
        st.markdown(f"**{t('workflow.title')}**")
        cells = st.columns(max(1, len(steps)) + 2)
        reason = ""
        if HandoverState.REJECTED in steps:
            reason = cells[-1].text_input(
                t("workflow.reason"), key=f"reason_{picked}", max_chars=500
            )
        for cell, target in zip(cells, steps, strict=False):
            if cell.button(t(f"workflow.to.{target.value}"), key=f"step_{picked}_{target.value}"):
                try:
                    guarded.set_handover_state(db, who, picked, version, target, reason=reason)
                except AccessDeniedError as error:
                    show_denied(error)
                except WorkflowError as error:
                    st.error(t("workflow.refused", rule=plain(t(error.key, **error.params))))
                except ConflictError as error:
                    show_conflict(error.conflict)
                else:
                    st.session_state[FEEDBACK_KEY] = {"saved": [row["code"]]}
                    st.rerun()
        manage = st.columns([2, 2, 6])
        manage[0].button(
            t("register.edit"),
            key=f"edit_{picked}",
            icon=":material/edit:",
            on_click=open_dialog,
            args=(picked,),
        )
        deleting = (
            manage[1].popover(t("register.delete"), icon=":material/delete:")
            if can(Action.DELETE_OBLIGATION)  # a participant edits; the facilitator deletes
            else None
        )
        with deleting or st.empty():
            if deleting is not None:
                st.markdown(t("register.delete_confirm", code=plain(row["code"])))
            if deleting is not None and st.button(
                t("register.delete_yes"), key=f"delete_{picked}", type="primary"
            ):
                try:
                    guarded.set_deleted(db, who, picked, version, True)
                except AccessDeniedError as error:
                    show_denied(error)
                except ConflictError as error:
                    show_conflict(error.conflict)
                else:
                    st.session_state[FEEDBACK_KEY] = {"saved": [row["code"]]}
                    st.rerun()

# ---------------------------------------------------------------- deleted, restorable
deleted = queries.deleted_obligations(db)
if not deleted.empty:
    with st.expander(t("register.deleted", count=len(deleted))):
        for _, gone in deleted.iterrows():
            cells = st.columns([6, 2])
            cells[0].markdown(plain(f"{gone['code']} · {gone['title']}"))
            if can(Action.DELETE_OBLIGATION) and cells[1].button(
                t("register.restore"), key=f"restore_{gone['id']}"
            ):
                try:
                    assert who is not None
                    guarded.set_deleted(db, who, str(gone["id"]), int(gone["version"]), False)
                except AccessDeniedError as error:
                    show_denied(error)
                except ConflictError as error:
                    show_conflict(error.conflict)
                else:
                    st.rerun()

render_if_open(db)
