"""A plan's findings evaluated, and brought up to date after a change by checking only what it
touched: the findings kept in buckets (severity, rule) sorted by codes, equal to `evaluate`.

The rules are in handover/domain/findings.py (and the modules it imports); this module decides
which of them run again and where their findings go. tests/domain/test_findings_incremental.py
checks with hypothesis that bringing up to date equals evaluating from scratch, order included.
"""

from __future__ import annotations

import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from handover.domain import grant_rules, timed_rules
from handover.domain.cpm import CycleError, Schedule, schedule_again
from handover.domain.findings import (
    DependencyFacts,
    Finding,
    ObligationFacts,
    Settings,
    Snapshot,
    Violation,
    Week,
    network,
    overloaded_finding,
    own_findings,
    receivers_week,
    schedule_finding,
    unowned_finding,
    violations_of,
)

BucketKey = tuple[int, str]  # (-severity, rule): the findings are in this order, then by codes


class BucketChange(NamedTuple):
    """How the findings of one bucket (one severity and rule) changed in `evaluate_again`."""

    had: int  # how many findings the bucket had
    now: Sequence[Finding]  # its findings now, in order (empty: the bucket is gone)
    # True when every finding of the bucket names one obligation and each finding removed or
    # added names one that no other finding of the bucket names: each is one code in one line.
    single: bool
    removed: tuple[Finding, ...]  # when `single`: the findings gone
    added: tuple[Finding, ...]  # when `single`: the findings new


class Findings(list[Finding]):
    """A plan's findings in order. Brought up to date (`evaluate_again`), they also say what
    changed since the findings they were brought up to date from (`since`), bucket by bucket, so
    what is derived from them (`report.grouped_again`) can follow without walking them all."""

    __slots__ = ("__weakref__", "_since", "changed")

    def __init__(
        self,
        items: Iterable[Finding] = (),
        since: Findings | None = None,
        changed: Mapping[BucketKey, BucketChange] | None = None,
    ) -> None:
        super().__init__(items)
        # Weakly: findings must not keep every earlier evaluation's findings alive.
        self._since = None if since is None else weakref.ref(since)
        self.changed: Mapping[BucketKey, BucketChange] = changed or {}

    def since(self) -> Findings | None:
        """The findings these were brought up to date from (`changed` is against them), if
        they are alive."""
        return None if self._since is None else self._since()


class _Ends(NamedTuple):
    """Pairs of obligations (dependencies, violations) by the one at one end: the ids sorted,
    with each pair's place (an array: no object per pair)."""

    ids: list[str]
    places: array[int]


@dataclass(frozen=True)
class Evaluation:
    """`evaluate`'s findings with what a later evaluation of a changed plan may reuse: each
    obligation's facts and own findings (they read its row and `context` only), the findings by
    bucket, the forward schedule (it reads the network only) and the plan-wide rules' inputs."""

    findings: Findings
    context: tuple[object, ...]
    # Each obligation's facts and its own findings, in two maps: at 100,000 obligations a pair per
    # obligation was 100,000 more objects for every full garbage collection to walk.
    facts: dict[str, ObligationFacts]
    own: dict[str, tuple[Finding, ...]]
    obligations: Sequence[ObligationFacts]
    dependencies: Sequence[DependencyFacts]
    forward: tuple[date, Schedule | CycleError]
    violations: tuple[Violation, ...]  # kept while `forward` and the dependencies are
    own_buckets: dict[BucketKey, list[Finding]]  # the obligations' own findings, each in order
    wide_buckets: dict[BucketKey, list[Finding]]  # the plan-wide rules' findings, each in order
    weeks: dict[Week, list[str]]  # the codes of the open obligations due in a receiver's week
    overloaded: dict[Week, Finding]  # the weeks with too many of them
    wide_context: tuple[object, ...]  # what the plan-wide rules read besides rows and `context`
    # Once asked: the dependencies by predecessor and by successor, the violations by late task
    # and by driver (kept while the dependencies, and the violations, are).
    dependency_ends: tuple[_Ends, _Ends] | None
    violation_ends: tuple[_Ends, _Ends] | None


def evaluate_again(
    previous: Evaluation | None, snapshot: Snapshot, as_of: date, settings: Settings | None = None
) -> Evaluation:
    """`evaluate`, reusing from `previous` (an evaluation of the plan before a change) what the
    change left alone. In the same context, only the obligations whose facts changed are checked
    again (the snapshot says which, or they are found row by row) and their findings replaced in
    their buckets, and the plan-wide rules run again where they read what changed; in another
    context every obligation is checked again. Equal to evaluating from scratch, order included."""
    settings = settings or Settings()
    context = _context(snapshot, as_of, settings)
    same = previous if previous is not None and previous.context == context else None
    if same is not None:
        changes = _changes(same, snapshot)
        if changes is not None:
            again = _again(same, snapshot, as_of, settings, *changes)
            if again is not None:
                return again
    return _from_rows(previous, same, snapshot, as_of, settings, context)


def in_order(findings: Iterable[Finding]) -> list[Finding]:
    """Blockers first, then by rule and codes: `sorted` by (-severity, rule, obligations), stable.
    Sorted per (severity, rule), whose findings mostly arrive in code order already (each
    obligation's own, in code order): at 100,000 obligations a third of one sort of them all."""
    ordered: list[Finding] = []
    buckets = _in_buckets(findings)
    for key in sorted(buckets):
        ordered.extend(buckets[key])
    return ordered


_CALENDAR = 5  # where `_context` holds the work calendar (the forward schedule reads it too)


def _context(snapshot: Snapshot, as_of: date, settings: Settings) -> tuple[object, ...]:
    """Everything an obligation's own findings read besides its row (see `own_findings`)."""
    return (
        as_of,
        settings,
        snapshot.transition,
        snapshot.people,
        snapshot.organisations,
        snapshot.work_calendar,
        tuple(snapshot.due_soon_days),
    )


def _wide_context(snapshot: Snapshot) -> tuple[object, ...]:
    """What the milestone, grant and overload rules read besides the obligations and `_context`."""
    return snapshot.names, snapshot.projects, snapshot.milestones


def _changes(
    previous: Evaluation, snapshot: Snapshot
) -> tuple[Mapping[str, ObligationFacts | None], bool] | None:
    """The obligations changed since `previous` (by id; None: gone) and whether in place: as the
    snapshot says (the store's), else found row by row when the ids are the same in the same
    order (None when they are not)."""
    given = snapshot.changes
    if (
        given is not None
        and given.since is previous.obligations
        and given.now is snapshot.obligations
    ):
        return given.facts, given.in_place
    if snapshot.obligations is previous.obligations:
        return {}, True
    if len(snapshot.obligations) != len(previous.obligations):
        return None
    changed: dict[str, ObligationFacts | None] = {}
    for before, now in zip(previous.obligations, snapshot.obligations, strict=True):
        if before is not now:
            if before.id != now.id:
                return None
            if before != now:
                changed[now.id] = now
    return changed, True


def _from_rows(
    previous: Evaluation | None,
    same: Evaluation | None,
    snapshot: Snapshot,
    as_of: date,
    settings: Settings,
    context: tuple[object, ...],
) -> Evaluation:
    """Every obligation checked (the own findings of `same`, evaluated in this context, reused
    for facts equal to those it checked) and every plan-wide rule run."""
    known: dict[str, ObligationFacts] = same.facts if same is not None else {}
    known_own: dict[str, tuple[Finding, ...]] = same.own if same is not None else {}
    found: list[Finding] = []
    own: dict[str, tuple[Finding, ...]] = {}
    facts: dict[str, ObligationFacts] = {}
    weeks: dict[Week, list[str]] = {}
    for o in snapshot.obligations:
        seen = known.get(o.id)
        # `is` first: the store's snapshot keeps the very facts of unchanged rows.
        if seen is not None and (seen is o or seen == o):
            mine = known_own[o.id]
        else:
            mine = tuple(own_findings(o, snapshot, as_of, settings))
        own[o.id] = mine
        found.extend(mine)
        facts[o.id] = o
        if (week := receivers_week(o)) is not None:
            weeks.setdefault(week, []).append(o.code)
    own_buckets = _in_buckets(found)
    forward = _forward_schedule(previous, snapshot, as_of)
    violations = _violations_again(previous, snapshot, facts, forward)
    overloaded = {
        week: made
        for week, codes in weeks.items()
        if (made := overloaded_finding(week, codes, snapshot, settings)) is not None
    }
    wide = _in_buckets(
        [
            *_unowned_findings(snapshot.dependencies, facts),
            *_schedule_findings(violations, facts),
            *_milestone_findings(snapshot, as_of),
            *_grant_findings(snapshot, as_of),
            *(overloaded[week] for week in sorted(overloaded)),
        ]
    )
    evaluation = Evaluation(
        Findings(),
        context,
        facts,
        own,
        snapshot.obligations,
        snapshot.dependencies,
        forward,
        violations,
        own_buckets,
        wide,
        weeks,
        overloaded,
        _wide_context(snapshot),
        None,
        None,
    )
    before = previous.own_buckets if previous is not None else {}
    return _assembled(previous, evaluation, _changed_buckets(before, own_buckets))


def _again(
    previous: Evaluation,
    snapshot: Snapshot,
    as_of: date,
    settings: Settings,
    changes: Mapping[str, ObligationFacts | None],
    in_place: bool,
) -> Evaluation | None:
    """`previous` brought up to date in the same context: the changed obligations' own findings
    replaced in their buckets (kept sorted), the plan-wide rules run again where they read what
    changed. None when it cannot be done exactly (two own findings of a bucket with the same
    codes: their order is the obligations' order, which only a full evaluation knows)."""
    facts, own, weeks = previous.facts, previous.own, previous.weeks
    gone: list[tuple[Finding, ...]] = []  # the changed obligations' own findings before
    new: list[tuple[Finding, ...]] = []  # and now
    touched_weeks: set[Week] = set()
    linked: list[str] = []  # the obligations whose facts the dependency rules read changed
    duties = network_changed = False
    if changes:
        facts, own, weeks = dict(facts), dict(own), dict(weeks)
    for oid, now in changes.items():
        before = previous.facts.get(oid)
        if before is None and now is None:
            continue
        # Unchanged in place: nothing to do. Moved (not in place): its findings are put where
        # they sort again (an equal code's order is the obligations') and the grants run again.
        if in_place and (before is now or before == now):
            continue
        theirs = own.pop(oid, ())
        if now is None:
            del facts[oid]
            mine: tuple[Finding, ...] = ()
        else:
            facts[oid] = now
            mine = tuple(own_findings(now, snapshot, as_of, settings))
            if mine == theirs:
                mine = theirs  # the very findings: the buckets stay as they are
            own[oid] = mine
        if mine is not theirs or not in_place:
            gone.append(theirs)
            new.append(mine)
        duties = duties or bool(before and before.grant_duty) or bool(now and now.grant_duty)
        if _link_facts(before) != _link_facts(now):
            linked.append(oid)
        network_changed = network_changed or _task(before) != _task(now)
        _move_in_week(weeks, before, now, touched_weeks, previous.weeks)
    own_buckets = previous.own_buckets
    changed: dict[BucketKey, BucketChange] = {}
    if gone:
        replaced = _replaced(previous.own_buckets, gone, new)
        if replaced is None:
            return None
        own_buckets, changed = replaced
    same_links = previous.dependencies is snapshot.dependencies or list(
        previous.dependencies
    ) == list(snapshot.dependencies)
    forward = (
        previous.forward
        if in_place and not network_changed and same_links
        else _forward_schedule(previous, snapshot, as_of)
    )
    violations = _violations_again(previous, snapshot, facts, forward)
    wide = _Wide(
        dict(previous.wide_buckets),
        previous.overloaded,
        previous.dependency_ends if same_links else None,
        previous.violation_ends if violations is previous.violations else None,
    )
    wide_context = _wide_context(snapshot)
    same_wide = wide_context == previous.wide_context
    _linked_again(wide, previous, snapshot, facts, violations, same_links, linked)
    if not same_wide:
        _put(wide.buckets, _MILESTONE_RULES, _milestone_findings(snapshot, as_of))
    # The grant rules read the duties' facts in the obligations' order, which changes keep.
    if not same_wide or duties:
        _put(wide.buckets, _GRANT_RULES, _grant_findings(snapshot, as_of))
    if touched_weeks or not same_wide:
        overloaded = dict(wide.overloaded) if same_wide else {}
        for week in touched_weeks if same_wide else weeks:
            overloaded.pop(week, None)
            made = overloaded_finding(week, weeks.get(week, ()), snapshot, settings)
            if made is not None:
                overloaded[week] = made
        _put(wide.buckets, _OVERLOAD_RULES, [overloaded[week] for week in sorted(overloaded)])
        wide.overloaded = overloaded
    evaluation = Evaluation(
        previous.findings,
        previous.context,
        facts,
        own,
        snapshot.obligations,
        snapshot.dependencies,
        forward,
        violations,
        own_buckets,
        wide.buckets,
        weeks,
        wide.overloaded,
        wide_context,
        wide.dependency_ends,
        wide.violation_ends,
    )
    return _assembled(previous, evaluation, changed)


@dataclass
class _Wide:
    """The plan-wide rules' findings being brought up to date, and what they reuse."""

    buckets: dict[BucketKey, list[Finding]]
    overloaded: dict[Week, Finding]
    dependency_ends: tuple[_Ends, _Ends] | None
    violation_ends: tuple[_Ends, _Ends] | None


def _linked_again(
    wide: _Wide,
    previous: Evaluation,
    snapshot: Snapshot,
    facts: dict[str, ObligationFacts],
    violations: tuple[Violation, ...],
    same_links: bool,
    linked: list[str],
) -> None:
    """The dependency rules' findings in `wide`: in full when the dependencies or the schedule
    changed, else those of the dependencies and violations with an end in `linked` (the
    obligations whose facts these rules read changed) replaced."""
    violations_kept = violations is previous.violations
    if not violations_kept:
        _put(wide.buckets, _SCHEDULE_RULES, _schedule_findings(violations, facts))
    dependencies = snapshot.dependencies
    if not same_links:
        _put(wide.buckets, _UNOWNED_RULES, _unowned_findings(dependencies, facts))
    if not same_links or not linked:
        return
    wide.dependency_ends = wide.dependency_ends or (
        _sorted_ends([d.predecessor for d in dependencies]),
        _sorted_ends([d.successor for d in dependencies]),
    )
    pairs = [
        (
            unowned_finding(dependencies[at], previous.facts),
            unowned_finding(dependencies[at], facts),
        )
        for at in _places(wide.dependency_ends, linked)
    ]
    if violations_kept:
        wide.violation_ends = wide.violation_ends or (
            _sorted_ends([task for task, _, _ in violations]),
            _sorted_ends([driver for _, driver, _ in violations]),
        )
        pairs.extend(
            (
                schedule_finding(violations[at], previous.facts),
                schedule_finding(violations[at], facts),
            )
            for at in _places(wide.violation_ends, linked)
        )
    gone = tuple(old for old, now in pairs if old is not None and old != now)
    new = tuple(now for old, now in pairs if now is not None and old != now)
    replaced = _replaced(wide.buckets, [gone], [new])
    if replaced is not None:
        wide.buckets = replaced[0]
    else:  # two with the same codes (their order is the rules'): run again in full
        _put(wide.buckets, _SCHEDULE_RULES, _schedule_findings(violations, facts))
        _put(wide.buckets, _UNOWNED_RULES, _unowned_findings(dependencies, facts))


def _replaced(
    buckets: dict[BucketKey, list[Finding]],
    gone: list[tuple[Finding, ...]],
    new: list[tuple[Finding, ...]],
) -> tuple[dict[BucketKey, list[Finding]], dict[BucketKey, BucketChange]] | None:
    """`buckets` with the findings `gone` taken out and the `new` put in where their codes sort
    (new lists for the buckets that change; the others shared), and how each bucket changed.
    None when a new finding's codes equal another's in its bucket (their order is not known
    here) or a finding gone is not there."""
    result = dict(buckets)
    removed: dict[BucketKey, list[Finding]] = {}
    added: dict[BucketKey, list[Finding]] = {}
    mixed: set[BucketKey] = set()  # a finding of several codes, or a code there twice

    def writable(key: BucketKey) -> list[Finding]:
        if key not in removed:
            removed[key], added[key] = [], []
            result[key] = list(buckets.get(key, ()))
        return result[key]

    for findings in gone:
        for f in findings:
            key = _bucket_key(f)
            bucket = writable(key)
            at = bisect_left(bucket, f.obligations, key=_codes)
            while at < len(bucket) and not (bucket[at] is f or bucket[at] == f):
                if bucket[at].obligations != f.obligations:
                    return None
                at += 1
            if at == len(bucket):
                return None
            del bucket[at]
            removed[key].append(f)
            twice = (at > 0 and bucket[at - 1].obligations == f.obligations) or (
                at < len(bucket) and bucket[at].obligations == f.obligations
            )
            if twice or len(f.obligations) != 1:
                mixed.add(key)
    for findings in new:
        for f in findings:
            key = _bucket_key(f)
            bucket = writable(key)
            at = bisect_left(bucket, f.obligations, key=_codes)
            if at < len(bucket) and bucket[at].obligations == f.obligations:
                return None
            bucket.insert(at, f)
            added[key].append(f)
            if len(f.obligations) != 1:
                mixed.add(key)
    changed: dict[BucketKey, BucketChange] = {}
    for key in removed:
        before, now = buckets.get(key, []), result[key]
        if now == before:  # findings replaced by equal ones: the very bucket (or none)
            if key in buckets:
                result[key] = buckets[key]
            else:
                del result[key]
            continue
        if not now:
            del result[key]
        changed[key] = BucketChange(
            len(before), now, key not in mixed, tuple(removed[key]), tuple(added[key])
        )
    return result, changed


def _changed_buckets(
    before: dict[BucketKey, list[Finding]], now: dict[BucketKey, list[Finding]]
) -> dict[BucketKey, BucketChange]:
    """How each bucket of `now` differs from `before`, compared whole; a bucket equal to one of
    `before` is made that very one (its findings too: what was derived from them stays valid)."""
    changed: dict[BucketKey, BucketChange] = {}
    for key in before.keys() | now.keys():
        old, new = before.get(key, []), now.get(key, [])
        if old == new:
            if key in now:
                now[key] = before[key]
            continue
        changed[key] = BucketChange(len(old), new, False, (), ())
    return changed


def _assembled(
    previous: Evaluation | None, evaluation: Evaluation, changed: dict[BucketKey, BucketChange]
) -> Evaluation:
    """`evaluation` with its findings in order from its buckets: `previous`'s very list when no
    bucket changed, else a new list saying which buckets changed since `previous`'s."""
    if previous is not None:
        changed.update(_changed_buckets(previous.wide_buckets, evaluation.wide_buckets))
        if not changed:
            return replace(evaluation, findings=previous.findings)
    merged = _merged(evaluation.own_buckets, evaluation.wide_buckets)
    if previous is not None:
        # A rule both per obligation and plan-wide (none is now): its bucket compared whole.
        both = evaluation.own_buckets.keys() & evaluation.wide_buckets.keys()
        both |= previous.own_buckets.keys() & previous.wide_buckets.keys()
        if both:
            before = _merged(previous.own_buckets, previous.wide_buckets)
            for key in both:
                old, new = before.get(key, []), merged.get(key, [])
                changed.pop(key, None)
                if old != new:
                    changed[key] = BucketChange(len(old), new, False, (), ())
    ordered: list[Finding] = []
    for key in sorted(merged):
        ordered.extend(merged[key])
    findings = Findings(ordered, previous.findings if previous is not None else None, changed)
    return replace(evaluation, findings=findings)


def _merged(
    own: dict[BucketKey, list[Finding]], wide: dict[BucketKey, list[Finding]]
) -> dict[BucketKey, list[Finding]]:
    """Both kinds of bucket in one map; a bucket in both sorted as `in_order` would (the own
    findings come first)."""
    merged = dict(own)
    for key, findings in wide.items():
        merged[key] = sorted([*merged[key], *findings], key=_codes) if key in merged else findings
    return merged


def _in_buckets(findings: Iterable[Finding]) -> dict[BucketKey, list[Finding]]:
    """The findings by (severity, rule), each bucket sorted by codes (stable)."""
    buckets: dict[BucketKey, list[Finding]] = defaultdict(list)
    for f in findings:
        buckets[_bucket_key(f)].append(f)
    return {key: sorted(bucket, key=_codes) for key, bucket in buckets.items()}


def _put(wide: dict[BucketKey, list[Finding]], rules: frozenset[str], found: list[Finding]) -> None:
    """The buckets of `rules` in `wide` replaced by those of `found` (their findings, in the
    order the rules made them)."""
    for key in [key for key in wide if key[1] in rules]:
        del wide[key]
    wide.update(_in_buckets(found))


def _bucket_key(f: Finding) -> BucketKey:
    return -f.severity, f.rule


def _codes(f: Finding) -> tuple[str, ...]:
    return f.obligations


# The plan-wide rules, by what they read (the grant rules: grant_rules.GRANT_RULES).
_SCHEDULE_RULES = frozenset({"dependency-violation", "dependency-cycle"})
_UNOWNED_RULES = frozenset({"depends-on-unowned"})
_MILESTONE_RULES = frozenset({"milestone-not-reached"})
_OVERLOAD_RULES = frozenset({"overloaded"})
_GRANT_RULES = frozenset(grant_rules.GRANT_RULES)


def _link_facts(o: ObligationFacts | None) -> tuple[object, ...] | None:
    """What the dependency rules read of an obligation besides its id."""
    return None if o is None else (o.open, o.receiving_owner is None, o.code)


def _task(o: ObligationFacts | None) -> tuple[object, ...] | None:
    """What the schedule reads of an obligation besides its id and place."""
    return None if o is None else (o.start, o.due)


def _move_in_week(
    weeks: dict[Week, list[str]],
    before: ObligationFacts | None,
    now: ObligationFacts | None,
    touched: set[Week],
    shared: dict[Week, list[str]],
) -> None:
    """An obligation's code moved from the week it counted in to the one it counts in now
    (`weeks` is a copy of `shared`, whose lists are copied before they change)."""
    old = None if before is None else (receivers_week(before), before.code)
    new = None if now is None else (receivers_week(now), now.code)
    if old == new:
        return
    for moved, take in ((old, True), (new, False)):
        week = None if moved is None else moved[0]
        if moved is None or week is None:
            continue
        codes = weeks.get(week)
        if codes is None or codes is shared.get(week):
            codes = weeks[week] = list(codes or ())
        touched.add(week)
        if take:
            codes.remove(moved[1])
            if not codes:
                del weeks[week]
        else:
            codes.append(moved[1])


def _sorted_ends(ids: list[str]) -> _Ends:
    """One end of pairs of ids (a dependency's, a violation's late task and driver), sorted."""
    places = sorted(range(len(ids)), key=ids.__getitem__)
    return _Ends([ids[place] for place in places], array("l", places))


def _places(ends: tuple[_Ends, _Ends], ids: Iterable[str]) -> set[int]:
    """The places of the pairs with one of `ids` at either end."""
    places: set[int] = set()
    for end in ends:
        for oid in ids:
            first = bisect_left(end.ids, oid)
            places.update(end.places[first : bisect_right(end.ids, oid, first)])
    return places


def _forward_schedule(
    previous: Evaluation | None, snapshot: Snapshot, as_of: date
) -> tuple[date, Schedule | CycleError]:
    """The forward pass over the plan's network (or the cycle that stops it): `previous`'s when
    the network and the day are the same, else brought up to date from it (`schedule_again`: from
    the tasks whose dates changed; from scratch when links or tasks came or went)."""
    if (
        previous is not None
        and previous.forward[0] == as_of
        and len(previous.obligations) == len(snapshot.obligations)
        and all(
            a is b or (a.id, a.start, a.due) == (b.id, b.start, b.due)
            for a, b in zip(previous.obligations, snapshot.obligations, strict=True)
        )
        and (
            previous.dependencies is snapshot.dependencies
            or list(previous.dependencies) == list(snapshot.dependencies)
        )
        and previous.context[_CALENDAR] == snapshot.work_calendar  # working-day lags count on it
    ):
        return previous.forward
    tasks, links = network(snapshot)
    earlier = previous.forward[1] if previous is not None and previous.forward[0] == as_of else None
    try:
        return as_of, schedule_again(
            earlier if isinstance(earlier, Schedule) else None,
            tasks,
            links,
            as_of,
            work_calendar=snapshot.work_calendar,
            forward_only=True,
        )
    except CycleError as error:
        return as_of, error


def _violations_again(
    previous: Evaluation | None,
    snapshot: Snapshot,
    by_id: dict[str, ObligationFacts],
    forward: tuple[date, Schedule | CycleError],
) -> tuple[Violation, ...]:
    """The schedule's violations: `previous`'s while its schedule and dependencies are kept."""
    if (
        previous is not None
        and previous.forward is forward
        and previous.dependencies is snapshot.dependencies
        and not isinstance(forward[1], CycleError)  # a cycle's finding names codes: made anew
    ):
        return previous.violations
    return violations_of(snapshot, by_id, forward[1])


def _schedule_findings(
    violations: tuple[Violation, ...], by_id: dict[str, ObligationFacts]
) -> list[Finding]:
    return [made for violation in violations if (made := schedule_finding(violation, by_id))]


def _unowned_findings(
    dependencies: Sequence[DependencyFacts], by_id: dict[str, ObligationFacts]
) -> list[Finding]:
    return [made for d in dependencies if (made := unowned_finding(d, by_id))]


def _milestone_findings(snapshot: Snapshot, as_of: date) -> list[Finding]:
    return timed_rules.milestone_findings(snapshot, as_of)


def _grant_findings(snapshot: Snapshot, as_of: date) -> list[Finding]:
    return grant_rules.evaluate(snapshot, as_of)
