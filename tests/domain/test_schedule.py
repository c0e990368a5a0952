"""Due rules resolve against their anchors; cycles are found and named."""

from datetime import date

from handover.domain.model import DueRule, Milestone, Obligation, Project
from handover.domain.schedule import find_cycle, resolve_due

PROJECT = Project(id="p", name="P", start=date(2023, 12, 1), end=date(2026, 11, 30))
MILESTONE = Milestone(id="m", project="p", title="M", planned=date(2026, 11, 20))


def obligation(**fields: object) -> Obligation:
    return Obligation.model_validate(
        {"id": "o", "code": "O-1", "title": "O", "category": "reporting", "project": "p", **fields},
        strict=False,
    )


def test_project_end_plus_60_days_is_29_january_2027() -> None:
    rule = DueRule.model_validate({"anchor": "project_end", "days": 60}, strict=False)
    assert resolve_due(obligation(due_rule=rule), {"p": PROJECT}, {}) == date(2027, 1, 29)


def test_moving_the_anchor_moves_the_derived_date() -> None:
    rule = DueRule.model_validate({"anchor": "project_end", "days": 60}, strict=False)
    extended = PROJECT.model_copy(update={"end": date(2027, 2, 28)})
    assert resolve_due(obligation(due_rule=rule), {"p": extended}, {}) == date(2027, 4, 29)


def test_a_rule_on_a_milestone_and_a_negative_offset() -> None:
    rule = DueRule.model_validate(
        {"anchor": "milestone", "milestone": "m", "days": -5}, strict=False
    )
    assert resolve_due(obligation(due_rule=rule), {"p": PROJECT}, {"m": MILESTONE}) == date(
        2026, 11, 15
    )


def test_a_fixed_date_is_its_own_due_date_and_an_undated_anchor_gives_none() -> None:
    assert resolve_due(obligation(due=date(2026, 12, 15)), {}, {}) == date(2026, 12, 15)
    rule = DueRule.model_validate({"anchor": "project_start", "days": 1}, strict=False)
    undated = PROJECT.model_copy(update={"start": None})
    assert resolve_due(obligation(due_rule=rule), {"p": undated}, {}) is None


def test_a_graph_without_cycles_has_none() -> None:
    assert find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) == []


def test_a_cycle_is_returned_closed_and_in_order() -> None:
    cycle = find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    assert cycle[0] == cycle[-1]
    assert len(cycle) == 4
    assert set(cycle) == {"a", "b", "c"}


def test_a_ten_thousand_long_chain_does_not_hit_the_recursion_limit() -> None:
    chain = {str(i): [str(i + 1)] for i in range(10_000)}
    assert find_cycle(chain) == []
    chain["10000"] = ["0"]
    assert len(find_cycle(chain)) == 10_002
