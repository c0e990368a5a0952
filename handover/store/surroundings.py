"""What the rulebook (domain/rules.py) reads of the stored plan, fetched inside the caller's write
transaction: projects, milestones, people and organisations always (small tables), the other
obligations and the dependency links only when the candidates need them (`rules.needs`)."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from handover.domain.model import Milestone, Organisation, Person, Project
from handover.domain.rules import Candidate, Known, Surroundings, needs


def fetch_surroundings(
    cursor: duckdb.DuckDBPyConnection, candidates: Iterable[Candidate] = ()
) -> Surroundings:
    """The plan around `candidates`, as stored now (records built without re-validation: what
    the database holds was validated on the way in)."""
    wanted = needs(candidates)
    projects = {
        row[0]: Project.model_construct(id=row[0], name=row[1], start=row[2], end=row[3])
        for row in cursor.execute("SELECT id, name, start_date, end_date FROM projects").fetchall()
    }
    milestones = {
        row[0]: Milestone.model_construct(id=row[0], title=row[1], planned=row[2], project=row[3])
        for row in cursor.execute("SELECT id, title, planned, project FROM milestones").fetchall()
    }
    people = {
        row[0]: Person.model_construct(
            id=row[0], organisation=row[1], active=bool(row[2]), name=row[3], title=row[4]
        )
        for row in cursor.execute(
            "SELECT id, organisation, active, name, title FROM people"
        ).fetchall()
    }
    organisations = {
        row[0]: Organisation.model_construct(
            id=row[0], name=row[1], exists_from=row[2], exists_until=row[3], successor=row[4]
        )
        for row in cursor.execute(
            "SELECT id, name, exists_from, exists_until, successor FROM organisations"
        ).fetchall()
    }
    others = (
        {
            oid: Known(code, bool(deleted))
            for oid, code, deleted in cursor.execute(
                "SELECT id, code, deleted FROM obligations"
            ).fetchall()
        }
        if "others" in wanted
        else {}
    )
    links = (
        [
            (predecessor, successor)
            for predecessor, successor in cursor.execute(
                "SELECT predecessor, successor FROM dependencies"
            ).fetchall()
        ]
        if "links" in wanted
        else []
    )
    return Surroundings(
        projects=projects,
        milestones=milestones,
        people=people,
        organisations=organisations,
        others=others,
        links=links,
    )
