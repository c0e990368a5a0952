"""Projekter og milepæle: each project's dates and grant profile (coordinator, agreement,
beneficiaries with their requested EU contribution), and the milestones, marked reached with a
date; for a grant, the EU close-out template previewed and added ("ny plan fra skabelon")."""

import streamlit as st

from handover.domain.access import Action
from handover.domain.dates import today
from handover.domain.findings import BeneficiaryFacts, ProjectFacts
from handover.domain.grant_rules import is_grant, key_dates
from handover.domain.grant_rules import total_requested as requested
from handover.store import queries
from handover.store.project_reads import milestone_rows, project_rows
from handover.ui.close_out import close_out_panel, show_added
from handover.ui.db import database
from handover.ui.editing import actor, can, show_outcome
from handover.ui.i18n import d, plain, t
from handover.ui.project_edit import beneficiaries_editor, milestone_editor, project_editor

db = database()
who = actor()
st.title(t("projects.title"))
show_outcome()
show_added()

organisations_frame = queries.organisations(db)
organisations = dict(zip(organisations_frame["id"], organisations_frame["name"], strict=True))
projects = project_rows(db)
milestones = milestone_rows(db)
editable = who is not None and can(Action.EDIT_ORGANISATIONS)
template = who is not None and can(Action.CREATE_OBLIGATION)

st.subheader(t("projects.projects"))
if not projects:
    st.info(t("projects.none"))
elif editable and who is not None:
    project_editor(db, projects, organisations, who)
else:
    for project, _ in projects:
        st.markdown(
            f"**{plain(project.name, one_line=True)}**: {d(project.start)} – {d(project.end)}"
        )

for project, version in projects:
    facts = ProjectFacts(
        project.id,
        project.name,
        project.start,
        project.end,
        project.coordinator,
        tuple(BeneficiaryFacts(b.organisation, b.requested_eur) for b in project.beneficiaries),
        project.grant_agreement,
    )
    with st.expander(t("projects.grant_profile", name=plain(project.name, one_line=True))):
        if is_grant(facts) and project.end is not None:
            dates = key_dates(project.end, requested(facts))
            st.caption(
                t(
                    "projects.close_out_dates",
                    report=d(dates["final_report"]),
                    amendment=d(dates["latest_amendment_filing"]),
                    balance=d(dates["balance"]),
                    records=d(dates["records_until"]),
                )
            )
        if project.date_basis:
            st.caption(t("projects.basis", basis=plain(project.date_basis)))
        if template and who is not None and is_grant(facts):
            close_out_panel(db, project.id, version, who)
        if editable and who is not None:
            beneficiaries_editor(db, project, version, organisations, who)
        else:
            for beneficiary in project.beneficiaries:
                amount = (
                    t("projects.unknown")
                    if beneficiary.requested_eur is None
                    else f"{beneficiary.requested_eur:,.0f} EUR"
                )
                st.markdown(
                    f"- {plain(organisations.get(beneficiary.organisation, ''), one_line=True)}: "
                    f"{amount}"
                )

st.subheader(t("projects.milestones"))
st.caption(t("projects.milestones_help", date=d(today())))
if editable and who is not None:
    milestone_editor(db, milestones, who)
else:
    for milestone, _ in milestones:
        reached = (
            t("projects.reached_on", date=d(milestone.achieved))
            if milestone.achieved
            else t("projects.not_reached")
        )
        st.markdown(
            f"- **{plain(milestone.title, one_line=True)}** {d(milestone.planned)}: {reached}"
        )
