"""The real app in headless Chromium: a server on a free port over a seeded database file, and a
browser page. Skips, saying why, where no Chromium (or Playwright) is found; CI installs both."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.serving import CHROMIUM_FLAGS, chromium, free_port, serve, stop
from tests.conftest import REPO, TODAY

SCREENSHOTS = REPO / "build" / "screenshots"


def _unavailable(reason: str) -> None:
    """Skip, saying why; where CI requires the browser (HANDOVER_REQUIRE_BROWSER=1), fail."""
    if os.environ.get("HANDOVER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here, but {reason}")
    pytest.skip(f"{reason}; browser tests skipped")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium()
    if path is None:
        _unavailable("no Chromium was found (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    assert path is not None
    return path


def _serve(folder: Path) -> Iterator[str]:
    """`handover serve` on a free port over a freshly seeded file; yields the base URL."""
    db = folder / "plan.duckdb"
    environment = dict(os.environ, HANDOVER_DB=str(db), HANDOVER_TODAY=TODAY)
    subprocess.run(
        [sys.executable, "-m", "handover", "init"],
        env=environment,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    port = free_port()
    try:
        process = serve(
            [sys.executable, "-m", "handover", "serve", "--port", str(port), "--headless"],
            environment,
            port,
            folder / "server.log",
            timeout=60,
        )
    except RuntimeError as error:
        pytest.fail(f"the app did not start: {error}")
    yield f"http://127.0.0.1:{port}"
    stop(process)


@pytest.fixture(scope="session")
def server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the seeded plan, shared by the tests that only read or make small edits."""
    yield from _serve(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def own_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over its own seeded plan, for a module whose writes others must not see."""
    yield from _serve(tmp_path_factory.mktemp("browser-own"))


@pytest.fixture
def page(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="da-DK")
        yield context.new_page()
        context.close()
        browser.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_until_idle(page: Any, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has no run in progress (its status widget says "Running" while one is);
    a grid clicked during a rerun may be replaced under the pointer."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText"
        ".match(/Running|Kører/)",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)
