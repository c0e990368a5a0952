"""The projects-and-milestones editors: project dates and grant profile, each project's
beneficiaries, and milestones with "reached" and its date; every row saved version-checked through
the role checks (store.guarded), a conflict shown, nothing lost."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from handover.domain.access import Identity
from handover.domain.model import Beneficiary, Milestone, Project
from handover.store import guarded
from handover.store.database import Database
from handover.ui.editing import editor_key, keep_table, save_button
from handover.ui.i18n import t
from handover.ui.tables import DATE_FORMAT, cell_date, cell_text

PROJECT_FIELDS = frozenset(
    {"name", "programme", "start", "end", "coordinator", "grant_agreement", "date_basis"}
)
MILESTONE_FIELDS = frozenset({"title", "planned", "achieved", "date_basis"})


def _date(value: Any) -> Any:
    if isinstance(value, str):
        return value[:10] or None
    return cell_date(value)


def project_editor(
    db: Database, projects: list[tuple[Project, int]], organisations: dict[str, str], who: Identity
) -> None:
    records = {project.id: project for project, _ in projects}
    shown = pd.DataFrame(
        {
            "id": [p.id for p, _ in projects],
            "name": [p.name for p, _ in projects],
            "programme": [p.programme for p, _ in projects],
            "start": [p.start for p, _ in projects],
            "end": [p.end for p, _ in projects],
            "coordinator": [p.coordinator for p, _ in projects],
            "grant_agreement": [p.grant_agreement for p, _ in projects],
            "date_basis": [p.date_basis for p, _ in projects],
        }
    )
    st.data_editor(
        shown,
        placeholder="—",
        key=keep_table("project", shown, [(p.id, v) for p, v in projects]),
        hide_index=True,
        num_rows="fixed",
        column_order=(
            "name",
            "start",
            "end",
            "coordinator",
            "programme",
            "grant_agreement",
            "date_basis",
        ),
        column_config={
            "name": st.column_config.TextColumn(t("col.name"), required=True, max_chars=300),
            "programme": st.column_config.TextColumn(t("projects.programme")),
            "start": st.column_config.DateColumn(t("col.start"), format=DATE_FORMAT),
            "end": st.column_config.DateColumn(t("projects.end"), format=DATE_FORMAT),
            "coordinator": st.column_config.SelectboxColumn(
                t("projects.coordinator"),
                options=list(organisations),
                format_func=lambda v: organisations.get(str(v), str(v)),
            ),
            "grant_agreement": st.column_config.TextColumn(t("projects.grant_agreement")),
            "date_basis": st.column_config.TextColumn(t("col.date_basis"), width="large"),
        },
    )

    def build(row: dict[str, Any]) -> Project:
        before = records[row["id"]]
        return Project.model_validate(
            {
                **before.model_dump(),
                "name": row["name"] or "",
                "programme": cell_text(row["programme"]) or "",
                "start": _date(row["start"]),
                "end": _date(row["end"]),
                "coordinator": cell_text(row["coordinator"]),
                "grant_agreement": cell_text(row["grant_agreement"]) or "",
                "date_basis": cell_text(row["date_basis"]) or "",
            },
            strict=False,
        )

    save_button(
        "project",
        "save_projects",
        PROJECT_FIELDS,
        build,
        lambda record, version: guarded.save_project(db, who, record, version=version),
    )


def beneficiaries_editor(
    db: Database, project: Project, version: int, organisations: dict[str, str], who: Identity
) -> None:
    """The grant's beneficiaries and their requested EU contribution (empty: not known)."""
    shown = pd.DataFrame(
        {
            "organisation": [b.organisation for b in project.beneficiaries],
            "requested_eur": [b.requested_eur for b in project.beneficiaries],
        },
        columns=["organisation", "requested_eur"],
    ).astype({"requested_eur": "float64"})
    key = f"beneficiaries_{project.id}"
    edited = st.data_editor(
        shown,
        placeholder="—",
        key=editor_key(key),
        hide_index=True,
        num_rows="dynamic",
        column_config={
            "organisation": st.column_config.SelectboxColumn(
                t("projects.beneficiary"),
                options=list(organisations),
                format_func=lambda v: organisations.get(str(v), str(v)),
                required=True,
            ),
            "requested_eur": st.column_config.NumberColumn(
                t("projects.requested_eur"), min_value=0, format="%.0f"
            ),
        },
    )
    if st.button(t("projects.save_beneficiaries"), key=f"save_{key}", icon=":material/save:"):
        rows = [
            Beneficiary(
                organisation=str(organisation),
                requested_eur=None if pd.isna(amount) else float(amount),
            )
            for organisation, amount in zip(
                edited["organisation"], edited["requested_eur"], strict=True
            )
            if isinstance(organisation, str) and organisation
        ]
        changed = project.model_copy(update={"beneficiaries": tuple(rows)})
        try:
            guarded.save_project(db, who, changed, version=version)
        except guarded.InvalidChangeError as error:
            st.error(t("edit.not_saved"))
            for problem in error.problems:
                st.caption(problem.render(st.session_state.get("language", "da")))
            return
        except guarded.ConflictError:
            st.error(t("projects.conflict"))
            return
        st.session_state.pop(editor_key(key), None)
        st.rerun()


def milestone_editor(db: Database, milestones: list[tuple[Milestone, int]], who: Identity) -> None:
    records = {milestone.id: milestone for milestone, _ in milestones}
    shown = pd.DataFrame(
        {
            "id": [m.id for m, _ in milestones],
            "title": [m.title for m, _ in milestones],
            "kind": [t(f"milestone_kind.{m.kind.value}") for m, _ in milestones],
            "planned": [m.planned for m, _ in milestones],
            "achieved": [m.achieved for m, _ in milestones],
            "date_basis": [m.date_basis for m, _ in milestones],
        }
    )
    st.data_editor(
        shown,
        placeholder="—",
        key=keep_table("milestone", shown, [(m.id, v) for m, v in milestones]),
        hide_index=True,
        num_rows="fixed",
        column_order=("title", "kind", "planned", "achieved", "date_basis"),
        disabled=["id", "kind"],
        column_config={
            "title": st.column_config.TextColumn(t("col.title"), required=True, max_chars=300),
            "kind": st.column_config.TextColumn(t("projects.kind"), width="small"),
            "planned": st.column_config.DateColumn(t("projects.planned"), format=DATE_FORMAT),
            "achieved": st.column_config.DateColumn(t("projects.achieved"), format=DATE_FORMAT),
            "date_basis": st.column_config.TextColumn(t("col.date_basis"), width="large"),
        },
    )

    def build(row: dict[str, Any]) -> Milestone:
        before = records[row["id"]]
        return Milestone.model_validate(
            {
                **before.model_dump(),
                "title": row["title"] or "",
                "planned": _date(row["planned"]),
                "achieved": _date(row["achieved"]),
                "date_basis": cell_text(row["date_basis"]) or "",
            },
            strict=False,
        )

    save_button(
        "milestone",
        "save_milestones",
        MILESTONE_FIELDS,
        build,
        lambda record, version: guarded.save_milestone(db, who, record, version=version),
    )
