"""The Import page's section for project files: what was read, the choices for what the file
lacks (category of new obligations, organisation of new people), the counts, the loss report,
then the dry run and the import — the same gestures as the spreadsheet import."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from handover.domain.access import Identity
from handover.domain.model import Category
from handover.imports import project_service
from handover.imports import service as imports
from handover.imports.files import FileProblemError
from handover.imports.project_plan import ProjectOptions
from handover.store import queries
from handover.store.database import Database
from handover.store.guarded import ConflictError, ImportResult, InvalidChangeError
from handover.ui.i18n import lang, plain, t, term


def project_section(
    db: Database,
    name: str,
    data: bytes,
    editor: Identity,
    finished: Callable[..., None],
    write_failed: Callable[[InvalidChangeError | ConflictError], None],
) -> None:
    organisations = queries.organisations(db)
    ids = [str(value) for value in organisations["id"]]
    names = dict(zip(ids, (str(value) for value in organisations["name"]), strict=True))
    choices = st.columns(2)
    category = choices[0].selectbox(
        t("project.category"),
        [c.value for c in Category],
        index=[c.value for c in Category].index(Category.OPERATIONS.value),
        format_func=lambda value: term("category", value),
        key="import_project_category",
    )
    organisation = (
        choices[1].selectbox(
            t("project.organisation"),
            ids,
            format_func=lambda value: names.get(value, value),
            key="import_project_organisation",
        )
        if ids
        else None
    )
    options = ProjectOptions(category=Category(category), organisation=organisation)
    try:
        with st.spinner(t("project.reading")):
            result = project_service.preview_project(db, name, data, options=options)
    except FileProblemError as error:
        st.error(plain(imports.render_file_problem(error.problem, name, lang())))
        st.caption(t("importpage.nothing_written"))
        st.stop()
    changes, project = result.changes, result.data
    st.caption(
        plain(
            t(
                "project.read",
                name=name,
                format=project.format.upper(),
                title=project.title,
                tasks=changes.tasks_read,
                milestones=changes.milestones_read,
                links=changes.links_read,
                resources=len(project.resources),
            )
        )
    )
    counts = changes.counts()
    st.markdown(
        "\n".join(
            "- " + t("project.counts", kind=t(f"project.kind.{kind}"), **numbers)
            for kind, numbers in counts.items()
        )
    )
    losses = project_service.loss_lines(changes, lang())
    if losses:
        st.warning(
            t("project.losses") + "\n" + "\n".join(f"- {plain(line)}" for line in losses),
            icon=":material/content_cut:",
        )
    else:
        st.caption(t("project.no_losses"))
    problems = project_service.problem_lines(changes, lang())
    if problems:
        st.error("\n".join(f"- {plain(problem)}" for problem in problems))
        st.caption(t("importpage.nothing_written"))
        return
    if not changes.records() and not changes.predecessors:
        st.info(t("project.nothing"))
        return
    buttons = st.columns([1, 1, 4])
    try:
        if buttons[0].button(t("importpage.dry_run"), key="import_project_dry"):
            outcome: ImportResult = project_service.write_project(
                db, result, who=editor, dry_run=True
            )
            finished(outcome, dry_run=True)
        if buttons[1].button(t("importpage.import"), type="primary", key="import_project_go"):
            finished(project_service.write_project(db, result, who=editor), dry_run=False)
    except (InvalidChangeError, ConflictError) as error:
        write_failed(error)
