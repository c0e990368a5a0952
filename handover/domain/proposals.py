"""Proposing receiving owners from successors: for every obligation whose current owner's
organisation ceases before the obligation falls due, a person in the successor organisation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from handover.domain.model import Organisation, Person


@dataclass(frozen=True)
class OwnerGap:
    """An obligation as the proposer needs it."""

    obligation_id: str
    code: str
    current_owner: str | None
    receiving_owner: str | None
    due: date | None


@dataclass(frozen=True)
class Proposal:
    obligation_id: str
    code: str
    person_id: str
    organisation_id: str
    why: str  # catalogue key
    ceases: date


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) > 3}  # skips "for", "og"


def _alike(a: str, b: str) -> bool:
    """Same word, or Danish compounds on one stem ("økonomiansvarlig" ~ "økonomifunktion")."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def title_likeness(wanted: str, offered: str) -> int:
    """How many words of `wanted` have a like word in `offered`."""
    offered_words = _words(offered)
    return sum(any(_alike(a, b) for b in offered_words) for a in _words(wanted))


def successor_on(
    organisation_id: str, day: date, organisations: Mapping[str, Organisation]
) -> Organisation | None:
    """Follow the successor chain until an organisation that exists on `day` (None if none)."""
    seen: set[str] = set()
    current = organisations.get(organisation_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.exists_on(day):
            return current
        current = organisations.get(current.successor or "")
    return None


def propose_from_successors(
    gaps: Iterable[OwnerGap],
    people: Sequence[Person],
    organisations: Mapping[str, Organisation],
    *,
    active_people: set[str] | None = None,
) -> list[Proposal]:
    """One proposal per obligation that needs one: no receiving owner yet, a due date, and a
    current owner whose organisation no longer exists on that date. The proposed person sits in
    the nearest successor that exists then, the one whose title is most like the current owner's
    (a LEAR for a LEAR, finance for finance), else the first in the successor."""
    by_id = {person.id: person for person in people}
    proposals = []
    for gap in gaps:
        if gap.receiving_owner or gap.due is None or gap.current_owner not in by_id:
            continue
        owner = by_id[gap.current_owner]
        home = organisations.get(owner.organisation)
        if home is None or home.exists_on(gap.due) or home.exists_until is None:
            continue
        target = successor_on(home.id, gap.due, organisations)
        if target is None:
            continue
        candidates = [
            person
            for person in people
            if person.organisation == target.id
            and (active_people is None or person.id in active_people)
        ]
        if not candidates:
            continue
        best = max(candidates, key=lambda person: title_likeness(owner.title, person.title))
        proposals.append(
            Proposal(
                obligation_id=gap.obligation_id,
                code=gap.code,
                person_id=best.id,
                organisation_id=target.id,
                why="proposal.successor",
                ceases=home.exists_until,
            )
        )
    return proposals
