"""The set-based import preview gives what the row-by-row check gives: random edits of the seed's
register (CSV and XLSX cells; empty, padded, formula-like, wrong and other rows' values; codes in
another case, repeated, deleted or unknown; due rules in every unit, deadlines rolled or not)
previewed both ways over the same stored plan give the same problems, actions, records, versions
and changes. A file that repeats the plan is decided without reading a single obligation record."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handover.domain.dates import format_date, parse_date
from handover.domain.model import DueAnchor, DueRule
from handover.domain.plan import Plan
from handover.domain.workdays import DurationUnit
from handover.exports import register
from handover.imports import service
from handover.imports.files import Table, read_csv, read_xlsx
from handover.imports.tabular import (
    Defaults,
    Entity,
    Preview,
    Reference,
    guess_entity,
    guess_mapping,
    preview,
)
from handover.store import import_reads
from handover.store.database import Database
from handover.store.import_reads import stored_obligations
from handover.store.plan_io import load_plan, read_plan, versions
from handover.store.seed import seed_plan


def _plan(roll: bool) -> Plan:
    """The seed with due rules in every unit, one obligation deleted, and deadlines rolled off
    closing days or not."""
    plan = seed_plan("xshare")
    units = [DurationUnit.WORKING_DAYS, DurationUnit.MONTHS, DurationUnit.YEARS, DurationUnit.DAYS]
    obligations = []
    ruled = 0
    for obligation in plan.obligations:
        rule = obligation.due_rule
        if rule is not None and rule.anchor is not DueAnchor.MILESTONE:
            unit = units[ruled % len(units)]
            days = {DurationUnit.MONTHS: 2, DurationUnit.YEARS: 1}.get(unit, rule.days)
            obligation = obligation.model_copy(
                update={"due_rule": DueRule(anchor=rule.anchor, days=days, unit=unit)}
            )
            ruled += 1
        obligations.append(obligation)
    obligations[-1] = obligations[-1].model_copy(update={"deleted": True})
    settings = plan.settings.model_copy(update={"roll_deadlines": roll})
    return replace(plan, obligations=tuple(obligations), settings=settings)


@functools.cache
def _database(roll: bool) -> Database:
    database = Database(":memory:")
    load_plan(database, _plan(roll), actor="test")
    return database


@functools.cache
def _exported(roll: bool, kind: str) -> Table:
    plan = read_plan(_database(roll))
    if kind == "csv":
        return read_csv(register.to_csv(plan, "da"))
    return read_xlsx(register.to_xlsx(plan, "en"))


def _summary(result: Preview) -> tuple[Any, ...]:
    """Everything a preview decides; an unchanged row's record is not part of it (the
    set-based preview keeps none: there is nothing to write)."""
    return (
        result.problems,
        [
            (
                a.row,
                a.action,
                a.version,
                dict(a.changes),
                None if a.action == "unchanged" else a.record,
            )
            for a in result.actions
        ],
        result.defaulted,
        result.unknown_people,
        result.counts(),
    )


def _both_ways(database: Database, table: Table, defaults: Defaults) -> tuple[Preview, Preview]:
    entity = guess_entity(table.headers)
    with stored_obligations(database) as stored:
        fast = preview(
            table, entity, Reference(stored.plan, stored.versions, stored), None, defaults
        )
    reference = Reference(read_plan(database), versions(database))  # the plan's own: row by row
    return fast, preview(table, entity, reference, None, defaults)


ODD_VALUES = st.sampled_from(
    [
        "",
        "   ",
        "xyz",
        "31.02.2026",
        "2027-01-29",
        "29.1.2027",
        "-5",
        "1.234,50",
        "=SUM(A1)",
        "'=SUM(A1)",
        "'+45 1234",
        " padded ",
        "Ny Person",
        "kritisk",
        "High",
        "XS-01",
        "xs-02",
        "NY-1",
    ]
)


def _moved(cell: Any, days: int) -> Any:
    try:
        day = cell if isinstance(cell, date) else parse_date(str(cell))
    except ValueError:
        return cell
    moved = day + timedelta(days=days)
    return moved if isinstance(cell, date) else format_date(moved)


@st.composite
def edited(draw: st.DrawFn, table: Table) -> Table:
    """The table with a few cells changed (to another row's value or an odd one), rows
    repeated or dropped."""
    rows = [list(row) for row in table.rows]
    width = len(table.headers)
    due = next(
        i for i, name in guess_mapping(table.headers, Entity.OBLIGATIONS).items() if name == "due"
    )
    for _ in range(draw(st.integers(0, 8))):
        row = draw(st.integers(0, len(rows) - 1))
        # The due date half the time: rules, rolling and fixed dates meet there.
        column = draw(st.sampled_from([due, due, *range(width)]))
        choice = draw(st.integers(0, 2))
        if choice == 0:
            rows[row][column] = rows[draw(st.integers(0, len(rows) - 1))][column]
        elif choice == 1:  # a date moved by a few days (onto or off a closing day)
            rows[row][column] = _moved(rows[row][column], draw(st.integers(-4, 4)))
        else:
            value: Any = draw(ODD_VALUES)
            if table.kind == "xlsx" and draw(st.integers(0, 3)) == 0:
                value = draw(st.sampled_from([date(2027, 1, 29), 1234.5, 7, None]))
            rows[row][column] = value
    numbers = list(table.row_numbers)
    if draw(st.booleans()):  # a row repeated further down
        source = draw(st.integers(0, len(rows) - 1))
        rows.append(list(rows[source]))
        numbers.append(numbers[-1] + 1)
    if draw(st.booleans()) and len(rows) > 1:  # a row left out
        gone = draw(st.integers(0, len(rows) - 1))
        del rows[gone], numbers[gone]
    return replace(table, rows=rows, row_numbers=numbers)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.booleans(),
    st.sampled_from(["csv", "xlsx"]),
    st.booleans(),
    st.data(),
)
def test_the_set_based_preview_equals_the_row_by_row_check(
    roll: bool, kind: str, create_people: bool, data: st.DataObject
) -> None:
    table = data.draw(edited(_exported(roll, kind)))
    fast, slow = _both_ways(_database(roll), table, Defaults(create_people=create_people))
    assert _summary(fast) == _summary(slow)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_exported_register_is_unchanged_without_reading_a_record(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Deadlines not rolled: with rolling on, a fixed date on a closing day is exported rolled and
    # read back as a change, both ways alike (the row-by-row check does the same).
    roll = False
    read: list[set[str]] = []
    records = import_reads.StoredObligations.records

    def spy(self: import_reads.StoredObligations, ids: Any) -> Any:
        read.append(set(ids))
        return records(self, ids)

    monkeypatch.setattr(import_reads.StoredObligations, "records", spy)
    table = _exported(roll, kind)
    fast, slow = _both_ways(_database(roll), table, Defaults())
    assert {a.action for a in fast.actions} == {"unchanged"}
    assert all(a.record is None for a in fast.actions)
    assert read == [set()]  # not one obligation read as a record
    assert _summary(fast) == _summary(slow)


def test_a_changed_row_among_unchanged_ones_is_the_only_one_checked_row_by_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = _exported(False, "csv")
    notes = table.headers.index("Noter")
    rows = [list(row) for row in table.rows]
    rows[3][notes] = "ændret i regnearket"
    changed = replace(table, rows=rows)
    read: list[set[str]] = []
    records = import_reads.StoredObligations.records
    monkeypatch.setattr(
        import_reads.StoredObligations,
        "records",
        lambda self, ids: read.append(set(ids)) or records(self, ids),
    )
    fast, slow = _both_ways(_database(False), changed, Defaults())
    [update] = [a for a in fast.actions if a.action == "update"]
    assert dict(update.changes) == {"notes": (update.changes["notes"][0], "ændret i regnearket")}
    assert len(read) == 1 and len(read[0]) == 1
    assert _summary(fast) == _summary(slow)


def test_the_service_previews_set_based_and_writes_the_same(
    seeded_db: Database,
) -> None:
    content = register.to_csv(read_plan(seeded_db), "da")
    result = service.preview_table(seeded_db, "plan.csv", content)
    assert result.preview.counts()["unchanged"] == len(result.table.rows)
    assert not result.preview.writes()


@pytest.mark.parametrize("roll", [False, True])
@pytest.mark.parametrize("days", [-3, -2, -1, 1, 2, 3])
def test_every_due_date_moved_is_judged_alike_under_rules_in_every_unit(
    roll: bool, days: int
) -> None:
    # Each row's due date moved: onto and off closing days and weekends, onto the date a rolled
    # rule gives before rolling — a change both ways, never "unchanged" by mistake.
    table = _exported(roll, "csv")
    due = table.headers.index("Frist")
    rows = [[*row[:due], _moved(row[due], days), *row[due + 1 :]] for row in table.rows]
    fast, slow = _both_ways(_database(roll), replace(table, rows=rows), Defaults())
    assert _summary(fast) == _summary(slow)
    assert fast.counts()["update"] > 0
