"""What a spreadsheet import is checked against, read in one snapshot and set-based: the plan around
the obligations, every obligation's keys, and — by one join — which incoming rows change nothing.

The full obligation records are read only for the rows that would change something (or have a
problem); the rows that repeat what is stored never become Python records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pyarrow as pa

from handover.domain.fields import BY_NAME, Kind
from handover.domain.model import Obligation
from handover.domain.plan import Plan
from handover.domain.schedule import rolled
from handover.domain.workdays import DurationUnit, shift
from handover.store.database import Database
from handover.store.plan_io import (
    OBLIGATION_ROW,
    read_surroundings_in,
    stored_obligation,
    versions_in,
)
from handover.store.queries import ANCHOR_JOINS, DUE_ANCHOR


class StoredObligations:
    """The obligations as one snapshot holds them, for a preview (see imports/tabular.py,
    `ObligationSource`): keys of all, records of some, and the unchanged rows of a file."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor
        self.plan: Plan = read_surroundings_in(cursor)
        self.versions: dict[str, dict[str, int]] = versions_in(cursor)

    def keys(self) -> pa.Table:
        """`id`, `code`, `title`, `deleted` of every obligation, deleted ones included, by id."""
        return self._cursor.sql(
            "SELECT id, code, title, deleted FROM obligations ORDER BY id"
        ).to_arrow_table()

    def records(self, ids: Collection[str]) -> Mapping[str, Obligation]:
        """The obligations with these ids, as validated domain records."""
        if not ids:
            return {}
        result = self._cursor.execute(
            f"SELECT {OBLIGATION_ROW} FROM obligations WHERE id IN (SELECT unnest(?))",
            [sorted(ids)],
        )
        names = [column[0] for column in result.description]
        found = (stored_obligation(dict(zip(names, row, strict=True))) for row in result.fetchall())
        return {obligation.id: obligation for obligation in found}

    def unchanged(self, incoming: pa.Table) -> Collection[int]:
        """The `position` of every incoming row whose given values are what is stored.

        `incoming` has `position`, `id` (a stored, not deleted obligation) and one column per
        field the file gives, named as the field, in its stored type; NULL where the cell was
        empty (an empty cell leaves the field as it is). A due date equals the stored one when it
        is the fixed date, or — under a due rule — the date the rule gives now, counted by the
        domain (`_rule_dates`)."""
        if incoming.num_rows == 0:
            return []
        conditions = ["NOT o.deleted"]
        for name in incoming.column_names:
            if name not in ("position", "id"):
                conditions.append(
                    f"(i.{name} IS NULL OR i.{name} IS NOT DISTINCT FROM {_stored(name)})"
                )
        cursor = self._cursor
        cursor.register("incoming_rows", incoming)
        try:
            rules = self._rule_dates("due" in incoming.column_names)
            cursor.register("rule_dates", rules)
            rows = cursor.execute(
                "SELECT i.position FROM incoming_rows i JOIN obligations o ON o.id = i.id "
                f"{ANCHOR_JOINS} LEFT JOIN rule_dates r ON r.anchor = {DUE_ANCHOR} "
                f"AND r.days = o.due_days AND r.unit = o.due_unit WHERE {' AND '.join(conditions)}"
            ).fetchall()
        finally:
            cursor.unregister("incoming_rows")
            cursor.unregister("rule_dates")
        return {int(position) for (position,) in rows}

    def _rule_dates(self, wanted: bool) -> pa.Table:
        """(anchor, days, unit) -> the due date they give, for each distinct due rule of the
        incoming rows that give a due date: counted once each by the domain (`shift`, `rolled`),
        exactly as the per-row check resolves them."""
        found = (
            self._cursor.execute(
                f"SELECT DISTINCT {DUE_ANCHOR}, o.due_days, o.due_unit FROM incoming_rows i "
                f"JOIN obligations o ON o.id = i.id {ANCHOR_JOINS} "
                "WHERE i.due IS NOT NULL AND o.due_anchor IS NOT NULL"
            ).fetchall()
            if wanted
            else []
        )
        settings = self.plan.settings
        work_calendar = settings.work_calendar()
        known_units = {unit.value: unit for unit in DurationUnit}
        roll = settings.roll_deadlines
        anchors, days, units, dues = [], [], [], []
        for anchor, amount, unit in found:
            if anchor is None or unit not in known_units:
                continue  # no anchor date (so no due date) or no unit: left to the per-row check
            try:
                due = shift(anchor, amount, known_units[unit], work_calendar)
            except (ValueError, OverflowError):
                continue  # outside the calendar: left to the per-row check
            anchors.append(anchor)
            days.append(amount)
            units.append(unit)
            dues.append(rolled(due, work_calendar, roll=roll) if roll else due)
        return pa.table(
            {
                "anchor": pa.array(anchors, pa.date32()),
                "days": pa.array(days, pa.int32()),
                "unit": pa.array(units, pa.string()),
                "due": pa.array(dues, pa.date32()),
            }
        )


def _stored(name: str) -> str:
    """The stored value an incoming field is compared with (the name is allow-listed here)."""
    field = BY_NAME[name]  # KeyError: not a field of an obligation
    if name == "due":
        return "(CASE WHEN o.due_anchor IS NULL THEN o.due_date ELSE r.due END)"
    if field.kind is Kind.NUMBER:
        return f"CAST(o.{field.stored_as} AS DOUBLE)"
    return f"o.{field.stored_as}"


@contextmanager
def stored_obligations(database: Database) -> Iterator[StoredObligations]:
    """A `StoredObligations` over one read snapshot, for as long as the preview takes."""
    with database.snapshot() as cursor:
        yield StoredObligations(cursor)
