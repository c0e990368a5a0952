"""Helpers for the project-file tests: where the shared samples are, a Java that MPXJ can run on
(skip without one, fail in CI), and models of our own written by MPXJ itself in the formats it
writes, through JPype in a child process (the tests' own JVM would outlive the test)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from handover.imports.files import FileProblemError
from handover.imports.project_files import find_java
from tests.conftest import REPO

SAMPLES = REPO.parent / "shared" / "interop-samples"


def need_java() -> None:
    """Skip without a full Java (the README says how to get one); in CI a missing Java fails."""
    try:
        find_java()
    except FileProblemError as error:
        if os.environ.get("HANDOVER_REQUIRE_JAVA"):
            raise
        pytest.skip(f"no Java for MPXJ here: {error}")


def need_samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared samples are not at {SAMPLES}")
    return SAMPLES


# Every link type, and lags in working days, elapsed days, weeks, hours and negative, on a
# chain of tasks; a milestone; a resource with an e-mail assigned to the first task.
_BUILD = r"""
import sys, jpype, mpxj
jpype.startJVM(convertStrings=True)
from org.mpxj import ProjectFile, Duration, TimeUnit, RelationType, Relation, ActivityType
from org.mpxj.writer import UniversalProjectWriter, FileFormat
import java.time
p = ProjectFile()
p.getProjectProperties().setProjectTitle("Own model")
p.setDefaultCalendar(p.addDefaultBaseCalendar())
r = p.addResource(); r.setName("Nora Ressource"); r.setEmailAddress("nora@example.org")
tasks = []
for i in range(7):
    t = p.addTask(); t.setName(f"Task {i}")
    t.setStart(java.time.LocalDateTime.of(2026, 12, 1 + i, 8, 0))
    t.setFinish(java.time.LocalDateTime.of(2026, 12, 2 + i, 17, 0))
    t.setDuration(Duration.getInstance(2, TimeUnit.DAYS))
    t.setPlannedStart(t.getStart()); t.setPlannedFinish(t.getFinish())  # what P6 writers keep
    t.setPlannedDuration(t.getDuration()); t.setActivityType(ActivityType.TASK_DEPENDENT)
    tasks.append(t)
m = p.addTask(); m.setName("Go-live"); m.setMilestone(True)
m.setStart(java.time.LocalDateTime.of(2026, 12, 20, 8, 0)); m.setFinish(java.time.LocalDateTime.of(2026, 12, 20, 8, 0))
m.setDuration(Duration.getInstance(0, TimeUnit.DAYS))
m.setPlannedStart(m.getStart()); m.setPlannedFinish(m.getFinish())
m.setActivityType(ActivityType.FINISH_MILESTONE)
tasks[0].addResourceAssignment(r)
specs = [
    (RelationType.FINISH_START, 2, TimeUnit.DAYS),
    (RelationType.START_START, 3, TimeUnit.ELAPSED_DAYS),
    (RelationType.FINISH_FINISH, 1, TimeUnit.WEEKS),
    (RelationType.START_FINISH, -1, TimeUnit.DAYS),
    (RelationType.FINISH_START, 16, TimeUnit.HOURS),
    (RelationType.FINISH_START, 0, TimeUnit.DAYS),
]
for k, (kind, amount, unit) in enumerate(specs):
    tasks[k + 1].addPredecessor(
        Relation.Builder().predecessorTask(tasks[k]).type(kind).lag(Duration.getInstance(amount, unit))
    )
formats = {"xml": FileFormat.MSPDI, "mpx": FileFormat.MPX, "pmxml": FileFormat.PMXML, "xer": FileFormat.XER}
for ext in sys.argv[2:]:
    UniversalProjectWriter(formats[ext]).write(p, f"{sys.argv[1]}/own-model.{ext}")
"""


@functools.cache
def _built() -> Path:
    """Our model in every format, built once per test session (a JVM start costs seconds)."""
    java = find_java()
    folder = Path(tempfile.mkdtemp(prefix="handover-own-models-"))
    env = {**os.environ, "JAVA_HOME": str(Path(java.executable).resolve().parents[1])}
    subprocess.run(
        [sys.executable, "-c", _BUILD, str(folder), "xml", "mpx", "pmxml", "xer"],
        check=True,
        capture_output=True,
        timeout=120,
        env=env,
    )
    return folder


def own_models(folder: Path, *formats: str) -> dict[str, Path]:
    """Our model written by MPXJ in each of `formats` ("xml", "mpx", "pmxml", "xer"), copied
    into `folder`."""
    built = _built()
    result = {}
    for ext in formats:
        target = folder / f"own-model.{ext}"
        shutil.copy(built / f"own-model.{ext}", target)
        result[ext] = target
    return result


def read_with_mpxj(path: Path) -> dict[str, object]:
    """MPXJ's own reading of a file we wrote (the independent reader), as its JSON."""
    from handover.imports.project_files import convert

    return convert(path.name, path.read_bytes())
