"""Servers and a browser for bench/browser_gantt.py and tests/browser: Debian's Chromium found, a
free port, a server started in its own process group (returned once it answers) and stopped."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM, else `chromium` or `chromium-browser` on the PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(
    command: list[str],
    environment: dict[str, str],
    port: int,
    log: Path,
    *,
    cwd: Path = REPO,
    timeout: float = 120,
) -> subprocess.Popen[bytes]:
    """`command` started in its own process group, its output in `log`; returns once
    http://127.0.0.1:`port` answers its health check. Raises RuntimeError with the log's end
    when the server exits or does not answer within `timeout` seconds."""
    with log.open("wb") as sink:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            command,
            env=environment,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/_stcore/health", timeout=2
            ) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"the server did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)


def stop(process: subprocess.Popen[bytes]) -> None:
    """The server and whatever it started, ended (SIGTERM to its process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
