"""An obligation's fields as the obligations table stores them: which column each field is, its
Arrow type for set-based writes, and an `Obligation` as the row of values the writes compare."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

import pyarrow as pa

from handover.domain.fields import BY_NAME, DUE_RULE_COLUMNS, OBLIGATION_FIELDS, Kind
from handover.domain.model import DueAnchor, DueRule, Obligation
from handover.domain.workdays import DurationUnit

_ARROW: Mapping[Kind, pa.DataType] = {
    Kind.TEXT: pa.string(),
    Kind.DATE: pa.date32(),
    Kind.INTEGER: pa.int32(),
    Kind.NUMBER: pa.float64(),
    Kind.TEXTS: pa.list_(pa.string()),
    Kind.MOMENT: pa.timestamp("us"),
    Kind.FLAG: pa.bool_(),
}
# Domain field -> column, for what the writes and undo may write (an allow-list), all derived
# from the one declaration (domain/fields.py) plus the due rule's columns.
OBLIGATION_COLUMNS: dict[str, str] = {
    **{field.name: field.stored_as for field in OBLIGATION_FIELDS},
    **{name: name for name, _ in DUE_RULE_COLUMNS},
}
# What the form writes: every field it owns, the due rule's columns with them.
FULL_FIELDS: tuple[str, ...] = (
    *(field.name for field in OBLIGATION_FIELDS if field.form),
    *(name for name, _ in DUE_RULE_COLUMNS),
)
# What a table edit or an import can change (directly or through the workflow), with its Arrow
# type for the set-based UPDATE: the form's fields but the key.
BULK_TYPES: dict[str, pa.DataType] = {
    **{f.name: _ARROW[f.kind] for f in OBLIGATION_FIELDS if f.form and not f.key},
    **{name: _ARROW[kind] for name, kind in DUE_RULE_COLUMNS},
}
KEY_TYPES: dict[str, pa.DataType] = {f.name: _ARROW[f.kind] for f in OBLIGATION_FIELDS if f.key}


def record_value(value: Any) -> Any:
    """One field's domain value as `record_values` gives it (a vocabulary as its text)."""
    return value.value if isinstance(value, Enum) else value


def stored_record_value(name: str, value: Any) -> Any:
    """One field as read from its column (OBLIGATION_SELECT) in `record_values`' form."""
    kind = BY_NAME[name].kind if name in BY_NAME else None
    if kind is Kind.TEXTS:
        return tuple(value or ())
    if kind is Kind.NUMBER and value is not None:
        return float(value)
    if kind is Kind.FLAG:
        return bool(value)
    return value


def record_values(obligation: Obligation) -> dict[str, Any]:
    """The obligation as the values FULL_FIELDS name, as the columns hold them."""
    return {name: record_value_of(obligation, name) for name in FULL_FIELDS}


def record_value_of(obligation: Obligation, name: str) -> Any:
    """One of FULL_FIELDS of the obligation, as `record_values` gives it."""
    if name in _RULE_COLUMNS:
        return _rule_values(obligation.due_rule)[name]
    value = getattr(obligation, name)
    return tuple(value) if BY_NAME[name].kind is Kind.TEXTS else record_value(value)


def record_changes(before: Obligation, after: Obligation) -> tuple[dict[str, Any], dict[str, Any]]:
    """The FULL_FIELDS in which `after` differs from `before`: (old, new) in `record_values`' form,
    compared on the records first so that only what changed is converted."""
    names = [name for name in _FORM_FIELDS if getattr(before, name) != getattr(after, name)]
    if before.due_rule != after.due_rule:
        rule_before, rule_after = _rule_values(before.due_rule), _rule_values(after.due_rule)
        names += [name for name in _RULE_COLUMNS if rule_before[name] != rule_after[name]]
    return (
        {name: record_value_of(before, name) for name in names},
        {name: record_value_of(after, name) for name in names},
    )


_FORM_FIELDS = tuple(field.name for field in OBLIGATION_FIELDS if field.form)
_RULE_COLUMNS = frozenset(name for name, _ in DUE_RULE_COLUMNS)


def _rule_values(rule: DueRule | None) -> dict[str, Any]:
    """A due rule (or none) as its four columns hold it."""
    return {
        "due_anchor": rule.anchor.value if rule else None,
        "due_milestone": rule.milestone if rule else None,
        "due_days": rule.days if rule else 0,
        "due_unit": rule.unit.value if rule else DurationUnit.DAYS.value,
    }


def sql_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


# The columns read under another name or type than the domain's; the rest are read as stored.
_READ_AS = {
    "start": "start_date",
    "due": "due_date",
    "amount_eur": "CAST(amount_eur AS DOUBLE)",
}
# The stored obligation as the domain's names: what `obligation_from_row` reads.
OBLIGATION_SELECT = (
    "* EXCLUDE (start_date, due_date, created_at, updated_at, updated_by, amount_eur), "
    + ", ".join(f'{expression} AS "{name}"' for name, expression in _READ_AS.items())
)


def obligation_select(names: Iterable[str]) -> str:
    """OBLIGATION_SELECT for the named fields only (stored columns, as the domain names them):
    read straight from the table, without the whole row's projection."""
    return ", ".join(f'{_READ_AS.get(name, _quoted(name))} AS "{name}"' for name in names)


def _quoted(name: str) -> str:
    return f'"{name}"'


def obligation_from_row(row: Mapping[str, Any]) -> Obligation:
    """A stored row (OBLIGATION_SELECT) as the domain record, built without re-validation."""
    anchor = row["due_anchor"]
    rule = (
        None
        if anchor is None
        else DueRule.model_construct(
            anchor=DueAnchor(anchor),
            milestone=row["due_milestone"],
            days=int(row["due_days"]),
            unit=DurationUnit(row.get("due_unit") or "days"),
        )
    )
    values: dict[str, Any] = {"id": row["id"], "due_rule": rule}
    for field in OBLIGATION_FIELDS:
        value = row[field.name]
        vocabulary = _VOCABULARIES.get(field.name)
        if vocabulary is not None:
            value = vocabulary(value)
        elif field.kind is Kind.TEXTS:
            value = tuple(value or ())
        elif field.kind is Kind.NUMBER and value is not None:
            value = float(value)
        elif field.kind is Kind.FLAG:
            value = bool(value)
        values[field.name] = value
    return Obligation.model_construct(**values)


# The enum each vocabulary field's stored text is read back into.
_VOCABULARIES: dict[str, type[Enum]] = {
    field.name: Obligation.model_fields[field.name].annotation  # type: ignore[misc]
    for field in OBLIGATION_FIELDS
    if field.vocabulary
}
