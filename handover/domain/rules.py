"""The one rulebook of obligations: given the plan around them, are they valid, and how do they
settle (the handover state the workflow gives)? Pure; every write path and the plan check use it.

Two kinds of rule. *Standing* rules hold for every obligation of every plan (the plan-document
check applies only these): references exist, a due rule's anchor exists and has a date, the due
date lies in the window and not before the start, codes are unique, dependencies form no cycle.
*Change* rules apply to what a write changes (`Candidate.before` is the row as stored, None for
a new one): a new receiving owner must be active and moves the handover state, new links may not
point at deleted obligations and keep their lag within its unit's limit (a lead, a negative lag,
is allowed in every unit: the schedule reads it the same forward and backward), and a receiver
whose organisation is gone by the due date is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from handover.domain.dates import FIRST_DAY, LAST_DAY, format_date, in_window
from handover.domain.model import (
    LAG_LIMITS,
    Dependency,
    DueAnchor,
    HandoverState,
    Milestone,
    Obligation,
    Organisation,
    Person,
    Project,
    lag_fits,
)
from handover.domain.problems import Problem
from handover.domain.schedule import find_cycle
from handover.domain.workflow import WorkflowError, state_after_owner_change

# Every field of an obligation the rules read (`check_obligations` reads no other; a test holds
# it to that). A change to none of them (a note, a status, a priority, a text) cannot change the
# verdict on a stored obligation: the standing rules held when it was stored and every write keeps
# them, and each change rule reads a field named here. Such a change needs only its values' own
# checks (`edits.validated`), so a large table save judges just the rows whose rule fields change.
JUDGED_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "code",
        "project",
        "current_owner",
        "receiving_owner",
        "start",
        "due",
        "due_rule",
        "handover_state",
        "deleted",
    }
)


def needs_judging(changed: Iterable[str]) -> bool:
    """Whether a change to the fields `changed` of a stored obligation must go to the rulebook."""
    return not JUDGED_FIELDS.isdisjoint(changed)


@dataclass(frozen=True)
class Known:
    """An obligation that is not being checked, as the rules see it: its code, whether deleted."""

    code: str
    deleted: bool = False


@dataclass(frozen=True)
class Surroundings:
    """What the rules read of the plan around the obligations being checked. The store fetches
    only what the candidates need (`needs`): `others` and `links` only when codes or dependencies
    change; `others` never holds a candidate."""

    projects: Mapping[str, Project] = field(default_factory=dict)
    milestones: Mapping[str, Milestone] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    organisations: Mapping[str, Organisation] = field(default_factory=dict)
    others: Mapping[str, Known] = field(default_factory=dict)
    links: Sequence[tuple[str, str]] = ()  # (predecessor, successor) of every stored dependency


@dataclass(frozen=True)
class Candidate:
    """An obligation as it would be saved; `path` prefixes its problems (`XS-01`, `obligations[3]`).
    `predecessors` are its new incoming links, or None when its links stay as they are."""

    obligation: Obligation
    path: str
    before: Obligation | None = None
    predecessors: tuple[Dependency, ...] | None = None

    @property
    def new(self) -> bool:
        return self.before is None


@dataclass
class Verdict:
    """Problems (nothing may be saved), warnings (saved, but said), and each candidate as it
    settles: the handover state the workflow gives it, and its due date resolved."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    settled: dict[str, Obligation] = field(default_factory=dict)
    due: dict[str, date | None] = field(default_factory=dict)


def needs(candidates: Iterable[Candidate]) -> set[str]:
    """Which costly surroundings the candidates need: "others" (codes, predecessors' states) when a
    code is new or changed or links change; "links" when links change."""
    wanted: set[str] = set()
    for candidate in candidates:
        before = candidate.before
        if before is None or before.code != candidate.obligation.code:
            wanted.add("others")
        if candidate.predecessors is not None:
            wanted |= {"others", "links"}
    return wanted


def anchor_of(obligation: Obligation, around: Surroundings) -> tuple[bool, date | None]:
    """(the anchor exists, its date) for the obligation's due rule."""
    rule = obligation.due_rule
    if rule is None:
        return True, None
    if rule.anchor is DueAnchor.MILESTONE:
        milestone = around.milestones.get(rule.milestone or "")
        return milestone is not None, None if milestone is None else milestone.planned
    project = around.projects.get(obligation.project or "")
    if project is None:
        return False, None
    return True, project.end if rule.anchor is DueAnchor.PROJECT_END else project.start


def check_obligations(candidates: Sequence[Candidate], around: Surroundings) -> Verdict:
    """Check the candidates together against the plan around them (see the module docstring)."""
    verdict = Verdict()
    codes: dict[str, str] = {}  # code -> path of the candidate that has it
    candidate_ids = {candidate.obligation.id for candidate in candidates}
    taken = {known.code: oid for oid, known in around.others.items() if oid not in candidate_ids}
    for candidate in candidates:
        if candidate.before is None and candidate.obligation.id in around.others:
            verdict.problems.append(
                Problem(f"{candidate.path}.id", "edit.id_taken", {"id": candidate.obligation.id})
            )
        settled = _check_one(candidate, around, verdict)
        verdict.settled[settled.id] = settled
        code = settled.code
        if code in codes:
            verdict.problems.append(
                Problem(
                    f"{candidate.path}.code",
                    "plan.duplicate_code",
                    {"code": code, "first": codes[code]},
                )
            )
        elif code in taken and (candidate.before is None or candidate.before.code != code):
            verdict.problems.append(
                Problem(f"{candidate.path}.code", "edit.code_taken", {"code": code})
            )
        codes.setdefault(code, candidate.path)
    changing = [c for c in candidates if c.predecessors is not None]
    if changing:
        _check_links(changing, around, verdict)
    return verdict


def _check_one(candidate: Candidate, around: Surroundings, verdict: Verdict) -> Obligation:
    obligation, before, path = candidate.obligation, candidate.before, candidate.path
    problems = verdict.problems

    def must_exist(name: str, ref: str | None, known: Mapping[str, object], kind: str) -> None:
        if ref is not None and ref not in known:
            problems.append(
                Problem(f"{path}.{name}", "plan.unknown_reference", {"id": ref, "kind": kind})
            )

    must_exist("project", obligation.project, around.projects, "projects")
    must_exist("current_owner", obligation.current_owner, around.people, "people")
    must_exist("receiving_owner", obligation.receiving_owner, around.people, "people")

    # Dates in the window (the records hold entry to it; a write built another way may not).
    for name in ("start", "due"):
        value = getattr(obligation, name)
        if value is not None and not in_window(value):
            problems.append(
                Problem(
                    f"{path}.{name}",
                    "plan.outside_window",
                    {
                        "value": format_date(value),
                        "first": format_date(FIRST_DAY),
                        "last": format_date(LAST_DAY),
                    },
                )
            )

    # The due rule: its anchor exists and has a date; the date it gives lies in the window.
    rule = obligation.due_rule
    due = obligation.due
    if rule is not None:
        exists, anchor = anchor_of(obligation, around)
        if rule.anchor is DueAnchor.MILESTONE:
            if not exists:
                must_exist("due_rule.milestone", rule.milestone, around.milestones, "milestones")
            elif anchor is None:
                problems.append(
                    Problem(f"{path}.due_rule.milestone", "plan.rule_milestone_undated")
                )
        elif obligation.project is None:
            problems.append(Problem(f"{path}.due_rule.anchor", "plan.rule_needs_project"))
        elif exists and anchor is None:
            problems.append(Problem(f"{path}.due_rule.anchor", "plan.rule_anchor_undated"))
        due = rule.resolve(anchor) if anchor is not None and _rule_fits(anchor, rule.days) else None
        if anchor is not None and (due is None or not in_window(due)):
            problems.append(
                Problem(
                    f"{path}.due_rule.days",
                    "plan.rule_outside_window",
                    {"first": format_date(FIRST_DAY), "last": format_date(LAST_DAY)},
                )
            )
            due = None
    verdict.due[obligation.id] = due
    if due is not None and obligation.start is not None and due < obligation.start:
        problems.append(Problem(f"{path}.due", "plan.due_before_start", {"code": obligation.code}))

    # The receiving owner: a new one must be active, and moves the handover (the workflow's rule).
    receiver = obligation.receiving_owner
    settled = obligation
    if before is None:
        state = HandoverState.PROPOSED if receiver else HandoverState.UNASSIGNED
        settled = obligation.model_copy(
            update={"handover_state": state, "accepted_by": None, "accepted_at": None}
        )
    elif receiver != before.receiving_owner:
        try:
            state = state_after_owner_change(before.handover_state, receiver)
        except WorkflowError as error:
            problems.append(Problem(f"{path}.receiving_owner", error.key, error.params))
            state = before.handover_state
        settled = obligation.model_copy(
            update={"handover_state": state, "accepted_by": None, "accepted_at": None}
        )
    if receiver is not None and (before is None or receiver != before.receiving_owner):
        person = around.people.get(receiver)
        if person is not None and not person.active:
            problems.append(
                Problem(f"{path}.receiving_owner", "edit.inactive_person", {"id": receiver})
            )
    if before is None or receiver != before.receiving_owner or due != due_of(before, around):
        warning = receiver_warning(obligation.code, path, receiver, due, around)
        if warning is not None:
            verdict.warnings.append(warning)
    return settled


def _rule_fits(anchor: date, days: int) -> bool:
    """anchor + days stays a date (the rule's days are bounded; this keeps the rulebook total)."""
    return date.min.toordinal() <= anchor.toordinal() + days <= date.max.toordinal()


def due_of(obligation: Obligation, around: Surroundings) -> date | None:
    """The obligation's due date: its fixed date, or its rule resolved (None when unknown)."""
    if obligation.due_rule is None:
        return obligation.due
    _, anchor = anchor_of(obligation, around)
    if anchor is None or not _rule_fits(anchor, obligation.due_rule.days):
        return None
    return obligation.due_rule.resolve(anchor)


def receiver_warning(
    code: str, path: str, receiver: str | None, due: date | None, around: Surroundings
) -> Problem | None:
    """A receiving owner whose organisation does not exist on the due date: saved, but said."""
    if receiver is None or due is None or receiver not in around.people:
        return None
    organisation = around.organisations.get(around.people[receiver].organisation)
    if organisation is None or organisation.exists_on(due):
        return None
    return Problem(
        f"{path}.receiving_owner",
        "edit.receiver_org_gone",
        {"code": code, "organisation": organisation.name, "due": format_date(due)},
    )


def _check_links(changing: Sequence[Candidate], around: Surroundings, verdict: Verdict) -> None:
    """New incoming links: to obligations that exist and are not deleted, not to itself, each
    once, and together with every other stored link no cycle."""
    problems = verdict.problems
    settled = verdict.settled
    for candidate in changing:
        obligation, path = candidate.obligation, candidate.path
        links = candidate.predecessors or ()
        if len({link.predecessor for link in links}) != len(links):
            problems.append(Problem(f"{path}.dependencies", "plan.duplicate_dependency"))
        for link in links:
            if not lag_fits(link.lag_days, link.lag_unit):
                problems.append(
                    Problem(
                        f"{path}.dependencies",
                        f"plan.lag_out_of_range.{link.lag_unit.value}",
                        {"limit": LAG_LIMITS[link.lag_unit]},
                    )
                )
            if link.predecessor == obligation.id:
                problems.append(Problem(f"{path}.dependencies", "plan.self_dependency"))
                continue
            known = around.others.get(link.predecessor)
            if link.predecessor in settled:
                deleted, code = settled[link.predecessor].deleted, settled[link.predecessor].code
            elif known is not None:
                deleted, code = known.deleted, known.code
            else:
                problems.append(
                    Problem(
                        f"{path}.dependencies",
                        "plan.unknown_reference",
                        {"id": link.predecessor, "kind": "obligations"},
                    )
                )
                continue
            if deleted:
                problems.append(
                    Problem(f"{path}.dependencies", "edit.depends_on_deleted", {"code": code})
                )
    if problems:
        return  # a cycle through a link already refused would only repeat the problem
    replaced = {candidate.obligation.id for candidate in changing}
    pairs = [(p, s) for p, s in around.links if s not in replaced]
    pairs += [
        (link.predecessor, candidate.obligation.id)
        for candidate in changing
        for link in candidate.predecessors or ()
    ]
    code_of = {oid: known.code for oid, known in around.others.items()}
    code_of.update({oid: obligation.code for oid, obligation in settled.items()})
    problem = cycle_problem(pairs, code_of, f"{changing[0].path}.dependencies")
    if problem is not None:
        problems.append(problem)


def cycle_problem(
    pairs: Iterable[tuple[str, str]], code_of: Mapping[str, str], path: str
) -> Problem | None:
    """The dependencies' cycle, named by codes, or None when they form none."""
    edges: dict[str, list[str]] = {}
    for predecessor, successor in pairs:
        edges.setdefault(predecessor, []).append(successor)
    cycle = find_cycle(edges)
    if not cycle:
        return None
    names = " → ".join(code_of.get(node, node) for node in cycle)
    return Problem(path, "plan.dependency_cycle", {"cycle": names})
