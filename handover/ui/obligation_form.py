"""The dialog for one whole obligation: every field, the due date as a fixed date or a rule, the
predecessors with type and lag. Opened by a session-state flag, so it survives reruns (and AppTest).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from handover.domain.access import AccessDeniedError
from handover.domain.model import Category, DependencyType, DueAnchor, Obligation, Priority, Status
from handover.domain.plan import problems_from
from handover.domain.problems import Problem
from handover.domain.schedule import resolve_due
from handover.domain.workdays import DurationUnit
from handover.store import guarded, queries
from handover.store.calendar import read_settings
from handover.store.database import Database
from handover.store.guarded import ConflictError, DependencyInput, InvalidChangeError
from handover.store.plan_io import read_obligation
from handover.store.project_reads import milestone_rows, project_rows
from handover.ui.editing import (
    actor,
    ask_for_name,
    person_choices,
    show_conflict,
    show_denied,
    show_problems,
)
from handover.ui.i18n import d, labeller, plain, t

DIALOG_KEY = "obligation_dialog"  # holds the id being edited, or NEW
NEW = "__new__"
PREFIX = "ob_"
FEEDBACK_KEY = "register_feedback"


def open_dialog(target: str) -> None:
    """Button callback: open the dialog for `target` with a clean form."""
    for key in [key for key in st.session_state if str(key).startswith(PREFIX)]:
        del st.session_state[key]
    st.session_state[DIALOG_KEY] = target


def close_dialog() -> None:
    st.session_state.pop(DIALOG_KEY, None)


def render_if_open(db: Database) -> None:
    """Show the dialog while the flag is set (its title in the session's language)."""
    target = st.session_state.get(DIALOG_KEY)
    if target:
        dialog = st.dialog(t("form.title"), width="large", on_dismiss=close_dialog)
        dialog(_dialog)(db, str(target))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "obligation"


def _dialog(db: Database, target: str) -> None:
    found = None if target == NEW else read_obligation(db, target)
    record, version = found if found is not None else (None, None)
    st.subheader(
        t("form.new") if record is None else plain(f"{record.code} · {record.title}", one_line=True)
    )
    people_frame = queries.people(db)
    people, person_label = person_choices(people_frame)
    if record is not None:
        for owner in (record.current_owner, record.receiving_owner):
            if owner and owner not in person_label:  # a deactivated owner stays visible
                people.append(owner)
                person_label[owner] = owner
    projects = queries.project_names(db)
    milestones = queries.milestone_names(db)
    codes = queries.obligation_codes(db)
    rule = record.due_rule if record else None

    with st.form(key=f"{PREFIX}form", border=False):
        top = st.columns([1, 3])
        code = top[0].text_input(
            t("col.code"), value=record.code if record else "", key=f"{PREFIX}code", max_chars=20
        )
        title = top[1].text_input(
            t("col.title"),
            value=record.title if record else "",
            key=f"{PREFIX}title",
            max_chars=300,
        )
        description = st.text_area(
            t("col.description"),
            value=record.description if record else "",
            key=f"{PREFIX}description",
        )
        row = st.columns(3)
        project_ids = [None, *projects]
        project = row[0].selectbox(
            t("col.project"),
            project_ids,
            index=project_ids.index(record.project)
            if record and record.project in project_ids
            else (1 if len(project_ids) > 1 else 0),
            format_func=lambda value: "—" if value is None else projects[value],
            key=f"{PREFIX}project",
        )
        categories = [c.value for c in Category]
        category = row[1].selectbox(
            t("col.category"),
            categories,
            index=categories.index(record.category.value) if record else 0,
            format_func=labeller("category"),
            key=f"{PREFIX}category",
        )
        priorities = [p.value for p in Priority]
        priority = row[2].selectbox(
            t("col.priority"),
            priorities,
            index=priorities.index(record.priority.value) if record else priorities.index("medium"),
            format_func=labeller("priority"),
            key=f"{PREFIX}priority",
        )
        owners = st.columns(3)
        person_ids = [None, *people]

        def choose_person(cell: Any, label_key: str, current: str | None, key: str) -> Any:
            return cell.selectbox(
                t(label_key),
                person_ids,
                index=person_ids.index(current) if current in person_ids else 0,
                format_func=lambda value: (
                    t("register.unassigned") if value is None else person_label[value]
                ),
                key=f"{PREFIX}{key}",
            )

        current_owner = choose_person(
            owners[0],
            "col.current_owner",
            record.current_owner if record else None,
            "current_owner",
        )
        receiving_owner = choose_person(
            owners[1],
            "col.receiving_owner",
            record.receiving_owner if record else None,
            "receiving_owner",
        )
        statuses = [s.value for s in Status]
        status = owners[2].selectbox(
            t("col.status"),
            statuses,
            index=statuses.index(record.status.value) if record else 0,
            format_func=labeller("status"),
            key=f"{PREFIX}status",
        )
        dates = st.columns(4)
        start = dates[0].date_input(
            t("col.start"),
            value=record.start if record else None,
            format="DD.MM.YYYY",
            key=f"{PREFIX}start",
        )
        modes = ["fixed", "rule"]
        mode = dates[1].radio(
            t("form.due_mode"),
            modes,
            index=1 if rule else 0,
            format_func=labeller("form.mode"),
            key=f"{PREFIX}due_mode",
        )
        due = dates[2].date_input(
            t("form.fixed_due"),
            value=record.due if record else None,
            format="DD.MM.YYYY",
            key=f"{PREFIX}due",
        )
        anchors = [a.value for a in DueAnchor]
        anchor = dates[3].selectbox(
            t("form.anchor"),
            anchors,
            index=anchors.index(rule.anchor.value) if rule else anchors.index("project_end"),
            format_func=labeller("anchor"),
            key=f"{PREFIX}anchor",
        )
        rule_row = st.columns([2, 1, 1])
        milestone_ids = [None, *milestones]
        milestone = rule_row[0].selectbox(
            t("form.milestone"),
            milestone_ids,
            index=milestone_ids.index(rule.milestone)
            if rule and rule.milestone in milestone_ids
            else 0,
            format_func=lambda value: "—" if value is None else milestones[value],
            key=f"{PREFIX}milestone",
        )
        days = rule_row[1].number_input(
            t("form.days"),
            value=rule.days if rule else 0,
            step=1,
            min_value=-36_500,
            max_value=36_500,
            key=f"{PREFIX}days",
        )
        units = [u.value for u in DurationUnit]
        unit = rule_row[2].selectbox(
            t("form.unit"),
            units,
            index=units.index(rule.unit.value) if rule else 0,
            format_func=labeller("unit"),
            key=f"{PREFIX}unit",
        )
        date_basis = st.text_input(
            t("col.date_basis"),
            value=record.date_basis if record else "",
            help=t("form.date_basis_help"),
            max_chars=2000,
            key=f"{PREFIX}date_basis",
        )
        acceptance = st.text_area(
            t("col.acceptance_criteria"),
            value=record.acceptance_criteria if record else "",
            key=f"{PREFIX}acceptance",
        )
        evidence = st.text_area(
            t("col.evidence"),
            value="\n".join(record.evidence) if record else "",
            help=t("form.evidence_help"),
            key=f"{PREFIX}evidence",
        )
        sources = st.columns(2)
        source_quote = sources[0].text_area(
            t("col.source_quote"),
            value=record.source_quote if record else "",
            key=f"{PREFIX}source_quote",
        )
        source_ref = sources[1].text_input(
            t("col.source_ref"),
            value=record.source_ref if record else "",
            key=f"{PREFIX}source_ref",
        )
        legal_basis = sources[1].text_input(
            t("col.legal_basis"),
            value=record.legal_basis if record else "",
            key=f"{PREFIX}legal_basis",
        )
        amount = sources[1].number_input(
            t("col.amount"),
            value=record.amount_eur if record else None,
            min_value=0.0,
            step=1000.0,
            key=f"{PREFIX}amount",
        )
        notes = st.text_area(
            t("col.notes"), value=record.notes if record else "", key=f"{PREFIX}notes"
        )
        st.markdown(f"**{t('register.depends_on')}**")
        links = (
            queries.dependencies(db, target)
            if record
            else pd.DataFrame(columns=["predecessor", "successor", "type", "lag_days", "lag_unit"])
        )
        mine = links[links["successor"] == target][
            ["predecessor", "type", "lag_days", "lag_unit"]
        ].reset_index(drop=True)
        predecessors: pd.DataFrame = st.data_editor(
            mine,
            num_rows="dynamic",
            hide_index=True,
            key=f"{PREFIX}predecessors",
            column_config={
                "predecessor": st.column_config.SelectboxColumn(
                    t("form.predecessor"),
                    options=[cid for cid in codes if cid != target],
                    format_func=lambda value: codes.get(str(value), str(value)),
                    required=True,
                    width="large",
                ),
                "type": st.column_config.SelectboxColumn(
                    t("form.dependency_type"),
                    options=[d.value for d in DependencyType],
                    default="FS",
                    required=True,
                ),
                "lag_days": st.column_config.NumberColumn(
                    t("form.lag"), default=0, step=1, format="%d"
                ),
                "lag_unit": st.column_config.SelectboxColumn(
                    t("form.lag_unit"),
                    options=[u.value for u in DurationUnit],
                    format_func=labeller("unit"),
                    default=DurationUnit.DAYS.value,
                    required=True,
                ),
            },
        )
        buttons = st.columns([1, 1, 2, 2])
        submitted = buttons[0].form_submit_button(t("form.save"), type="primary")
        cancelled = buttons[1].form_submit_button(t("form.cancel"))
        buttons[2].form_submit_button(t("form.preview"))  # a rerun shows the preview below

    if cancelled:
        close_dialog()
        st.rerun()
    if mode == "rule":
        _preview(db, project, anchor, milestone, int(days), unit)
    if not submitted:
        return
    who = actor()
    if who is None:
        ask_for_name()
        return
    fields: dict[str, Any] = {
        # What the form does not show stays as stored (a declared field without a widget).
        **(record.model_dump() if record is not None else {}),
        "id": record.id if record else f"{_slug(code or title)}-{uuid.uuid4().hex[:6]}",
        "code": code,
        "project": project,
        "title": title,
        "description": description,
        "category": category,
        "source_quote": source_quote,
        "source_ref": source_ref,
        "legal_basis": legal_basis,
        "current_owner": current_owner,
        "receiving_owner": receiving_owner,
        "start": start,
        "due": due if mode == "fixed" else None,
        "due_rule": None
        if mode == "fixed"
        else {
            "anchor": anchor,
            "milestone": milestone if anchor == "milestone" else None,
            "days": int(days),
            "unit": unit,
        },
        "date_basis": date_basis,
        "status": status,
        "acceptance_criteria": acceptance,
        "evidence": tuple(line.strip() for line in evidence.splitlines() if line.strip()),
        "amount_eur": amount,
        "priority": priority,
        "notes": notes,
    }
    try:
        obligation = Obligation.model_validate(fields, strict=False)
    except ValidationError as error:
        show_problems(problems_from(error, (code or "?",)))
        return
    try:
        dependencies = [
            DependencyInput(
                str(row["predecessor"]),
                DependencyType(row["type"] or "FS"),
                0 if pd.isna(row["lag_days"]) else int(row["lag_days"]),
                DurationUnit(str(row["lag_unit"]) if isinstance(row["lag_unit"], str) else "days"),
            )
            for _, row in predecessors.iterrows()
            if isinstance(row["predecessor"], str) and row["predecessor"]
        ]
    except ValueError as error:  # a type or unit the editor's options do not hold
        show_problems([Problem("dependencies", "plan.invalid_value", {"why": str(error)})])
        return
    try:
        result = guarded.save_obligation(
            db, who, obligation, version=version, predecessors=dependencies
        )
    except AccessDeniedError as error:
        show_denied(error)
        return
    except InvalidChangeError as error:
        show_problems(error.problems)
        return
    except ConflictError as error:
        show_conflict(error.conflict)
        st.caption(t("edit.form_kept"))
        return
    st.session_state[FEEDBACK_KEY] = {
        "saved": [obligation.code] if result.saved else [],
        "warnings": result.warnings,
    }
    close_dialog()
    st.rerun()


def _preview(
    db: Database, project: str | None, anchor: str, milestone: str | None, days: int, unit: str
) -> None:
    """The date the rule gives as the form stands (the domain's resolution on the plan's working
    calendar), or why it has none; nothing when the rule itself is invalid (the save says why)."""
    try:
        probe = Obligation.model_validate(
            {
                "id": "preview",
                "code": "preview",
                "title": "preview",
                "category": "reporting",
                "project": project,
                "due_rule": {
                    "anchor": anchor,
                    "milestone": milestone if anchor == "milestone" else None,
                    "days": days,
                    "unit": unit,
                },
            },
            strict=False,
        )
    except ValidationError:
        return
    settings, _ = read_settings(db)
    due = resolve_due(
        probe,
        {p.id: p for p, _ in project_rows(db)},
        {m.id: m for m, _ in milestone_rows(db)},
        settings.work_calendar(),
        roll=settings.roll_deadlines,
    )
    if due is None:
        st.caption(t("form.preview_unknown"))
    else:
        st.caption(t("form.preview_due", due=d(due)))
