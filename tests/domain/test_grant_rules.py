"""The EU grant close-out rules on a small grant, each on its boundary: coordinator ceasing before
the balance, the amendment's latest filing day, the CFS threshold, record keeping 5 (3) years,
statement signers, and the duties after the end; each carries its source."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from handover.domain.findings import (
    BeneficiaryFacts,
    ObligationFacts,
    OrganisationFacts,
    ProjectFacts,
    Snapshot,
    evaluate,
)
from handover.domain.grant_rules import GRANT_RULES, key_dates
from handover.domain.report import source
from handover.domain.text import CATALOGUE

END = date(2026, 11, 30)
ORGS = {
    "coord": OrganisationFacts("coord", "MedCom", None, date(2026, 12, 31)),
    "heir": OrganisationFacts("heir", "DSD", date(2027, 1, 1), None),
    "partner": OrganisationFacts("partner", "Mediq", None, None),
}
PEOPLE = {"c": "coord", "h": "heir", "p": "partner"}
PROJECT = ProjectFacts(
    "g",
    "Grant",
    date(2023, 12, 1),
    END,
    "coord",
    (BeneficiaryFacts("coord", 100_000.0), BeneficiaryFacts("partner", 200_000.0)),
    "101000000",
)


def duty(name: str, code: str, due: date | None, **changes: object) -> ObligationFacts:
    base = ObligationFacts(
        id=code.lower(),
        code=code,
        status="not_started",
        handover_state="accepted",
        current_owner="c",
        receiving_owner="h",
        start=None,
        due=due,
        has_criteria=True,
        evidence=0,
        amount_eur=None,
        risks=0,
        project="g",
        grant_duty=name,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


DATES = key_dates(END, 300_000.0)
COMPLETE = (
    duty("final_report", "F", DATES["final_report"]),
    duty("financial_statement", "S", DATES["final_report"]),
    duty("coordinator_amendment", "A", DATES["latest_amendment_filing"]),
    duty("balance_payment", "B", DATES["balance"]),
    duty("distribution", "D", None),
    duty("records", "R", DATES["records_until"], ends_period=True),
    duty("audit_contact", "U", DATES["records_until"], ends_period=True),
    duty("exploitation", "X", DATES["exploitation_until"], ends_period=True),
    duty("results_platform", "P", DATES["results_platform"]),
    duty("dissemination", "M", None),
)


def grant_rules_found(
    obligations: tuple[ObligationFacts, ...] = COMPLETE,
    project: ProjectFacts = PROJECT,
    as_of: date = date(2026, 11, 1),
) -> list[str]:
    snapshot = Snapshot(obligations, PEOPLE, ORGS, projects=[project], due_soon_days=())
    return [f.rule for f in evaluate(snapshot, as_of) if f.rule in GRANT_RULES]


def without(name: str) -> tuple[ObligationFacts, ...]:
    return tuple(o for o in COMPLETE if o.grant_duty != name)


def test_the_close_out_dates_follow_from_the_end() -> None:
    assert DATES["final_report"] == date(2027, 1, 29)
    assert DATES["latest_amendment_filing"] == date(2026, 12, 15)
    assert DATES["balance"] == date(2027, 4, 29)
    assert DATES["records_until"] == date(2032, 4, 29)
    assert DATES["exploitation_until"] == date(2030, 11, 30)
    assert DATES["results_platform"] == date(2027, 11, 30)


def test_a_complete_close_out_leaves_only_the_open_succession_question() -> None:
    assert grant_rules_found() == ["succession-unclear"]


@pytest.mark.parametrize(
    ("missing", "rule"),
    [
        ("final_report", "final-report-missing"),
        ("balance_payment", "balance-missing"),
        ("distribution", "distribution-missing"),
        ("records", "records-missing"),
        ("audit_contact", "audit-contact-missing"),
        ("exploitation", "exploitation-missing"),
        ("results_platform", "results-platform-missing"),
        ("dissemination", "dissemination-missing"),
        ("financial_statement", "statement-signer-missing"),
    ],
)
def test_each_missing_duty_is_found(missing: str, rule: str) -> None:
    assert rule in grant_rules_found(without(missing))


def test_coordinator_ceasing_needs_an_amendment_in_future_then_past_tense() -> None:
    no_amendment = without("coordinator_amendment")
    assert "coordinator-ceases" in grant_rules_found(no_amendment, as_of=date(2026, 12, 31))
    assert "coordinator-ceased" in grant_rules_found(no_amendment, as_of=date(2027, 1, 1))
    # A coordinator that outlives the balance payment needs none.
    lasting = {**ORGS, "coord": replace(ORGS["coord"], exists_until=DATES["balance"])}
    snapshot = Snapshot(no_amendment, PEOPLE, lasting, projects=[PROJECT], due_soon_days=())
    assert not {f.rule for f in evaluate(snapshot, date(2026, 11, 1))} & {
        "coordinator-ceases",
        "succession-unclear",
    }
    # A LEAR data update (a mere change of name) done makes the amendment unnecessary.
    lear = duty("lear_update", "L", date(2026, 12, 1), status="done")
    assert grant_rules_found((*no_amendment, lear)) == []


def test_the_amendment_is_late_after_report_due_minus_45_days() -> None:
    on_time = grant_rules_found()
    late = replace(COMPLETE[2], due=date(2026, 12, 16))
    assert "amendment-late" not in on_time
    assert "amendment-late" in grant_rules_found((*without("coordinator_amendment"), late))


@pytest.mark.parametrize(
    ("amount", "rule"),
    [(429_999.99, None), (430_000.0, "cfs-required"), (None, "cfs-unknown")],
)
def test_the_cfs_threshold_is_430000_per_beneficiary(amount: float | None, rule: str) -> None:
    project = replace(
        PROJECT, beneficiaries=(BeneficiaryFacts("coord", 1.0), BeneficiaryFacts("partner", amount))
    )
    found = grant_rules_found(project=project)
    assert [r for r in found if r.startswith("cfs")] == ([rule] if rule else [])
    if rule == "cfs-required":
        with_cfs = (*COMPLETE, duty("cfs", "C", DATES["final_report"]))
        assert "cfs-required" not in grant_rules_found(with_cfs, project=project)


def test_records_are_kept_five_years_after_the_balance_three_under_60000() -> None:
    short = replace(COMPLETE[5], due=date(2032, 4, 28))
    assert "records-too-short" in grant_rules_found((*without("records"), short))
    small = replace(
        PROJECT,
        beneficiaries=(BeneficiaryFacts("coord", 30_000.0), BeneficiaryFacts("partner", 29_999.0)),
    )
    assert key_dates(END, 59_999.0)["records_until"] == date(2030, 4, 29)
    assert key_dates(END, 60_000.0)["records_until"] == date(2032, 4, 29)
    three_years = replace(COMPLETE[5], due=date(2030, 4, 29))
    assert "records-too-short" not in grant_rules_found(
        (*without("records"), three_years), project=small
    )


def test_records_need_a_keeper_who_exists_for_the_whole_period() -> None:
    kept_by_leaver = replace(COMPLETE[5], receiving_owner=None)
    assert "records-keeper-gone" in grant_rules_found((*without("records"), kept_by_leaver))


def test_a_ceasing_beneficiary_needs_a_signer_after_it_ceases() -> None:
    unsigned = replace(COMPLETE[1], receiving_owner=None)
    assert "statement-signer-missing" in grant_rules_found(
        (*without("financial_statement"), unsigned)
    )


def test_a_project_without_a_grant_profile_gets_no_grant_rules() -> None:
    plain = ProjectFacts("g", "Internal", None, END, "coord")
    assert grant_rules_found((), project=plain) == []


def test_every_grant_rule_has_a_message_a_fix_and_a_source_in_both_languages() -> None:
    for rule in GRANT_RULES:
        for kind in ("finding", "fix", "source"):
            key = f"{kind}.{rule}"
            assert key in CATALOGUE, key
            assert all(CATALOGUE[key]), key
    snapshot = Snapshot(without("final_report"), PEOPLE, ORGS, projects=[PROJECT])
    missing = next(
        f for f in evaluate(snapshot, date(2026, 11, 1)) if f.rule == "final-report-missing"
    )
    assert "ufm.dk" in source(missing, "en")
