"""The `handover` command line: init, export-json, import-json, import, check, export and serve.

Thin by design: argument parsing and messages here, the work in `store` and `domain`. Every user
error prints a clear message on stderr and exits with 2; nothing is written unless all is valid.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from handover.domain.access import Identity, Role
from handover.domain.checklist import Scope, ScopeKind
from handover.domain.close_out import TemplateError, add_close_out
from handover.domain.dates import parse_date, today
from handover.domain.findings import Severity
from handover.domain.model import Category, Priority, Status
from handover.domain.passwords import hash_password
from handover.domain.plan import Plan, PlanError, check_size, dump_plan, parse_plan_json
from handover.domain.report import as_json, as_text
from handover.domain.text import DEFAULT_LANGUAGE, LANGUAGES, text
from handover.exports import register
from handover.exports.calendar import CalendarMilestone
from handover.exports.checklist_files import FORMATS, render
from handover.imports import service as imports
from handover.imports.files import ENCODINGS, FileProblemError
from handover.imports.project_files import sniff as project_format
from handover.imports.tabular import Entity, field_label
from handover.store import reports
from handover.store.database import (
    Database,
    DatabaseLockedError,
    DatabaseOpenError,
    default_db_path,
)
from handover.store.guarded import ConflictError, InvalidChangeError
from handover.store.plan_io import (
    PlanNotEmptyError,
    is_empty,
    load_plan,
    plan_counts,
    read_plan,
    write_backup,
)
from handover.store.queries import (
    calendar_milestones,
    scope_candidates,
)
from handover.store.seed import SEEDS, initialise

APP = Path(__file__).resolve().parents[1] / "app.py"
USER_ERROR = 2
CHECK_FAILED = 1


class UserError(Exception):
    """A problem the user can fix; printed without a traceback, exit code 2."""


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(text("cli.bad_port", "en", port=value))
    return port


def _as_of(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(text("cli.bad_date", "en", value=value)) from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handover",
        description="Plan an organisational handover: obligations, receiving owners and gaps.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: $HANDOVER_DB, else data/handover.duckdb)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=os.environ.get("HANDOVER_LANG", DEFAULT_LANGUAGE)
        if os.environ.get("HANDOVER_LANG") in LANGUAGES
        else DEFAULT_LANGUAGE,
        help="language of messages (default: $HANDOVER_LANG, else da)",
    )
    parser.add_argument(
        "--actor",
        default=None,
        help="name written into the history for this command's changes "
        "(default: cli:<operating-system user>)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create and migrate the database; seed it when empty")
    init.add_argument(
        "--seed",
        choices=[*SEEDS, "empty"],
        default="xshare",
        help="plan to load into an empty database (default: xshare)",
    )

    export = commands.add_parser("export-json", help="write the plan document (JSON)")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    load = commands.add_parser("import-json", help="validate a plan document, then load it")
    load.add_argument("file", type=Path, help="plan document (JSON)")
    load.add_argument(
        "--replace",
        action="store_true",
        help="replace the plan when the database holds one (a backup of it is written first)",
    )
    load.add_argument(
        "--yes", action="store_true", help="replace without asking (needed when not interactive)"
    )

    check = commands.add_parser(
        "check",
        help="print the plan's findings; exit 1 when any is at or above --fail-on",
        description="Exit codes: 0 no finding at or above the level, 1 there are, 2 bad arguments.",
    )
    check.add_argument(
        "--as-of", type=_as_of, default=None, help="evaluate on this day (default: today)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument(
        "--fail-on",
        choices=("blocker", "warning"),
        default="blocker",
        help="lowest severity that makes the exit code 1 (default: blocker)",
    )

    template = commands.add_parser(
        "new-from-template",
        help="add the EU close-out obligations for a project's grant profile to a plan document",
        description="Reads a plan document (e.g. from export-json, or a new one with only the "
        "organisations and the project's grant profile), adds the close-out obligations with "
        "their rules, and writes the new plan document; load it with import-json.",
    )
    template.add_argument("file", type=Path, help="plan document (JSON) holding the project")
    template.add_argument("--project", required=True, help="the project's id")
    template.add_argument("--prefix", required=True, help="code prefix, e.g. XS2 (XS2-CO-01 …)")
    template.add_argument("-o", "--output", type=Path, required=True, help="file to write")

    export_parser = commands.add_parser(
        "export", help="write a handover checklist, or the register, to a file"
    )
    kinds = export_parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    checklist = kinds.add_parser(
        "checklist", help="the obligations handed to an owner, an organisation, a project, or all"
    )
    scope = checklist.add_mutually_exclusive_group(required=True)
    scope.add_argument("--owner", metavar="NAME", help="receiving owner (name, title or id)")
    scope.add_argument("--org", metavar="NAME", help="receiving organisation (name or id)")
    scope.add_argument("--project", metavar="NAME", help="project (name or id)")
    scope.add_argument("--all", action="store_true", help="every obligation")
    checklist.add_argument(
        "--format",
        choices=[*FORMATS, "mspdi"],
        required=True,
        dest="file_format",
        help="mspdi: MS Project XML (opens in MS Project, ProjectLibre, GanttProject)",
    )
    checklist.add_argument("--lang", choices=LANGUAGES, dest="export_lang", help="file language")
    checklist.add_argument(
        "--separator", choices=(";", ","), default=";", help="CSV separator (default ;)"
    )
    checklist.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    sheet = kinds.add_parser(
        "register", help="every obligation as a spreadsheet in the columns `import` reads"
    )
    sheet.add_argument("--format", choices=("csv", "xlsx"), required=True, dest="file_format")
    sheet.add_argument("--lang", choices=LANGUAGES, dest="export_lang", help="file language")
    sheet.add_argument(
        "--separator", choices=(";", ","), default=";", help="CSV separator (default ;)"
    )
    sheet.add_argument("-o", "--output", type=Path, required=True, help="file to write")

    upload = commands.add_parser(
        "import",
        help="import a spreadsheet (CSV, XLSX), a status report (Markdown, text, Word) or a "
        "project file (MS Project .mpp/.xml/.mpx, GanttProject .gan, ProjectLibre .pod, "
        "Primavera .xer/PMXML)",
    )
    upload.add_argument("file", type=Path, help="the file to import")
    upload.add_argument(
        "--dry-run",
        action="store_true",
        help="check everything, show what would change, write nothing",
    )
    upload.add_argument(
        "--kind",
        choices=[entity.value for entity in Entity],
        help="what the rows are (default: guessed from the headings)",
    )
    upload.add_argument("--encoding", choices=ENCODINGS, help="text encoding (default: detected)")
    upload.add_argument(
        "--separator", choices=(";", ",", "tab"), help="CSV separator (default: detected)"
    )
    upload.add_argument("--sheet", help="XLSX sheet (default: the first)")
    upload.add_argument(
        "--clean-rows-only",
        action="store_true",
        help="import the rows without problems and skip the others",
    )
    upload.add_argument(
        "--accept",
        default="",
        metavar="N,N",
        help="status report: the candidate obligations to add, by number, or 'all'",
    )
    upload.add_argument(
        "--organisation",
        metavar="NAME",
        help="status report: the organisation the report is from (default: first participant); "
        "project file: the organisation of new people (default: the plan's first)",
    )
    upload.add_argument(
        "--category",
        choices=[category.value for category in Category],
        help="the category of new obligations when the file has none (default: operations)",
    )
    upload.add_argument(
        "--priority",
        choices=[priority.value for priority in Priority],
        help="spreadsheet: the priority of new obligations when it has none (default: medium)",
    )
    upload.add_argument(
        "--status",
        choices=[status.value for status in Status],
        help="spreadsheet: the status of new obligations when it has none (default: not_started)",
    )
    upload.add_argument(
        "--create-people",
        action="store_true",
        help="spreadsheet: owners the plan does not know become new people (in --organisation)",
    )

    hashing = commands.add_parser(
        "hash-password",
        help="print a role password's hash for .streamlit/secrets.toml or the environment",
    )
    hashing.add_argument(
        "--stdin", action="store_true", help="read the password from standard input (no prompt)"
    )

    remind = commands.add_parser(
        "remind",
        help="e-mail each owner a digest of their obligations due soon (for a scheduler)",
        description="Exit codes: 0 done (or nothing to send), 1 some messages failed, "
        "2 settings or usage error. SMTP settings: [smtp] in .streamlit/secrets.toml or "
        "HANDOVER_SMTP_HOST/_PORT/_FROM/_SECURITY/_USER/_PASSWORD.",
    )
    remind.add_argument(
        "--days", type=int, default=14, help="window: due within this many days (default 14)"
    )
    remind.add_argument(
        "--as-of", type=_as_of, default=None, help="the day to remind as of (default: today)"
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="print the messages instead of sending them"
    )
    remind.add_argument(
        "--feeds", type=Path, metavar="DIR", help="also write one calendar feed per person here"
    )
    remind.add_argument(
        "--secrets", type=Path, help="secrets file (default: .streamlit/secrets.toml)"
    )

    serve = commands.add_parser("serve", help="start the app in the browser")
    serve.add_argument("--port", type=_port, default=8501, help="port (default: 8501)")
    serve.add_argument("--address", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--headless", action="store_true", help="do not open a browser window")
    return parser


def _summary(counts: dict[str, int], lang: str) -> str:
    return text("cli.summary", lang, **counts)


def _open(path: Path) -> Database:
    return Database(path)


def _actor(args: argparse.Namespace) -> str:
    """Who the history names for this command: --actor, else `cli:` and the operating-system user
    (the database file carries no identity of its own; whoever can open it may write)."""
    if args.actor and args.actor.strip():
        return str(args.actor.strip())
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name in the environment and no password entry
        return f"cli:uid-{os.getuid()}" if hasattr(os, "getuid") else "cli"


def _cmd_init(args: argparse.Namespace, db_path: Path) -> int:
    lang = args.lang
    with _open(db_path) as database:
        seeded = initialise(
            database, None if args.seed == "empty" else args.seed, actor=_actor(args)
        )
        summary = _summary(plan_counts(database), lang)
        if not seeded and args.seed != "empty" and not is_empty(database):
            print(text("cli.seed_skipped", lang, db=db_path, summary=summary))
        else:
            print(text("cli.initialised", lang, db=db_path, summary=summary))
    return 0


def _cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    if not db_path.exists():
        raise UserError(text("cli.file_missing", args.lang, path=db_path))
    with _open(db_path) as database:
        document = dump_plan(read_plan(database))
    if args.output is None:
        sys.stdout.write(document)
        return 0
    try:
        args.output.write_text(document, encoding="utf-8")
    except OSError as error:
        raise UserError(
            text("cli.cannot_write", args.lang, path=args.output, why=error.strerror)
        ) from error
    print(text("cli.exported", args.lang, path=args.output), file=sys.stderr)
    return 0


def _read_file(path: Path, lang: str) -> bytes:
    """The bytes of a file the user named, or a UserError saying why not."""
    if not path.is_file():
        raise UserError(text("cli.file_missing", lang, path=path))
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(text("cli.file_unreadable", lang, path=path, why=error.strerror)) from error


def _cmd_import(args: argparse.Namespace, db_path: Path) -> int:
    lang = args.lang
    path: Path = args.file
    try:
        if path.is_file():  # a huge file is refused before it is read into memory
            check_size(path.stat().st_size)
        plan = parse_plan_json(_read_file(path, lang))
    except PlanError as error:
        raise UserError(
            text("cli.invalid_plan", lang, path=path) + "\n" + error.render(lang)
        ) from error
    with _open(db_path) as database:
        if args.replace and not is_empty(database):
            _confirm_replace(args, database, db_path, plan)
            try:
                backup = write_backup(database, datetime.now())
            except OSError as error:
                where = error.filename or db_path.resolve().parent / "backups"
                raise UserError(
                    text("cli.backup_failed", lang, path=where, why=error.strerror)
                ) from error
            print(text("cli.backup_written", lang, path=backup))
        try:
            load_plan(
                database,
                plan,
                actor=f"{_actor(args)} (import-json {path.name})",
                replace=args.replace,
            )
        except PlanNotEmptyError as error:
            summary = _summary(plan_counts(database), lang)
            raise UserError(
                text("cli.plan_not_empty", lang, db=db_path, summary=summary)
            ) from error
        print(text("cli.imported", lang, db=db_path, summary=_summary(plan_counts(database), lang)))
    return 0


def _confirm_replace(
    args: argparse.Namespace, database: Database, db_path: Path, plan: Plan
) -> None:
    """Ask before replacing a plan: --yes, or a person at a terminal answering yes."""
    lang = args.lang
    if args.yes:
        return
    current = _summary(plan_counts(database), lang)
    incoming = _summary(plan.counts(), lang)
    if not sys.stdin.isatty():
        raise UserError(text("cli.replace_needs_yes", lang, db=db_path, summary=current))
    answer = input(
        text("cli.replace_question", lang, db=db_path, summary=current, incoming=incoming) + " "
    )
    if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
        raise UserError(text("cli.replace_declined", lang))


def _cmd_import_file(args: argparse.Namespace, db_path: Path) -> int:
    lang = args.lang
    path: Path = args.file
    data = _read_file(path, lang)
    # The command line is local: whoever can open the database file may write to it.
    actor = Identity(name=_actor(args), role=Role.FACILITATOR)
    with _open(db_path) as database:
        try:
            if is_project_file(path.name, data):
                from handover import cli_interop  # Java and MPXJ only for project files

                return cli_interop.import_project(args, database, path, data, actor)
            if imports.is_report(path.name, data):
                return _import_report(args, database, path, data, actor)
            return _import_table(args, database, path, data, actor)
        except FileProblemError as error:
            raise UserError(imports.render_file_problem(error.problem, path.name, lang)) from error
        except (InvalidChangeError, ConflictError) as error:
            raise UserError(_write_refused(error, lang)) from error


def is_project_file(name: str, data: bytes) -> bool:
    return project_format(name, data) is not None


def _write_refused(error: InvalidChangeError | ConflictError, lang: str) -> str:
    if isinstance(error, ConflictError):
        return text("cli.import_conflict", lang)
    lines = [text("cli.import_refused", lang)]
    lines += [f"  {problem.render(lang)}" for problem in error.problems]
    return "\n".join(lines)


def _import_table(
    args: argparse.Namespace, database: Database, path: Path, data: bytes, actor: Identity
) -> int:
    lang = args.lang
    separator = "\t" if args.separator == "tab" else args.separator
    from handover import cli_interop

    result = imports.preview_table(
        database,
        path.name,
        data,
        entity=Entity(args.kind) if args.kind else None,
        encoding=args.encoding,
        separator=separator,
        sheet=args.sheet,
        defaults=cli_interop.table_defaults(args, database),
    )
    preview, table = result.preview, result.table
    facts = text(
        "cli.import_read",
        lang,
        rows=preview.rows,
        kind=text(f"import.entity.{preview.entity.value}", lang),
        columns=", ".join(
            f"{table.headers[i]} → {field_label(preview.entity, name, lang)}"
            for i, name in sorted(preview.mapping.items())
        ),
    )
    print(facts)
    if preview.ignored_columns:
        print(text("cli.import_ignored", lang, columns=", ".join(preview.ignored_columns)))
    for problem in preview.problems:
        print(imports.render_problem(problem, path.name, lang), file=sys.stderr)
    cli_interop.print_table_defaults(preview, lang)
    counts = preview.counts()
    print(text("cli.import_counts", lang, **counts))
    if preview.problems and not (args.clean_rows_only and 0 not in preview.problem_rows):
        raise UserError(text("cli.import_not_clean", lang, count=len(preview.problems)))
    written = imports.write_table(
        database, result, who=actor, clean_rows_only=args.clean_rows_only, dry_run=args.dry_run
    )
    for warning in written.warnings:
        print(warning.render(lang), file=sys.stderr)
    key = "cli.import_dry_run" if args.dry_run else "cli.import_done"
    print(text(key, lang, added=len(written.added), updated=len(written.updated)))
    return 0


def _import_report(
    args: argparse.Namespace, database: Database, path: Path, data: bytes, actor: Identity
) -> int:
    lang = args.lang
    report = imports.read_report(path.name, data)
    for warning in report.warnings:
        print(warning.render(lang), file=sys.stderr)
    if not report.projects:
        raise UserError(text("report.no_projects", lang))
    numbered = [
        (index, number, candidate)
        for index, project in enumerate(report.projects)
        for number, candidate in enumerate(project.candidates)
    ]
    accepted = _accepted(args.accept, len(numbered), lang)
    for position, (index, _, candidate) in enumerate(numbered, start=1):
        mark = "x" if position in accepted else " "
        project = report.projects[index].name
        print(f"[{mark}] {position}. {project}: {candidate.title}")
    changes = imports.plan_report(
        database,
        report,
        accepted={
            (index, number)
            for position, (index, number, _) in enumerate(numbered, 1)
            if position in accepted
        },
        home=args.organisation,
        source=path.name,
    )
    print(text("cli.report_counts", lang, **changes.counts()))
    written = imports.write_report(
        database, changes, who=actor, source=path.name, dry_run=args.dry_run
    )
    key = "cli.import_dry_run" if args.dry_run else "cli.import_done"
    print(text(key, lang, added=len(written.added), updated=len(written.updated)))
    return 0


def _accepted(raw: str, count: int, lang: str) -> set[int]:
    value = raw.strip().casefold()
    if not value:
        return set()
    if value in ("all", "alle"):
        return set(range(1, count + 1))
    numbers: set[int] = set()
    for part in value.split(","):
        if not part.strip().isdigit() or not 1 <= int(part) <= count:
            raise UserError(text("cli.bad_accept", lang, value=part.strip(), count=count))
        numbers.add(int(part))
    return numbers


def _cmd_hash_password(args: argparse.Namespace, db_path: Path) -> int:
    lang = args.lang
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass(text("cli.password_prompt", lang))
        if getpass.getpass(text("cli.password_again", lang)) != password:
            raise UserError(text("cli.password_mismatch", lang))
    if not password.strip():
        raise UserError(text("cli.password_empty", lang))
    print(hash_password(password))
    return 0


def _cmd_new_from_template(args: argparse.Namespace, db_path: Path) -> int:
    """The close-out template over a plan document: file in, file out, no database touched."""
    lang = args.lang
    try:
        plan = parse_plan_json(_read_file(args.file, lang))
        result = add_close_out(plan, args.project, args.prefix)
    except PlanError as error:
        raise UserError(error.render(lang)) from error
    except TemplateError as error:
        raise UserError(text(error.key, lang, **error.params)) from error
    try:
        args.output.write_text(dump_plan(result), encoding="utf-8")
    except OSError as error:
        raise UserError(
            text("cli.cannot_write", lang, path=args.output, why=error.strerror)
        ) from error
    added = len(result.obligations) - len(plan.obligations)
    print(text("cli.template_written", lang, path=args.output, count=added))
    return 0


def _cmd_check(args: argparse.Namespace, db_path: Path) -> int:
    if not db_path.exists():
        raise UserError(text("cli.file_missing", args.lang, path=db_path))
    as_of = args.as_of or today()
    with _open(db_path) as database:
        findings = reports.plan_findings(database, as_of)
        score = reports.plan_readiness(database)
    render = as_json if args.format == "json" else as_text
    sys.stdout.write(render(findings, as_of, score, args.lang))
    threshold = Severity.WARNING if args.fail_on == "warning" else Severity.BLOCKER
    return CHECK_FAILED if any(f.severity >= threshold for f in findings) else 0


def _cmd_export_register(args: argparse.Namespace, db_path: Path) -> int:
    lang = args.export_lang or args.lang
    if not db_path.exists():
        raise UserError(text("cli.file_missing", lang, path=db_path))
    with _open(db_path) as database:
        plan = read_plan(database)
    if args.file_format == "xlsx":
        content = register.to_xlsx(plan, lang)
    else:
        content = register.to_csv(plan, lang, args.separator)
    try:
        args.output.write_bytes(content)
    except OSError as error:
        raise UserError(
            text("cli.cannot_write", lang, path=args.output, why=error.strerror)
        ) from error
    count = len(register.rows(plan, lang))
    print(text("cli.exported_register", lang, path=args.output, count=count))
    return 0


def _cmd_export_checklist(args: argparse.Namespace, db_path: Path) -> int:
    if args.what == "register":
        return _cmd_export_register(args, db_path)
    lang = args.export_lang or args.lang
    if not db_path.exists():
        raise UserError(text("cli.file_missing", lang, path=db_path))
    kind, name = next(
        (kind, value)
        for kind, value in (
            (ScopeKind.OWNER, args.owner),
            (ScopeKind.ORGANISATION, args.org),
            (ScopeKind.PROJECT, args.project),
            (ScopeKind.ALL, "" if args.all else None),
        )
        if value is not None
    )
    with _open(db_path) as database:
        scope = Scope(ScopeKind.ALL)
        if kind is not ScopeKind.ALL:
            candidates = scope_candidates(database, kind, name)
            if not candidates:
                raise UserError(text("cli.unknown_scope", lang, name=name))
            if len(candidates) > 1:
                listed = "; ".join(f"{label} ({cid})" for cid, label in candidates)
                raise UserError(text("cli.ambiguous_scope", lang, name=name, candidates=listed))
            scope = Scope(kind, candidates[0][0], candidates[0][1])
        made_on = today()
        checklist = reports.checklist(database, scope, made_on, lang)
        if checklist is None:
            raise UserError(text("cli.empty_scope", lang, scope=scope.label or kind.value))
        milestones = [CalendarMilestone(*row) for row in calendar_milestones(database)]
        plan = read_plan(database) if args.file_format == "mspdi" else None
    if plan is not None:
        from handover.exports.mspdi import to_mspdi

        content = to_mspdi(plan, scope, lang)
    else:
        content = render(
            args.file_format, checklist, lang, separator=args.separator, milestones=milestones
        )
    try:
        args.output.write_bytes(content)
    except OSError as error:
        raise UserError(
            text("cli.cannot_write", lang, path=args.output, why=error.strerror)
        ) from error
    print(text("cli.exported_checklist", lang, path=args.output, count=len(checklist.lines)))
    return 0


def _cmd_remind(args: argparse.Namespace, db_path: Path) -> int:
    from handover import cli_interop  # SMTP and the feeds only when reminding

    if not db_path.exists():
        raise UserError(text("cli.file_missing", args.lang, path=db_path))
    with _open(db_path) as database:
        return cli_interop.remind(args, database)


def _port_free(address: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will: connections of a just-stopped server (TIME_WAIT) do not block it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def _access_configured() -> bool:
    """Role passwords in the environment or in .streamlit/secrets.toml, or an [auth] section."""
    import tomllib

    if any(os.environ.get(f"HANDOVER_PASSWORD_{role.value.upper()}") for role in Role):
        return True
    secrets = APP.parent / ".streamlit" / "secrets.toml"
    if not secrets.is_file():
        return False
    try:
        content = tomllib.loads(secrets.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    access = content.get("access", {})
    return bool(content.get("auth")) or any(access.get(f"{role.value}_password") for role in Role)


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _cmd_serve(args: argparse.Namespace, db_path: Path) -> int:
    # Fail here, clearly, rather than in the browser: is the file free, is the port free?
    if args.address not in _LOOPBACK and not _access_configured():
        raise UserError(text("cli.open_without_access", args.lang, address=args.address))
    _open(db_path).close()
    if not _port_free(args.address, args.port):
        raise UserError(text("cli.port_in_use", args.lang, port=args.port))
    environment = dict(os.environ, HANDOVER_DB=str(db_path.resolve()))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true" if args.headless else "false",
        # No source watching when serving: each new session's watcher walked every loaded module
        # (~250 ms before the first page reached the browser, docs/performance.md); the app's
        # code does not change under a running workshop. `streamlit run app.py` still watches.
        "--server.fileWatcherType",
        "none",
    ]
    os.chdir(APP.parent)  # so Streamlit finds .streamlit/config.toml next to app.py
    os.execvpe(command[0], command, environment)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path: Path = args.db if args.db is not None else default_db_path()
    handlers = {
        "init": _cmd_init,
        "export-json": _cmd_export,
        "import-json": _cmd_import,
        "import": _cmd_import_file,
        "check": _cmd_check,
        "new-from-template": _cmd_new_from_template,
        "hash-password": _cmd_hash_password,
        "export": _cmd_export_checklist,
        "serve": _cmd_serve,
        "remind": _cmd_remind,
    }
    try:
        return handlers[args.command](args, db_path)
    except UserError as error:
        print(f"handover: {text('cli.error', args.lang)}: {error}", file=sys.stderr)
        return USER_ERROR
    except DatabaseLockedError as error:
        holder = text("app.db_holder", args.lang, pid=error.pid) if error.pid else ""
        message = text("app.db_locked", args.lang, path=error.path, holder=holder)
        print(f"handover: {text('cli.error', args.lang)}: {message}", file=sys.stderr)
        return USER_ERROR
    except DatabaseOpenError as error:
        message = text("app.db_unreadable", args.lang, path=error.path, why=error.why)
        print(f"handover: {text('cli.error', args.lang)}: {message}", file=sys.stderr)
        return USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
