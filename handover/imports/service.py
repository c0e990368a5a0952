"""Import, start to finish, for the command line and the Import page alike: read the file,
check every row against the plan as stored, and — only when asked and only when clean (or the
clean rows, on request) — write it in one transaction through the store's checked saves."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from handover.domain.access import Identity
from handover.domain.plan import Problem
from handover.domain.text import text
from handover.imports.files import (
    DEFAULT_LIMITS,
    FileProblemError,
    Limits,
    Table,
    check_size,
    check_zip,
    decode,
    kind_of,
    read_table,
)
from handover.imports.report_plan import ReportChanges, report_changes
from handover.imports.status_report import StatusReport, docx_to_text, parse_report
from handover.imports.tabular import (
    Defaults,
    Entity,
    Preview,
    Reference,
    RowProblem,
    guess_entity,
    preview,
    problem_message,
)
from handover.store import guarded
from handover.store.database import Database
from handover.store.guarded import ImportResult
from handover.store.import_reads import stored_obligations
from handover.store.plan_io import read_plan, versions


def is_report(name: str, data: bytes) -> bool:
    """Word files and Markdown/text files are status reports; CSV and XLSX are tables."""
    return kind_of(name, data) in ("docx", "text")


@dataclass
class TableImport:
    name: str
    table: Table
    preview: Preview


_RECENT: OrderedDict[tuple[object, ...], TableImport] = OrderedDict()
_RECENT_SIZE = 4  # a 10,000-row preview holds 10,000 records: keep only the last few
_RECENT_LOCK = threading.Lock()


def preview_table(
    database: Database,
    name: str,
    data: bytes,
    *,
    entity: Entity | None = None,
    mapping: Mapping[int, str] | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    defaults: Defaults | None = None,
) -> TableImport:
    """Raises FileProblemError when the file cannot be read as a table at all. The same file with
    the same choices over an unchanged plan is checked once: a page rerun reuses the preview.
    `defaults` fill what new obligations lack and may create unknown owners (see Defaults)."""
    key = (
        database.instance,
        database.revision,
        name,
        hashlib.sha256(data).hexdigest(),
        entity,
        None if mapping is None else tuple(sorted(mapping.items())),
        encoding,
        separator,
        sheet,
        limits,
        defaults,
    )
    with _RECENT_LOCK:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    result = _preview_table(
        database, name, data, entity, mapping, encoding, separator, sheet, limits, defaults
    )
    with _RECENT_LOCK:
        _RECENT[key] = result
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return result


def _preview_table(
    database: Database,
    name: str,
    data: bytes,
    entity: Entity | None,
    mapping: Mapping[int, str] | None,
    encoding: str | None,
    separator: str | None,
    sheet: str | None,
    limits: Limits,
    defaults: Defaults | None = None,
) -> TableImport:
    table = read_table(
        name, data, encoding=encoding, separator=separator, sheet=sheet, limits=limits
    )
    chosen = entity or guess_entity(table.headers)
    with stored_obligations(database) as stored:
        reference = Reference(stored.plan, stored.versions, stored)
        return TableImport(name, table, preview(table, chosen, reference, mapping, defaults))


def write_table(
    database: Database,
    result: TableImport,
    *,
    who: Identity,
    clean_rows_only: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Write what the preview allows (see Preview.writes) in one transaction; a row changed by
    someone else since the preview is a ConflictError and nothing is written. Only the
    facilitator imports (AccessDeniedError otherwise, dry runs included)."""
    actions = result.preview.writes(clean_rows_only=clean_rows_only)
    return guarded.import_rows(
        database,
        who,
        [(action.record, action.version) for action in actions if action.record is not None],
        source=result.name,
        dry_run=dry_run,
    )


def read_report(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> StatusReport:
    """Raises FileProblemError when the file is empty, too large, or no text or Word file."""
    check_size(data, limits)
    if kind_of(name, data) == "docx":
        check_zip(data, limits)
        try:
            content = docx_to_text(data)
        except Exception as error:  # python-docx raises many kinds for a broken file
            raise FileProblemError("import.bad_docx", why=type(error).__name__) from error
    else:
        content, _ = decode(data)
    return parse_report(content, source=name)


def plan_report(
    database: Database,
    report: StatusReport,
    *,
    accepted: Collection[tuple[int, int]] = (),
    titles: Mapping[tuple[int, int], str] | None = None,
    home: str | None = None,
    source: str = "",
) -> ReportChanges:
    return report_changes(
        report,
        read_plan(database),
        versions(database),
        accepted=accepted,
        titles=titles,
        home=home,
        source=source,
    )


def write_report(
    database: Database,
    changes: ReportChanges,
    *,
    who: Identity,
    source: str = "",
    dry_run: bool = False,
) -> ImportResult:
    records = [
        *changes.organisations,
        *changes.people,
        *changes.projects,
        *changes.milestones,
        *changes.obligations,
        *changes.risks,
    ]
    return guarded.import_records(database, who, records, source=source, dry_run=dry_run)


def render_problem(problem: RowProblem, name: str, lang: str) -> str:
    """`plan.csv, række 4, kolonne «Frist», «31.02.2026»: ikke en gyldig dato (…)`."""
    message = problem_message(problem, lang)
    if problem.row == 0:
        return f"{name}: {message}"
    if problem.column:
        where = text("import.where", lang, name=name, row=problem.row, column=problem.column)
    else:
        where = text("import.where_row", lang, name=name, row=problem.row)
    value = f" «{problem.value}»" if problem.value else ""
    return f"{where}{value}: {message}"


def render_file_problem(problem: Problem, name: str, lang: str) -> str:
    return f"{name}: {problem.message(lang)}"
