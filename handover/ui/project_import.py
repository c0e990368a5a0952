"""The Import page's choices for files that lack what the plan needs: a project file's section
(what was read, category of new obligations, organisation of new people, counts, loss report, dry
run, import), and a spreadsheet's defaults for new obligations and its offer to create the
owners the plan does not know — the same gestures as the rest of the import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from handover.domain.access import Identity
from handover.domain.model import Category, Priority, Status
from handover.imports import project_service
from handover.imports import service as imports
from handover.imports.files import FileProblemError
from handover.imports.project_plan import ProjectOptions
from handover.imports.service import TableImport
from handover.imports.tabular import Defaults
from handover.store import queries
from handover.store.database import Database
from handover.store.guarded import ConflictError, ImportResult, InvalidChangeError
from handover.ui.i18n import lang, plain, t, term


def _organisations(db: Database) -> tuple[list[str], dict[str, str]]:
    organisations = queries.organisations(db)
    ids = [str(value) for value in organisations["id"]]
    return ids, dict(zip(ids, (str(value) for value in organisations["name"]), strict=True))


def project_section(
    db: Database,
    name: str,
    data: bytes,
    editor: Identity,
    finished: Callable[..., None],
    write_failed: Callable[[InvalidChangeError | ConflictError], None],
) -> None:
    ids, names = _organisations(db)
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
    closing = project_service.closing_days_line(changes, lang())
    if closing:
        st.caption(plain(closing))
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
    if not changes.writes:
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


def table_defaults() -> Defaults:
    """The defaults a spreadsheet's new obligations get, shown and changeable per file."""
    with st.expander(t("importpage.defaults"), expanded=False):
        cells = st.columns(3)
        category = cells[0].selectbox(
            t("col.category"),
            [c.value for c in Category],
            index=[c.value for c in Category].index(Category.OPERATIONS.value),
            format_func=lambda value: term("category", value),
            key="import_default_category",
        )
        priority = cells[1].selectbox(
            t("col.priority"),
            [p.value for p in Priority],
            index=[p.value for p in Priority].index(Priority.MEDIUM.value),
            format_func=lambda value: term("priority", value),
            key="import_default_priority",
        )
        status = cells[2].selectbox(
            t("col.status"),
            [s.value for s in Status],
            format_func=lambda value: term("status", value),
            key="import_default_status",
        )
    return Defaults(category=Category(category), priority=Priority(priority), status=Status(status))


def offer_new_people(db: Database, result: TableImport, defaults: Defaults) -> Defaults | None:
    """Shows which defaults were used and the owners the plan does not know, with the choice to
    create them; the defaults to preview again with when that choice is made, else None."""
    preview = result.preview
    if preview.defaulted:
        st.caption(
            " · ".join(
                t("importpage.defaulted", count=count, field=t(f"col.{name}"))
                for name, count in preview.defaulted.items()
            )
        )
    if not preview.unknown_people:
        return None
    st.warning(
        plain(t("importpage.unknown_people", names=", ".join(preview.unknown_people))),
        icon=":material/person_add:",
    )
    ids, names = _organisations(db)
    cells = st.columns(2)
    create = cells[0].checkbox(t("importpage.create_people"), key="import_create_people")
    organisation = cells[1].selectbox(
        t("importpage.create_people_in"),
        ids,
        format_func=lambda value: names.get(value, value),
        key="import_create_people_org",
        disabled=not create,
    )
    if not create:
        return None
    return replace(defaults, create_people=True, organisation=organisation)
