"""Register frames made readable: vocabulary values as labels, due rules in words, column configs.

Display only: ids stay in the frame (hidden) so that later edits can map rows back to records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from handover.domain.checklist import due_rule_text
from handover.domain.text import label
from handover.ui.i18n import lang, t

DATE_FORMAT = "DD.MM.YYYY"  # momentJS: 29.01.2027

REGISTER_COLUMNS = (
    "code",
    "title",
    "category",
    "status",
    "handover_state",
    "current_owner",
    "current_org",
    "receiving_owner",
    "receiving_org",
    "due",
    "due_rule",
    "priority",
    "project",
)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Labels for vocabularies and the due rule in words; the original columns keep their names.

    Each distinct value is translated once, so 10,000 rows cost a handful of lookups.
    """
    language = lang()
    shown = frame.copy()
    for vocabulary in ("category", "status", "handover_state", "priority"):
        if vocabulary not in shown:
            continue  # a frame of fewer columns (the Oversigt's list)
        labels = {
            value: label(vocabulary, value, language)
            for value in shown[vocabulary].dropna().unique()
        }
        shown[vocabulary] = shown[vocabulary].map(labels)
    # One text per distinct (anchor, days, milestone): a handful, whatever the number of rows.
    anchor = shown["due_anchor"].astype(object).where(shown["due_anchor"].notna(), None)
    milestone = shown["due_milestone"].astype(object).where(shown["due_milestone"].notna(), None)
    keys = pd.Series(list(zip(anchor, shown["due_days"].astype(int), milestone, strict=True)))
    words = {rule: due_rule_text(rule[0], rule[1], rule[2], language) for rule in keys.unique()}
    shown["due_rule"] = keys.map(words).to_numpy()
    return shown


def register_config() -> dict[str, ColumnConfig]:
    date_column = st.column_config.DateColumn
    return {
        "code": st.column_config.TextColumn(t("col.code"), width="small", pinned=True),
        "title": st.column_config.TextColumn(t("col.title"), width="large"),
        "category": st.column_config.TextColumn(t("col.category")),
        "status": st.column_config.TextColumn(t("col.status")),
        "handover_state": st.column_config.TextColumn(t("col.handover_state")),
        "current_owner": st.column_config.TextColumn(t("col.current_owner")),
        "current_org": st.column_config.TextColumn(t("col.current_org")),
        "receiving_owner": st.column_config.TextColumn(t("col.receiving_owner")),
        "receiving_org": st.column_config.TextColumn(t("col.receiving_org")),
        "due": date_column(t("col.due"), format=DATE_FORMAT),
        "start": date_column(t("col.start"), format=DATE_FORMAT),
        "due_rule": st.column_config.TextColumn(t("col.due_rule")),
        "priority": st.column_config.TextColumn(t("col.priority"), width="small"),
        "project": st.column_config.TextColumn(t("col.project"), width="small"),
        "amount_eur": st.column_config.NumberColumn(t("col.amount"), format="euro"),
        "days_left": st.column_config.NumberColumn(t("col.days_left"), format="%d"),
    }


def show_table(frame: pd.DataFrame, **options: Any) -> Any:
    """`st.dataframe` as every page uses it: no index, missing values shown as a dash.

    Returns what `st.dataframe` returns (the selection, when `on_select` is given).
    """
    return st.dataframe(frame, hide_index=True, placeholder="—", **options)


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """`frame.to_dict("records")`, 10x faster for the register (pandas 3 boxes every Arrow cell
    on its own: 750 ms for 10,000 obligations against 70 ms column by column), and only the
    columns asked for."""
    names = list(frame.columns if columns is None else columns)
    columns_ = [frame[name].tolist() for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns_, strict=True)]


def cell_date(value: Any) -> date | None:
    """A date cell from a frame (Timestamp, date or NaT/None) as a date or None."""
    if value is None or pd.isna(value):
        return None
    return value.date() if hasattr(value, "date") else value  # type: ignore[no-any-return]


def cell_dates(column: pd.Series) -> list[date | None]:
    """A date column as dates or None, converted at once (per cell, `cell_date` boxes each value
    as a Timestamp first: ~10x slower at 10,000 rows)."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return list(column.to_numpy(dtype="datetime64[D]").tolist())
    return [cell_date(value) for value in column.tolist()]


def cell_text(value: Any) -> str | None:
    """A text cell (missing values arrive as NaN or None) as text or None."""
    return value if isinstance(value, str) else None
