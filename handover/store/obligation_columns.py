"""An obligation's fields as the obligations table stores them: which column each field is, its
Arrow type for set-based writes, and an `Obligation` as the row of values the writes compare."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from handover.domain.edits import INLINE_FIELDS
from handover.domain.model import (
    Category,
    DueAnchor,
    DueRule,
    HandoverState,
    Obligation,
    Priority,
    Status,
)

# Domain field -> column, for what inline edits and undo may write (an allow-list).
OBLIGATION_COLUMNS = {
    "status": "status",
    "receiving_owner": "receiving_owner",
    "handover_state": "handover_state",
    "priority": "priority",
    "notes": "notes",
    "due": "due_date",
    "due_anchor": "due_anchor",
    "due_milestone": "due_milestone",
    "due_days": "due_days",
    "accepted_by": "accepted_by",
    "accepted_at": "accepted_at",
    "rejection_reason": "rejection_reason",
    "deleted": "deleted",
    "code": "code",
    "project": "project",
    "title": "title",
    "description": "description",
    "category": "category",
    "source_quote": "source_quote",
    "source_ref": "source_ref",
    "legal_basis": "legal_basis",
    "current_owner": "current_owner",
    "start": "start_date",
    "acceptance_criteria": "acceptance_criteria",
    "evidence": "evidence",
    "amount_eur": "amount_eur",
}


# What a table edit can change (directly or through the workflow), with its Arrow type; the
# column names come from the one allow-list, OBLIGATION_COLUMNS.
BULK_TYPES = {
    "status": pa.string(),
    "receiving_owner": pa.string(),
    "handover_state": pa.string(),
    "priority": pa.string(),
    "notes": pa.string(),
    "due": pa.date32(),
    "due_anchor": pa.string(),
    "due_milestone": pa.string(),
    "due_days": pa.int32(),
    "accepted_by": pa.string(),
    "accepted_at": pa.timestamp("us"),
    # and what a spreadsheet import may change as well
    "title": pa.string(),
    "description": pa.string(),
    "category": pa.string(),
    "project": pa.string(),
    "current_owner": pa.string(),
    "start": pa.date32(),
    "acceptance_criteria": pa.string(),
    "evidence": pa.list_(pa.string()),
    "amount_eur": pa.float64(),
    "source_quote": pa.string(),
    "source_ref": pa.string(),
    "legal_basis": pa.string(),
}
IMPORT_FIELDS: frozenset[str] = INLINE_FIELDS | {
    "title",
    "description",
    "category",
    "project",
    "current_owner",
    "start",
    "acceptance_criteria",
    "evidence",
    "amount_eur",
    "source_quote",
    "source_ref",
    "legal_basis",
}


FULL_FIELDS = (
    "code",
    "project",
    "title",
    "description",
    "category",
    "source_quote",
    "source_ref",
    "legal_basis",
    "current_owner",
    "receiving_owner",
    "start",
    "due",
    "due_anchor",
    "due_milestone",
    "due_days",
    "status",
    "handover_state",
    "acceptance_criteria",
    "evidence",
    "amount_eur",
    "priority",
    "notes",
    "accepted_by",
    "accepted_at",
)


def record_values(obligation: Obligation) -> dict[str, Any]:
    rule = obligation.due_rule
    return {
        "code": obligation.code,
        "project": obligation.project,
        "title": obligation.title,
        "description": obligation.description,
        "category": obligation.category.value,
        "source_quote": obligation.source_quote,
        "source_ref": obligation.source_ref,
        "legal_basis": obligation.legal_basis,
        "current_owner": obligation.current_owner,
        "receiving_owner": obligation.receiving_owner,
        "start": obligation.start,
        "due": obligation.due,
        "due_anchor": rule.anchor.value if rule else None,
        "due_milestone": rule.milestone if rule else None,
        "due_days": rule.days if rule else 0,
        "status": obligation.status.value,
        "handover_state": obligation.handover_state.value,
        "acceptance_criteria": obligation.acceptance_criteria,
        "evidence": tuple(obligation.evidence),
        "amount_eur": obligation.amount_eur,
        "priority": obligation.priority.value,
        "notes": obligation.notes,
        "accepted_by": obligation.accepted_by,
        "accepted_at": obligation.accepted_at,
    }


def sql_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


# The stored obligation as the domain's names: what `obligation_from_row` reads.
OBLIGATION_SELECT = (
    "* EXCLUDE (start_date, due_date, created_at, updated_at, updated_by, amount_eur), "
    'start_date AS "start", due_date AS due, CAST(amount_eur AS DOUBLE) AS amount_eur'
)


def obligation_from_row(row: Mapping[str, Any]) -> Obligation:
    """A stored row (OBLIGATION_SELECT) as the domain record, built without re-validation."""
    anchor = row["due_anchor"]
    rule = (
        None
        if anchor is None
        else DueRule.model_construct(
            anchor=DueAnchor(anchor), milestone=row["due_milestone"], days=int(row["due_days"])
        )
    )
    amount = row["amount_eur"]
    return Obligation.model_construct(
        id=row["id"],
        code=row["code"],
        project=row["project"],
        title=row["title"],
        description=row["description"],
        category=Category(row["category"]),
        source_quote=row["source_quote"],
        source_ref=row["source_ref"],
        legal_basis=row["legal_basis"],
        current_owner=row["current_owner"],
        receiving_owner=row["receiving_owner"],
        start=row["start"],
        due=row["due"],
        due_rule=rule,
        status=Status(row["status"]),
        handover_state=HandoverState(row["handover_state"]),
        acceptance_criteria=row["acceptance_criteria"],
        evidence=tuple(row["evidence"] or ()),
        amount_eur=None if amount is None else float(amount),
        priority=Priority(row["priority"]),
        notes=row["notes"],
        accepted_by=row["accepted_by"],
        accepted_at=row["accepted_at"],
        rejection_reason=row["rejection_reason"],
        deleted=bool(row["deleted"]),
    )
