"""The close-out template written into the plan: the obligations and roles it adds for a project,
in one transaction on the project as it was previewed (version-checked), each recorded in the
history."""

from __future__ import annotations

from handover.domain.close_out import additions
from handover.store.audit import ConflictError, conflict_of
from handover.store.database import Database
from handover.store.import_writes import ImportResult, write_records
from handover.store.people_writes import current_row
from handover.store.plan_io import read_plan_in


def add_close_out(
    database: Database, project_id: str, prefix: str, *, version: int, actor: str
) -> ImportResult:
    """Add the template's roles and obligations for `project_id` (codes `<prefix>-CO-nn`), the
    template applied to the plan as this transaction reads it. ConflictError when the project is
    no longer at `version`; TemplateError when the template does not fit; either way nothing is
    written."""
    with database.transaction() as cursor:
        row = current_row(cursor, "project", project_id, ["name"])
        if row is None or row["version"] != version:
            raise ConflictError(conflict_of(cursor, "project", project_id, row, version))
        people, obligations = additions(read_plan_in(cursor), project_id, prefix)
        result = ImportResult()
        write_records(cursor, [(record, None) for record in (*people, *obligations)], actor, result)
        return result
