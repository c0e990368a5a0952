"""A project file's links (store/project_writes.py) are judged by the one rulebook, as the form's
save is: a link that would make a cycle, point at a deleted or unknown obligation, or at the task
itself refuses the whole import — its records too — with the message, and writes nothing. The
plan is built in Python, so no Java is needed."""

from __future__ import annotations

from datetime import date

import pytest

from handover.domain.access import Identity, Role
from handover.domain.model import Dependency, DependencyType
from handover.store import guarded
from handover.store.database import Database
from handover.store.guarded import InvalidChangeError
from handover.store.plan_io import read_obligation
from tests.conftest import fingerprint

FIE = Identity("Fie", Role.FACILITATOR)


def _link(predecessor: str, successor: str) -> Dependency:
    return Dependency(predecessor=predecessor, successor=successor, type=DependencyType.FS)


def _refused(db: Database, predecessors: dict[str, list[Dependency]]) -> list[str]:
    """Import `predecessors` with a changed start of XS-02 beside them: refused, nothing written."""
    found = read_obligation(db, "partner-financial-statements")
    assert found is not None
    record = found[0].model_copy(update={"start": date(2027, 1, 4)})
    before = fingerprint(db)
    with pytest.raises(InvalidChangeError) as refused:
        guarded.import_project(db, FIE, [(record, found[1])], predecessors, source="plan.mpp")
    assert fingerprint(db) == before
    return [problem.render("en") for problem in refused.value.problems]


def test_a_link_that_closes_a_cycle_refuses_the_import(seeded_db: Database) -> None:
    # legal-succession → coordinator-amendment → final-report already; the file adds the way back.
    messages = _refused(
        seeded_db, {"legal-succession": [_link("final-report", "legal-succession")]}
    )
    assert messages == [
        "XS-05.dependencies: the dependencies form a cycle: XS-05 → XS-04 → XS-01 → XS-05"
    ]


def test_a_link_to_a_deleted_obligation_refuses_the_import(seeded_db: Database) -> None:
    found = read_obligation(seeded_db, "hub-hosting")
    assert found is not None
    guarded.set_deleted(seeded_db, FIE, "hub-hosting", found[1], True)
    messages = _refused(seeded_db, {"final-report": [_link("hub-hosting", "final-report")]})
    assert any("XS-11" in m and "deleted" in m for m in messages), messages


def test_a_link_to_an_unknown_or_the_same_task_refuses_the_import(seeded_db: Database) -> None:
    assert _refused(seeded_db, {"final-report": [_link("no-such-task", "final-report")]})
    assert _refused(seeded_db, {"final-report": [_link("final-report", "final-report")]})
    assert _refused(seeded_db, {"no-such-task": [_link("final-report", "no-such-task")]})


def test_links_the_rulebook_accepts_are_written_with_a_new_version(seeded_db: Database) -> None:
    found = read_obligation(seeded_db, "legal-succession")
    assert found is not None
    result = guarded.import_project(
        seeded_db,
        FIE,
        [],
        {"legal-succession": [_link("audit-contact", "legal-succession")]},
        source="plan.mpp",
    )
    assert result.updated == ["legal-succession"]
    after = read_obligation(seeded_db, "legal-succession")
    assert after is not None and after[1] == found[1] + 1
    links = (
        seeded_db.cursor()
        .execute("SELECT predecessor FROM dependencies WHERE successor = 'legal-succession'")
        .fetchall()
    )
    assert links == [("audit-contact",)]
