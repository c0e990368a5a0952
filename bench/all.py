"""`make bench`: every bench script, one after another in its own process, then one table of all
their lines (each script's own output goes to bench/out/<script>.log, or $BENCH_OUT).

Order: the foundation's medians (run.py), the paired page reruns, sessions and imports
(paired.py), the exports (exports.py), N websocket sessions against a running server
(ws_sessions.py), navigation to the Gantt and browser sessions in Chromium (browser_gantt.py;
skipped without Chromium). A failing script is reported and the others still run; the exit status
is then 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.table import read, render  # noqa: E402

SCRIPTS: list[list[str]] = [
    ["bench/run.py"],
    ["bench/paired.py"],
    ["bench/exports.py"],
    ["bench/ws_sessions.py"],
    ["bench/browser_gantt.py"],
]


def main() -> int:
    out = Path(os.environ.get("BENCH_OUT", REPO / "bench" / "out"))
    out.mkdir(parents=True, exist_ok=True)
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        table = str(Path(folder) / "table.jsonl")
        env = {**os.environ, "BENCH_TABLE": table}
        for script in SCRIPTS:
            log = out / f"{Path(script[0]).stem}.log"
            began = time.perf_counter()
            print(f"{' '.join(script)} ...", end=" ", flush=True)
            with log.open("w", encoding="utf-8") as sink:
                done = subprocess.run(
                    [sys.executable, *script], cwd=REPO, env=env, stdout=sink, stderr=sink
                )
            took = time.perf_counter() - began
            if done.returncode:
                failed.append(script[0])
                print(f"FAILED after {took:.0f} s (exit {done.returncode}; see {log})")
            else:
                print(f"{took:.0f} s")
        sections = read(table)
    load = os.getloadavg()
    print(render(sections))
    lines = [line for _, _, found in sections for line in found]
    over = [line[0] for line in lines if line[3] == "OVER"]
    print(
        f"\n{len(lines)} lines, {sum(line[3] == 'ok' for line in lines)} within budget, "
        f"{len(over)} over; load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "(2 cores: above ~1 the wall times include waiting; the ratios and CPU are what count)"
    )
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
