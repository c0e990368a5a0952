"""Saving a project (dates and grant profile) and a milestone (planned, reached), each
version-checked and audited like every other row; references are checked before anything is written.

What the projects-and-milestones page writes, through the role checks in store/guarded.py.
"""

from __future__ import annotations

import json
from typing import Any

from handover.domain.model import Milestone, Project
from handover.domain.plan import Problem
from handover.store.audit import InvalidChangeError
from handover.store.database import Database
from handover.store.people_writes import save_simple_row


def project_values(project: Project) -> dict[str, Any]:
    """A project as the projects table stores it (the grant profile's lists as JSON text)."""
    return {
        "name": project.name,
        "programme": project.programme,
        "start_date": project.start,
        "end_date": project.end,
        "coordinator": project.coordinator,
        "purpose": project.purpose,
        "grant_agreement": project.grant_agreement,
        "beneficiaries": json.dumps(
            [b.model_dump(mode="json") for b in project.beneficiaries], ensure_ascii=False
        ),
        "reporting_periods": json.dumps(
            [p.model_dump(mode="json") for p in project.reporting_periods], ensure_ascii=False
        ),
        "date_basis": project.date_basis,
    }


def save_project(database: Database, project: Project, *, version: int | None, actor: str) -> bool:
    """Create or update a project: the coordinator and every beneficiary exist, each beneficiary
    once, the end not before the start. Returns False when nothing changed."""
    problems: list[Problem] = []
    if project.start and project.end and project.end < project.start:
        problems.append(Problem(f"{project.name}.end", "plan.end_before_start"))
    with database.transaction() as cursor:
        known = {row[0] for row in cursor.execute("SELECT id FROM organisations").fetchall()}
        references = [("coordinator", project.coordinator)] + [
            (f"beneficiaries[{i}].organisation", b.organisation)
            for i, b in enumerate(project.beneficiaries)
        ]
        for path, ref in references:
            if ref is not None and ref not in known:
                problems.append(
                    Problem(
                        f"{project.name}.{path}",
                        "plan.unknown_reference",
                        {"id": ref, "kind": "organisations"},
                    )
                )
        seen: set[str] = set()
        for i, beneficiary in enumerate(project.beneficiaries):
            if beneficiary.organisation in seen:
                problems.append(
                    Problem(
                        f"{project.name}.beneficiaries[{i}]",
                        "project.duplicate_beneficiary",
                        {"id": beneficiary.organisation},
                    )
                )
            seen.add(beneficiary.organisation)
        if problems:
            raise InvalidChangeError(problems)
        return save_simple_row(
            cursor, "project", project.id, version, project_values(project), actor
        )


def save_milestone(
    database: Database, milestone: Milestone, *, version: int | None, actor: str
) -> bool:
    """Create or update a milestone (planned date, reached with its date); its project exists and
    it is not reached in the future of its own plan (a reached date needs no planned one)."""
    with database.transaction() as cursor:
        if (
            milestone.project is not None
            and not cursor.execute(
                "SELECT 1 FROM projects WHERE id = ?", [milestone.project]
            ).fetchone()
        ):
            raise InvalidChangeError(
                [
                    Problem(
                        f"{milestone.title}.project",
                        "plan.unknown_reference",
                        {"id": milestone.project, "kind": "projects"},
                    )
                ]
            )
        values = {
            "project": milestone.project,
            "title": milestone.title,
            "planned": milestone.planned,
            "achieved": milestone.achieved,
            "kind": milestone.kind.value,
            "date_basis": milestone.date_basis,
        }
        return save_simple_row(cursor, "milestone", milestone.id, version, values, actor)
