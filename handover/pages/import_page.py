"""Import: a spreadsheet (CSV, XLSX) of obligations, people or organisations, a project
status report (Markdown, text, Word), or a project file (MS Project, GanttProject,
Primavera). Every row is checked and every problem shown by row,
column and value before anything is written; the write is one transaction, version-checked and
recorded in the history. A status report's candidate obligations are accepted one by one."""

import pandas as pd
import streamlit as st

from handover.domain.access import Action, Identity
from handover.domain.dates import format_date
from handover.exports import register
from handover.imports import project_service
from handover.imports import service as imports
from handover.imports.files import FileProblemError
from handover.imports.service import TableImport
from handover.imports.status_report import StatusReport
from handover.imports.tabular import (
    FIELDS,
    Defaults,
    Entity,
    field_label,
    guess_mapping,
    problem_message,
)
from handover.store import queries
from handover.store.guarded import ConflictError, ImportResult, InvalidChangeError
from handover.store.plan_io import read_plan
from handover.ui.db import database
from handover.ui.downloads import download_made_on_press
from handover.ui.editing import (
    actor,
    ask_for_name,
    can,
    readable_values,
    reset_editor,
    show_problems,
)
from handover.ui.i18n import lang, plain, t, term
from handover.ui.project_import import offer_new_people, project_section, table_defaults
from handover.ui.tables import show_table

db = database()
st.title(t("importpage.title"))
st.caption(t("importpage.intro"))

done = st.session_state.pop("import_done", None)
if done:
    st.success(done, icon=":material/check:")

who = actor()
if who is None or not can(Action.IMPORT):
    if who is None:
        ask_for_name()
    else:
        st.info(t("access.facilitator_imports"))
    st.stop()
editor: Identity = who

with st.expander(t("importpage.template")):
    st.caption(t("importpage.template_help"))
    # The whole plan is read only when a file is asked for, not on every rerun of the page. The
    # file is made outside this script run (no session there): its language is fixed here.
    language = lang()
    cells = st.columns(3)
    download_made_on_press(
        t("importpage.register_xlsx"),
        lambda: register.to_xlsx(read_plan(db), language),
        where=cells[0],
        file_name="forpligtelser.xlsx" if language == "da" else "obligations.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:",
        key="import_register_xlsx",
    )
    download_made_on_press(
        t("importpage.register_csv"),
        lambda: register.to_csv(read_plan(db), language),
        where=cells[1],
        file_name="forpligtelser.csv" if language == "da" else "obligations.csv",
        mime="text/csv",
        icon=":material/csv:",
        key="import_register_csv",
    )

generation = st.session_state.get("import_upload_generation", 0)
upload = st.file_uploader(
    t("importpage.file"),
    type=[
        *("csv", "txt", "tsv", "xlsx", "md", "markdown", "docx"),
        *("mpp", "mpt", "mpx", "xml", "gan", "pod", "xer", "pmxml"),
    ],
    key=f"import_upload_{generation}",
    help=t("importpage.file_help"),
)
if upload is None:
    st.stop()
data = upload.getvalue()
name = upload.name


def finished(result: ImportResult, *, dry_run: bool) -> None:
    key = "importpage.dry_run_result" if dry_run else "importpage.done"
    message = t(key, added=len(result.added), updated=len(result.updated))
    if result.closing_days:  # a project file's calendars (dry run: would be added)
        message += " " + t("project.closing_days_written", count=len(result.closing_days))
    if dry_run:
        st.info(message, icon=":material/science:")
        return
    st.session_state["import_done"] = message
    st.session_state["import_upload_generation"] = generation + 1  # a fresh, empty uploader
    reset_editor("import_candidates")
    st.rerun()


def write_failed(error: InvalidChangeError | ConflictError) -> None:
    if isinstance(error, ConflictError):
        st.warning(t("importpage.conflict"), icon=":material/sync_problem:")
    else:
        st.error(t("importpage.refused"))
        show_problems(error.problems)


# ---------------------------------------------------------------- status reports
def report_section(report: StatusReport) -> None:
    language = lang()
    if report.warnings:
        st.warning("\n".join(f"- {plain(w.render(language))}" for w in report.warnings))
    if not report.projects:
        st.stop()
    rows = []
    for index, project in enumerate(report.projects):
        with st.container(border=True):
            st.subheader(plain(project.name, one_line=True))
            facts = [
                (t("report.date"), format_date(project.report_date, "—")),
                (t("report.leader"), project.leader or "—"),
                (t("report.participants"), ", ".join(project.participants) or "—"),
                (t("report.supplier"), project.supplier or "—"),
                (t("report.programme"), project.programme or "—"),
                (
                    t("report.period"),
                    f"{format_date(project.start, '?')} – {format_date(project.end, '?')}"
                    if project.start or project.end
                    else "—",
                ),
            ]
            st.markdown("\n".join(f"- **{label}:** {plain(value)}" for label, value in facts))
            if project.milestones:
                show_table(
                    pd.DataFrame(
                        {
                            "nr": [m.number for m in project.milestones],
                            "title": [m.title for m in project.milestones],
                            "planned": [format_date(m.planned, "—") for m in project.milestones],
                            "achieved": [format_date(m.achieved, "—") for m in project.milestones],
                        }
                    ),
                    column_config={
                        "nr": st.column_config.NumberColumn("#", format="%d", width="small"),
                        "title": st.column_config.TextColumn(t("report.milestone")),
                        "planned": st.column_config.TextColumn(t("report.planned")),
                        "achieved": st.column_config.TextColumn(t("report.achieved")),
                    },
                    key=f"report_milestones_{index}",
                )
            if project.risk:
                st.markdown(f"**{t('report.risk')}:** {plain(project.risk)}")
        for number, candidate in enumerate(project.candidates):
            due = format_date(candidate.due, "")
            if candidate.due_anchor is not None:
                due = t("report.due_rule", days=candidate.due_days)
            rows.append(
                {
                    "key": f"{index}:{number}",
                    "take": False,
                    "title": candidate.title,
                    "category": term("category", candidate.category.value),
                    "due": due,
                    "quote": candidate.quote,
                    "project": project.name,
                }
            )
    choices = [str(o) for o in report_home_choices(report)]
    home = st.selectbox(t("report.home"), choices, key="import_home", help=t("report.home_help"))
    st.markdown(f"**{t('report.candidates')}**")
    st.caption(t("report.candidates_help"))
    accepted: set[tuple[int, int]] = set()
    titles: dict[tuple[int, int], str] = {}
    if rows:
        frame = pd.DataFrame(rows).set_index("key")
        edited = st.data_editor(
            frame,
            column_config={
                "take": st.column_config.CheckboxColumn(t("report.take"), width="small"),
                "title": st.column_config.TextColumn(t("col.title"), max_chars=300, width="large"),
                "category": st.column_config.TextColumn(t("col.category"), disabled=True),
                "due": st.column_config.TextColumn(t("col.due"), disabled=True),
                "quote": st.column_config.TextColumn(
                    t("report.quote"), disabled=True, width="large"
                ),
                "project": st.column_config.TextColumn(t("col.project"), disabled=True),
            },
            hide_index=True,
            num_rows="fixed",
            key=f"import_candidates_{st.session_state.get('import_candidates__generation', 0)}",
        )
        for key, row in edited.iterrows():
            index, number = (int(part) for part in str(key).split(":"))
            if bool(row["take"]):
                accepted.add((index, number))
                titles[(index, number)] = str(row["title"] or "").strip()
        if any(not title for title in titles.values()):
            st.error(t("report.title_needed"))
            st.stop()
    else:
        st.info(t("report.no_candidates"))
    changes = imports.plan_report(
        db, report, accepted=accepted, titles=titles, home=home, source=name
    )
    counts = changes.counts()
    st.markdown(t("importpage.report_counts", **counts))
    if changes.kept:
        st.caption(t("importpage.kept", names=plain(", ".join(dict.fromkeys(changes.kept)))))
    if changes.empty:
        st.info(t("importpage.nothing"))
        st.stop()
    buttons = st.columns([1, 1, 4])
    try:
        if buttons[0].button(t("importpage.dry_run"), key="import_report_dry"):
            finished(
                imports.write_report(db, changes, who=editor, source=name, dry_run=True),
                dry_run=True,
            )
        if buttons[1].button(t("importpage.import"), type="primary", key="import_report_go"):
            finished(imports.write_report(db, changes, who=editor, source=name), dry_run=False)
    except (InvalidChangeError, ConflictError) as error:
        write_failed(error)


def report_home_choices(report: StatusReport) -> list[str]:
    names = [n for project in report.projects for n in project.participants]
    known = [str(n) for n in queries.organisations(db)["name"]]
    return list(dict.fromkeys([*names, *known])) or [t("report.unknown_org")]


# ---------------------------------------------------------------- spreadsheets
def table_section() -> None:
    options = st.columns(4)
    encoding = options[1].selectbox(
        t("importpage.encoding"),
        [None, "utf-8-sig", "cp1252"],
        format_func=lambda v: t("importpage.auto") if v is None else t(f"importpage.enc.{v}"),
        key="import_encoding",
    )
    separator = options[2].selectbox(
        t("importpage.separator"),
        [None, ";", ",", "\t"],
        format_func=lambda v: t("importpage.auto") if v is None else t(f"importpage.sep.{ord(v)}"),
        key="import_separator",
    )
    try:
        first = imports.preview_table(db, name, data, encoding=encoding, separator=separator)
    except FileProblemError as error:
        st.error(plain(imports.render_file_problem(error.problem, name, lang())))
        st.caption(t("importpage.nothing_written"))
        st.stop()
    entity = Entity(
        options[0].selectbox(
            t("importpage.entity"),
            [e.value for e in Entity],
            index=[e.value for e in Entity].index(first.preview.entity.value),
            format_func=lambda v: t(f"import.entity.{v}"),
            key="import_entity",
        )
    )
    sheet = None
    if first.table.kind == "xlsx" and len(first.table.sheets) > 1:
        sheet = options[3].selectbox(t("importpage.sheet"), first.table.sheets, key="import_sheet")
    headers = first.table.headers
    guessed = guess_mapping(headers, entity)
    with st.expander(t("importpage.mapping"), expanded=False):
        st.caption(t("importpage.mapping_help"))
        fields = [item.name for item in FIELDS[entity]]
        mapping: dict[int, str] = {}
        columns = st.columns(3)
        for index, heading in enumerate(headers):
            default = guessed.get(index)
            picked = columns[index % 3].selectbox(
                plain(heading, one_line=True) or f"#{index + 1}",
                [None, *fields],
                index=0 if default is None else fields.index(default) + 1,
                format_func=lambda v: (
                    t("importpage.ignore") if v is None else field_label(entity, v, lang())
                ),
                key=f"import_map_{entity.value}_{index}_{heading}",
            )
            if picked is not None and picked not in mapping.values():
                mapping[index] = picked
    defaults = table_defaults() if entity is Entity.OBLIGATIONS else None

    def checked(chosen: Defaults | None) -> TableImport:
        return imports.preview_table(
            db,
            name,
            data,
            entity=entity,
            mapping=mapping,
            encoding=encoding,
            separator=separator,
            sheet=sheet,
            defaults=chosen,
        )

    try:
        result = checked(defaults)
        if defaults is not None and (created := offer_new_people(db, result, defaults)):
            result = checked(created)
    except FileProblemError as error:
        st.error(plain(imports.render_file_problem(error.problem, name, lang())))
        st.stop()
    show_preview(result)


def show_preview(result: TableImport) -> None:
    table, preview = result.table, result.preview
    facts = [t("importpage.rows", count=preview.rows)]
    if table.encoding:
        facts.append(t("importpage.read_as", encoding=t(f"importpage.enc.{table.encoding}")))
    if table.separator:
        facts.append(
            t("importpage.separated", separator=t(f"importpage.sep.{ord(table.separator)}"))
        )
    if table.sheet:
        facts.append(t("importpage.from_sheet", sheet=plain(table.sheet)))
    st.caption(" · ".join(facts))
    if preview.ignored_columns:
        st.caption(t("cli.import_ignored", columns=plain(", ".join(preview.ignored_columns))))
    counts = preview.counts()
    metrics = st.columns(4)
    metrics[0].metric(t("importpage.new"), counts["add"])
    metrics[1].metric(t("importpage.changed"), counts["update"])
    metrics[2].metric(t("importpage.unchanged"), counts["unchanged"])
    metrics[3].metric(t("importpage.problem_rows"), counts["problem_rows"])
    if preview.problems:
        st.error(t("importpage.has_problems", count=len(preview.problems)))
        show_table(
            pd.DataFrame(
                {
                    "row": [p.row or None for p in preview.problems],
                    "column": [p.column for p in preview.problems],
                    "value": [p.value for p in preview.problems],
                    "message": [problem_message(p, lang()) for p in preview.problems],
                }
            ),
            column_config={
                "row": st.column_config.NumberColumn(
                    t("importpage.row"), format="%d", width="small"
                ),
                "column": st.column_config.TextColumn(t("importpage.column")),
                "value": st.column_config.TextColumn(t("importpage.value")),
                "message": st.column_config.TextColumn(t("importpage.message"), width="large"),
            },
            key="import_problems",
        )
    shown = [a for a in preview.actions if a.action != "unchanged"]
    if shown:
        st.markdown(f"**{t('importpage.what_changes')}**")
        show_table(
            pd.DataFrame(
                {
                    "row": [a.row for a in shown],
                    "action": [t(f"importpage.action.{a.action}") for a in shown],
                    "what": [
                        getattr(a.record, "code", None)
                        or getattr(a.record, "label", None)
                        or getattr(a.record, "name", "")
                        for a in shown
                    ],
                    "changes": [
                        readable_values({k: v[1] for k, v in a.changes.items()})
                        if a.changes
                        else str(getattr(a.record, "title", "") or "—")
                        for a in shown
                    ],
                    "ok": ["✗" if a.row in preview.problem_rows else "✓" for a in shown],
                }
            ),
            column_config={
                "row": st.column_config.NumberColumn(
                    t("importpage.row"), format="%d", width="small"
                ),
                "action": st.column_config.TextColumn(t("importpage.action")),
                "what": st.column_config.TextColumn(t("importpage.what")),
                "changes": st.column_config.TextColumn(t("importpage.changes"), width="large"),
                "ok": st.column_config.TextColumn("", width="small"),
            },
            key="import_actions",
        )
    file_problem = 0 in preview.problem_rows
    clean_only = False
    if preview.problems and not file_problem:
        clean_only = st.checkbox(t("importpage.clean_only"), key="import_clean_only")
    if preview.problems and not clean_only:
        st.caption(t("importpage.nothing_written"))
        return
    if not preview.writes(clean_rows_only=clean_only):
        st.info(t("importpage.nothing"))
        return
    buttons = st.columns([1, 1, 4])
    try:
        if buttons[0].button(t("importpage.dry_run"), key="import_dry"):
            finished(
                imports.write_table(
                    db, result, who=editor, clean_rows_only=clean_only, dry_run=True
                ),
                dry_run=True,
            )
        if buttons[1].button(t("importpage.import"), type="primary", key="import_go"):
            finished(
                imports.write_table(db, result, who=editor, clean_rows_only=clean_only),
                dry_run=False,
            )
    except (InvalidChangeError, ConflictError) as error:
        write_failed(error)


if project_service.is_project_file(name, data):
    project_section(db, name, data, editor, finished, write_failed)
    st.stop()
try:
    parsed = imports.read_report(name, data) if imports.is_report(name, data) else None
except FileProblemError as error:
    st.error(plain(imports.render_file_problem(error.problem, name, lang())))
    st.caption(t("importpage.nothing_written"))
    st.stop()
if parsed is not None:
    report_section(parsed)
else:
    table_section()
