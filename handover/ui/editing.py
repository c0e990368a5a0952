"""What editing screens share: who is editing, problems and conflicts in words, choosing people.

Saving itself happens in the store's write modules; these helpers only turn its answers into words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from handover.domain.access import AccessDeniedError, Action, Identity, Role, allowed
from handover.domain.dates import format_date, format_moment
from handover.domain.fields import LABELS as OBLIGATION_LABELS
from handover.domain.model import link_of
from handover.domain.plan import Problem, problems_from
from handover.domain.text import label
from handover.domain.workdays import parse_closing_day
from handover.store.guarded import (
    Change,
    Conflict,
    ConflictError,
    InvalidChangeError,
    describe_values,
)
from handover.ui.access import config, identity
from handover.ui.i18n import lang, plain, t


def editor_key(base: str) -> str:
    """The current key of a table editor. `reset_editor` moves it on, so the browser drops edits
    that were saved or discarded instead of sending them again against rows that moved on."""
    return f"{base}_{st.session_state.get(f'{base}__generation', 0)}"


def editor_edits(base: str) -> dict[Any, Any]:
    """The current editor's edited rows ({position: {column: value}}), empty when none."""
    state = st.session_state.get(editor_key(base))
    return dict(state.get("edited_rows", {})) if isinstance(state, dict) else {}


def reset_editor(base: str) -> None:
    st.session_state.pop(editor_key(base), None)
    generation = f"{base}__generation"
    st.session_state[generation] = st.session_state.get(generation, 0) + 1


def actor() -> Identity | None:
    """Who this session edits as, or None when it cannot change anything: no name given yet
    (local), not signed in, or signed in to read only. The store checks the role again."""
    who = identity()
    return who if who is not None and who.role is not Role.VIEWER else None


def can(action: Action) -> bool:
    """Whether this session's role allows `action` at all (a participant's obligation actions
    are checked per obligation when saved)."""
    who = identity()
    if who is None:
        return False
    if who.role is Role.PARTICIPANT and action in (
        Action.EDIT_OBLIGATION,
        Action.PROPOSE_HANDOVER,
        Action.ACCEPT_HANDOVER,
    ):
        return who.person is not None
    return allowed(who, action)


def ask_for_name() -> None:
    """Say why this session cannot edit: no name yet, not signed in, or read-only access."""
    who = identity()
    if who is not None and who.role is Role.VIEWER:
        st.info(t("access.read_only"), icon=":material/visibility:")
    elif config().local:
        st.info(t("edit.name_needed"), icon=":material/badge:")
    else:
        st.info(t("access.needed"), icon=":material/login:")


def show_denied(error: AccessDeniedError) -> None:
    st.error(plain(t(error.key, **error.params)), icon=":material/block:")


def show_problems(problems: Iterable[Problem]) -> None:
    st.error("\n".join(f"- {plain(say(problem))}" for problem in problems))


_INTERNAL = {"", "workshop", "note", "comment"}  # path heads that mean nothing to a reader


def say(problem: Problem) -> str:
    """A problem in the session's words: "XS-17, Modtagende ejer: …", not the internal path
    "XS-17.receiving_owner: …" (a path that names no known field is kept as it is)."""
    head, _, field = problem.path.rpartition(".")
    if field not in _FIELD_LABELS:
        return problem.render(lang())
    where = t(_FIELD_LABELS[field]) if head in _INTERNAL else f"{head}, {t(_FIELD_LABELS[field])}"
    message = problem.message(lang())
    message = message.removeprefix(f"{head}: ") if head else message  # the code said once
    return f"{where}: {message}"


_FIELD_LABELS = {
    **OBLIGATION_LABELS,  # an obligation's, from its one declaration (domain/fields.py)
    "due_unit": "field.due_unit",
    "date_basis": "col.date_basis",
    "grant_duty": "field.grant_duty",
    "ends_period": "field.ends_period",
    "closing_days": "history.closing_days",
    "programme": "projects.programme",
    "end_date": "projects.end",
    "coordinator": "projects.coordinator",
    "grant_agreement": "projects.grant_agreement",
    "beneficiaries": "field.beneficiaries",
    "reporting_periods": "field.reporting_periods",
    "planned": "projects.planned",
    "achieved": "projects.achieved",
    "name": "col.name",
    "kind": "col.kind",
    "exists_from": "col.exists_from",
    "exists_until": "col.exists_until",
    "successor": "col.successor",
    "organisation": "col.organisation",
    "email": "col.email",
    "active": "col.active",
    "due_anchor": "field.due_anchor",
    "due_milestone": "field.due_milestone",
    "due_days": "field.due_days",
    "dependencies": "field.dependencies",
    "likelihood": "field.likelihood",
    "impact": "field.impact",
    "mitigation": "field.mitigation",
    "owner": "field.owner",
    "obligations": "field.obligations",
    "current": "field.current",
    "ended_at": "field.ended_at",
    "baseline": "field.baseline",
    "items": "field.items",
    "item": "field.item",
    "text": "field.text",
    "mentions": "field.mentions",
    "milestones": "field.milestones",
    "organisations": "field.organisations",
    "people": "field.people",
    "projects": "field.projects",
    "risks": "field.risks",
    "due_rule": "col.due_rule",
    "start_date": "col.start",
    "due_date": "col.due",
}
_MOMENTS = {"accepted_at", "ended_at"}  # stored as UTC, read on the Copenhagen clock
_VOCABULARY = {"status", "handover_state", "priority", "category"}


def _closing_day(value: str) -> str:
    """A closing day as people write it: 24.12.2026, or 24.12. for every year."""
    try:
        parsed = parse_closing_day(value)
    except ValueError:
        return value
    if isinstance(parsed, tuple):
        month, day = parsed
        return f"{day:02d}.{month:02d}."
    return format_date(parsed)


def _link(entry: Any, names: Mapping[str, str]) -> str:
    """A recorded link as people read it: "XS-01 · … FS +3 måneder" (no lag: no unit)."""
    predecessor, kind, lag, unit = link_of(entry)
    shown = f"{names.get(predecessor, predecessor)} {kind}"
    return f"{shown} {t('register.link_lag', lag=f'{lag:+d}', unit=unit)}" if lag else shown


def readable_values(values: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """Before or after values in the session's words: labels for fields and vocabularies, people
    and organisations by name, dates as dd.mm.yyyy."""
    names = names or {}
    parts = []
    for field in sorted(values):
        value = values[field]
        if field in _VOCABULARY and isinstance(value, str):
            shown = label(field, value, lang())
        elif field == "kind" and value in ("decision", "action", "question"):
            shown = t(f"workshop.note.{value}")
        elif field == "due_anchor" and isinstance(value, str):
            shown = label("anchor", value, lang())
        elif field in _MOMENTS and isinstance(value, (str, datetime)) and value:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
            shown = format_moment(moment)
        elif field == "dependencies" and isinstance(value, list):
            shown = ", ".join(_link(entry, names) for entry in value) or "—"
        elif field == "closing_days" and isinstance(value, list):
            shown = ", ".join(_closing_day(str(day)) for day in value) or "—"
        elif isinstance(value, bool):
            shown = t("common.yes") if value else t("common.no")
        elif isinstance(value, str) and value in names:
            shown = names[value]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            shown = ", ".join(names.get(v, v) for v in value) or "—"
        else:
            shown = describe_values({field: value}).split(": ", 1)[1]
        heading = t(_FIELD_LABELS[field]) if field in _FIELD_LABELS else field
        parts.append(f"{heading}: {shown}")
    return "; ".join(parts)


def describe(change: Change, names: Mapping[str, str] | None = None) -> str:
    """ "Anna, 25.11.2026 15:03 (ændret): Noter: — → Noter: x", on the Copenhagen clock."""
    when = format_moment(change.changed_at)
    before = readable_values(change.before, names)
    after = readable_values(change.after, names)
    return f"{change.actor}, {when} ({t('history.action.' + change.action)}): {before} → {after}"


def show_conflict(conflict: Conflict) -> None:
    if conflict.deleted:
        headline = t("edit.conflict_deleted", label=plain(conflict.label))
    else:
        headline = t("edit.conflict", label=plain(conflict.label))
    lines = [f"- {plain(describe(change))}" for change in conflict.others]
    st.warning(
        headline + ("\n" + "\n".join(lines) if lines else ""), icon=":material/sync_problem:"
    )


def person_choices(
    people: pd.DataFrame, *, active_only: bool = True
) -> tuple[list[str], dict[str, str]]:
    """Person ids grouped by organisation (the frame comes sorted so), each written as people are
    everywhere in the planner: "Name (Role) · Organisation" (the import reads both orders)."""
    shown = people[people["active"]] if active_only and "active" in people else people
    labels = {
        str(pid): f"{label} · {organisation}"
        for pid, organisation, label in zip(
            shown["id"], shown["organisation"], shown["label"], strict=True
        )
    }
    return list(labels), labels


OUTCOME = "table_outcome"


def outcome(saved: int, problems: list[Problem], conflicts: list[Any]) -> None:
    st.session_state[OUTCOME] = {"saved": saved, "problems": problems, "conflicts": conflicts}


def show_outcome() -> None:
    result = st.session_state.pop(OUTCOME, None)
    if not result:
        return
    if result["saved"]:
        st.success(t("organisations.saved", count=result["saved"]), icon=":material/check:")
    if result["problems"]:
        st.error(t("edit.not_saved"))
        show_problems(result["problems"])
    for conflict in result["conflicts"]:
        show_conflict(conflict)


def keep_table(table: str, shown: pd.DataFrame, versions: Iterable[tuple[str, int]]) -> str:
    """Keep the frame a table editor shows and the (id, version) of each of its rows for the save
    (`save_button`), and return the editor's current key."""
    st.session_state[f"{table}_frame"] = shown
    st.session_state[f"{table}_snapshot"] = [(str(i), int(v)) for i, v in versions]
    return editor_key(f"{table}_editor")


def save_button(
    table: str,
    key: str,
    allowed: frozenset[str],
    build: Callable[[dict[str, Any]], Any],
    store: Callable[[Any, int], bool],
) -> None:
    """The primary "Gem" button under a table editor shown with `show_table`: saves its edited
    rows with `save_table_rows`."""
    st.button(
        t("register.save"),
        key=key,
        type="primary",
        icon=":material/save:",
        on_click=save_table_rows,
        args=(f"{table}_editor", f"{table}_snapshot", f"{table}_frame", allowed, build, store),
    )


def save_table_rows(
    editor: str,
    snapshot_key: str,
    frame_key: str,
    allowed: frozenset[str],
    build: Callable[[dict[str, Any]], Any],
    store: Callable[[Any, int], bool],
) -> None:
    """Each edited row: positions map through the snapshot shown, columns must be allowed; the
    edits are merged into the row as shown, the record's model checks the values, and the row is
    saved version-checked on its own (one row's conflict does not hold back the others)."""
    edited = editor_edits(editor)
    shown: pd.DataFrame = st.session_state[frame_key]
    snapshot: list[tuple[str, int]] = st.session_state.get(snapshot_key, [])
    saved, problems, conflicts = 0, [], []
    for position, changes in edited.items():
        index = int(position)
        unknown = sorted(set(changes) - allowed)
        if not 0 <= index < len(snapshot) or unknown:
            problems.append(
                Problem("", "edit.not_editable", {"columns": ", ".join(unknown) or "?"})
            )
            continue
        row = {str(k): v for k, v in shown.iloc[index].to_dict().items()}
        row.update(changes)
        identifier, version = snapshot[index]
        try:
            record = build(row)
            if store(record, version):
                saved += 1
        except ValidationError as error:
            problems.extend(problems_from(error, (str(row.get("name") or identifier),)))
        except InvalidChangeError as error:
            problems.extend(error.problems)
        except ConflictError as error:
            conflicts.append(error.conflict)
        except AccessDeniedError as error:
            problems.append(Problem("", error.key, error.params))
    outcome(saved, problems, conflicts)
    if not problems:
        reset_editor(editor)
