"""The register's filters as widgets, shared by every page that filters obligations (Forpligtelser,
Tidslinje): one set of widgets in, one `RegisterFilter` out."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from handover.domain.model import Category, HandoverState, Status
from handover.domain.register import NO_OWNER, RegisterFilter, SortKey
from handover.store import queries
from handover.store.database import Database
from handover.ui.i18n import labeller, t

ALL_FIELDS = ("project", "category", "status", "state", "current", "receiving", "search", "sort")


def register_filters(
    database: Database, prefix: str, fields: Sequence[str] = ALL_FIELDS
) -> RegisterFilter:
    """Widgets for `fields` (keys `prefix` + field), laid out in rows of four."""
    people = queries.people(database)
    person = dict(zip(people["id"], people["label"] + " · " + people["organisation"], strict=True))
    person[NO_OWNER] = t("register.unassigned")
    projects = queries.project_names(database)
    any_ = t("col.any")
    widgets = {
        "project": lambda cell: cell.multiselect(
            t("col.project"),
            list(projects),
            format_func=projects.__getitem__,
            key=f"{prefix}project",
            placeholder=any_,
        ),
        "category": lambda cell: cell.multiselect(
            t("col.category"),
            [c.value for c in Category],
            format_func=labeller("category"),
            key=f"{prefix}category",
            placeholder=any_,
        ),
        "status": lambda cell: cell.multiselect(
            t("col.status"),
            [s.value for s in Status],
            format_func=labeller("status"),
            key=f"{prefix}status",
            placeholder=any_,
        ),
        "state": lambda cell: cell.multiselect(
            t("col.handover_state"),
            [s.value for s in HandoverState],
            format_func=labeller("handover_state"),
            key=f"{prefix}state",
            placeholder=any_,
        ),
        "current": lambda cell: cell.multiselect(
            t("col.current_owner"),
            list(people["id"]),
            format_func=person.__getitem__,
            key=f"{prefix}current",
            placeholder=any_,
        ),
        "receiving": lambda cell: cell.multiselect(
            t("col.receiving_owner"),
            [NO_OWNER, *people["id"]],
            format_func=person.__getitem__,
            key=f"{prefix}receiving",
            placeholder=any_,
        ),
        "search": lambda cell: cell.text_input(
            t("register.search"),
            key=f"{prefix}search",
            help=t("register.search_help"),
            max_chars=200,
        ),
        "sort": lambda cell: cell.selectbox(
            t("register.sort"),
            [key.value for key in SortKey],
            format_func=labeller("col"),
            key=f"{prefix}sort",
        ),
    }
    chosen = {}
    for start in range(0, len(fields), 4):
        row = fields[start : start + 4]
        cells = st.columns(len(row))
        for cell, name in zip(cells, row, strict=True):
            chosen[name] = widgets[name](cell)
    return RegisterFilter(
        projects=tuple(chosen.get("project", ())),
        categories=tuple(chosen.get("category", ())),
        statuses=tuple(chosen.get("status", ())),
        handover_states=tuple(chosen.get("state", ())),
        current_owners=tuple(chosen.get("current", ())),
        receiving_owners=tuple(chosen.get("receiving", ())),
        search=chosen.get("search", "") or "",
        sort=SortKey(chosen.get("sort", SortKey.DUE)),
    )
