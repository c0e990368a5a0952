"""Eksport: a handover checklist for one receiving owner, one receiving organisation, one project or
all — as a spreadsheet (XLSX), CSV or Markdown, in Danish or English — previewed, then downloaded.
The file is written only when the download is asked for."""

import pandas as pd
import streamlit as st

from handover.domain.checklist import Scope, ScopeKind
from handover.domain.checklist import build as build_checklist
from handover.domain.dates import format_date, today
from handover.domain.findings import evaluate
from handover.domain.text import LANGUAGES
from handover.exports.checklist_files import MEDIA_TYPES, WRITERS
from handover.store import queries
from handover.ui.db import database
from handover.ui.i18n import labeller, lang, t
from handover.ui.tables import DATE_FORMAT, show_table

db = database()
st.title(t("export.title"))
st.caption(t("export.intro"))

people = queries.people(db)
organisations = queries.organisations(db)
projects = queries.project_names(db)
choices = {
    ScopeKind.OWNER: dict(
        zip(people["id"], people["label"] + " · " + people["organisation"], strict=True)
    ),
    ScopeKind.ORGANISATION: dict(zip(organisations["id"], organisations["name"], strict=True)),
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
        t("export.format"), sorted(WRITERS), format_func=str.upper, key="x_format"
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

if kind is not ScopeKind.ALL and scope.kind is ScopeKind.ALL:
    st.info(t("export.pick"))
    st.stop()

rows = queries.checklist_rows(db, scope)
if not rows:
    st.warning(t("cli.empty_scope", scope=scope.label or t("checklist.scope.all")))
    st.stop()

made_on = today()
findings = db.remember(
    ("findings", made_on), lambda: evaluate(queries.findings_snapshot(db), made_on)
)
checklist = build_checklist(scope, rows, findings, made_on, language)

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
        st.markdown("\n".join(f"- {finding}" for finding in checklist.findings))


def file_bytes() -> bytes:
    writer = WRITERS[file_format]
    return (
        writer(checklist, language, separator)
        if file_format == "csv"
        else writer(checklist, language)
    )


name = (scope.id or "alle") if scope.kind is not ScopeKind.ALL else "alle"
st.download_button(
    t("export.download"),
    data=file_bytes,
    file_name=f"tjekliste-{name}-{made_on.isoformat()}.{file_format}",
    mime=MEDIA_TYPES[file_format],
    type="primary",
    icon=":material/download:",
    key="download_checklist",
)
