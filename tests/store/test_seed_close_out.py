"""The seeded xShare plan over time: `handover check`'s findings change sensibly between
01.11.2026, 29.11.2026, 02.01.2027 and 30.01.2027, the seed never contradicts itself, every date
has a basis, and moving the project's end moves every obligation derived from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from handover.domain.findings import Finding, evaluate
from handover.domain.model import DueAnchor
from handover.domain.report import message
from handover.store.database import Database
from handover.store.plan_io import load_plan, read_plan
from handover.store.queries import findings_snapshot, obligations

# Rules that fire only when the seed disagrees with itself or with the grant rules.
SELF_CONTRADICTION = {
    "receiver-org-gone",
    "dependency-cycle",
    "dependency-violation",
    "final-report-due-differs",
    "records-too-short",
    "amendment-late",
}


def by_rule(found: list[Finding]) -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    for finding in found:
        rules.setdefault(finding.rule, []).extend(finding.obligations)
    return {rule: sorted(codes) for rule, codes in rules.items()}


def test_the_findings_change_sensibly_between_the_four_days(seeded_db: Database) -> None:
    snapshot = findings_snapshot(seeded_db)
    early, late_nov, after, after_report = (
        evaluate(snapshot, day)
        for day in (date(2026, 11, 1), date(2026, 11, 29), date(2027, 1, 2), date(2027, 1, 30))
    )
    first, second, third, fourth = map(by_rule, (early, late_nov, after, after_report))

    # 01.11.2026: the project's end is 29 days away — "due soon", nothing yet "very soon".
    assert {"XS-10", "XS-11", "XS-14", "XS-19", "XS-20"} <= set(first["due-soon"])
    assert "due-very-soon" not in first
    assert len(first["milestone-not-reached"]) == 0  # only the open calls (no obligations)
    # 29.11.2026: the five due on the end (30.11.2026) and the succession answer (04.12.2026) are
    # within 7 days; the final conference (20.11.2026) has passed without being marked reached.
    assert second["due-very-soon"] == ["XS-05", "XS-10", "XS-11", "XS-14", "XS-19", "XS-20"]
    assert sum(f.rule == "milestone-not-reached" for f in late_nov) == 2
    assert sum(f.rule == "milestone-not-reached" for f in early) == 1
    # Before the transition the owners' organisations "cease"; nothing is orphaned yet.
    for rules in (first, second):
        assert "owner-org-ceases" in rules
        assert "orphaned" not in rules and "transition-passed-not-accepted" not in rules
    # 02.01.2027: MedCom has ceased. The future tense is gone, the past tense has come.
    assert "owner-org-ceases" not in third
    assert "XS-01" in third["orphaned"]
    assert "XS-01" in third["transition-passed-not-accepted"]
    assert "XS-04" in third["past-due"]  # the amendment's latest filing day, 15.12.2026
    passed = next(f for f in after if f.rule == "transition-passed-not-accepted")
    assert message(passed, "en").startswith("was not accepted before the transition on 01.01.2027")
    assert message(passed, "da").startswith("blev ikke accepteret før overgangen 01.01.2027")
    assert "XS-01" not in third["past-due"]
    # 30.01.2027: the final report (29.01.2027) is past due; records are a period, never overdue.
    assert {"XS-01", "XS-02", "XS-03", "XS-13", "XS-21"} <= set(fourth["past-due"])
    assert "XS-08" not in fourth["past-due"] and "XS-09" not in fourth["past-due"]
    assert "due-very-soon" not in fourth

    for found in (early, late_nov, after, after_report):
        assert not {f.rule for f in found} & SELF_CONTRADICTION


def test_every_date_in_the_seed_has_a_basis(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    for organisation in plan.organisations:
        if organisation.exists_from or organisation.exists_until:
            assert organisation.date_basis, organisation.id
    for project in plan.projects:
        assert project.date_basis
    for milestone in plan.milestones:
        assert milestone.date_basis, milestone.id
    for obligation in plan.obligations:
        assert obligation.date_basis, obligation.code
    ids = {organisation.id for organisation in plan.organisations}
    assert "ngc" not in ids  # part of Sundhedsdatastyrelsen since 01.07.2025
    assert any(person.organisation == "fdsd" for person in plan.people)
    for obligation in plan.obligations:
        if obligation.handover_state.value == "accepted":
            assert obligation.accepted_by and obligation.accepted_at, obligation.code


def test_moving_the_project_end_moves_every_obligation_derived_from_it(
    seeded_db: Database,
) -> None:
    plan = read_plan(seeded_db)
    before = plan.resolved_due()
    (project,) = plan.projects
    assert project.end is not None
    later = project.model_copy(update={"end": project.end + timedelta(days=90)})
    moved = replace(plan, projects=(later,))
    after = moved.resolved_due()
    derived = {
        o.id
        for o in plan.obligations
        if o.due_rule is not None and o.due_rule.anchor is DueAnchor.PROJECT_END
    }
    assert {"final-report", "coordinator-amendment", "eshia-organisation", "records-retention"} <= (
        derived
    )
    for obligation in plan.obligations:
        changed = before[obligation.id] != after[obligation.id]
        assert changed == (obligation.id in derived), obligation.code
    # The amendment stays 45 days before the final report.
    assert after["final-report"] - after["coordinator-amendment"] == timedelta(days=45)

    # The same through the database (the register's SQL).
    load_plan(seeded_db, moved, actor="test", replace=True)
    frame = obligations(seeded_db)
    stored = {i: d.date() for i, d in zip(frame["id"], frame["due"], strict=True)}
    assert stored == {i: d for i, d in after.items() if d is not None}
