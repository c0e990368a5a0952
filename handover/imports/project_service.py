"""Project-file import, start to finish, for the command line and the Import page: read the file
in the limited child process, preview what it adds and changes with its loss report, and — only
when asked, only when clean, only for the facilitator — write it in one transaction."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from handover.domain.access import Identity
from handover.domain.dates import format_date
from handover.domain.text import text
from handover.imports.files import DEFAULT_LIMITS, Limits
from handover.imports.project_files import ProjectData, read_project, sniff
from handover.imports.project_plan import ProjectChanges, ProjectOptions, project_changes
from handover.store import guarded
from handover.store.database import Database
from handover.store.guarded import ImportResult
from handover.store.plan_io import read_plan, versions


def is_project_file(name: str, data: bytes) -> bool:
    """True for MS Project, GanttProject, ProjectLibre and Primavera files, by content first."""
    return sniff(name, data) is not None


@dataclass
class ProjectImport:
    name: str
    data: ProjectData
    changes: ProjectChanges


_READ: OrderedDict[str, ProjectData] = OrderedDict()
_READ_LOCK = threading.Lock()


def _read(name: str, data: bytes, limits: Limits) -> ProjectData:
    """The conversion (a Java process, ~1 s) done once per file content: a page rerun and the
    write after the preview reuse it."""
    key = hashlib.sha256(data).hexdigest() + name
    with _READ_LOCK:
        if key in _READ:
            _READ.move_to_end(key)
            return _READ[key]
    result = read_project(name, data, limits=limits)
    with _READ_LOCK:
        _READ[key] = result
        while len(_READ) > 4:
            _READ.popitem(last=False)
    return result


def preview_project(
    database: Database,
    name: str,
    data: bytes,
    *,
    options: ProjectOptions | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ProjectImport:
    """Raises FileProblemError when the file cannot be read as a project at all."""
    project = _read(name, data, limits)
    changes = project_changes(
        project, read_plan(database), versions(database), source=name, options=options
    )  # options None: the defaults (operations; the plan's first organisation)
    return ProjectImport(name, project, changes)


def write_project(
    database: Database, result: ProjectImport, *, who: Identity, dry_run: bool = False
) -> ImportResult:
    """Write what the preview found, version-checked: a row changed by someone else since the
    preview is a ConflictError and nothing is written. Only the facilitator imports."""
    if not result.changes.clean:
        guarded.require_import(who)  # refused for anyone else, clean or not
        return ImportResult()
    return guarded.import_project(
        database,
        who,
        result.changes.records(),
        result.changes.predecessors,
        source=result.name,
        closing_days=result.changes.closing_days,
        settings_version=result.changes.settings_version,
        dry_run=dry_run,
    )


def loss_lines(changes: ProjectChanges, lang: str) -> list[str]:
    """The loss report, one line per kind of thing the plan does not keep, largest first."""
    return [
        text("project.loss_line", lang, count=count, what=text(f"project.loss.{kind}", lang))
        for kind, count in sorted(changes.losses.items(), key=lambda item: (-item[1], item[0]))
        if count
    ]


def closing_days_line(changes: ProjectChanges, lang: str) -> str | None:
    """The closing days the file adds to the plan's, by date; None when it adds none."""
    if not changes.closing_days:
        return None
    days = ", ".join(format_date(day) for day in changes.closing_days)
    return text("project.closing_days", lang, count=len(changes.closing_days), days=days)


def problem_lines(changes: ProjectChanges, lang: str) -> list[str]:
    return [text(key, lang, **params) for key, params in changes.problems]
