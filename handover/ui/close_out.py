""" "Ny plan fra skabelon" on the projects page: the close-out obligations the EU template would add
for a project, previewed with their rules and dates, added on confirmation in one version-checked,
audited transaction (store.guarded, the facilitator's)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from handover.domain.access import AccessDeniedError, Identity
from handover.domain.close_out import TemplateError, additions
from handover.domain.plan import Plan, problems_from
from handover.domain.schedule import resolve_due
from handover.store import guarded
from handover.store.database import Database
from handover.store.guarded import ConflictError, InvalidChangeError
from handover.store.plan_io import read_plan
from handover.ui.editing import show_conflict, show_denied, show_problems
from handover.ui.i18n import d, labeller, plain, t

ADDED_KEY = "close_out_added"  # the codes just added, shown once after the rerun


def default_prefix(plan: Plan, project_id: str) -> str:
    """The code prefix the project's obligations use most (XS for XS-01 …), else its id's."""
    prefixes = [o.code.split("-")[0] for o in plan.obligations if o.project == project_id]
    if prefixes:
        return max(sorted(set(prefixes)), key=prefixes.count)
    return project_id.upper()[:8]


def show_added() -> None:
    codes = st.session_state.pop(ADDED_KEY, None)
    if codes:
        st.success(
            t("close_out.added", count=len(codes), codes=plain(", ".join(codes), one_line=True)),
            icon=":material/check:",
        )


def close_out_panel(db: Database, project_id: str, version: int, who: Identity) -> None:
    """The prefix, the preview and the confirmation for one project."""
    key = f"close_out_{project_id}"
    plan = read_plan(db)
    prefix = st.text_input(
        t("close_out.prefix"),
        value=default_prefix(plan, project_id),
        help=t("close_out.prefix_help"),
        max_chars=12,
        key=f"{key}_prefix",
    )
    if st.button(t("close_out.preview"), key=f"{key}_preview"):
        st.session_state[f"{key}_shown"] = (prefix, version)
    shown = st.session_state.get(f"{key}_shown")
    if not shown:
        return
    shown_prefix, shown_version = shown
    try:
        people, obligations = additions(plan, project_id, shown_prefix)
    except TemplateError as error:
        st.error(plain(t(error.key, **error.params)))
        return
    except ValidationError as error:
        show_problems(problems_from(error, (shown_prefix,)))
        return
    by_id = {p.id: p for p in plan.projects}
    milestones = {m.id: m for m in plan.milestones}
    calendar = plan.settings.work_calendar()
    unit_label, anchor_label = labeller("unit"), labeller("anchor")
    rows = []
    for obligation in obligations:
        rule = obligation.due_rule
        assert rule is not None  # every template obligation has a rule on the project's end
        due = resolve_due(
            obligation, by_id, milestones, calendar, roll=plan.settings.roll_deadlines
        )
        rows.append(
            {
                t("col.code"): obligation.code,
                t("col.title"): obligation.title,
                t("close_out.rule"): t(
                    "close_out.rule_text",
                    anchor=anchor_label(rule.anchor.value),
                    days=rule.days,
                    unit=unit_label(rule.unit.value),
                ),
                t("col.due"): d(due),
                t("col.date_basis"): obligation.date_basis,
            }
        )
    st.caption(t("close_out.preview_caption", count=len(obligations), roles=len(people)))
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"{key}_table")
    if not st.button(
        t("close_out.confirm", count=len(obligations)), type="primary", key=f"{key}_confirm"
    ):
        return
    try:
        result = guarded.add_close_out(db, who, project_id, shown_prefix, version=shown_version)
    except AccessDeniedError as error:
        show_denied(error)
        return
    except ConflictError as error:
        show_conflict(error.conflict)
        st.session_state.pop(f"{key}_shown", None)
        return
    except TemplateError as error:
        st.error(plain(t(error.key, **error.params)))
        return
    except InvalidChangeError as error:
        show_problems(error.problems)
        return
    st.session_state.pop(f"{key}_shown", None)
    st.session_state[ADDED_KEY] = [o.code for o in obligations if o.id in result.added]
    st.rerun()
