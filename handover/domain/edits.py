"""Edits as values: what a table edit means once its row positions are mapped to (id, version).

`st.data_editor` reports edits by *position* in the frame it showed and with column names that come
from the browser. `edits_from_positions` maps positions through the snapshot that was shown and
refuses any column not on the allow-list, so an edit can neither hit the wrong row nor reach SQL
through an unexpected name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from handover.domain.dates import FIRST_DAY, LAST_DAY, format_date, in_window, parse_date
from handover.domain.fields import INLINE_FIELDS as DECLARED_INLINE
from handover.domain.model import Obligation, Priority, Status, control_character
from handover.domain.plan import Problem, problems_from

# The columns of the register a person may edit in place, and nothing else (domain/fields.py).
INLINE_FIELDS: frozenset[str] = DECLARED_INLINE
NOTES_MAX = 20_000


@dataclass(frozen=True)
class RowEdit:
    """The new values of some fields of one obligation, as seen at `version`."""

    id: str
    version: int
    changes: Mapping[str, Any] = field(default_factory=dict)


class EditError(ValueError):
    """An edit that cannot be applied; `key` and `params` render it from the text catalogue."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value[:10]) if "T" in value else parse_date(value)
    raise ValueError(f"not a date: {value!r}")


def normalise(field_name: str, value: Any) -> Any:
    """An inline field's editor value as the domain stores it; ValueError if it is not one."""
    if field_name == "status":
        return Status(value).value
    if field_name == "priority":
        return Priority(value).value
    if field_name == "receiving_owner":
        return value or None
    if field_name == "due":
        day = _as_date(value)
        if day is not None and not in_window(day):
            raise EditError(
                "edit.outside_window",
                column=field_name,
                value=format_date(day),
                first=format_date(FIRST_DAY),
                last=format_date(LAST_DAY),
            )
        return day
    if field_name == "notes":
        text = "" if value is None else str(value)
        if len(text) > NOTES_MAX:
            raise ValueError("too long")
        found = control_character(text, multi_line=True)
        if found is not None:
            raise EditError("edit.control_character", column=field_name, char=found)
        return text
    raise KeyError(field_name)


def edits_from_positions(
    snapshot: Sequence[tuple[str, int]],
    edited_rows: Mapping[Any, Mapping[str, Any]],
    allowed: frozenset[str] = INLINE_FIELDS,
) -> list[RowEdit]:
    """Map the editor's `edited_rows` ({position: {column: value}}) to RowEdits through `snapshot`,
    the (id, version) of each row *as it was shown*. Unknown columns and positions are refused."""
    edits = []
    for position_key, changes in edited_rows.items():
        position = int(position_key)
        if not 0 <= position < len(snapshot):
            raise EditError("edit.unknown_row", position=position)
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise EditError("edit.not_editable", columns=", ".join(unknown))
        values = {}
        for name, value in changes.items():
            try:
                values[name] = normalise(name, value)
            except EditError:
                raise
            except (ValueError, TypeError) as error:
                raise EditError("edit.bad_value", column=name, value=value) from error
        obligation_id, version = snapshot[position]
        edits.append(RowEdit(id=obligation_id, version=version, changes=values))
    return edits


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    """One obligation field's own validator (its type, limits, window, control characters), so an
    edit's value is held to the declaration without validating the whole record again."""
    info = Obligation.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)  # type: ignore[arg-type]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])  # type: ignore[arg-type]


def apply_edit(
    before: Obligation, changes: Mapping[str, Any], due_now: date | None, path: str
) -> tuple[Obligation, list[Problem]]:
    """The obligation once a table (or spreadsheet) edit's `changes` are applied, and the problems
    of the values given (named `path.field`). `due_now` is its due date as it stands (a rule
    resolved): a due date typed equal to it keeps the rule; another replaces the rule."""
    values, problems = validated(changes, path)
    update: dict[str, Any] = {}
    for name, value in values.items():
        if name != "due":
            update[name] = value
        elif value != due_now:
            update.update(due=value, due_rule=None)
    return before.model_copy(update=update), problems


# The values a batch's `validated` calls found good: (field, type, value) -> the field's value.
Checked = dict[tuple[str, type, Any], Any]


def validated(
    changes: Mapping[str, Any], path: str, seen: Checked | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Each changed value held to its field's declaration: the values as the record holds them,
    and the problems of those that fail (named `path.field`); a failing value is left out.

    `seen`, shared by the rows of one batch, remembers each (field, value) that passed, so a value
    given to many rows (a column pasted, a bulk change) is checked once."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    memo = seen if seen is not None else {}
    for name, given in changes.items():
        key = (name, type(given), given) if isinstance(given, _PLAIN) else None
        if key is not None and key in memo:
            values[name] = memo[key]
            continue
        try:
            values[name] = _field_adapter(name).validate_python(given)
        except ValidationError as error:
            problems.extend(problems_from(error, (path, name)))
            continue
        if key is not None:
            memo[key] = values[name]
    return values, problems


# Values remembered by `validated`: hashable, and equal only when they are the same value.
_PLAIN = (str, int, float, date, Enum, type(None))
