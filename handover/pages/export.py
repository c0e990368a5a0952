"""Eksport: a handover checklist for one receiving owner, one receiving organisation, one project or
all — as a spreadsheet (XLSX), CSV or Markdown, in Danish or English — previewed, then downloaded.
The file is written only when the download is asked for."""

import pandas as pd
import streamlit as st

from handover.domain.access import AccessDeniedError, Action
from handover.domain.checklist import Scope, ScopeKind
from handover.domain.dates import format_date, today
from handover.domain.plan import PlanError, diff_plans, dump_plan, parse_plan_json
from handover.domain.text import LANGUAGES
from handover.exports.calendar import CalendarMilestone
from handover.exports.checklist_files import FORMATS, MEDIA_TYPES, render
from handover.exports.mspdi import to_mspdi
from handover.store import guarded, queries, reports
from handover.store.plan_io import read_plan
from handover.ui.db import database
from handover.ui.downloads import download_made_on_press
from handover.ui.editing import actor, ask_for_name, can, show_denied, show_problems
from handover.ui.i18n import labeller, lang, plain, t
from handover.ui.tables import DATE_FORMAT, show_table

db = database()
st.title(t("export.title"))
st.caption(t("export.intro"))

people = queries.people(db)
organisations = queries.organisations(db)
projects = queries.project_names(db)
received = {
    ScopeKind.OWNER: queries.counts_by(db, "receiving_owner"),
    ScopeKind.ORGANISATION: queries.counts_by(db, "receiving_org"),
}


def receivers_first(kind: ScopeKind, options: dict[str, str]) -> dict[str, str]:
    """Those who receive the most obligations first: the page opens on a checklist with lines
    (not on an organisation that receives nothing)."""
    counts = received.get(kind, {})
    return dict(sorted(options.items(), key=lambda item: (-counts.get(item[0], 0), item[1])))


choices = {
    ScopeKind.OWNER: receivers_first(
        ScopeKind.OWNER,
        dict(zip(people["id"], people["label"] + " · " + people["organisation"], strict=True)),
    ),
    ScopeKind.ORGANISATION: receivers_first(
        ScopeKind.ORGANISATION,
        dict(zip(organisations["id"], organisations["name"], strict=True)),
    ),
    ScopeKind.PROJECT: projects,
}

with st.container(border=True):
    row = st.columns([2, 3, 1, 1, 1])
    kind = ScopeKind(
        row[0].radio(
            t("checklist.scope"),
            [k.value for k in ScopeKind],
            format_func=labeller("checklist.scope"),
            key="x_kind",
        )
    )
    scope = Scope(ScopeKind.ALL)
    if kind is not ScopeKind.ALL:
        options = choices[kind]
        picked = row[1].selectbox(
            t(f"checklist.scope.{kind.value}"),
            list(options),
            format_func=lambda v: options[v],
            key=f"x_{kind.value}",
        )
        if picked is not None:
            scope = Scope(kind, str(picked), options[picked])
    file_format = row[2].radio(
        t("export.format"), list(FORMATS), format_func=str.upper, key="x_format"
    )
    language = row[3].radio(
        t("export.language"),
        list(LANGUAGES),
        index=list(LANGUAGES).index(lang()),
        format_func={"da": "Dansk", "en": "English"}.__getitem__,
        key="x_lang",
    )
    separator = row[4].radio(
        t("export.separator"), [";", ","], key="x_separator", disabled=file_format != "csv"
    )

made_on = today()
found = (
    None
    if kind is not ScopeKind.ALL and scope.kind is ScopeKind.ALL
    else reports.checklist(db, scope, made_on, language)
)
if kind is not ScopeKind.ALL and scope.kind is ScopeKind.ALL:
    st.info(t("export.pick"))
elif found is None:
    # Said, not stopped: the backup and restore below stay reachable whatever scope is picked.
    st.warning(t("cli.empty_scope", scope=plain(scope.label) or t("checklist.scope.all")))
if found is not None:
    checklist = found
    st.subheader(t("export.preview"))
    st.caption(
        t(
            "export.summary",
            count=len(checklist.lines),
            findings=len(checklist.findings),
            date=format_date(made_on),
        )
    )
    preview = pd.DataFrame(
        {
            "code": [line.code for line in checklist.lines],
            "title": [line.title for line in checklist.lines],
            "due": [line.due for line in checklist.lines],
            "from": [line.from_owner for line in checklist.lines],
            "to": [line.to_owner for line in checklist.lines],
            "state": [line.handover_state for line in checklist.lines],
        }
    )
    show_table(
        preview,
        column_config={
            "code": st.column_config.TextColumn(t("col.code"), width="small"),
            "title": st.column_config.TextColumn(t("col.title"), width="large"),
            "due": st.column_config.DateColumn(t("col.due"), format=DATE_FORMAT),
            "from": st.column_config.TextColumn(t("checklist.from")),
            "to": st.column_config.TextColumn(t("checklist.to")),
            "state": st.column_config.TextColumn(t("col.handover_state")),
        },
        key="export_preview",
    )
    if checklist.findings:
        with st.expander(t("checklist.findings") + f" ({len(checklist.findings)})"):
            st.markdown("\n".join(f"- {plain(finding)}" for finding in checklist.findings))

    def file_bytes() -> bytes:
        milestones = [CalendarMilestone(*row) for row in queries.calendar_milestones(db)]
        return render(file_format, checklist, language, separator=separator, milestones=milestones)

    name = (scope.id or "alle") if scope.kind is not ScopeKind.ALL else "alle"
    download_made_on_press(
        t("export.download"),
        file_bytes,
        file_name=f"tjekliste-{name}-{made_on.isoformat()}.{file_format}",
        mime=MEDIA_TYPES[file_format],
        type="primary",
        icon=":material/download:",
        key="download_checklist",
    )
    download_made_on_press(
        t("export.download_mspdi"),
        lambda: to_mspdi(read_plan(db), scope, language),
        file_name=f"plan-{name}-{made_on.isoformat()}.xml",
        mime="application/xml",
        icon=":material/account_tree:",
        key="download_mspdi",
        help=t("export.download_mspdi_help"),
    )


# ---------------------------------------------------------------- backup and restore
st.divider()
st.subheader(t("backup.title"))
st.caption(t("backup.intro"))
download_made_on_press(
    t("backup.download"),
    lambda: dump_plan(read_plan(db)).encode("utf-8"),
    file_name=f"plan-{made_on.isoformat()}.json",
    mime="application/json",
    icon=":material/save:",
    key="download_backup",
)
who = actor()
if who is None or not can(Action.RESTORE):
    if who is None:
        ask_for_name()
    else:
        st.caption(t("access.facilitator_restores"))
    st.stop()
upload = st.file_uploader(t("backup.restore"), type=["json"], key="restore_file")
if upload is not None:
    try:
        incoming = parse_plan_json(upload.getvalue())
    except PlanError as error:
        st.error(t("backup.invalid", name=plain(upload.name)))
        show_problems(error.problems[:50])
        st.stop()
    changes = diff_plans(read_plan(db), incoming)
    summary = pd.DataFrame(
        {
            "collection": [t(f"backup.collection.{name}") for name in changes],
            "added": [len(c.added) for c in changes.values()],
            "removed": [len(c.removed) for c in changes.values()],
            "changed": [len(c.changed) for c in changes.values()],
        }
    )
    st.markdown(f"**{t('backup.preview', name=plain(upload.name))}**")
    show_table(
        summary,
        column_config={
            "collection": st.column_config.TextColumn(t("backup.what")),
            "added": st.column_config.NumberColumn(t("backup.added"), format="%d"),
            "removed": st.column_config.NumberColumn(t("backup.removed"), format="%d"),
            "changed": st.column_config.NumberColumn(t("backup.changed"), format="%d"),
        },
        key="restore_preview",
    )
    if not any(change.any for change in changes.values()):
        st.success(t("backup.same"))
    else:
        sure = st.checkbox(t("backup.confirm_box"), key="restore_sure")
        if st.button(t("backup.replace"), type="primary", disabled=not sure, key="restore_button"):
            try:
                kept = guarded.restore_plan(db, who, incoming, source=upload.name)
            except AccessDeniedError as error:
                show_denied(error)
            except OSError as error:  # the replaced plan could not be kept: nothing replaced
                st.error(
                    t("backup.keep_failed", path=plain(str(error.filename)), why=error.strerror)
                )
            else:
                st.session_state.pop("restore_sure", None)
                st.success(t("backup.done"))
                if kept is not None:
                    st.caption(t("backup.kept", path=plain(str(kept))))
