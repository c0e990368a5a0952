"""What editing screens share: who is editing, problems and conflicts in words, choosing people.

Saving itself happens in `store.writes`; these helpers only turn its answers into words.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from handover.domain.plan import Problem
from handover.store.writes import Change, Conflict, describe_values
from handover.ui.i18n import lang, t

ACTOR_KEY = "editor_name"


def identity_box() -> None:
    """The sidebar field where a session states who is editing; it goes into the history."""
    st.sidebar.text_input(
        t("edit.who"), key=ACTOR_KEY, max_chars=80, placeholder=t("edit.who_placeholder")
    )


def actor() -> str | None:
    """The name this session edits under, or None until one is given."""
    name = str(st.session_state.get(ACTOR_KEY, "") or "").strip()
    return name or None


def ask_for_name() -> None:
    st.info(t("edit.name_needed"), icon=":material/badge:")


def show_problems(problems: Iterable[Problem]) -> None:
    language = lang()
    st.error("\n".join(f"- {problem.render(language)}" for problem in problems))


def describe(change: Change) -> str:
    """ "Anna, 25.11.2026 14:03 UTC (changed): notes: — → x"."""
    when = change.changed_at.strftime("%d.%m.%Y %H:%M")
    before, after = describe_values(change.before), describe_values(change.after)
    return (
        f"{change.actor}, {when} UTC ({t('history.action.' + change.action)}): {before} → {after}"
    )


def show_conflict(conflict: Conflict) -> None:
    if conflict.deleted:
        headline = t("edit.conflict_deleted", label=conflict.label)
    else:
        headline = t("edit.conflict", label=conflict.label)
    lines = [f"- {describe(change)}" for change in conflict.others]
    st.warning(
        headline + ("\n" + "\n".join(lines) if lines else ""), icon=":material/sync_problem:"
    )


def person_choices(
    people: pd.DataFrame, *, active_only: bool = True
) -> tuple[list[str], dict[str, str]]:
    """Person ids grouped by organisation (the frame comes sorted so), "Organisation · label"."""
    shown = people[people["active"]] if active_only and "active" in people else people
    labels = {
        str(pid): f"{organisation} · {label}"
        for pid, organisation, label in zip(
            shown["id"], shown["organisation"], shown["label"], strict=True
        )
    }
    return list(labels), labels
