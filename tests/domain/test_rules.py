"""The rulebook (domain/rules.py) on its own, and the four drifts it ended: each write path and the
plan check now give the same answer for the same obligation, because they ask the same function."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from handover.domain.model import (
    Category,
    Dependency,
    DueAnchor,
    DueRule,
    HandoverState,
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
)
from handover.domain.plan import check_references
from handover.domain.rules import (
    JUDGED_FIELDS,
    Candidate,
    Known,
    Surroundings,
    check_obligations,
    needs_judging,
)
from handover.store.audit import InvalidChangeError
from handover.store.database import Database
from handover.store.import_writes import apply_records, apply_rows
from handover.store.obligation_writes import save_inline_edits, save_obligation
from handover.store.plan_io import read_obligation, read_plan
from tests.conftest import fingerprint

AROUND = Surroundings(
    projects={
        "p": Project(id="p", name="P", start=date(2026, 1, 1), end=date(2026, 11, 30)),
        "undated": Project(id="undated", name="U"),
    },
    milestones={
        "m": Milestone(id="m", title="M", planned=date(2026, 11, 20)),
        "m-undated": Milestone(id="m-undated", title="Later"),
    },
    people={
        "anna": Person(id="anna", name="Anna", organisation="old"),
        "bo": Person(id="bo", name="Bo", organisation="new"),
        "gone": Person(id="gone", name="Gone", organisation="new", active=False),
    },
    organisations={
        "old": Organisation(id="old", name="MedCom", exists_until=date(2026, 12, 31)),
        "new": Organisation(id="new", name="DSD", exists_from=date(2027, 1, 1)),
    },
    others={"x": Known("X-9"), "dead": Known("X-8", deleted=True)},
    links=[("x", "o")],
)
BASE = Obligation(id="o", code="X-1", title="T", category=Category.REPORTING, project="p")


def judge(obligation: Obligation, before: Obligation | None = None, **kw: object) -> list[str]:
    verdict = check_obligations([Candidate(obligation, "X-1", before=before, **kw)], AROUND)  # type: ignore[arg-type]
    return [problem.render("en") for problem in verdict.problems]


def test_a_sound_obligation_passes_and_settles_unassigned() -> None:
    verdict = check_obligations([Candidate(BASE, "X-1")], AROUND)
    assert verdict.problems == []
    assert verdict.settled["o"].handover_state is HandoverState.UNASSIGNED


def test_references_must_exist() -> None:
    assert judge(replace_(BASE, project="nope", current_owner="ghost")) == [
        "X-1.project: refers to 'nope', which does not exist in projects",
        "X-1.current_owner: refers to 'ghost', which does not exist in people",
    ]


def test_a_rule_needs_a_dated_anchor() -> None:
    on_end = DueRule(anchor=DueAnchor.PROJECT_END, days=60)
    assert judge(replace_(BASE, due_rule=on_end)) == []
    assert judge(replace_(BASE, project="undated", due_rule=on_end)) == [
        "X-1.due_rule.anchor: the project has no date to count the due date from"
    ]
    assert judge(replace_(BASE, project=None, due_rule=on_end)) == [
        "X-1.due_rule.anchor: a due rule on the project's start or end needs a project"
    ]
    later = DueRule(anchor=DueAnchor.MILESTONE, milestone="m-undated")
    assert judge(replace_(BASE, due_rule=later)) == [
        "X-1.due_rule.milestone: the milestone has no planned date to count the due date from"
    ]
    missing = DueRule(anchor=DueAnchor.MILESTONE, milestone="nope")
    assert judge(replace_(BASE, due_rule=missing)) == [
        "X-1.due_rule.milestone: refers to 'nope', which does not exist in milestones"
    ]


def test_a_rule_whose_date_leaves_the_window_is_refused() -> None:
    far = DueRule(anchor=DueAnchor.PROJECT_END, days=36_500)
    assert judge(replace_(BASE, due_rule=far)) == []  # 2126: inside
    around = replace(AROUND, projects={"p": Project(id="p", name="P", end=date(2199, 12, 1))})
    verdict = check_obligations([Candidate(replace_(BASE, due_rule=far), "X-1")], around)
    assert [p.render("en") for p in verdict.problems] == [
        "X-1.due_rule.days: the due rule gives a date outside the allowed window "
        "01.01.1900–31.12.2199"
    ]


def test_due_before_start_counts_the_resolved_rule() -> None:
    on_end = DueRule(anchor=DueAnchor.PROJECT_END, days=0)
    assert judge(replace_(BASE, due_rule=on_end, start=date(2026, 12, 1))) == [
        "X-1.due: X-1: due before start"
    ]


def test_a_new_receiver_must_be_active_and_moves_the_handover() -> None:
    accepted = replace_(BASE, receiving_owner="anna", handover_state=HandoverState.ACCEPTED)
    assert judge(replace_(accepted, receiving_owner="gone"), before=accepted) == [
        "X-1.receiving_owner: 'gone' is deactivated and cannot receive obligations"
    ]
    verdict = check_obligations(
        [Candidate(replace_(accepted, receiving_owner="bo"), "X-1", before=accepted)], AROUND
    )
    assert verdict.settled["o"].handover_state is HandoverState.PROPOSED
    # an inactive receiver that was already there is no new problem (a standing plan may hold it)
    kept = replace_(BASE, receiving_owner="gone")
    assert judge(kept, before=kept) == []
    transferred = replace_(accepted, handover_state=HandoverState.TRANSFERRED)
    assert judge(replace_(transferred, receiving_owner="bo"), before=transferred) == [
        "X-1.receiving_owner: the obligation is transferred; its receiving owner can no longer "
        "change"
    ]


def test_a_receiver_whose_organisation_is_gone_by_the_due_date_is_a_warning() -> None:
    due_2027 = replace_(BASE, receiving_owner="anna", due=date(2027, 1, 29))
    verdict = check_obligations([Candidate(due_2027, "X-1")], AROUND)
    assert verdict.problems == []
    assert [w.render("en") for w in verdict.warnings] == [
        "X-1.receiving_owner: X-1: the receiving owner's organisation MedCom does not exist on "
        "the due date 29.01.2027"
    ]


def test_codes_ids_and_links() -> None:
    assert judge(replace_(BASE, code="X-9")) == ["X-1.code: the code 'X-9' is already in use"]
    assert judge(replace_(BASE, id="x", code="X-7")) == ["X-1.id: the id 'x' is already in use"]
    link = Dependency(predecessor="dead", successor="o")
    assert judge(BASE, predecessors=(link,)) == [
        "X-1.dependencies: X-8 is deleted; restore it or remove the dependency"
    ]
    assert judge(BASE, predecessors=(Dependency(predecessor="o", successor="o"),)) == [
        "X-1.dependencies: an obligation cannot depend on itself"
    ]


def test_a_cycle_through_stored_links_is_named_by_codes() -> None:
    # stored: x -> o. Making x depend on o closes the ring.
    x = Obligation(id="x", code="X-9", title="X", category=Category.LEGAL)
    verdict = check_obligations(
        [Candidate(x, "X-9", before=x, predecessors=(Dependency(predecessor="o", successor="x"),))],
        replace(AROUND, others={**AROUND.others, "o": Known("X-1")}),
    )
    assert [p.render("en") for p in verdict.problems] == [
        "X-9.dependencies: the dependencies form a cycle: X-9 → X-1 → X-9"
    ]


def replace_(obligation: Obligation, **changes: object) -> Obligation:
    return obligation.model_copy(update=changes)


class _Reading:
    """An obligation that notes every field the rules read of it (and of what they copy from it)."""

    def __init__(self, target: Obligation, read: set[str]) -> None:
        self._target, self._read = target, read

    def __getattr__(self, name: str) -> object:
        if name == "model_copy":
            return lambda **kw: _Reading(self._target.model_copy(**kw), self._read)
        self._read.add(name)
        return getattr(self._target, name)


def test_the_rules_read_no_field_outside_judged_fields() -> None:
    """What lets a large table save skip the rulebook for notes, status and priority."""
    read: set[str] = set()
    on_end = DueRule(anchor=DueAnchor.PROJECT_END, days=60)
    on_milestone = DueRule(anchor=DueAnchor.MILESTONE, milestone="m")
    accepted = replace_(BASE, receiving_owner="anna", handover_state=HandoverState.ACCEPTED)
    cases = [
        Candidate(replace_(BASE, receiving_owner="anna", due_rule=on_end), "X-1"),
        Candidate(replace_(accepted, receiving_owner="gone"), "X-1", before=accepted),
        Candidate(
            replace_(BASE, id="y", code="X-9", due_rule=on_milestone, start=date(2027, 1, 1)),
            "X-2",
            before=replace_(BASE, id="y", code="X-2", due=date(2026, 5, 1)),
            predecessors=(Dependency(predecessor="dead", successor="y"),),
        ),
    ]
    for case in cases:
        spied = Candidate(
            _Reading(case.obligation, read),  # type: ignore[arg-type]
            case.path,
            before=None if case.before is None else _Reading(case.before, read),  # type: ignore[arg-type]
            predecessors=case.predecessors,
        )
        verdict = check_obligations([spied], AROUND)
        assert verdict.problems or verdict.warnings  # every case meets some rule
    assert read <= JUDGED_FIELDS, read - JUDGED_FIELDS
    assert {"receiving_owner", "due_rule", "handover_state", "start"} <= read
    assert not needs_judging({"notes", "status", "priority"})
    assert needs_judging({"notes", "receiving_owner"})


# --------------------------------------------------------------------------- the drifts, ended


def test_an_import_may_not_clear_the_project_under_a_rule_on_its_end(seeded_db: Database) -> None:
    """Before: the import saved it (the form refused it) and the backup no longer restored."""
    found = read_obligation(seeded_db, "final-report")
    assert found is not None
    obligation, version = found
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as caught:
        apply_rows(
            seeded_db, [(obligation.model_copy(update={"project": None}), version)], actor="A"
        )
    assert [p.render("en") for p in caught.value.problems] == [
        "XS-01.due_rule.anchor: a due rule on the project's start or end needs a project"
    ]
    assert fingerprint(seeded_db) == before
    assert check_references(read_plan(seeded_db)) == []


def test_the_form_may_not_anchor_a_rule_on_an_undated_project(seeded_db: Database) -> None:
    """Before: the form saved it and the plan check refused the backup."""
    cursor = seeded_db.cursor()
    cursor.execute("INSERT INTO projects (id, name) VALUES ('later', 'Later')")
    found = read_obligation(seeded_db, "final-report")
    assert found is not None
    obligation, version = found
    moved = obligation.model_copy(update={"project": "later"})
    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError) as caught:
        save_obligation(seeded_db, moved, version=version, predecessors=[], actor="A")
    assert [p.render("en") for p in caught.value.problems] == [
        "XS-01.due_rule.anchor: the project has no date to count the due date from"
    ]
    assert fingerprint(seeded_db) == before


def test_an_import_may_not_clear_a_project_end_that_rules_count_from(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    [project] = plan.projects
    before = fingerprint(seeded_db)
    version = seeded_db.cursor().execute("SELECT version FROM projects").fetchone()
    assert version is not None
    with pytest.raises(InvalidChangeError) as caught:
        apply_records(
            seeded_db, [(project.model_copy(update={"end": None}), version[0])], actor="A"
        )
    assert "the project has no date to count the due date from" in caught.value.problems[0].render(
        "en"
    )
    assert fingerprint(seeded_db) == before


def test_a_table_edit_and_the_plan_check_agree_on_a_deactivated_receiver(
    seeded_db: Database,
) -> None:
    seeded_db.cursor().execute("UPDATE people SET active = false WHERE id = 'dsd-lear'")
    from handover.domain.edits import RowEdit

    before = fingerprint(seeded_db)
    with pytest.raises(InvalidChangeError):
        save_inline_edits(
            seeded_db, [RowEdit("final-report", 1, {"receiving_owner": "dsd-lear"})], actor="A"
        )
    assert fingerprint(seeded_db) == before
    # the ones already assigned to her stand: the plan check accepts the plan as it is
    assert check_references(read_plan(seeded_db)) == []
