"""Reading projects (with their grant profiles) and milestones as domain records with the
versions a later save is checked against: what the projects-and-milestones page shows."""

from __future__ import annotations

import json

from handover.domain.model import Milestone, Project
from handover.store.database import Database


def project_rows(database: Database) -> list[tuple[Project, int]]:
    """Every project as the domain record, with its version."""
    result = database.cursor().execute(
        'SELECT id, name, programme, start_date AS "start", end_date AS "end", coordinator, '
        "purpose, grant_agreement, beneficiaries, reporting_periods, date_basis, version "
        "FROM projects ORDER BY name"
    )
    names = [column[0] for column in result.description]
    found = []
    for row in result.fetchall():
        record = dict(zip(names, row, strict=True))
        version = int(record.pop("version"))
        for name in ("beneficiaries", "reporting_periods"):
            record[name] = json.loads(record[name] or "[]")
        found.append((Project.model_validate_json(json.dumps(record, default=str)), version))
    return found


def milestone_rows(database: Database) -> list[tuple[Milestone, int]]:
    """Every milestone as the domain record, with its version, by planned date."""
    result = database.cursor().execute(
        "SELECT id, project, title, planned, achieved, kind, date_basis, version FROM milestones "
        "ORDER BY planned NULLS LAST, title"
    )
    names = [column[0] for column in result.description]
    found = []
    for row in result.fetchall():
        record = dict(zip(names, row, strict=True))
        version = int(record.pop("version"))
        found.append((Milestone.model_validate(record, strict=False), version))
    return found
