"""The MSPDI export read back by MPXJ, the independent reader: every obligation a task, every
milestone a milestone, every dependency a link of its type with its lag in its unit, people as
resources with the current owner assigned, the handover facts in named custom fields — and
export → import into the same plan changes nothing."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from handover.domain.access import Identity, Role
from handover.domain.checklist import Scope, ScopeKind
from handover.domain.model import Dependency, DependencyType
from handover.domain.workdays import DurationUnit
from handover.exports.mspdi import in_scope, to_mspdi
from handover.imports.project_files import convert
from handover.imports.project_service import preview_project, write_project
from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.conftest import fingerprint
from tests.imports.project_helpers import need_java


@pytest.fixture(autouse=True)
def _java() -> None:
    need_java()


def _tasks(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """MPXJ's tasks by the planner's id (custom field Text1, alias "Handover id")."""
    return {t["text1"]: t for t in document["tasks"] if t.get("text1")}


def test_mpxj_reads_every_obligation_link_lag_and_custom_field(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    document = convert("plan.xml", to_mspdi(plan, lang="en"))
    tasks = _tasks(document)
    live = [o for o in plan.obligations if not o.deleted]
    assert {o.id for o in live} | {m.id for m in plan.milestones} == set(tasks)
    aliases = {f["field_type"]: f["field_alias"] for f in document["custom_fields"]}
    assert aliases["text1"] == "Handover id" and aliases["text4"] == "Handover state"
    uid = {key: task["unique_id"] for key, task in tasks.items()}
    for obligation in live:
        task = tasks[obligation.id]
        assert task["name"] == obligation.title
        assert task.get("text2") == obligation.code
        assert not task.get("milestone")
        due = plan.resolved_due()[obligation.id]
        if due is not None:
            assert task["finish"].startswith(due.isoformat())
    for milestone in plan.milestones:
        assert tasks[milestone.id].get("milestone") is True
    read = {
        (link["predecessor_task_unique_id"], link["successor_task_unique_id"]): link
        for task in tasks.values()
        for link in task.get("predecessors", [])
    }
    assert len(read) == len(plan.dependencies)
    for dependency in plan.dependencies:
        link = read[(uid[dependency.predecessor], uid[dependency.successor])]
        assert link["type"] == dependency.type.value
        assert link.get("lag", 0) == dependency.lag_days * 86_400
        if dependency.lag_days:
            assert link["lag_units"] == "ed"
    people = {p.label for p in plan.people}
    assert {r["name"] for r in document["resources"]} == people
    owners = sum(1 for o in live if o.current_owner)
    assert len(document["assignments"]) == owners
    receiver = next(o for o in live if o.receiving_owner)
    assert tasks[receiver.id]["text6"] == receiver.receiving_owner


def test_every_link_type_and_lag_survives_export_and_import(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    chain = [o.id for o in plan.obligations if not o.deleted][:9]
    kinds = [DependencyType.FS, DependencyType.SS, DependencyType.FF, DependencyType.SF]
    lags = [0, 3, -2, 14, 365, -1, 7, 1]
    dependencies = tuple(
        Dependency(
            predecessor=chain[i], successor=chain[i + 1], type=kinds[i % 4], lag_days=lags[i]
        )
        for i in range(8)
    )
    document = convert("plan.xml", to_mspdi(dataclasses.replace(plan, dependencies=dependencies)))
    tasks = _tasks(document)
    back = sorted(
        (task["text1"], link["type"], link.get("lag", 0) // 86_400)
        for task in tasks.values()
        for link in task.get("predecessors", [])
    )
    assert back == sorted((d.successor, d.type.value, d.lag_days) for d in dependencies)


def test_each_lag_unit_is_written_in_its_format_and_read_back_in_its_unit(
    seeded_db: Database,
) -> None:
    """Calendar days as elapsed days (ed), working days as days (d, 8 hours each); months and
    years, which MSPDI lacks, as elapsed months of 30 days (emo) with the unit named in the
    field "Handover lag units" — so the import gives every unit back."""
    plan = read_plan(seeded_db)
    chain = [o.id for o in plan.obligations if not o.deleted][:6]
    specs = [
        (3, DurationUnit.DAYS),
        (5, DurationUnit.WORKING_DAYS),
        (-2, DurationUnit.WORKING_DAYS),
        (3, DurationUnit.MONTHS),
        (5, DurationUnit.YEARS),
    ]
    dependencies = tuple(
        Dependency(predecessor=chain[i], successor=chain[i + 1], lag_days=lag, lag_unit=unit)
        for i, (lag, unit) in enumerate(specs)
    )
    with_units = dataclasses.replace(plan, dependencies=dependencies)
    tasks = _tasks(convert("plan.xml", to_mspdi(with_units)))
    written = {
        (link_task, link["lag_units"], link.get("lag", 0))
        for link_task, task in tasks.items()
        for link in task.get("predecessors", [])
    }
    assert written == {
        (chain[1], "ed", 3 * 86_400),
        (chain[2], "d", 5 * 8 * 3600),
        (chain[3], "d", -2 * 8 * 3600),
        (chain[4], "emo", 3 * 30 * 86_400),
        (chain[5], "emo", 5 * 360 * 86_400),
    }
    assert json.loads(tasks[chain[4]]["text10"]) == {chain[3]: "months"}
    assert json.loads(tasks[chain[5]]["text10"]) == {chain[4]: "years"}
    # Into the plan as it was: the links come back in their units.
    changes = preview_project(seeded_db, "plan.xml", to_mspdi(with_units)).changes
    back = {
        (d.predecessor, d.successor): (d.lag_days, d.lag_unit)
        for links in changes.predecessors.values()
        for d in links
    }
    assert {
        (d.predecessor, d.successor): (d.lag_days, d.lag_unit) for d in dependencies
    }.items() <= (back.items())


def test_a_month_lag_changed_in_ms_project_comes_back_as_calendar_days(
    seeded_db: Database,
) -> None:
    """The field names months, but the file's lag is no longer whole 30-day months: the file's
    lag wins, in the elapsed days it says."""
    plan = read_plan(seeded_db)
    first, second = [o.id for o in plan.obligations if not o.deleted][:2]
    link = Dependency(predecessor=first, successor=second, lag_days=2, lag_unit=DurationUnit.MONTHS)
    data = to_mspdi(dataclasses.replace(plan, dependencies=(link,)))
    changed = data.replace(
        f"<LinkLag>{2 * 30 * 14_400}</LinkLag>".encode(),
        f"<LinkLag>{61 * 14_400}</LinkLag>".encode(),
    )
    assert changed != data
    changes = preview_project(seeded_db, "plan.xml", changed).changes
    (kept,) = [d for d in changes.predecessors[second] if d.predecessor == first]
    assert (kept.lag_days, kept.lag_unit) == (61, DurationUnit.DAYS)


def test_export_then_import_into_the_same_plan_changes_nothing(seeded_db: Database) -> None:
    data = to_mspdi(read_plan(seeded_db))
    result = preview_project(seeded_db, "plan.xml", data)
    assert not result.changes.records() and not result.changes.predecessors
    assert not +result.changes.losses  # nothing of ours is lost on the way back
    before = fingerprint(seeded_db)
    write_project(seeded_db, result, who=Identity("t", Role.FACILITATOR))
    assert fingerprint(seeded_db) == before


def test_a_change_made_in_the_project_tool_comes_back_as_an_update(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    target = next(o for o in plan.obligations if not o.deleted)
    data = to_mspdi(plan).replace(
        f"<Name>{target.title}</Name>".encode(), b"<Name>Renamed in MS Project</Name>", 1
    )
    changes = preview_project(seeded_db, "plan.xml", data).changes
    assert [(r.id, r.title) for r, _ in changes.obligations] == [
        (target.id, "Renamed in MS Project")
    ]


def test_a_scope_exports_only_its_obligations_and_their_links(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    receiver = next(o.receiving_owner for o in plan.obligations if o.receiving_owner)
    scope = Scope(ScopeKind.OWNER, receiver, "x")
    chosen = {o.id for o in in_scope(plan, scope)}
    tasks = _tasks(convert("plan.xml", to_mspdi(plan, scope)))
    assert chosen == {key for key in tasks if key in {o.id for o in plan.obligations}}


def test_text_with_markup_characters_is_escaped(seeded_db: Database) -> None:
    plan = read_plan(seeded_db)
    first = plan.obligations[0]
    odd = dataclasses.replace(
        plan,
        obligations=(
            first.model_copy(update={"title": 'A <b>&amp; "B"</b> & C'}),
            *plan.obligations[1:],
        ),
    )
    tasks = _tasks(convert("plan.xml", to_mspdi(odd)))
    assert tasks[first.id]["name"] == 'A <b>&amp; "B"</b> & C'
