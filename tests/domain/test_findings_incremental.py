"""Findings brought up to date from an earlier evaluation (`evaluate_again`) are the findings
evaluated from scratch, order included, whatever changed in between: rows edited, added, deleted
or moved (as the store's snapshot says, or found row by row), links, organisations, names,
grants, milestones, the day; and so are the dashboard's lines brought up to date with them."""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain.evaluation import Evaluation, evaluate_again, in_order
from handover.domain.findings import (
    RULES,
    BeneficiaryFacts,
    Changes,
    DependencyFacts,
    Finding,
    MilestoneFacts,
    ObligationFacts,
    OrganisationFacts,
    ProjectFacts,
    Settings,
    Snapshot,
    evaluate,
    readiness,
    readiness_again,
)
from handover.domain.report import Grouped, grouped, grouped_again
from handover.domain.workdays import WorkCalendar

DAY = date(2026, 11, 25)
ORGS = {
    "old": OrganisationFacts("old", "Old", None, date(2026, 12, 31)),
    "new": OrganisationFacts("new", "New", date(2027, 1, 1), None),
    "stay": OrganisationFacts("stay", "Stays", None, None),
}
PEOPLE = {"o": "old", "n": "new", "s": "stay"}
GRANT = ProjectFacts(
    "g",
    "Grant",
    DAY - timedelta(days=800),
    DAY - timedelta(days=10),
    "old",
    (BeneficiaryFacts("old", 100_000.0), BeneficiaryFacts("stay", None)),
    "101000000",
)
DUTIES = [None, None, None, "final_report", "records", "financial_statement", "lear_update"]
days = st.one_of(st.none(), st.integers(-60, 60).map(lambda n: DAY + timedelta(days=n)))
# Few weeks, so that receivers' weeks fill up ("overloaded" with a limit of 1).
near = st.one_of(st.none(), st.integers(-3, 10).map(lambda n: DAY + timedelta(days=n)))


@st.composite
def row(draw: st.DrawFn, oid: str, code: str) -> ObligationFacts:
    return ObligationFacts(
        id=oid,
        code=code,
        status=draw(st.sampled_from(["not_started", "in_progress", "done", "cancelled"])),
        handover_state=draw(st.sampled_from(["unassigned", "proposed", "accepted", "transferred"])),
        current_owner=draw(st.sampled_from([None, "o", "n", "s"])),
        receiving_owner=draw(st.sampled_from([None, "o", "n", "s"])),
        start=draw(days),
        due=draw(st.one_of(days, near)),
        has_criteria=draw(st.booleans()),
        evidence=draw(st.integers(0, 1)),
        amount_eur=draw(st.sampled_from([None, 0.0, 5_000.0])),
        risks=draw(st.integers(0, 1)),
        project=draw(st.sampled_from([None, "g"])),
        grant_duty=draw(st.sampled_from(DUTIES)),
        ends_period=draw(st.booleans()),
    )


def code_of(i: int) -> st.SearchStrategy[str]:
    """Mostly its own code; now and then one another obligation has too (not in the store: its
    codes are unique; the domain must still give the findings in the obligations' order)."""
    return st.sampled_from([f"C-{i:02d}"] * 7 + ["DUP"])


@st.composite
def rows(draw: st.DrawFn, count: int) -> list[ObligationFacts]:
    return [draw(row(f"o{i}", draw(code_of(i)))) for i in range(count)]


@st.composite
def plans(draw: st.DrawFn) -> Snapshot:
    count = draw(st.integers(1, 12))
    pairs = draw(
        st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=10)
    )
    links = {
        (f"o{a}", f"o{b}"): DependencyFacts(f"o{a}", f"o{b}", "FS", draw(st.integers(0, 3)))
        for a, b in pairs
        if a != b
    }
    return Snapshot(
        obligations=draw(rows(count)),
        people=PEOPLE,
        organisations=ORGS,
        dependencies=list(links.values()),
        transition=draw(st.sampled_from([None, DAY + timedelta(days=10)])),
        names={"s": "Stine"},
        milestones=[MilestoneFacts("m", "M", DAY - timedelta(days=3), None, "milestone")],
        projects=draw(st.sampled_from([(), (GRANT,)])),
        due_soon_days=(30, 14, 7),
    )


@st.composite
def changed(draw: st.DrawFn, before: Snapshot) -> Snapshot:
    """`before` with some rows replaced, some links dropped, and perhaps the context changed
    (no `Changes`: `evaluate_again` finds what changed row by row)."""
    fresh = draw(rows(len(before.obligations)))
    edited = draw(st.sets(st.integers(0, len(before.obligations) - 1)))
    obligations = [fresh[i] if i in edited else o for i, o in enumerate(before.obligations)]
    if draw(st.booleans()):
        obligations = obligations[:-1]  # one deleted
    kept = [d for d in before.dependencies if draw(st.booleans())]
    after = replace(before, obligations=obligations, dependencies=kept)
    if draw(st.booleans()):  # the network as it was (its schedule is kept): statuses, codes edited
        statuses = st.sampled_from(["not_started", "in_progress", "done", "cancelled"])
        after = replace(
            before,
            obligations=[
                replace(
                    o, status=draw(statuses), code=draw(st.sampled_from([o.code, "X" + o.code]))
                )
                for o in before.obligations
            ],
        )
    return draw(around_changed(after))


@st.composite
def around_changed(draw: st.DrawFn, after: Snapshot) -> Snapshot:
    """Perhaps another transition, an organisation ceasing, a person renamed, the grant's end
    moved or the milestone reached."""
    after = replace(after, transition=draw(st.sampled_from([None, DAY + timedelta(days=10)])))
    if draw(st.booleans()):
        gone = replace(ORGS["stay"], exists_until=DAY + timedelta(days=5))
        after = replace(after, organisations={**ORGS, "stay": gone})
    if draw(st.integers(0, 3)) == 0:
        after = replace(after, names={"s": "Sten"})
    if after.projects and draw(st.integers(0, 3)) == 0:
        after = replace(after, projects=(replace(GRANT, end=DAY + timedelta(days=20)),))
    if draw(st.integers(0, 3)) == 0:
        after = replace(after, milestones=[replace(after.milestones[0], achieved=DAY)])
    return after


@st.composite
def edited(draw: st.DrawFn, before: Snapshot, number: int) -> Snapshot:
    """`before` with rows edited in place, deleted, added and moved, saying so (`Changes`), as
    the store's snapshot does; sometimes with links or the context changed too."""
    obligations = list(before.obligations)
    listed: dict[str, ObligationFacts | None] = {}
    places = (
        st.sets(st.integers(0, len(obligations) - 1), max_size=3) if obligations else st.just(())
    )
    for at in sorted(draw(places)):
        o = obligations[at]
        code = draw(st.sampled_from([o.code, "X" + o.code, "DUP"]))
        if draw(st.booleans()):  # marked done, or open again: the done edit
            now = replace(o, status=draw(st.sampled_from(["done", "in_progress"])), code=code)
        else:
            now = draw(row(o.id, code))
        obligations[at] = listed[o.id] = now
    for _ in range(draw(st.integers(0, 2))):
        if obligations:
            gone = obligations.pop(draw(st.integers(0, len(obligations) - 1)))
            listed[gone.id] = None
    for n in range(draw(st.integers(0, 2))):
        added = draw(row(f"n{number}-{n}", draw(st.sampled_from([f"N-{number}-{n}", "DUP"]))))
        obligations.insert(draw(st.integers(0, len(obligations))), added)
        listed[added.id] = added
    for _ in range(draw(st.integers(0, 2))):
        if obligations:  # moved, as a code edit moves a row in the store's order
            moved = obligations.pop(draw(st.integers(0, len(obligations) - 1)))
            if draw(st.booleans()):
                moved = replace(moved, code="Y" + moved.code)
            obligations.insert(draw(st.integers(0, len(obligations))), moved)
            listed[moved.id] = moved
    in_place = [o.id for o in obligations] == [o.id for o in before.obligations]
    had = {o.id: o for o in before.obligations}
    was = {oid: had.get(oid) for oid in listed}
    after = replace(
        before,
        obligations=obligations,
        changes=Changes(before.obligations, obligations, listed, was, in_place),
    )
    if draw(st.integers(0, 4)) == 0:
        after = replace(after, dependencies=after.dependencies[1:])
    if draw(st.integers(0, 4)) == 0:
        after = draw(around_changed(after))
    return after


LIMITS = st.sampled_from([Settings(), Settings(max_open_per_week=1)])


def _same_as_from_scratch(
    now: Evaluation, snapshot: Snapshot, day: date, limits: Settings, lines: Grouped, lang: str
) -> None:
    assert now.findings == evaluate(snapshot, day, limits)
    assert lines.lines == grouped(now.findings, lang)
    assert lines.counts == Counter(f.severity for f in now.findings)


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_findings_brought_up_to_date_equal_findings_from_scratch(data: st.DataObject) -> None:
    before = data.draw(plans())
    after = data.draw(changed(before))
    first = data.draw(st.sampled_from([DAY, DAY + timedelta(days=1)]))
    later = data.draw(st.sampled_from([first, DAY + timedelta(days=2)]))
    limits = data.draw(LIMITS)
    previous = evaluate_again(None, before, first, limits)
    assert previous.findings == evaluate(before, first, limits)
    now = evaluate_again(previous, after, later, limits)
    # The dashboard's lines, brought up to date the same way, read as if grouped from scratch.
    lang = data.draw(st.sampled_from(["da", "en"]))
    lines = grouped_again(grouped_again(None, previous.findings, lang), now.findings, lang)
    _same_as_from_scratch(now, after, later, limits, lines, lang)
    # No finding changed: the very list, and the lines grouped from it are kept.
    assert (now.findings is previous.findings) is (now.findings == previous.findings)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_findings_brought_up_to_date_through_the_changes_a_snapshot_names_equal_from_scratch(
    data: st.DataObject,
) -> None:
    """Several writes one after another (done, open again, edited, deleted, added, moved), each
    snapshot saying what changed since the one before: every step's findings and lines are the
    ones evaluated and grouped from scratch."""
    snapshot = data.draw(plans())
    day = data.draw(st.sampled_from([DAY, DAY + timedelta(days=1)]))
    limits = data.draw(LIMITS)
    lang = data.draw(st.sampled_from(["da", "en"]))
    evaluation = evaluate_again(None, snapshot, day, limits)
    lines = grouped_again(None, evaluation.findings, lang)
    counted = readiness_again(None, snapshot)
    for number in range(data.draw(st.integers(1, 4))):
        after = data.draw(edited(snapshot, number))
        now = evaluate_again(evaluation, after, day, limits)
        lines = grouped_again(lines, now.findings, lang)
        _same_as_from_scratch(now, after, day, limits, lines, lang)
        assert (now.findings is evaluation.findings) is (now.findings == evaluation.findings)
        # The readiness score, counted again for the changed obligations only, as from scratch.
        counted = readiness_again(counted, after)
        assert (counted.ready, counted.total) == readiness(after)
        snapshot, evaluation = after, now


TWO_WITHOUT_RECEIVER = Snapshot(
    obligations=[
        ObligationFacts("a", "A", "in_progress", "unassigned", "s", None, None, DAY, True, 1, None, 0),
        ObligationFacts("b", "B", "in_progress", "unassigned", "s", None, None, DAY, True, 1, None, 0),
    ],
    people=PEOPLE,
    organisations=ORGS,
)  # fmt: skip


def test_an_unchanged_row_keeps_its_findings_and_a_changed_one_is_checked_again() -> None:
    plan = TWO_WITHOUT_RECEIVER
    first = evaluate_again(None, plan, DAY)
    done = replace(plan.obligations[1], status="done")
    second = evaluate_again(first, replace(plan, obligations=[plan.obligations[0], done]), DAY)
    assert second.own["a"] is first.own["a"]  # reused, not re-checked
    assert second.own["b"] == ()  # a done obligation has no "no receiver" finding any more
    assert [f.obligations for f in second.findings if f.rule == "no-receiver"] == [("A",)]
    assert second.forward is first.forward  # the network did not change
    started = replace(plan.obligations[0], status="not_started")  # still open: the same findings
    third = evaluate_again(second, replace(plan, obligations=[started, done]), DAY)
    assert third.findings is second.findings
    lines = grouped_again(None, second.findings, "da")
    assert grouped_again(lines, third.findings, "da") is lines


def test_a_status_or_code_edit_keeps_the_violations_and_names_the_codes_as_they_are() -> None:
    """B is due a day before A, which it follows: a violation. Editing codes and statuses keeps
    the schedule and its violations; the finding names the codes now, and only while B is open."""
    plan = Snapshot(
        obligations=[
            ObligationFacts("a", "A", "in_progress", "accepted", "s", "s", None, DAY + timedelta(days=5), True, 1, None, 0),
            ObligationFacts("b", "B", "in_progress", "accepted", "s", "s", None, DAY + timedelta(days=4), True, 1, None, 0),
        ],
        people=PEOPLE,
        organisations=ORGS,
        dependencies=[DependencyFacts("a", "b", "FS", 0)],
    )  # fmt: skip
    first = evaluate_again(None, plan, DAY)
    late = [f.obligations for f in first.findings if f.rule == "dependency-violation"]
    assert late == [("B", "A")]
    renamed = replace(
        plan, obligations=[replace(plan.obligations[0], code="A2"), plan.obligations[1]]
    )
    second = evaluate_again(first, renamed, DAY)
    assert second.violations is first.violations  # the schedule was not asked again
    late = [f.obligations for f in second.findings if f.rule == "dependency-violation"]
    assert late == [("B", "A2")]
    assert second.findings == evaluate(renamed, DAY)
    done = replace(
        renamed, obligations=[renamed.obligations[0], replace(plan.obligations[1], status="done")]
    )
    third = evaluate_again(second, done, DAY)
    assert third.violations is first.violations
    assert not [f for f in third.findings if f.rule == "dependency-violation"]
    assert third.findings == evaluate(done, DAY)


def test_a_changed_calendar_schedules_working_day_lags_again() -> None:
    """The forward schedule is reused only on the same calendar: a closing day added on 24.12
    pushes a working-day lag from 23.12 past Christmas, so B due 24.12 becomes late."""
    plan = Snapshot(
        obligations=[
            ObligationFacts("a", "A", "in_progress", "accepted", "s", "s", None, date(2026, 12, 23), True, 1, None, 0),
            ObligationFacts("b", "B", "in_progress", "accepted", "s", "s", None, date(2026, 12, 24), True, 1, None, 0),
        ],
        people=PEOPLE,
        organisations=ORGS,
        dependencies=[DependencyFacts("a", "b", "FS", 1, "working_days")],
    )  # fmt: skip
    first = evaluate_again(None, plan, DAY)
    assert not [f for f in first.findings if f.rule == "dependency-violation"]
    closed = replace(plan, work_calendar=WorkCalendar.from_closing_days(["12-24"]))
    second = evaluate_again(first, closed, DAY)
    assert second.forward is not first.forward
    assert second.findings == evaluate(closed, DAY)
    (late,) = [f for f in second.findings if f.rule == "dependency-violation"]
    assert late.params["days"] == "4"  # 28.12.2026, the first working day after Christmas


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(
            st.sampled_from(sorted(RULES)),
            st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=3),
            st.integers(0, 3),
        ),
        max_size=40,
    )
)
def test_findings_in_order_are_sorted_by_severity_rule_and_codes_stably(
    picks: list[tuple[str, list[str], int]],
) -> None:
    found = [Finding(rule, RULES[rule], tuple(codes), {"n": str(n)}) for rule, codes, n in picks]
    assert in_order(found) == sorted(found, key=lambda f: (-f.severity, f.rule, f.obligations))


def test_findings_hold_the_findings_they_came_from_weakly() -> None:
    """Each evaluation's findings know the ones they were brought up to date from only while
    something else holds those (at 100,000 obligations a chain of lists would add up); lines
    grouped from findings no longer known are grouped again in full, the same."""
    plan = TWO_WITHOUT_RECEIVER
    first = evaluate_again(None, plan, DAY)
    lines = grouped_again(None, first.findings, "da")
    done = replace(
        plan, obligations=[plan.obligations[0], replace(plan.obligations[1], status="done")]
    )
    second = evaluate_again(first, done, DAY)
    assert second.findings.since() is first.findings
    assert sorted(key[1] for key in second.findings.changed) == ["due-very-soon", "no-receiver"]
    assert grouped_again(lines, second.findings, "da").lines == grouped(second.findings, "da")
    del first, lines
    gc.collect()
    assert second.findings.since() is None
    again = evaluate_again(second, plan, DAY)
    assert grouped_again(None, again.findings, "da").lines == grouped(evaluate(plan, DAY), "da")
