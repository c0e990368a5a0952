"""Editing organisations and people: table edits saved row by row (each version-checked and
audited), and forms to add one. Used by the Organisationer page when a name is given."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from handover.domain.access import AccessDeniedError, Identity
from handover.domain.model import Organisation, Person
from handover.domain.plan import problems_from
from handover.store import guarded
from handover.store.database import Database
from handover.store.guarded import InvalidChangeError
from handover.ui.editing import keep_table, outcome, save_button, show_denied, show_problems
from handover.ui.i18n import t
from handover.ui.tables import DATE_FORMAT, cell_date, cell_text

ORG_FIELDS = frozenset(
    {"name", "kind", "exists_from", "exists_until", "successor_id", "active", "notes"}
)
PERSON_FIELDS = frozenset({"name", "title", "organisation_id", "email", "active"})


def slug(text: str, taken: set[str]) -> str:
    """A readable id from a name, unique among `taken`."""
    base = re.sub(r"[^a-z0-9æøå]+", "-", text.lower()).strip("-")[:40] or "id"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _date(value: Any) -> Any:
    if isinstance(value, str):
        return value[:10] or None
    return cell_date(value)


def organisation_editor(db: Database, organisations: pd.DataFrame, who: Identity) -> None:
    shown = organisations[
        [
            "id",
            "name",
            "kind",
            "exists_from",
            "exists_until",
            "successor_id",
            "active",
            "notes",
            "version",
        ]
    ].reset_index(drop=True)
    shown["exists_from"] = [cell_date(v) for v in shown["exists_from"]]
    shown["exists_until"] = [cell_date(v) for v in shown["exists_until"]]
    names = dict(zip(shown["id"], shown["name"], strict=True))
    st.data_editor(
        shown,
        placeholder="—",
        key=keep_table("org", shown, zip(shown["id"], shown["version"], strict=True)),
        hide_index=True,
        num_rows="fixed",
        column_order=(
            "name",
            "kind",
            "exists_from",
            "exists_until",
            "successor_id",
            "active",
            "notes",
        ),
        disabled=["id", "version"],
        column_config={
            "name": st.column_config.TextColumn(t("col.name"), required=True, max_chars=300),
            "kind": st.column_config.TextColumn(t("col.kind"), width="medium"),
            "exists_from": st.column_config.DateColumn(t("col.exists_from"), format=DATE_FORMAT),
            "exists_until": st.column_config.DateColumn(t("col.exists_until"), format=DATE_FORMAT),
            "successor_id": st.column_config.SelectboxColumn(
                t("col.successor"),
                options=list(names),
                format_func=lambda v: names.get(str(v), str(v)),
            ),
            "active": st.column_config.CheckboxColumn(t("col.active"), width="small"),
            "notes": st.column_config.TextColumn(t("col.notes"), width="medium"),
        },
    )

    def build(row: dict[str, Any]) -> Organisation:
        return Organisation.model_validate(
            {
                "id": row["id"],
                "name": row["name"] or "",
                "kind": cell_text(row["kind"]) or "",
                "exists_from": _date(row["exists_from"]),
                "exists_until": _date(row["exists_until"]),
                "successor": cell_text(row["successor_id"]),
                "notes": cell_text(row["notes"]) or "",
                "active": bool(row["active"]),
            },
            strict=False,
        )

    save_button(
        "org",
        "save_organisations",
        ORG_FIELDS,
        build,
        lambda record, version: guarded.save_organisation(db, who, record, version=version),
    )


def people_editor(
    db: Database, people: pd.DataFrame, organisations: pd.DataFrame, who: Identity
) -> None:
    shown = people[
        ["id", "name", "title", "organisation_id", "email", "active", "version"]
    ].reset_index(drop=True)
    names = dict(zip(organisations["id"], organisations["name"], strict=True))
    st.data_editor(
        shown,
        placeholder="—",
        key=keep_table("people", shown, zip(shown["id"], shown["version"], strict=True)),
        hide_index=True,
        num_rows="fixed",
        column_order=("name", "title", "organisation_id", "email", "active"),
        disabled=["id", "version"],
        column_config={
            "name": st.column_config.TextColumn(t("col.name"), max_chars=200),
            "title": st.column_config.TextColumn(t("col.person_title"), max_chars=200),
            "organisation_id": st.column_config.SelectboxColumn(
                t("col.organisation"),
                options=list(names),
                format_func=lambda v: names.get(str(v), str(v)),
                required=True,
            ),
            "email": st.column_config.TextColumn(t("col.email"), max_chars=254),
            "active": st.column_config.CheckboxColumn(t("col.active"), width="small"),
        },
    )

    def build(row: dict[str, Any]) -> Person:
        return Person.model_validate(
            {
                "id": row["id"],
                "name": cell_text(row["name"]) or "",
                "title": cell_text(row["title"]) or "",
                "organisation": row["organisation_id"],
                "email": cell_text(row["email"]) or "",
                "active": bool(row["active"]),
            },
            strict=False,
        )

    save_button(
        "people",
        "save_people",
        PERSON_FIELDS,
        build,
        lambda record, version: guarded.save_person(db, who, record, version=version),
    )


def add_forms(
    db: Database, organisations: pd.DataFrame, people: pd.DataFrame, who: Identity
) -> None:
    names = dict(zip(organisations["id"], organisations["name"], strict=True))
    left, right = st.columns(2)
    with (
        left.expander(t("organisations.add"), icon=":material/add_business:"),
        st.form("add_org", clear_on_submit=True),
    ):
        name = st.text_input(t("col.name"), key="new_org_name", max_chars=300)
        kind = st.text_input(t("col.kind"), key="new_org_kind")
        dates = st.columns(2)
        start = dates[0].date_input(
            t("col.exists_from"), value=None, format="DD.MM.YYYY", key="new_org_from"
        )
        until = dates[1].date_input(
            t("col.exists_until"), value=None, format="DD.MM.YYYY", key="new_org_until"
        )
        successor = st.selectbox(
            t("col.successor"),
            [None, *names],
            format_func=lambda v: "—" if v is None else names[v],
            key="new_org_successor",
        )
        if st.form_submit_button(t("form.save"), type="primary"):
            try:
                record = Organisation(
                    id=slug(name, set(names)),
                    name=name,
                    kind=kind,
                    exists_from=start,
                    exists_until=until,
                    successor=successor,
                )
                guarded.save_organisation(db, who, record, version=None)
            except AccessDeniedError as error:
                show_denied(error)
            except ValidationError as error:
                show_problems(problems_from(error, (name or "?",)))
            except InvalidChangeError as error:
                show_problems(error.problems)
            else:
                outcome(1, [], [])
                st.rerun()
    with (
        right.expander(t("organisations.add_person"), icon=":material/person_add:"),
        st.form("add_person", clear_on_submit=True),
    ):
        person_name = st.text_input(t("col.name"), key="new_person_name", max_chars=200)
        title = st.text_input(t("col.person_title"), key="new_person_title", max_chars=200)
        organisation = st.selectbox(
            t("col.organisation"), list(names), format_func=lambda v: names[v], key="new_person_org"
        )
        email = st.text_input(t("col.email"), key="new_person_email", max_chars=254)
        if st.form_submit_button(t("form.save"), type="primary"):
            try:
                person = Person(
                    id=slug(f"{organisation}-{person_name or title}", set(people["id"])),
                    name=person_name,
                    title=title,
                    organisation=organisation,
                    email=email,
                )
                guarded.save_person(db, who, person, version=None)
            except AccessDeniedError as error:
                show_denied(error)
            except ValidationError as error:
                show_problems(problems_from(error, (person_name or title or "?",)))
            except InvalidChangeError as error:
                show_problems(error.problems)
            else:
                outcome(1, [], [])
                st.rerun()
