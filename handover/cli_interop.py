"""The command line's project-file import, MSPDI export and reminders: thin over
`imports.project_service`, `exports.mspdi` and `remind`. Loaded by `handover.cli` only when one of
these runs, so the other commands start without them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handover.cli import UserError
from handover.domain.access import Identity
from handover.domain.dates import format_date, today
from handover.domain.model import Category, Priority, Status
from handover.domain.text import text
from handover.imports import project_service
from handover.imports.project_plan import ProjectOptions
from handover.imports.tabular import Defaults, Preview
from handover.store.database import Database
from handover.store.plan_io import read_plan


def _organisation(args: argparse.Namespace, database: Database) -> str | None:
    """The organisation `--organisation` names (id or name), for new people; None: not given."""
    if not args.organisation:
        return None
    wanted = args.organisation.casefold()
    found = next(
        (
            o.id
            for o in read_plan(database).organisations
            if wanted in (o.id.casefold(), o.name.casefold())
        ),
        None,
    )
    if found is None:
        raise UserError(
            f"--organisation {args.organisation}: {text('import.unknown_organisation', args.lang)}"
        )
    return found


def table_defaults(args: argparse.Namespace, database: Database) -> Defaults:
    """The spreadsheet defaults the command line was given (see tabular.Defaults)."""
    return Defaults(
        category=Category(args.category) if args.category else Category.OPERATIONS,
        priority=Priority(args.priority) if args.priority else Priority.MEDIUM,
        status=Status(args.status) if args.status else Status.NOT_STARTED,
        create_people=args.create_people,
        organisation=_organisation(args, database) if args.create_people else None,
    )


def print_table_defaults(preview: Preview, lang: str) -> None:
    """Which defaults new rows took, and the owners the plan does not know."""
    if preview.defaulted:
        fields = ", ".join(
            f"{text(f'col.{name}', lang)} × {count}" for name, count in preview.defaulted.items()
        )
        print(text("cli.import_defaulted", lang, fields=fields))
    if preview.unknown_people:
        print(text("cli.import_unknown_people", lang, names=", ".join(preview.unknown_people)))


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
    closing = project_service.closing_days_line(changes, lang)
    if closing:
        print(closing)
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
    if written.closing_days:
        print(text("project.closing_days_written", lang, count=len(written.closing_days)))
    return 0


def remind(args: argparse.Namespace, database: Database) -> int:
    """`handover remind`: the digests, printed (--dry-run) or sent; the feeds when asked.
    0: done, 1: some messages failed, 2 (UserError): settings or usage."""
    import smtplib
    from datetime import timedelta

    from handover import remind as reminders

    lang = args.lang
    if args.days < 0 or args.days > 3650:
        raise UserError(f"--days {args.days}: 0–3650")
    as_of = args.as_of or today()
    found = reminders.plan_digests(database, as_of, args.days)
    if args.feeds is not None:
        try:
            written = reminders.write_feeds(database, args.feeds, as_of)
        except OSError as error:
            raise UserError(
                text("cli.cannot_write", lang, path=args.feeds, why=error.strerror)
            ) from error
        print(text("remind.feeds_written", lang, count=len(written), folder=args.feeds))
    if not found:
        until = format_date(as_of + timedelta(days=args.days))
        print(text("remind.none", lang, until=until))
        return 0
    if args.dry_run:
        for digest in found:
            address = (
                f"<{digest.person.email}>"
                if digest.person.email
                else text("remind.no_email", digest.language)
            )
            print(f"{text('remind.to', digest.language)}: {digest.person.label} {address}")
            print(f"{text('remind.subject_label', digest.language)}: {digest.subject}")
            print()
            print(digest.body)
            print("-" * 72)
        return 0
    try:
        settings = reminders.smtp_settings(args.secrets)
    except reminders.SmtpSettingsError as error:
        raise UserError(text(error.key, lang, **error.params)) from error
    try:
        result = reminders.send(found, settings)
    except (OSError, smtplib.SMTPException) as error:
        raise UserError(
            text("remind.failed", lang, to=f"{settings.host}:{settings.port}", why=error)
        ) from error
    for address, why in result.failed:
        print(text("remind.failed", lang, to=address, why=why), file=sys.stderr)
    print(
        text(
            "remind.sent",
            lang,
            sent=len(result.sent),
            skipped=len(result.skipped),
            failed=len(result.failed),
        )
    )
    return 1 if result.failed else 0
