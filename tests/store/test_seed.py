"""The xShare seed holds the facts of the status report and ../shared/domain.md."""

from __future__ import annotations

from datetime import date

from handover.domain.model import DueAnchor, MilestoneKind
from handover.store import queries
from handover.store.database import Database
from handover.store.seed import initialise, seed_plan

PLAN = seed_plan("xshare")


def test_the_key_dates_are_pinned() -> None:
    milestones = {m.title: m.planned for m in PLAN.milestones}
    assert milestones["Alle open calls lukket"] == date(2026, 7, 31)
    assert milestones["Final conference (hand-over event)"] == date(2026, 11, 20)
    assert milestones["Projektet afsluttes"] == date(2026, 11, 30)
    organisations = {o.id: o for o in PLAN.organisations}
    assert organisations["medcom"].exists_until == date(2026, 12, 31)
    assert organisations["dsd"].exists_from == date(2027, 1, 1)
    [transition] = [m for m in PLAN.milestones if m.kind is MilestoneKind.TRANSITION]
    assert transition.planned == date(2027, 1, 1)
    assert PLAN.resolved_due()["final-report"] == date(2027, 1, 29)


def test_the_final_report_is_a_rule_project_end_plus_60_days() -> None:
    [report] = [o for o in PLAN.obligations if o.id == "final-report"]
    assert report.due is None
    assert report.due_rule is not None
    assert (report.due_rule.anchor, report.due_rule.days) == (DueAnchor.PROJECT_END, 60)


def test_xshare_has_its_real_dates_and_call() -> None:
    [xshare] = PLAN.projects
    assert (xshare.start, xshare.end) == (date(2023, 12, 1), date(2026, 11, 30))
    assert "HORIZON-HLTH-2023-IND-06-02" in xshare.programme
    assert xshare.coordinator == "medcom"


def test_every_organisation_of_the_domain_brief_is_there_with_its_successor() -> None:
    organisations = {o.name: o for o in PLAN.organisations}
    for name in (
        "MedCom",
        "Sundhedsdatastyrelsen",
        "sundhed.dk",
        "Digital Sundhed Danmark",
        "Mediq",
        "HL7 Europe",
        "ESHIA",
    ):
        assert name in organisations
    assert any(name.startswith("Europa-Kommissionen") for name in organisations)
    for ceasing in ("MedCom", "Sundhedsdatastyrelsen", "sundhed.dk"):
        assert organisations[ceasing].successor == "dsd"
        assert organisations[ceasing].exists_until == date(2026, 12, 31)


def test_the_project_leader_of_the_report_is_there() -> None:
    assert any(
        p.name == "Mie Hjorth Matthiesen" and p.organisation == "medcom" for p in PLAN.people
    )


def test_obligations_cover_the_domain_brief_and_cite_their_source() -> None:
    assert len(PLAN.obligations) >= 15
    for obligation in PLAN.obligations:
        assert obligation.source_quote.strip(), obligation.code
        assert obligation.source_ref.strip(), obligation.code
    titles = " ".join(o.title.lower() for o in PLAN.obligations)
    for topic in (
        "endelig rapport",
        "koordinator",
        "slutbetaling",
        "cfs",
        "5 år",
        "eshia",
        "open call",
        "final conference",
        "yellow button",
        "arkiv",
    ):
        assert topic in titles, topic


def test_some_receiving_owners_are_still_unassigned_as_in_reality() -> None:
    unassigned = [o for o in PLAN.obligations if o.receiving_owner is None]
    assert 0 < len(unassigned) < len(PLAN.obligations)
    assert "final-report" in {o.id for o in unassigned}


def test_the_first_risk_is_the_repayment_of_open_call_money() -> None:
    first = sorted(PLAN.risks, key=lambda r: r.id)[0]
    assert "open call" in first.title.lower()
    assert "tilbage" in first.title.lower()


def test_initialise_seeds_an_empty_database_once(fresh_db: Database) -> None:
    assert initialise(fresh_db, "xshare") is True
    assert initialise(fresh_db, "xshare") is False
    assert queries.obligation_count(fresh_db) == len(PLAN.obligations)
