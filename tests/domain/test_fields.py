"""The one declaration of an obligation's fields (domain/fields.py) agrees with the record, the
text catalogue and the database, and the register, the imports, the table and the history take
their columns from it."""

from __future__ import annotations

from handover.domain.edits import INLINE_FIELDS
from handover.domain.fields import (
    DUE_RULE_COLUMNS,
    EXPORTED_FIELDS,
    IMPORTED_FIELDS,
    LABELS,
    OBLIGATION_FIELDS,
)
from handover.domain.model import Obligation
from handover.domain.text import CATALOGUE
from handover.exports import register
from handover.imports.tabular import FIELDS, Entity
from handover.store.database import Database
from handover.store.obligation_columns import OBLIGATION_COLUMNS


def test_every_field_of_the_record_is_declared_once() -> None:
    declared = [field.name for field in OBLIGATION_FIELDS]
    assert len(declared) == len(set(declared))
    assert set(declared) == set(Obligation.model_fields) - {"id", "due_rule"}


def test_every_label_is_in_the_catalogue_in_both_languages() -> None:
    for field in OBLIGATION_FIELDS:
        danish, english = CATALOGUE[field.label]
        assert danish and english


def test_the_declared_columns_are_the_tables_columns(fresh_db: Database) -> None:
    stored = {
        row[0]
        for row in fresh_db.cursor()
        .execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'obligations'"
        )
        .fetchall()
    }
    bookkeeping = {"id", "version", "created_at", "updated_at", "updated_by"}
    assert set(OBLIGATION_COLUMNS.values()) == stored - bookkeeping
    assert {name for name, _ in DUE_RULE_COLUMNS} <= stored


def test_the_register_imports_table_and_history_are_derived_from_it() -> None:
    assert [name for name, _ in register.COLUMNS] == [f.name for f in EXPORTED_FIELDS]
    assert len(register.WIDTHS) == len(register.COLUMNS)
    assert [f.name for f in FIELDS[Entity.OBLIGATIONS]] == [f.name for f in IMPORTED_FIELDS]
    assert {f.name for f in OBLIGATION_FIELDS if f.inline} == INLINE_FIELDS
    assert LABELS["amount_eur"] == "col.amount"
