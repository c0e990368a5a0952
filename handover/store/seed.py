"""The seed plans shipped in `data/`, and `initialise`, which migrates and seeds an empty database.

Seeding is idempotent: loading a seed replaces the plan with the same rows; `initialise` never
overwrites a plan that is already there.
"""

from __future__ import annotations

from pathlib import Path

from handover.domain.plan import Plan, parse_plan_json
from handover.store.database import Database
from handover.store.plan_io import PlanNotEmptyError, is_empty, load_plan

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SEEDS: dict[str, Path] = {"xshare": DATA_DIR / "xshare.json"}


def seed_plan(name: str) -> Plan:
    """The named seed, validated like any imported document."""
    return parse_plan_json(SEEDS[name].read_bytes())


def load_seed(database: Database, name: str, *, actor: str = "seed") -> Plan:
    """Replace the database's plan with the named seed (same result however often it runs)."""
    plan = seed_plan(name)
    load_plan(database, plan, actor=actor, replace=True)
    return plan


def initialise(database: Database, seed: str | None, *, actor: str = "init") -> bool:
    """Seed an empty (already migrated) database; returns False when a plan was already there.

    Safe against a race: the emptiness check and the load are one transaction.
    """
    if seed is None or not is_empty(database):
        return False
    try:
        load_plan(database, seed_plan(seed), actor=actor)
    except PlanNotEmptyError:
        return False
    return True
