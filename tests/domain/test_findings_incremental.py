"""Findings brought up to date from an earlier evaluation (`evaluate_again`) are the findings
evaluated from scratch, whatever changed in between: rows, links, organisations, the day."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from handover.domain.findings import (
    RULES,
    DependencyFacts,
    Finding,
    MilestoneFacts,
    ObligationFacts,
    OrganisationFacts,
    Snapshot,
    evaluate,
    evaluate_again,
    in_order,
)
from handover.domain.report import grouped, grouped_again
from handover.domain.workdays import WorkCalendar

DAY = date(2026, 11, 25)
ORGS = {
    "old": OrganisationFacts("old", "Old", None, date(2026, 12, 31)),
    "new": OrganisationFacts("new", "New", date(2027, 1, 1), None),
    "stay": OrganisationFacts("stay", "Stays", None, None),
}
PEOPLE = {"o": "old", "n": "new", "s": "stay"}
days = st.one_of(st.none(), st.integers(-60, 60).map(lambda n: DAY + timedelta(days=n)))


@st.composite
def rows(draw: st.DrawFn, count: int) -> list[ObligationFacts]:
    return [
        ObligationFacts(
            id=f"o{i}",
            code=f"C-{i:02d}",
            status=draw(st.sampled_from(["not_started", "in_progress", "done", "cancelled"])),
            handover_state=draw(
                st.sampled_from(["unassigned", "proposed", "accepted", "transferred"])
            ),
            current_owner=draw(st.sampled_from([None, "o", "n", "s"])),
            receiving_owner=draw(st.sampled_from([None, "o", "n", "s"])),
            start=draw(days),
            due=draw(days),
            has_criteria=draw(st.booleans()),
            evidence=draw(st.integers(0, 1)),
            amount_eur=draw(st.sampled_from([None, 0.0, 5_000.0])),
            risks=draw(st.integers(0, 1)),
            ends_period=draw(st.booleans()),
        )
        for i in range(count)
    ]


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
        due_soon_days=(30, 14, 7),
    )


@st.composite
def changed(draw: st.DrawFn, before: Snapshot) -> Snapshot:
    """`before` with some rows replaced, some links dropped, and perhaps the context changed."""
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
    after = replace(after, transition=draw(st.sampled_from([None, DAY + timedelta(days=10)])))
    if draw(st.booleans()):
        gone = replace(ORGS["stay"], exists_until=DAY + timedelta(days=5))
        after = replace(after, organisations={**ORGS, "stay": gone})
    return after


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_findings_brought_up_to_date_equal_findings_from_scratch(data: st.DataObject) -> None:
    before = data.draw(plans())
    after = data.draw(changed(before))
    first = data.draw(st.sampled_from([DAY, DAY + timedelta(days=1)]))
    later = data.draw(st.sampled_from([first, DAY + timedelta(days=2)]))
    previous = evaluate_again(None, before, first)
    assert previous.findings == evaluate(before, first)
    now = evaluate_again(previous, after, later)
    assert now.findings == evaluate(after, later)
    # The dashboard's lines, brought up to date the same way, read as if grouped from scratch.
    lang = data.draw(st.sampled_from(["da", "en"]))
    lines = grouped_again(grouped_again(None, previous.findings, lang), now.findings, lang)
    assert lines.lines == grouped(now.findings, lang)
    assert lines.counts == Counter(f.severity for f in now.findings)
    # No finding changed: the very list, and the lines grouped from it are kept.
    assert (now.findings is previous.findings) is (now.findings == previous.findings)


def test_an_unchanged_row_keeps_its_findings_and_a_changed_one_is_checked_again() -> None:
    plan = Snapshot(
        obligations=[
            ObligationFacts("a", "A", "in_progress", "unassigned", "s", None, None, DAY, True, 1, None, 0),
            ObligationFacts("b", "B", "in_progress", "unassigned", "s", None, None, DAY, True, 1, None, 0),
        ],
        people=PEOPLE,
        organisations=ORGS,
    )  # fmt: skip
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
