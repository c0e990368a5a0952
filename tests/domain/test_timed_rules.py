"""The rules that escalate with time, each on its boundary days: due soon (levels), a period that
ends, a deadline on a closed day, a milestone not reached, an orphaned obligation, the transition
passing without acceptance — and the wording that fits the as-of day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from handover.domain.findings import (
    MilestoneFacts,
    ObligationFacts,
    OrganisationFacts,
    Severity,
    Snapshot,
    evaluate,
)
from handover.domain.report import message
from handover.domain.workdays import DANISH_PUBLIC_BODY_CLOSING_DAYS, WorkCalendar

TRANSITION = date(2027, 1, 1)
ORGS = {
    "old": OrganisationFacts("old", "MedCom", None, date(2026, 12, 31)),
    "new": OrganisationFacts("new", "DSD", date(2027, 1, 1), None),
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
        due=date(2026, 11, 30),
        has_criteria=True,
        evidence=1,
        amount_eur=None,
        risks=0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def found(
    *obligations: ObligationFacts,
    as_of: date,
    milestones: tuple[MilestoneFacts, ...] = (),
    work_calendar: WorkCalendar | None = None,
) -> list[tuple[str, tuple[str, ...], Severity]]:
    snapshot = Snapshot(
        obligations,
        PEOPLE,
        ORGS,
        (),
        TRANSITION,
        milestones=milestones,
        work_calendar=work_calendar or WorkCalendar(),
    )
    return [(f.rule, f.obligations, f.severity) for f in evaluate(snapshot, as_of)]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 10, 30), []),  # 31 days before: quiet
        (date(2026, 10, 31), [("due-soon", ("A-1",), Severity.INFO)]),  # 30 days
        (date(2026, 11, 16), [("due-soon", ("A-1",), Severity.INFO)]),  # 14 days
        (date(2026, 11, 23), [("due-very-soon", ("A-1",), Severity.WARNING)]),  # 7 days
        (date(2026, 11, 30), [("due-very-soon", ("A-1",), Severity.WARNING)]),  # due today
        (date(2026, 12, 1), [("past-due", ("A-1",), Severity.BLOCKER)]),
    ],
)
def test_due_soon_escalates_on_its_boundary_days(
    as_of: date, expected: list[tuple[str, tuple[str, ...], Severity]]
) -> None:
    assert found(ob(), as_of=as_of) == expected


def test_due_soon_says_the_level_it_reached() -> None:
    snapshot = Snapshot([ob()], PEOPLE, ORGS, (), TRANSITION)
    (finding,) = evaluate(snapshot, date(2026, 11, 16))
    assert message(finding, "en") == "falls due on 30.11.2026, in 14 days (within 14 days)"
    assert message(finding, "da") == "har frist 30.11.2026, om 14 dage (inden for 14 dage)"


def test_a_retention_period_ends_rather_than_falls_due() -> None:
    kept = ob(due=date(2032, 4, 29), ends_period=True)
    assert found(kept, as_of=date(2032, 4, 20)) == []  # no "due soon" for a period's end
    assert found(kept, as_of=date(2032, 4, 29)) == []
    assert found(kept, as_of=date(2032, 4, 30)) == [("period-ended", ("A-1",), Severity.INFO)]


def test_a_deadline_on_a_closed_day_is_flagged_with_the_next_working_day() -> None:
    office = WorkCalendar.from_closing_days(DANISH_PUBLIC_BODY_CLOSING_DAYS)
    on_new_years_eve = ob(due=date(2026, 12, 31))
    as_of = date(2026, 10, 1)
    assert found(on_new_years_eve, as_of=as_of) == []  # a plain calendar: a Thursday
    snapshot = Snapshot([on_new_years_eve], PEOPLE, ORGS, (), TRANSITION, work_calendar=office)
    (finding,) = evaluate(snapshot, as_of)
    assert finding.rule == "due-on-non-working-day"
    assert finding.params["next"] == "04.01.2027"
    # The transition day itself is a public holiday.
    on_transition = ob(due=date(2027, 1, 1), handover_state="accepted")
    assert [r for r, _, _ in found(on_transition, as_of=as_of)] == ["due-on-non-working-day"]
    # Past the day, it is past due, not "falls on a closed day".
    assert [
        r for r, _, _ in found(on_new_years_eve, as_of=date(2027, 1, 2), work_calendar=office)
    ] == ["past-due"]


def test_a_milestone_past_and_not_reached_is_a_warning_from_the_day_after() -> None:
    conference = MilestoneFacts("m", "Final conference", date(2026, 11, 20), None, "event")
    assert found(milestones=(conference,), as_of=date(2026, 11, 20)) == []
    assert found(milestones=(conference,), as_of=date(2026, 11, 21)) == [
        ("milestone-not-reached", (), Severity.WARNING)
    ]
    reached = replace(conference, achieved=date(2026, 11, 20))
    assert found(milestones=(reached,), as_of=date(2026, 11, 29)) == []
    transition = MilestoneFacts("t", "DSD overtager", TRANSITION, None, "transition")
    assert found(milestones=(transition,), as_of=date(2027, 1, 2)) == []


def test_owner_organisation_ceasing_turns_into_orphaned_after_the_day() -> None:
    handed = ob(current_owner="o", receiving_owner="n", handover_state="proposed")
    later = replace(handed, due=date(2027, 1, 29))
    before = [r for r, _, _ in found(later, as_of=date(2026, 12, 31))]
    after = [r for r, _, _ in found(later, as_of=date(2027, 1, 1))]
    assert "owner-org-ceases" in before and "orphaned" not in before
    assert "orphaned" in after and "owner-org-ceases" not in after
    accepted = replace(later, handover_state="accepted")
    assert "orphaned" not in [r for r, _, _ in found(accepted, as_of=date(2027, 1, 1))]


def test_not_accepted_is_a_warning_before_the_transition_and_a_blocker_in_past_tense_after() -> (
    None
):
    waiting = ob(due=date(2027, 3, 1), handover_state="proposed")
    assert found(waiting, as_of=date(2026, 12, 17)) == []
    snapshot = Snapshot([waiting], PEOPLE, ORGS, (), TRANSITION)
    (before,) = evaluate(snapshot, date(2026, 12, 18))
    assert (before.rule, before.severity) == ("not-accepted-before-transition", Severity.WARNING)
    assert message(before, "en") == "is not accepted, with 14 days to the transition on 01.01.2027"
    (on_the_day,) = evaluate(snapshot, TRANSITION)
    assert (on_the_day.rule, on_the_day.severity) == (
        "transition-passed-not-accepted",
        Severity.BLOCKER,
    )
    (after,) = evaluate(snapshot, date(2027, 1, 2))
    assert message(after, "en") == (
        "was not accepted before the transition on 01.01.2027 (1 day ago)"
    )
    assert message(after, "da") == (
        "blev ikke accepteret før overgangen 01.01.2027 (for 1 dag siden)"
    )
