"""The handover workflow's rules, and owner proposals from successor organisations."""

from datetime import date

import pytest

from handover.domain.model import HandoverState as S
from handover.domain.model import Organisation, Person
from handover.domain.proposals import OwnerGap, propose_from_successors, successor_on
from handover.domain.workflow import (
    HandoverFacts,
    WorkflowError,
    check_step,
    state_after_owner_change,
)


def facts(
    state: S, owner: str | None = "p", criteria: str = "", evidence: tuple[str, ...] = ()
) -> HandoverFacts:
    return HandoverFacts(
        state=state, receiving_owner=owner, acceptance_criteria=criteria, evidence=evidence
    )


@pytest.mark.parametrize(
    ("start", "target", "rule"),
    [
        (S.UNASSIGNED, S.ACCEPTED, "workflow.not_allowed"),
        (S.TRANSFERRED, S.PROPOSED, "workflow.not_allowed"),
        (S.PROPOSED, S.PROPOSED, "workflow.same_state"),
        (S.REJECTED, S.ACCEPTED, "workflow.not_allowed"),
    ],
)
def test_steps_outside_the_workflow_are_refused(start: S, target: S, rule: str) -> None:
    with pytest.raises(WorkflowError) as caught:
        check_step(facts(start), target)
    assert caught.value.key == rule


def test_the_happy_path() -> None:
    check_step(facts(S.UNASSIGNED), S.PROPOSED)
    check_step(facts(S.PROPOSED), S.ACCEPTED)
    check_step(facts(S.ACCEPTED, criteria="c", evidence=("link",)), S.TRANSFERRED)
    check_step(facts(S.PROPOSED), S.REJECTED, reason="not ours")
    check_step(facts(S.REJECTED), S.PROPOSED)


def test_each_rule_names_what_is_missing() -> None:
    cases = [
        (facts(S.PROPOSED, owner=None), S.ACCEPTED, "", "workflow.needs_receiver"),
        (facts(S.PROPOSED), S.REJECTED, "  ", "workflow.needs_reason"),
        (facts(S.ACCEPTED, evidence=("x",)), S.TRANSFERRED, "", "workflow.needs_criteria"),
        (facts(S.ACCEPTED, criteria="c"), S.TRANSFERRED, "", "workflow.needs_evidence"),
        (facts(S.PROPOSED), S.UNASSIGNED, "", "workflow.unassign_needs_no_receiver"),
    ]
    for given, target, reason, rule in cases:
        with pytest.raises(WorkflowError) as caught:
            check_step(given, target, reason=reason)
        assert caught.value.key == rule


def test_a_new_owner_must_accept_anew_and_a_transfer_is_final() -> None:
    assert state_after_owner_change(S.ACCEPTED, "q") is S.PROPOSED
    assert state_after_owner_change(S.PROPOSED, None) is S.UNASSIGNED
    with pytest.raises(WorkflowError):
        state_after_owner_change(S.TRANSFERRED, "q")


ORGS = {
    "old": Organisation(id="old", name="Old", exists_until=date(2026, 12, 31), successor="mid"),
    "mid": Organisation(id="mid", name="Mid", exists_until=date(2027, 6, 30), successor="new"),
    "new": Organisation(id="new", name="New", exists_from=date(2027, 1, 1)),
    "stay": Organisation(id="stay", name="Stays"),
}
PEOPLE = [
    Person(id="old-lear", title="LEAR", organisation="old"),
    Person(id="mid-any", title="Sekretariat", organisation="mid"),
    Person(id="new-boss", title="Direktør", organisation="new"),
    Person(id="new-lear", title="LEAR for New", organisation="new"),
    Person(id="stay-p", title="Kontakt", organisation="stay"),
]


def test_the_successor_chain_is_followed_to_one_that_exists_then() -> None:
    assert successor_on("old", date(2026, 12, 1), ORGS).id == "old"  # type: ignore[union-attr]
    assert successor_on("old", date(2027, 3, 1), ORGS).id == "mid"  # type: ignore[union-attr]
    assert successor_on("old", date(2027, 9, 1), ORGS).id == "new"  # type: ignore[union-attr]


def test_a_proposal_goes_to_the_matching_role_in_the_successor() -> None:
    gaps = [
        OwnerGap("o1", "X-1", "old-lear", None, date(2027, 9, 1)),  # old gone, new exists
        OwnerGap("o2", "X-2", "old-lear", None, date(2026, 12, 1)),  # still there
        OwnerGap("o3", "X-3", "old-lear", "stay-p", date(2027, 9, 1)),  # has a receiver
        OwnerGap("o4", "X-4", "stay-p", None, date(2027, 9, 1)),  # never ceases
        OwnerGap("o5", "X-5", "old-lear", None, None),  # no due date
    ]
    [proposal] = propose_from_successors(gaps, PEOPLE, ORGS)
    assert (proposal.obligation_id, proposal.person_id, proposal.organisation_id) == (
        "o1",
        "new-lear",
        "new",
    )
    assert proposal.ceases == date(2026, 12, 31)


def test_danish_compounds_on_one_stem_count_as_alike() -> None:
    from handover.domain.proposals import title_likeness

    assert title_likeness("Økonomiansvarlig for xShare", "Økonomifunktion") == 1
    assert title_likeness("LEAR", "LEAR for Digital Sundhed Danmark") == 1
    assert title_likeness("Projektleder", "Arkiv og journalisering") == 0


def test_no_proposal_where_the_successor_has_nobody() -> None:
    gaps = [OwnerGap("o1", "X-1", "old-lear", None, date(2027, 3, 1))]
    assert propose_from_successors(gaps, PEOPLE, ORGS, active_people={"new-lear"}) == []
