"""A synthetic plan of any size for benchmarks: the xShare organisations and people, many projects,
and N obligations with a realistic mix of fixed dates, due rules, owners and dependencies."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from handover.domain.model import (
    Category,
    Dependency,
    DueAnchor,
    DueRule,
    HandoverState,
    Milestone,
    Obligation,
    Priority,
    Project,
    Status,
)
from handover.domain.plan import Plan
from handover.store.seed import seed_plan


def synthetic_plan(obligations: int, *, seed: int = 7) -> Plan:
    rng = random.Random(seed)
    base = seed_plan("xshare")
    people = [person.id for person in base.people]
    projects = [
        Project(
            id=f"p{i}",
            name=f"Projekt {i}",
            start=date(2024, 1, 1) + timedelta(days=rng.randrange(365)),
            end=date(2026, 6, 1) + timedelta(days=rng.randrange(540)),
            coordinator="medcom",
        )
        for i in range(max(1, obligations // 200))
    ]
    milestones = [
        Milestone(id=f"m{i}", project=p.id, title=f"Milepæl {i}", planned=p.end)
        for i, p in enumerate(projects)
    ]
    records = []
    for i in range(obligations):
        project = projects[i % len(projects)]
        due: date | None = None
        rule: DueRule | None = None
        roll = rng.random()
        if roll < 0.4:
            rule = DueRule(anchor=DueAnchor.PROJECT_END, days=rng.randrange(-90, 180))
        elif roll < 0.5:
            rule = DueRule(
                anchor=DueAnchor.MILESTONE,
                milestone=f"m{i % len(projects)}",
                days=rng.randrange(60),
            )
        else:
            due = date(2026, 9, 1) + timedelta(days=rng.randrange(400))
        receiving = rng.choice(people) if rng.random() < 0.6 else None
        records.append(
            Obligation(
                id=f"o{i:06d}",
                code=f"S-{i:06d}",
                project=project.id,
                title=f"Forpligtelse {i} — overdragelse af opgave {i % 97}",
                description="Syntetisk forpligtelse til målinger. " * 3,
                category=rng.choice(list(Category)),
                source_quote='Et citat fra kilden; med æøå, "anførselstegn" og ; semikolon.',
                source_ref="bench",
                current_owner=rng.choice(people),
                receiving_owner=receiving,
                due=due,
                due_rule=rule,
                status=rng.choice(list(Status)),
                handover_state=HandoverState.PROPOSED if receiving else HandoverState.UNASSIGNED,
                priority=rng.choice(list(Priority)),
                amount_eur=float(rng.randrange(0, 500_000)) if rng.random() < 0.2 else None,
            )
        )
    dependencies = [
        Dependency(predecessor=f"o{i:06d}", successor=f"o{i + rng.randrange(1, 50):06d}")
        for i in range(0, obligations - 50, 3)
    ]
    # De-duplicate pairs: the plan document forbids a dependency listed twice.
    unique = list({(d.predecessor, d.successor): d for d in dependencies}.values())
    return replace(
        base,
        projects=(*base.projects, *projects),
        milestones=(*base.milestones, *milestones),
        obligations=tuple(records),
        dependencies=tuple(unique),
        risks=(),
    )
