"""Due rules in working days, months and years resolve the same in SQL as in the domain, around
Christmas and New Year 2026/27; rolling deadlines; the grant profile and date bases round-trip."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from handover.domain.model import (
    Beneficiary,
    Category,
    DueAnchor,
    DueRule,
    GrantDuty,
    Obligation,
    Organisation,
    PlanSettings,
    Project,
    ReportingPeriod,
)
from handover.domain.plan import Plan
from handover.domain.workdays import DANISH_PUBLIC_BODY_CLOSING_DAYS, DurationUnit
from handover.store import queries
from handover.store.database import Database
from handover.store.plan_io import load_plan, read_plan
from handover.store.queries import (
    DUE_JOINS,
    RESOLVED_DUE,
    _dues_of,
    findings_snapshot,
    obligations,
)

END = date(2026, 12, 23)


def plan_with(rules: list[tuple[int, DurationUnit]], settings: PlanSettings) -> Plan:
    project = Project(
        id="p",
        name="P",
        start=date(2024, 1, 31),
        end=END,
        coordinator=None,
        grant_agreement="101000000",
        beneficiaries=(Beneficiary(organisation="o", requested_eur=430_000.0),),
        reporting_periods=(ReportingPeriod(start=date(2024, 1, 31), end=END),),
        date_basis="assumption: a test",
    )
    items = tuple(
        Obligation(
            id=f"o{i}",
            code=f"O-{i}",
            project="p",
            title=f"{days} {unit}",
            category=Category.REPORTING,
            due_rule=DueRule(anchor=DueAnchor.PROJECT_END, days=days, unit=unit),
            date_basis="rule",
            grant_duty=GrantDuty.RECORDS if i == 0 else None,
            ends_period=i == 0,
        )
        for i, (days, unit) in enumerate(rules)
    )
    return Plan(
        organisations=(Organisation(id="o", name="O"),),
        projects=(project,),
        obligations=items,
        settings=settings,
    )


RULES = [
    (1, DurationUnit.WORKING_DAYS),
    (4, DurationUnit.WORKING_DAYS),
    (-3, DurationUnit.WORKING_DAYS),
    (0, DurationUnit.WORKING_DAYS),
    (8, DurationUnit.DAYS),
    (1, DurationUnit.MONTHS),
    (5, DurationUnit.YEARS),
    (-11, DurationUnit.MONTHS),
]


@pytest.mark.parametrize(
    "settings",
    [
        PlanSettings(),
        PlanSettings(closing_days=DANISH_PUBLIC_BODY_CLOSING_DAYS),
        PlanSettings(closing_days=DANISH_PUBLIC_BODY_CLOSING_DAYS, roll_deadlines=True),
    ],
)
def test_sql_and_domain_resolve_every_unit_alike(
    fresh_db: Database, settings: PlanSettings
) -> None:
    plan = plan_with(RULES, settings)
    load_plan(fresh_db, plan, actor="test")
    stored = obligations(fresh_db)
    in_sql = dict(zip(stored["id"], stored["due"], strict=True))
    expected = plan.resolved_due()
    assert {k: (v.date() if hasattr(v, "date") else v) for k, v in in_sql.items()} == expected
    assert read_plan(fresh_db) == plan


@pytest.mark.parametrize(
    "settings",
    [
        PlanSettings(),
        PlanSettings(closing_days=DANISH_PUBLIC_BODY_CLOSING_DAYS, roll_deadlines=True),
    ],
)
@pytest.mark.parametrize("end", [END, date(2027, 1, 2), date(2199, 12, 28)])
def test_a_few_due_dates_counted_in_python_equal_those_resolved_in_sql(
    fresh_db: Database, settings: PlanSettings, end: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a write, the few due dates it changed are counted by the domain's rule in Python
    (`queries._dues_of`), not by the SQL macros: the same dates for every unit, on a weekend and
    at the very end of the calendar's window (where SQL has its own answer, and is asked)."""
    rules = RULES if end.year < 2199 else [rule for rule in RULES if rule[0] <= 0]
    plan = plan_with(rules, settings)
    (project,) = plan.projects
    load_plan(
        fresh_db, replace(plan, projects=(project.model_copy(update={"end": end}),)), actor="t"
    )
    ids = [obligation.id for obligation in plan.obligations]
    cursor = fresh_db.cursor()
    in_sql = dict(
        cursor.execute(
            f"SELECT o.id, {RESOLVED_DUE} FROM obligations o{DUE_JOINS} WHERE NOT o.deleted"
        ).fetchall()
    )
    counted: list[object] = []
    count = queries._counted
    monkeypatch.setattr(queries, "_counted", lambda *a: counted.append(a) or count(*a))
    assert _dues_of(cursor, ids) == in_sql
    assert _dues_of(cursor, ids[:1]) == {ids[0]: in_sql[ids[0]]}
    assert len(counted) >= len(ids)  # counted in Python (not asked of SQL) where it could be


def test_four_working_days_after_23_december_cross_new_year_only_with_closing_days(
    fresh_db: Database,
) -> None:
    office = plan_with(RULES, PlanSettings(closing_days=DANISH_PUBLIC_BODY_CLOSING_DAYS))
    assert office.resolved_due()["o1"] == date(2027, 1, 4)
    assert office.resolved_due()["o0"] == date(2026, 12, 28)
    assert office.resolved_due()["o2"] == date(2026, 12, 18)
    plain = replace(office, settings=PlanSettings())
    assert plain.resolved_due()["o1"] == date(2026, 12, 30)
    rolled = replace(office, settings=PlanSettings(closing_days=("12-31",), roll_deadlines=True))
    assert rolled.resolved_due()["o4"] == date(2027, 1, 4)  # 31.12 rolled over New Year


def test_the_snapshot_carries_the_grant_profile_and_the_plan_calendar(fresh_db: Database) -> None:
    settings = PlanSettings(closing_days=("12-31",), due_soon_days=(21, 5))
    load_plan(fresh_db, plan_with(RULES, settings), actor="test")
    snapshot = findings_snapshot(fresh_db)
    (project,) = snapshot.projects
    assert project.grant_agreement == "101000000"
    assert project.beneficiaries[0].requested_eur == 430_000.0
    assert snapshot.due_soon_days == (21, 5)
    assert not snapshot.work_calendar.is_working_day(date(2026, 12, 31))
    records = next(o for o in snapshot.obligations if o.code == "O-0")
    assert (records.grant_duty, records.ends_period) == ("records", True)


def test_resolving_due_dates_over_many_obligations_stays_within_a_small_memory_limit(
    fresh_db: Database,
) -> None:
    """The calendar's lists are ~110,000 days long; a look-up that copied them per row (m007's
    correlated `working_seq`) needed > 20 GB for 10,000 obligations: here, 1,500 with fixed due
    dates on different days and 1,500 by rules, under a 400 MB limit."""
    settings = PlanSettings(closing_days=DANISH_PUBLIC_BODY_CLOSING_DAYS, roll_deadlines=True)
    base = plan_with([(i % 40 - 10, DurationUnit.WORKING_DAYS) for i in range(1_500)], settings)
    fixed = tuple(
        base.obligations[0].model_copy(
            update={
                "id": f"f{i}",
                "code": f"F-{i}",
                "due_rule": None,
                "grant_duty": None,
                "ends_period": False,
                "due": date(2025, 1, 1) + timedelta(days=i),
            }
        )
        for i in range(1_500)
    )
    plan = replace(base, obligations=(*base.obligations, *fixed))
    load_plan(fresh_db, plan, actor="test")
    fresh_db.cursor().execute("SET memory_limit = '400MB'")
    stored = obligations(fresh_db)
    in_sql = dict(zip(stored["id"], stored["due"], strict=True))
    expected = plan.resolved_due()
    assert {k: (v.date() if hasattr(v, "date") else v) for k, v in in_sql.items()} == expected


def test_due_dates_of_many_obligations_resolve_in_bounded_memory(fresh_db: Database) -> None:
    # m007's macros read the calendar through correlated subqueries, which DuckDB unnested into
    # a copy of its lists per distinct anchor: 200 obligations of 50 projects took 1.7 GB. The
    # row joined once per query (m009): 800 obligations of 100 projects fit in 256 MB.
    settings = PlanSettings(closing_days=DANISH_PUBLIC_BODY_CLOSING_DAYS, roll_deadlines=True)
    base = plan_with(RULES, settings)
    projects = tuple(
        base.projects[0].model_copy(
            update={"id": f"p{n}", "name": f"P{n}", "end": date(2026, 1, 1) + timedelta(n)}
        )
        for n in range(100)
    )
    items = tuple(
        o.model_copy(
            update={
                "id": f"{o.id}-{n}",
                "code": f"{o.code}-{n}",
                "project": f"p{n}",
                "grant_duty": None,
            }
        )
        for n in range(100)
        for o in base.obligations
    )
    plan = replace(base, projects=projects, obligations=items)
    load_plan(fresh_db, plan, actor="test")
    fresh_db.cursor().execute("SET memory_limit = '256MB'")
    fresh_db.cursor().execute("SET temp_directory = ''")  # no spilling to disk either
    snapshot = findings_snapshot(fresh_db)
    assert {o.id: o.due for o in snapshot.obligations} == plan.resolved_due()
