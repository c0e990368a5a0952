"""The command line's project-file import, MSPDI export and reminders: thin over
`imports.project_service`, `exports.mspdi` and `remind`. Loaded by `handover.cli` only when one of
these runs, so the other commands start without them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handover.cli import UserError
from handover.domain.access import Identity
from handover.domain.model import Category
from handover.domain.text import text
from handover.imports import project_service
from handover.imports.project_plan import ProjectOptions
from handover.store.database import Database
from handover.store.plan_io import read_plan


def import_project(
    args: argparse.Namespace, database: Database, path: Path, data: bytes, actor: Identity
) -> int:
    """`handover import FILE` for a project file: what was read, the counts, the loss report,
    then the write (or nothing, with --dry-run or on a problem)."""
    lang = args.lang
    organisation = None
    if args.organisation:
        plan = read_plan(database)
        wanted = args.organisation.casefold()
        organisation = next(
            (o.id for o in plan.organisations if wanted in (o.id.casefold(), o.name.casefold())),
            None,
        )
        if organisation is None:
            raise UserError(text("import.unknown_organisation", lang))
    options = ProjectOptions(
        category=Category(args.category) if args.category else Category.OPERATIONS,
        organisation=organisation,
    )
    result = project_service.preview_project(database, path.name, data, options=options)
    changes, project = result.changes, result.data
    print(
        text(
            "project.read",
            lang,
            name=path.name,
            format=project.format.upper(),
            title=project.title,
            tasks=changes.tasks_read,
            milestones=changes.milestones_read,
            links=changes.links_read,
            resources=len(project.resources),
        )
    )
    if not changes.tasks_read and not changes.milestones_read:
        print(text("project.no_tasks", lang))
    for kind, counts in changes.counts().items():
        print(
            "  " + text("project.counts", lang, kind=text(f"project.kind.{kind}", lang), **counts)
        )
    losses = project_service.loss_lines(changes, lang)
    print(text("project.losses", lang) if losses else text("project.no_losses", lang))
    for line in losses:
        print(f"  {line}")
    problems = project_service.problem_lines(changes, lang)
    for problem in problems:
        print(f"{path.name}: {problem}", file=sys.stderr)
    if problems:
        raise UserError(text("cli.import_not_clean", lang, count=len(problems)))
    written = project_service.write_project(database, result, who=actor, dry_run=args.dry_run)
    for warning in written.warnings:
        print(warning.render(lang), file=sys.stderr)
    key = "cli.import_dry_run" if args.dry_run else "cli.import_done"
    print(text(key, lang, added=len(written.added), updated=len(written.updated)))
    return 0
