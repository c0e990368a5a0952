"""Counted days in the wording of findings, in both languages: "1 day", never "1 days" — for 0, 1
and 2 days ago (a milestone not reached, the transition passed, overdue), days left (due soon,
before the transition) and the catalogue's plural and label specs themselves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handover.domain.findings import (
    MilestoneFacts,
    ObligationFacts,
    OrganisationFacts,
    Snapshot,
    evaluate,
)
from handover.domain.report import message
from handover.domain.text import text

TRANSITION = date(2027, 1, 1)
ORGS = {"stay": OrganisationFacts("stay", "Stays", None, None)}
PEOPLE = {"s": "stay", "s2": "stay"}


def _obligation(**changes: object) -> ObligationFacts:
    facts: dict[str, object] = {
        "id": "a-1",
        "code": "A-1",
        "status": "in_progress",
        "handover_state": "accepted",
        "current_owner": "s",
        "receiving_owner": "s2",
        "start": None,
        "due": date(2027, 3, 1),
        "has_criteria": True,
        "evidence": 1,
        "amount_eur": None,
        "risks": 0,
    }
    facts.update(changes)
    return ObligationFacts(**facts)  # type: ignore[arg-type]


def _said(rule: str, snapshot: Snapshot, as_of: date) -> tuple[str, str]:
    (found,) = [f for f in evaluate(snapshot, as_of) if f.rule == rule]
    return message(found, "da"), message(found, "en")


@pytest.mark.parametrize(
    ("days", "danish", "english"),
    [(0, "0 dage", "0 days"), (1, "1 dag", "1 day"), (2, "2 dage", "2 days")],
)
def test_the_transition_passed_so_many_days_ago(days: int, danish: str, english: str) -> None:
    waiting = _obligation(handover_state="proposed")
    snapshot = Snapshot([waiting], PEOPLE, ORGS, (), TRANSITION)
    da, en = _said("transition-passed-not-accepted", snapshot, TRANSITION + timedelta(days=days))
    ago_da = "i dag" if days == 0 else f"for {danish} siden"
    ago_en = "today" if days == 0 else f"{english} ago"
    assert da == f"blev ikke accepteret før overgangen 01.01.2027 ({ago_da})"
    assert en == f"was not accepted before the transition on 01.01.2027 ({ago_en})"


@pytest.mark.parametrize(
    ("days", "danish", "english"),
    [(1, "1 dag", "1 day"), (2, "2 dage", "2 days")],  # 0 days late is not late yet
)
def test_a_milestone_not_reached_so_many_days_ago(days: int, danish: str, english: str) -> None:
    planned = date(2026, 11, 20)
    milestone = MilestoneFacts("m", "Final conference", planned, None, "milestone")
    snapshot = Snapshot([], PEOPLE, ORGS, (), TRANSITION, milestones=[milestone])
    da, en = _said("milestone-not-reached", snapshot, planned + timedelta(days=days))
    assert da == (
        f"milepælen »Final conference« var planlagt 20.11.2026 (for {danish} siden) og er ikke "
        "markeret nået"
    )
    assert en == (
        f'the milestone "Final conference" was planned for 20.11.2026 ({english} ago) and is not '
        "marked reached"
    )
    assert not [f for f in evaluate(snapshot, planned) if f.rule == "milestone-not-reached"]


@pytest.mark.parametrize(
    ("days", "danish", "english"),
    [(1, "1 dag", "1 day"), (2, "2 dage", "2 days")],
)
def test_overdue_by_so_many_days(days: int, danish: str, english: str) -> None:
    due = date(2026, 11, 20)
    snapshot = Snapshot([_obligation(due=due)], PEOPLE, ORGS, (), TRANSITION)
    da, en = _said("past-due", snapshot, due + timedelta(days=days))
    assert da == f"fristen er overskredet for {danish} siden"
    assert en == f"overdue by {english}"


@pytest.mark.parametrize(
    ("days", "danish", "english"),
    [(0, "0 dage", "0 days"), (1, "1 dag", "1 day"), (2, "2 dage", "2 days")],
)
def test_due_so_many_days_from_now(days: int, danish: str, english: str) -> None:
    due = date(2026, 11, 20)
    snapshot = Snapshot([_obligation(due=due)], PEOPLE, ORGS, (), TRANSITION)
    da, en = _said("due-very-soon", snapshot, due - timedelta(days=days))
    assert da == f"har frist 20.11.2026, om {danish} (inden for 7 dage)"
    assert en == f"falls due on 20.11.2026, in {english} (within 7 days)"


@pytest.mark.parametrize(
    ("days", "danish", "english"),
    [(1, "1 dag", "1 day"), (2, "2 dage", "2 days"), (14, "14 dage", "14 days")],
)
def test_days_left_to_the_transition(days: int, danish: str, english: str) -> None:
    waiting = _obligation(handover_state="proposed")
    snapshot = Snapshot([waiting], PEOPLE, ORGS, (), TRANSITION)
    da, en = _said("not-accepted-before-transition", snapshot, TRANSITION - timedelta(days=days))
    assert da == f"er ikke accepteret, og der er {danish} til overgangen 01.01.2027"
    assert en == f"is not accepted, with {english} to the transition on 01.01.2027"


def test_the_plural_spec_reads_signs_and_the_label_spec_counts_by_another_parameter() -> None:
    assert text("overview.days_past", "da", days=1) == "for 1 dag siden"
    assert text("overview.days_past", "en", days=0) == "0 days ago"
    assert text("register.link_lag", "da", lag="-1", unit="working_days") == "-1 arbejdsdag"
    assert text("register.link_lag", "en", lag="+12", unit="months") == "+12 months"
    assert text("register.link_lag", "en", lag="+1", unit="years") == "+1 year"


def test_slack_lifecycles_and_lateness_count_one_day_in_the_singular() -> None:
    assert text("timeline.slack", "da", days=1) == "Slæk: 1 dag"
    assert text("timeline.slack", "en", days=2) == "Slack: 2 days"
    assert text("lifecycle.ceases", "da", days=1) == "Ophører om 1 dag"
    assert text("lifecycle.starts", "en", days=1) == "Established in 1 day"
    assert text("overview.days_value", "en", days=1) == "1 day"
    assert text("timeline.late", "en", date="04.01.2027", days=1) == (
        "finishes at the earliest on 04.01.2027, 1 day late"
    )
    assert text("finding.due-very-soon", "da", due="20.11.2026", days="1", level="1") == (
        "har frist 20.11.2026, om 1 dag (inden for 1 dag)"
    )


def test_the_ago_spec_says_today_for_zero_days() -> None:
    template_da = text("finding.transition-passed-not-accepted", "da", transition="x", days="0")
    assert template_da.endswith("(i dag)")
    assert text("finding.transition-passed-not-accepted", "en", transition="x", days=3).endswith(
        "(3 days ago)"
    )


def test_five_digit_counts_are_grouped_as_each_language_writes_them() -> None:
    assert text("register.shown", "da", shown=30, total=10_000) == "30 af 10.000 forpligtelser"
    assert text("register.shown", "en", shown=30, total=123_456) == "30 of 123,456 obligations"
    assert text("workshop.item_of", "da", number=2027, count=9999) == "Punkt 2027 af 9999"
    assert text("finding.transition-passed-not-accepted", "da", transition="x", days=10_000) == (
        "blev ikke accepteret før overgangen x (for 10.000 dage siden)"
    )


def test_numbers_that_name_rather_than_count_are_not_grouped() -> None:
    said = text("cli.port_in_use", "da", port=49_095)
    assert "49095" in said and "49.095" not in said
