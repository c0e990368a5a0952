"""A dependency's lag and its unit in the plan document and the rulebook: a document written
before lags had units loads as calendar days, each unit has its limit, and a link that bypassed
the record's validation is still refused by the rulebook."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from handover.domain.model import LAG_LIMITS, Dependency, DependencyType
from handover.domain.plan import PlanError, dump_plan, parse_plan_json
from handover.domain.rules import Candidate, Known, Surroundings, check_obligations
from handover.domain.workdays import DurationUnit
from handover.store.seed import SEEDS

SEED: dict[str, Any] = json.loads(SEEDS["xshare"].read_text(encoding="utf-8"))


def test_a_plan_document_without_lag_units_loads_as_calendar_days() -> None:
    assert all("lag_unit" not in link for link in SEED["dependencies"])  # written before units
    plan = parse_plan_json(json.dumps(SEED))
    assert {d.lag_unit for d in plan.dependencies} == {DurationUnit.DAYS}
    lags = {(d.predecessor, d.successor): d.lag_days for d in plan.dependencies}
    assert lags[("final-report", "balance-payment")] == 90


def test_a_lag_unit_survives_the_document_round_trip() -> None:
    document = copy.deepcopy(SEED)
    link = document["dependencies"][0]
    link.update(lag_unit="working_days", lag_days=-3)
    plan = parse_plan_json(json.dumps(document))
    again = parse_plan_json(dump_plan(plan))
    (kept,) = [
        d
        for d in again.dependencies
        if (d.predecessor, d.successor) == (link["predecessor"], link["successor"])
    ]
    assert (kept.lag_days, kept.lag_unit) == (-3, DurationUnit.WORKING_DAYS)
    assert dump_plan(again) == dump_plan(plan)


@pytest.mark.parametrize(
    ("unit", "lag", "danish", "english"),
    [
        ("working_days", 2601, "højst være ±2600 arbejdsdage", "at most ±2600 working days"),
        ("months", -121, "højst være ±120 måneder", "at most ±120 months"),
        ("years", 11, "højst være ±10 år", "at most ±10 years"),
    ],
)
def test_each_unit_has_its_limit_said_in_both_languages(
    unit: str, lag: int, danish: str, english: str
) -> None:
    document = copy.deepcopy(SEED)
    document["dependencies"][2].update(lag_days=lag, lag_unit=unit)
    with pytest.raises(PlanError) as caught:
        parse_plan_json(json.dumps(document))
    (problem,) = caught.value.problems
    assert problem.path == "dependencies[2]"
    assert danish in problem.message("da")
    assert english in problem.message("en")


def test_an_unknown_lag_unit_is_refused() -> None:
    document = copy.deepcopy(SEED)
    document["dependencies"][0]["lag_unit"] = "fortnights"
    with pytest.raises(PlanError) as caught:
        parse_plan_json(json.dumps(document))
    assert caught.value.problems[0].path == "dependencies[0].lag_unit"


def test_each_limit_itself_is_allowed_and_leads_too() -> None:
    for unit, limit in LAG_LIMITS.items():
        for lag in (limit, -limit):
            Dependency(predecessor="a", successor="b", lag_days=lag, lag_unit=unit)


def test_the_rulebook_refuses_a_lag_beyond_its_unit_even_without_the_records_validation() -> None:
    """The undo path rebuilds links without validation (`model_construct`): the rulebook still
    holds the limit."""
    plan = parse_plan_json(json.dumps(SEED))
    obligation = plan.obligations[0]
    other = plan.obligations[1]
    link = Dependency.model_construct(
        predecessor=other.id,
        successor=obligation.id,
        type=DependencyType.FS,
        lag_days=3000,
        lag_unit=DurationUnit.WORKING_DAYS,
    )
    around = Surroundings(
        projects={p.id: p for p in plan.projects},
        milestones={m.id: m for m in plan.milestones},
        people={p.id: p for p in plan.people},
        organisations={o.id: o for o in plan.organisations},
        others={other.id: Known(other.code)},
    )
    verdict = check_obligations(
        [Candidate(obligation, obligation.code, before=obligation, predecessors=(link,))], around
    )
    (problem,) = verdict.problems
    assert problem.key == "plan.lag_out_of_range.working_days"
    assert problem.message("en") == "a lag can be at most ±2600 working days"
    fine = link.model_copy(update={"lag_days": -2600})
    verdict = check_obligations(
        [Candidate(obligation, obligation.code, before=obligation, predecessors=(fine,))], around
    )
    assert verdict.problems == []
