"""Each readiness rule on a minimal plan that triggers it and one that does not; the seeded xShare
plan as of 25.11.2026 gives the findings written down here; "as of" moves the result."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from handover.domain.findings import (
    DependencyFacts,
    ObligationFacts,
    OrganisationFacts,
    Settings,
    Severity,
    Snapshot,
    evaluate,
    readiness,
)
from handover.store.database import Database
from handover.store.queries import findings_snapshot

TODAY = date(2026, 11, 25)
TRANSITION = date(2027, 1, 1)
ORGS = {
    "old": OrganisationFacts("old", "Old", None, date(2026, 12, 31)),
    "new": OrganisationFacts("new", "New", date(2027, 1, 1), None),
    "stay": OrganisationFacts("stay", "Stays", None, None),
}
PEOPLE = {"o": "old", "n": "new", "s": "stay", "s2": "stay"}


def ob(code: str = "A-1", **changes: object) -> ObligationFacts:
    base = ObligationFacts(
        id=code.lower(),
        code=code,
        status="in_progress",
        handover_state="accepted",
        current_owner="s",
        receiving_owner="s2",
        start=None,
        due=date(2026, 12, 10),
        has_criteria=True,
        evidence=1,
        amount_eur=None,
        risks=0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def rules(
    *obligations: ObligationFacts,
    dependencies: tuple[DependencyFacts, ...] = (),
    as_of: date = TODAY,
    settings: Settings | None = None,
) -> list[tuple[str, tuple[str, ...]]]:
    # No "due soon" levels here: these tests are about the other rules (tests/domain/
    # test_timed_rules.py covers the levels).
    snapshot = Snapshot(obligations, PEOPLE, ORGS, dependencies, TRANSITION, due_soon_days=())
    return [(f.rule, f.obligations) for f in evaluate(snapshot, as_of, settings)]


def test_a_tidy_obligation_has_no_findings() -> None:
    assert rules(ob()) == []


@pytest.mark.parametrize(
    ("triggering", "quiet", "rule"),
    [
        (ob(receiving_owner=None, handover_state="unassigned"), ob(), "no-receiver"),
        (
            ob(receiving_owner="n"),
            ob(receiving_owner="n", due=date(2027, 2, 1)),
            "receiver-org-gone",
        ),
        (
            ob(current_owner="o", due=date(2027, 2, 1), handover_state="proposed"),
            ob(current_owner="o", due=date(2027, 2, 1), handover_state="accepted"),
            "owner-org-ceases",
        ),
        (ob(due=date(2026, 11, 1)), ob(due=date(2026, 11, 1), status="done"), "past-due"),
        (
            ob(handover_state="transferred", evidence=0),
            ob(handover_state="transferred"),
            "transferred-without-evidence",
        ),
        (ob(amount_eur=50_000.0), ob(amount_eur=50_000.0, risks=1), "money-without-risk"),
        (
            ob(due=date(2027, 3, 1), has_criteria=False),
            ob(due=date(2026, 12, 30), has_criteria=False),
            "no-criteria-after-transition",
        ),
    ],
)
def test_each_rule_fires_on_its_case_and_not_on_the_near_miss(
    triggering: ObligationFacts, quiet: ObligationFacts, rule: str
) -> None:
    assert rule in [r for r, _ in rules(triggering)]
    assert rule not in [r for r, _ in rules(quiet)]


def test_not_accepted_shortly_before_the_transition_depends_on_the_day() -> None:
    proposed = ob(due=date(2027, 2, 1), handover_state="proposed")
    assert "not-accepted-before-transition" not in [
        r for r, _ in rules(proposed, as_of=date(2026, 12, 17))
    ]
    assert "not-accepted-before-transition" in [
        r for r, _ in rules(proposed, as_of=date(2026, 12, 18))
    ]
    assert "not-accepted-before-transition" in [
        r
        for r, _ in rules(
            proposed, as_of=date(2026, 12, 1), settings=Settings(accept_days_before_transition=31)
        )
    ]


@pytest.mark.parametrize(
    ("kind", "lag", "violated"),
    [
        ("FS", 0, True),
        ("FS", -30, False),
        ("SS", 0, False),
        ("FF", 0, True),
        ("FF", -20, False),
        ("SF", 0, False),
    ],
)
def test_dependency_types_and_lags(kind: str, lag: int, violated: bool) -> None:
    before = ob("P-1", start=date(2026, 12, 1), due=date(2026, 12, 20))
    after = ob("S-1", start=date(2026, 12, 5), due=date(2026, 12, 10))
    dependency = DependencyFacts("p-1", "s-1", kind, lag)
    found = rules(before, after, dependencies=(dependency,))
    assert (("dependency-violation", ("S-1", "P-1")) in found) is violated


def test_a_cycle_and_a_predecessor_without_receiver() -> None:
    a, b = ob("A-1"), ob("B-1", receiving_owner=None, handover_state="unassigned")
    cycle = (DependencyFacts("a-1", "b-1", "FS", -100), DependencyFacts("b-1", "a-1", "FS", -100))
    found = dict(rules(a, b, dependencies=cycle))
    assert set(found["dependency-cycle"]) == {"A-1", "B-1"}
    assert ("depends-on-unowned", ("A-1", "B-1")) in rules(a, b, dependencies=cycle)


def test_a_person_with_too_many_obligations_in_one_week() -> None:
    same_week = [ob(f"W-{i}", due=date(2026, 12, 7 + i)) for i in range(4)]  # Mon-Thu, week 50
    assert ("overloaded", ("W-0", "W-1", "W-2", "W-3")) in rules(*same_week)
    assert "overloaded" not in [r for r, _ in rules(*same_week[:3])]
    assert "overloaded" not in [
        r for r, _ in rules(*same_week, settings=Settings(max_open_per_week=4))
    ]


def test_findings_are_ordered_blockers_first() -> None:
    found = evaluate(
        Snapshot(
            [ob(receiving_owner=None, handover_state="unassigned", due=date(2026, 1, 1))],
            PEOPLE,
            ORGS,
            (),
            TRANSITION,
        ),
        TODAY,
    )
    assert [f.severity for f in found] == sorted((f.severity for f in found), reverse=True)
    assert found[0].severity is Severity.BLOCKER


def test_readiness_counts_accepted_obligations_due_after_the_transition() -> None:
    obligations = [
        ob("R-1", due=date(2027, 2, 1), receiving_owner="n"),  # accepted, DSD-like org exists then
        ob("R-2", due=date(2027, 2, 1), handover_state="proposed"),
        ob("R-3", due=date(2027, 2, 1), receiving_owner="o"),  # accepted, but the org is gone
        ob("R-4", due=date(2026, 12, 1)),  # due before: not counted
    ]
    assert readiness(Snapshot(obligations, PEOPLE, ORGS, (), TRANSITION)) == (1, 3)


def test_the_seeded_xshare_plan_as_of_25_november_2026(seeded_db: Database) -> None:
    found = evaluate(findings_snapshot(seeded_db), TODAY)
    by_rule: dict[str, list[str]] = {}
    for f in found:
        by_rule.setdefault(f.rule, []).extend(f.obligations)
    # MedCom and Sundhedsdatastyrelsen cease 31.12.2026; these fall due later, not yet accepted.
    assert sorted(by_rule["owner-org-ceases"]) == [
        "XS-01",
        "XS-02",
        "XS-03",
        "XS-07",
        "XS-08",
        "XS-09",
        "XS-13",
        "XS-21",
        "XS-23",
        "XS-24",
        "XS-26",
    ]
    # Work due in 2026 goes to Forberedende Digital Sundhed Danmark, which exists then: the seed
    # no longer contradicts itself with receivers in an organisation that does not exist yet.
    assert "receiver-org-gone" not in by_rule
    assert by_rule["past-due"] == ["XS-12"]  # the open calls, due 31.07.2026, still in progress
    assert len(by_rule["no-receiver"]) == 13
    assert "dependency-violation" not in by_rule
    assert "not-accepted-before-transition" not in by_rule  # 37 days to go, threshold 14
    # The five due on the project's end (30.11.2026) are within the 7-day level.
    assert sorted(by_rule["due-very-soon"]) == ["XS-10", "XS-11", "XS-14", "XS-19", "XS-20"]
    # Nobody yet signs Sundhedsdatastyrelsen's statement after it ceases (XS-25 is to settle it).
    assert by_rule["statement-signer-missing"] == ["XS-21"]
    # No acceptance is recorded with who and when (XS-22 was "accepted" by no one).
    assert readiness(findings_snapshot(seeded_db)) == (0, 12)


def test_as_of_changes_the_result(seeded_db: Database) -> None:
    snapshot = findings_snapshot(seeded_db)
    later = [f.rule for f in evaluate(snapshot, date(2026, 12, 20))]
    assert "not-accepted-before-transition" in later
    earlier = [f.rule for f in evaluate(snapshot, date(2026, 7, 1))]
    assert "past-due" not in earlier
