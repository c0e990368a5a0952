"""In headless Chromium against running servers (`make bench`, or `python bench/browser_gantt.py`):

1. navigation -> Gantt drawn: the Tidslinje at 10,000 obligations against the naive anchor, a plain
   Streamlit page of `px.timeline` of every obligation (bench/anchor_gantt.py), paired and
   alternating; the time is the page's own clock (`performance.now()`, from navigation start) when
   the first bar's path is in the document;
2. sessions after one write: N browser sessions on the Oversigt, one write through another
   session (a baseline saved on the Tidslinje), then the N reload at once; p50/p95 of reload ->
   the page's last element (the table of obligations without a receiver) in the document,
   N = 1, 5, 10 (`--sessions`: this part only).
Skips, saying why, where Chromium or Playwright is missing.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.serving import CHROMIUM_FLAGS, chromium, free_port, serve, stop  # noqa: E402
from bench.table import emit  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_BROWSER_ROUNDS", "7"))
SIZE = int(os.environ.get("BENCH_BROWSER_SIZE", "10000"))
SESSIONS = tuple(int(n) for n in os.environ.get("BENCH_BROWSER_SESSIONS", "1,5,10").split(","))
VIEWPORT: Any = {"width": 1400, "height": 1100}
# The moment the first bar is in the document, on the page's own clock.
FIRST_BAR = """
new MutationObserver((_, observer) => {
  if (document.querySelector('.js-plotly-plot .barlayer path')) {
    window.__firstBar = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
SCREENSHOTS = REPO / "build" / "screenshots"
rows: list[tuple[str, str, str, str]] = []


def prepare(folder: Path) -> tuple[Path, Path]:
    """The plan database of SIZE obligations, and the anchor's rows (Parquet) read from it."""
    from bench.synthetic import synthetic_plan
    from handover.store import queries
    from handover.store.database import Database
    from handover.store.plan_io import load_plan

    db_path, parquet = folder / "plan.duckdb", folder / "anchor.parquet"
    with Database(db_path) as database:
        load_plan(database, synthetic_plan(SIZE), actor="bench")
        frame = queries.gantt_rows(database)
    frame = frame[frame["due"].notna()]
    anchor = frame.assign(
        task=frame["project"] + " · " + frame["code"],
        start=frame["start"].fillna(frame["due"]),
        finish=frame["due"],
        state=frame["handover_state"],
    )[["task", "start", "finish", "state"]]
    anchor.to_parquet(parquet)
    return db_path, parquet


def _first_bar_ms(context: Any, url: str) -> float:
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__firstBar !== undefined", timeout=180_000)
        return float(page.evaluate("window.__firstBar"))
    finally:
        page.close()


def navigation_to_gantt(app_url: str, anchor_url: str, path: str) -> None:
    """Paired, alternating: each round navigates a fresh tab to the Tidslinje and to the anchor
    (in each's own warm browser context, so plotly.js comes from the cache as for a returning
    user); the first round of each is a warm-up and not counted."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {"planner": [], "anchor": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        contexts = {}
        for name in times:
            contexts[name] = browser.new_context(viewport=VIEWPORT, locale="da-DK")
            contexts[name].add_init_script(FIRST_BAR)
        urls = {"planner": f"{app_url}/tidslinje", "anchor": anchor_url}
        for name in times:
            _first_bar_ms(contexts[name], urls[name])  # warm-up: caches, memos, plotly.js
        for number in range(ROUNDS):
            order = ["planner", "anchor"] if number % 2 == 0 else ["anchor", "planner"]
            for name in order:
                times[name].append(_first_bar_ms(contexts[name], urls[name]))
        page = contexts["planner"].new_page()
        page.goto(urls["planner"])
        page.wait_for_function("() => window.__firstBar !== undefined", timeout=180_000)
        page.wait_for_timeout(1500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"timeline-{SIZE}.png"), full_page=True)
        browser.close()
    ours, theirs = statistics.median(times["planner"]), statistics.median(times["anchor"])
    rows.append(
        (
            f"navigation -> Gantt drawn, {SIZE:,} obligations: Tidslinje / px.timeline page (p50)",
            f"{ours:,.0f} / {theirs:,.0f} ms",
            "≤ anchor",
            "ok" if ours <= theirs else "OVER",
        )
    )
    rows.append(("navigation -> Gantt drawn: anchor ÷ Tidslinje", f"{theirs / ours:.2f}x", "", ""))


READY = "Forpligtelser uden modtagende ejer"  # the Oversigt's last section


async def _overview_drawn(page: Any) -> None:
    await page.get_by_role("heading", name=READY).wait_for(timeout=180_000)
    # In the document, not necessarily painted: a grid below the fold may wait to draw.
    await page.get_by_test_id("stDataFrame").last.wait_for(state="attached", timeout=180_000)


async def _reload(page: Any) -> float:
    started = time.perf_counter()
    await page.reload(wait_until="commit", timeout=180_000)
    await _overview_drawn(page)
    return (time.perf_counter() - started) * 1000


async def _idle(page: Any) -> None:
    """No script run in progress (Streamlit's status widget says "Running" while one is)."""
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText"
        ".match(/Running|Kører/)",
        timeout=180_000,
    )
    await page.wait_for_timeout(300)


async def _save_baseline(page: Any, name: str) -> None:
    """One write through the app, as a person makes it: a baseline saved on the Tidslinje (pressed
    again if a rerun swallowed the press)."""
    for _ in range(2):
        await _idle(page)
        await page.get_by_role("textbox", name="Navn på baseline").fill(name)
        await page.get_by_role("button", name="Gem som baseline").click()
        saved = page.get_by_text(f"Baselinen '{name}' er gemt.")
        # A rerun may replace the message before it is seen; pressed again, the name is taken.
        taken = page.get_by_text(f"der er allerede en baseline ved navn '{name}'")
        try:
            await saved.or_(taken).first.wait_for(timeout=60_000)
            return
        except Exception:  # a swallowed press: try again
            continue
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "bench-writer-failed.png"), full_page=True)
    raise RuntimeError(f"the baseline {name!r} was not saved")


async def _sessions(app_url: str, path: str, count: int, rounds: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        readers = []
        for _ in range(count):
            context = await browser.new_context(viewport=VIEWPORT, locale="da-DK")
            readers.append(await context.new_page())
        writer = await (await browser.new_context(viewport=VIEWPORT, locale="da-DK")).new_page()
        await writer.goto(f"{app_url}/tidslinje", timeout=180_000)
        await writer.get_by_role("textbox", name="Navn på baseline").wait_for(timeout=180_000)
        for page in readers:
            await page.goto(app_url, timeout=180_000)
        await asyncio.gather(*(_overview_drawn(page) for page in readers))
        latencies: list[float] = []
        for number in range(rounds):
            await _save_baseline(writer, f"bench {count}-{number}")
            latencies.extend(await asyncio.gather(*(_reload(page) for page in readers)))
        await browser.close()
    return sorted(latencies)


def _p(ordered: list[float], share: float) -> float:
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def sessions_after_a_write(app_url: str, path: str) -> None:
    """N sessions on the Oversigt reload together right after one write made in another session;
    reload -> the Oversigt's last section drawn, p50/p95 over 3 rounds."""
    for count in SESSIONS:
        ordered = asyncio.run(_sessions(app_url, path, count, rounds=3))
        p50, p95 = _p(ordered, 0.5), _p(ordered, 0.95)
        rows.append(
            (
                f"{count} browser sessions reload the Oversigt after a baseline save: p50 / p95",
                f"{p50:,.0f} / {p95:,.0f} ms",
                "",
                "",
            )
        )


def main() -> int:
    path = chromium()
    if path is None:
        print("bench/browser_gantt.py: skipped, no Chromium found (apt-get install chromium)")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        print(
            "bench/browser_gantt.py: skipped, Playwright is not installed (pip install -e .[dev])"
        )
        return 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db_path, parquet = prepare(folder)
        app_port, anchor_port = free_port(), free_port()
        environment = dict(os.environ, HANDOVER_DB=str(db_path))
        app = serve(
            [sys.executable, "-m", "handover", "serve", "--port", str(app_port), "--headless"],
            environment,
            app_port,
            folder / "app.log",
        )
        try:
            anchor = serve(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(REPO / "bench" / "anchor_gantt.py"),
                    "--server.port",
                    str(anchor_port),
                    "--server.headless",
                    "true",
                    # served as `handover serve` serves the app (handover/cli.py)
                    "--server.fileWatcherType",
                    "none",
                ],
                dict(os.environ, ANCHOR_ROWS=str(parquet)),
                anchor_port,
                folder / "anchor.log",
            )
            try:
                if "--sessions" not in sys.argv:  # --sessions: the sessions part only
                    navigation_to_gantt(
                        f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{anchor_port}", path
                    )
            finally:
                stop(anchor)
            sessions_after_a_write(f"http://127.0.0.1:{app_port}", path)
        finally:
            stop(app)
            report()  # what was measured, also when a later part failed
    return 0


def report() -> None:
    emit("in Chromium", rows, f"rounds: {ROUNDS}")


if __name__ == "__main__":
    sys.exit(main())
