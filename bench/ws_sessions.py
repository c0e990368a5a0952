"""N sessions after one write, against a real server (`python bench/ws_sessions.py`): websocket
clients speaking Streamlit's own protocol, no browsers; p50/p95 of write -> updated Oversigt.

Per N (`--sessions`, default 1,5,10,20) at `--size` obligations (10,000), `--rounds` rounds (5) in
which the N take turns in rotating order:
- N reader sessions have the Oversigt open (loaded once, warm). One more session, the writer, has
  the register (Forpligtelser) open and writes as a person does: a status edit in the table's
  editor (the first row marked done, or open again: its findings change), then "Gem ændringer".
  Both are widget values in `rerun_script` BackMsgs, so the write goes through the page's own
  save callback, role check and store, and the writer's register rerun competes for the server
  like everyone else's.
- The moment of the write is the writer's first element of that run: the server runs widget
  callbacks (the save) after it announces a run and before the page draws anything.
- At that moment every reader's live fragment (`handover/ui/live.py`, `run_every`) fires, as a
  browser's timer sends it: a `rerun_script` naming the fragment (no widget values: a reader has
  touched none). It sees the revision moved and asks for a full rerun; a reader's time ends at
  that full run's `script_finished`. All timers firing together is the worst case; a real session
  first waits 0-2 s (`LIVE_SECONDS`) for its timer, which is not added here.
- The anchor, alternated with it: the same N readers rerun the Oversigt at once, nothing written;
  and what open tabs cost with nobody writing: the N live timers fire, the fragments run alone.
- Server CPU (user + system, /proc) from the write to the last reader's finish; peak memory.
- `--against NAME=VALUE`: a second server, on its own copy of the plan, with that environment
  variable (a Streamlit option, e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false), round by round.

Why through a page: the server process holds the DuckDB file and DuckDB allows one writing process,
so neither the CLI nor this process can write while it runs, and the app has no bench hook.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.paired import _p, age_the_plan  # noqa: E402
from bench.serving import free_port, serve, stop  # noqa: E402
from bench.table import emit  # noqa: E402

OVERVIEW, REGISTER = "oversigt", "forpligtelser"  # url paths (handover/ui/shell.py PAGES)
EDITOR, SAVE = "register_editor", "save_table"  # the register's widget keys
TIMEOUT = 600.0  # seconds for one run to finish; a loaded machine at 10,000 obligations is slow
rows: list[tuple[str, ...]] = []  # (measure, value[, budget, verdict]) for bench/table.py


class SessionError(RuntimeError):
    """The server ended a run badly (an exception on the page, or not the run that was asked)."""


@dataclass
class Run:
    """One script run as the client saw it."""

    status: str = ""  # the ScriptFinishedStatus name of the run that ended it
    finished: float = 0.0  # perf_counter when script_finished arrived
    widgets: dict[str, Any] = field(default_factory=dict)  # widget id -> its element
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (format, body)


class Session:
    """One browser tab as the server sees it: a websocket on `/_stcore/stream` carrying BackMsgs
    out and ForwardMsgs in, as protobufs (streamlit.proto)."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self.page_hash = ""  # the page the server resolved, sent back on later reruns
        self.live_fragment = ""  # the fragment that reruns on a timer (auto_rerun)

    @classmethod
    async def open(cls, port: int) -> Session:
        import websockets

        connection = await websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=60,
        )
        return cls(connection)

    async def close(self) -> None:
        await self._connection.close()

    async def send_rerun(
        self, page: str = "", *, widgets: Sequence[Any] = (), fragment: str = ""
    ) -> None:
        """A `rerun_script` as the frontend sends it: the page by url path until the server has
        named its hash, the widget values, and for a fragment's timer the fragment's id."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_name = page
        state.page_script_hash = self.page_hash
        state.fragment_id = fragment
        state.is_auto_rerun = bool(fragment)
        state.widget_states.widgets.extend(widgets)
        await self._connection.send(message.SerializeToString())

    async def finish(self, *, full: bool, drawing: asyncio.Event | None = None) -> Run:
        """Read ForwardMsgs until a run ends: the next full run's end when `full` (a fragment
        that asks for a full rerun ends early first), else whichever run ends next. `drawing` is
        set when the run's first element arrives."""
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = Run()
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(self._connection.recv(), TIMEOUT))
            kind = message.WhichOneof("type")
            if kind == "new_session":
                run = Run()
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash
            elif kind == "auto_rerun":
                self.live_fragment = message.auto_rerun.fragment_id
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                if drawing is not None:
                    drawing.set()
                element = message.delta.new_element
                shown = element.WhichOneof("type")
                if shown == "exception":
                    raise SessionError(
                        f"the page raised {element.exception.type}: {element.exception.message}"
                    )
                if shown == "alert":
                    run.alerts.append((Alert.Format.Name(element.alert.format), element.alert.body))
                widget_id = getattr(getattr(element, shown), "id", "") if shown else ""
                if widget_id:
                    run.widgets[widget_id] = element
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                if full and status != "FINISHED_SUCCESSFULLY":
                    raise SessionError(f"a full run was expected; the run ended {status}")
                run.status, run.finished = status, time.perf_counter()
                return run

    async def load(self, page: str) -> Run:
        await self.send_rerun(page)
        return await self.finish(full=True)


def _widget(run: Run, key: str) -> tuple[str, Any]:
    """The widget whose user key is `key` (Streamlit ends a keyed widget's id with '-<key>')."""
    found = [(wid, element) for wid, element in run.widgets.items() if wid.endswith(f"-{key}")]
    if len(found) != 1:
        raise SessionError(f"expected one widget keyed {key!r}, found {len(found)}")
    return found[0]


def status_edit(run: Run) -> tuple[Any, Any]:
    """Widget values for one status edit in the register's first row and for pressing save, as
    the frontend sends them: (the editor's state, the save button's trigger)."""
    import pyarrow as pa
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    editors = [
        (wid, element)
        for wid, element in run.widgets.items()
        if element.WhichOneof("type") == "dataframe" and f"-{EDITOR}_" in wid
    ]  # the editor's key carries a generation: register_editor_<n>
    if len(editors) != 1:
        raise SessionError(f"expected the register's editor once, found {len(editors)}")
    editor_id, editor = editors[0]
    table = pa.ipc.open_stream(editor.dataframe.arrow_data.data).read_all()
    # Done or open again: the findings change with it (the harder case for the readers).
    flipped = "in_progress" if table.column("status")[0].as_py() == "done" else "done"
    edit = WidgetState(
        id=editor_id,
        string_value=json.dumps(
            {"edited_rows": {"0": {"status": flipped}}, "added_rows": [], "deleted_rows": []}
        ),
    )
    return edit, WidgetState(id=_widget(run, SAVE)[0], trigger_value=True)


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the process (all its threads) so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Burst:
    latencies: list[float]  # ms from the write to each reader's updated Oversigt, ascending
    cpu: float  # server CPU ms from the write to the last reader's finish


async def one_write(writer: Session, readers: Sequence[Session], pid: int) -> Burst:
    """The writer edits a status and saves; at the write every reader's live fragment fires."""
    edit, save = status_edit(await writer.load(REGISTER))
    await writer.send_rerun(REGISTER, widgets=[edit])  # the cell edited: save enabled
    if _widget(await writer.finish(full=True), SAVE)[1].button.disabled:
        raise SessionError("the save button stayed disabled after the edit")
    drawing = asyncio.Event()
    await writer.send_rerun(REGISTER, widgets=[edit, save])
    saving = asyncio.ensure_future(writer.finish(full=True, drawing=drawing))
    waiting = asyncio.ensure_future(drawing.wait())
    await asyncio.wait((saving, waiting), return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    if saving.done():
        saving.result()  # raises what went wrong
        raise SessionError("the register drew nothing")
    burst = await together(readers, pid, _fragment_to_full_run)
    saved = await saving
    if not any(kind == "SUCCESS" for kind, _ in saved.alerts):
        raise SessionError(f"the save did not report success: {saved.alerts}")
    return burst


async def together(
    readers: Sequence[Session], pid: int, action: Callable[[Session], Awaitable[float]]
) -> Burst:
    """`action` in every reader at once, from now: ms until each one's finish, and server CPU."""
    started, cpu_before = time.perf_counter(), server_cpu_seconds(pid)
    finishes = await asyncio.gather(*(action(session) for session in readers))
    cpu = server_cpu_seconds(pid) - cpu_before
    return Burst(sorted((moment - started) * 1000 for moment in finishes), cpu * 1000)


async def _fragment_to_full_run(session: Session) -> float:
    """The live timer fires after a write: the fragment asks for the full rerun that follows."""
    await session.send_rerun(OVERVIEW, fragment=session.live_fragment)
    return (await session.finish(full=True)).finished


async def _full_run(session: Session) -> float:
    await session.send_rerun(OVERVIEW)
    return (await session.finish(full=True)).finished


async def _fragment_alone(session: Session) -> float:
    """The live timer fires with nothing changed: the fragment must run alone."""
    await session.send_rerun(OVERVIEW, fragment=session.live_fragment)
    run = await session.finish(full=False)
    if run.status != "FINISHED_FRAGMENT_RUN_SUCCESSFULLY":
        raise SessionError(f"the live fragment's timer, nothing changed, ended {run.status}")
    return run.finished


async def open_sessions(port: int, readers: int) -> tuple[Session, list[Session]]:
    """The writer on the register and `readers` sessions on the Oversigt, each loaded once."""
    writer = await Session.open(port)
    await writer.load(REGISTER)
    sessions = [await Session.open(port) for _ in range(readers)]
    for session in sessions:
        await session.load(OVERVIEW)
    return writer, sessions


WRITE, QUIET, POLL = "status edit", "nothing changed", "live timer only"


Bursts = dict[tuple[int, str], list[Burst]]  # (N, WRITE or QUIET) -> one burst per round


async def measure_servers(
    servers: Sequence[tuple[int, int]], counts: Sequence[int], rounds: int
) -> list[Bursts]:
    """Rounds in which each server (port, pid) takes its turn, in alternating order; within a
    server's turn every N in `counts` in an order rotating round by round, and for each N a burst
    after a write and a burst with nothing changed, in alternating order, then the live timers
    alone. The N readers are the first N of one pool per server (the others stay idle)."""
    opened = [await open_sessions(port, max(counts)) for port, _ in servers]
    results: list[Bursts] = [
        {(count, kind): [] for count in counts for kind in (WRITE, QUIET, POLL)} for _ in servers
    ]
    try:
        for number in range(rounds):
            order = list(range(len(servers)))
            for index in order if number % 2 == 0 else order[::-1]:
                (writer, pool), pid = opened[index], servers[index][1]
                turn = number % len(counts)
                for count in [*counts[turn:], *counts[:turn]]:
                    readers = pool[:count]
                    for kind in (WRITE, QUIET) if number % 2 == 0 else (QUIET, WRITE):
                        burst = (
                            await one_write(writer, readers, pid)
                            if kind == WRITE
                            else await together(readers, pid, _full_run)
                        )
                        results[index][(count, kind)].append(burst)
                    burst = await together(readers, pid, _fragment_alone)
                    results[index][(count, POLL)].append(burst)
    finally:
        for writer, pool in opened:
            for session in (writer, *pool):
                await session.close()
    return results


async def measure(port: int, pid: int, counts: Sequence[int], rounds: int) -> Bursts:
    """`measure_servers` for one server."""
    return (await measure_servers([(port, pid)], counts, rounds))[0]


def prepare(folder: Path, size: int) -> Path:
    """A database of `size` synthetic obligations whose history spans a year."""
    from bench.synthetic import synthetic_plan
    from handover.store.database import Database
    from handover.store.plan_io import load_plan

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plan.duckdb"
    with Database(path) as database:
        load_plan(database, synthetic_plan(size), actor="bench")
        age_the_plan(database)
    return path


@contextmanager
def serving(
    folder: Path, size: int, environment: dict[str, str] | None = None
) -> Iterator[tuple[int, int, Path]]:
    """A server on a fresh plan of `size` obligations in `folder`: (port, server pid, database);
    stopped on leaving (`handover serve` execs Streamlit, so the server is the child's pid).
    `environment` is added to this process's for the server."""
    db_path = prepare(folder, size)
    port = free_port()
    server = serve(
        [sys.executable, "-m", "handover", "serve", "--port", str(port), "--headless"],
        dict(os.environ, HANDOVER_DB=str(db_path), **(environment or {})),
        port,
        folder / "app.log",
    )
    try:
        yield port, server.pid, db_path
    finally:
        stop(server)


def _add_rows(label: str, bursts: Bursts, counts: Sequence[int]) -> None:
    for count in counts:
        sessions = f"{count} session{'s' if count != 1 else ''}"
        for kind in (WRITE, QUIET, POLL):
            measured = bursts[(count, kind)]
            ordered = sorted(ms for burst in measured for ms in burst.latencies)
            p95 = _p(ordered, 0.95)
            rows.append(
                (
                    f"{label}, {sessions}, {kind}: p50 / p95 / last / server CPU",
                    f"{_p(ordered, 0.5):,.0f} / {p95:,.0f} / {_last(measured):,.0f} / "
                    f"{statistics.median(burst.cpu for burst in measured):,.0f} ms",
                    # Where one process ends (issue 15): p95 after a write past 1 s.
                    *(("p95 ≤ 1 s", "ok" if p95 <= 1000 else "OVER") if kind == WRITE else ()),
                )
            )
        ratio = _last(bursts[(count, WRITE)]) / _last(bursts[(count, QUIET)])
        rows.append((f"{label}, {sessions}: last, {WRITE} ÷ {QUIET}", f"{ratio:.1f}x"))


def _last(measured: list[Burst]) -> float:
    """The median over rounds of the last reader's time: when the whole burst was served."""
    return statistics.median(burst.latencies[-1] for burst in measured)


def run_bench(size: int, counts: Sequence[int], rounds: int, against: dict[str, str]) -> None:
    """Serve a fresh plan of `size` obligations, measure, and add the rows; with `against` (an
    environment for a second server on its own copy of the plan), both, round by round."""
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        servers = [stack.enter_context(serving(Path(name) / "configured", size))]
        if against:
            servers.append(stack.enter_context(serving(Path(name) / "against", size, against)))
        results = asyncio.run(measure_servers([s[:2] for s in servers], counts, rounds))
        peaks = [peak_memory_mb(pid) for _, pid, _ in servers]
    _add_rows(f"{size:,} obligations", results[0], counts)
    rows.append((f"{size:,} obligations: server peak memory (VmHWM)", f"{peaks[0]:,.0f} MB"))
    if against:
        variant = " ".join(f"{key}={value}" for key, value in against.items())
        _add_rows(f"{size:,} obligations, {variant}", results[1], counts)
        rows.append((f"{size:,} obligations, {variant}: server peak memory", f"{peaks[1]:,.0f} MB"))
        for count in counts:
            ratio = _last(results[0][(count, WRITE)]) / _last(results[1][(count, WRITE)])
            rows.append(
                (
                    f"{size:,} obligations, {count} session{'s' if count != 1 else ''}, {WRITE}:"
                    f" last, as configured ÷ {variant}",
                    f"{ratio:.1f}x",
                )
            )


def report(rounds: int, load_before: tuple[float, ...]) -> None:
    load = os.getloadavg()
    emit(
        "websocket sessions, one server process",
        rows,
        f"rounds: {rounds}; 1-min load before {load_before[0]:.2f}, after {load[0]:.2f}",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--size", default="10000", help="obligations, one or more (10000)")
    parser.add_argument("--sessions", default="1,5,10,20", help="reader counts (1,5,10,20)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per count (5)")
    parser.add_argument(
        "--against",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a second server with this environment variable, paired round by round "
        "(e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false)",
    )
    args = parser.parse_args(argv)
    against = dict(pair.split("=", 1) for pair in args.against)
    counts = [int(n) for n in args.sessions.split(",")]
    load_before = os.getloadavg()
    for size in (int(n) for n in args.size.split(",")):
        run_bench(size, counts, args.rounds, against)
    report(args.rounds, load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
