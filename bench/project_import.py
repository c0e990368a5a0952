"""Import of a 2,000-task project file (preview + write), median of 5: the file is written by
MPXJ itself (MSPDI, a chain of 2,000 tasks with FS/SS/FF/SF links and lags, 20 resources), then
imported into a fresh copy of the seeded database each run — once in process (the service the
page uses) and once as the command a person types (`handover import FILE`, start-up included).

Run: `.venv/bin/python bench/project_import.py` (needs Java and the dev dependencies)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from handover.domain.access import Identity, Role  # noqa: E402
from handover.imports import project_service  # noqa: E402
from handover.imports.project_files import find_java  # noqa: E402
from handover.store.database import Database  # noqa: E402
from handover.store.seed import load_seed  # noqa: E402

TASKS = int(os.environ.get("BENCH_TASKS", "2000"))
RUNS = 5
_BUILD = r"""
import sys, jpype, mpxj
jpype.startJVM()
from org.mpxj import ProjectFile, Duration, TimeUnit, RelationType, Relation
from org.mpxj.writer import UniversalProjectWriter, FileFormat
import java.time
count = int(sys.argv[2])
p = ProjectFile()
p.getProjectProperties().setProjectTitle("Bench plan")
p.setDefaultCalendar(p.addDefaultBaseCalendar())
people = []
for i in range(20):
    r = p.addResource(); r.setName(f"Person {i}"); r.setEmailAddress(f"p{i}@example.org")
    people.append(r)
R = RelationType
kinds = [R.FINISH_START, R.START_START, R.FINISH_FINISH, R.START_FINISH]
start = java.time.LocalDateTime.of(2026, 12, 1, 8, 0)
previous = None
for i in range(count):
    t = p.addTask(); t.setName(f"Task {i}")
    t.setStart(start.plusDays(i % 300)); t.setFinish(start.plusDays(i % 300 + 2))
    t.setDuration(Duration.getInstance(2, TimeUnit.DAYS))
    t.addResourceAssignment(people[i % 20])
    if previous is not None and i % 7:
        lag = Duration.getInstance(i % 5, TimeUnit.ELAPSED_DAYS)
        link = Relation.Builder().predecessorTask(previous).type(kinds[i % 4]).lag(lag)
        t.addPredecessor(link)
    previous = t
UniversalProjectWriter(FileFormat.MSPDI).write(p, sys.argv[1])
"""


def main() -> None:
    java = find_java()
    folder = Path(tempfile.mkdtemp(prefix="bench-project-"))
    plan_file = folder / "bench-2000.xml"
    env = {**os.environ, "JAVA_HOME": str(Path(java.executable).resolve().parents[1])}
    subprocess.run([sys.executable, "-c", _BUILD, str(plan_file), str(TASKS)], check=True, env=env)
    seeded = folder / "seeded.duckdb"
    with Database(seeded) as database:
        load_seed(database, "xshare")
    data = plan_file.read_bytes()
    print(f"{plan_file.name}: {TASKS} tasks, {len(data) / 1024 / 1024:.1f} MB")
    in_process, command = [], []
    for run in range(RUNS):
        copy = folder / f"run{run}.duckdb"
        shutil.copy(seeded, copy)
        project_service._READ.clear()  # no cached conversion: every run starts Java
        with Database(copy) as database:
            began = time.perf_counter()
            result = project_service.preview_project(database, plan_file.name, data)
            project_service.write_project(database, result, who=Identity("bench", Role.FACILITATOR))
            in_process.append(time.perf_counter() - began)
        copy2 = folder / f"cli{run}.duckdb"
        shutil.copy(seeded, copy2)
        began = time.perf_counter()
        subprocess.run(
            [
                str(REPO / ".venv" / "bin" / "handover"),
                "--db",
                str(copy2),
                "import",
                str(plan_file),
            ],
            check=True,
            capture_output=True,
        )
        command.append(time.perf_counter() - began)
    print(
        f"preview + write, in process: median {statistics.median(in_process):.2f} s "
        f"({', '.join(f'{t:.2f}' for t in in_process)})"
    )
    print(
        f"handover import FILE:        median {statistics.median(command):.2f} s "
        f"({', '.join(f'{t:.2f}' for t in command)})"
    )
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
