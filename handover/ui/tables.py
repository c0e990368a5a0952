"""Register frames made readable: vocabulary values as labels, due rules in words, column configs.

Display only: ids stay in the frame (hidden) so that later edits can map rows back to records.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from handover.ui.i18n import t, term

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


def due_rule_text(anchor: object, days: int, milestone: object) -> str:
    """ "projektafslutning + 60 dage"; empty for a fixed date (missing values may be NaN)."""
    if not isinstance(anchor, str):
        return ""
    anchor_name = (
        milestone
        if anchor == "milestone" and isinstance(milestone, str)
        else term("anchor", anchor)
    )
    if days == 0:
        return t("register.rule_same", anchor=anchor_name)
    if days < 0:
        return t("register.rule_minus", anchor=anchor_name, days=-days)
    return t("register.rule", anchor=anchor_name, days=days)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Labels for vocabularies and the due rule in words; the original columns keep their names."""
    shown = frame.copy()
    for vocabulary in ("category", "status", "handover_state", "priority"):
        labels = {value: term(vocabulary, value) for value in shown[vocabulary].dropna().unique()}
        shown[vocabulary] = shown[vocabulary].map(labels)
    shown["due_rule"] = [
        due_rule_text(anchor, int(days), milestone)
        for anchor, days, milestone in zip(
            shown["due_anchor"], shown["due_days"], shown["due_milestone"], strict=True
        )
    ]
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


def show_table(frame: pd.DataFrame, **options: Any) -> None:
    """`st.dataframe` as every page uses it: no index, missing values shown as a dash."""
    st.dataframe(frame, hide_index=True, placeholder="—", **options)
