"""Typed text stays text in a real browser: the app over a plan full of image links, raw HTML and
`javascript:` links in titles, names, notes, evidence, risks, comments and workshop notes; every
page is opened (expanders too) in one editing session while every request the browser makes is
recorded. None may go anywhere but the app's own origin; no image of the hostile targets is in
any page, and the only links out are web addresses typed as text, each pointing where it says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.conftest import _serve, wait_until_idle
from tests.hostile import HOSTILE_CODE, IMAGE, write_hostile_plan

pytestmark = pytest.mark.browser

# The navigation's titles (Danish), and whether the page shows typed text outside tables.
PAGES = [
    ("Oversigt", True),
    ("Workshop", True),
    ("Forpligtelser", True),
    ("Tidslinje", False),
    ("Ejere", False),
    ("Risici", False),
    ("Organisationer", True),
    ("Eksport", True),
    ("Import", False),
    ("Historik", False),
]


@pytest.fixture(scope="module")
def hostile_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("browser-hostile")
    write_hostile_plan(folder / "plan.duckdb")  # `handover init` leaves a plan that is there
    yield from _serve(folder)


def _open_expanders(page: Any) -> None:
    """Open every closed expander, one at a time (opening one may move the others)."""
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(40):
        if closed.count() == 0:
            break
        closed.first.click()
        page.wait_for_timeout(100)
    wait_until_idle(page)


def test_no_page_loads_anything_from_anywhere_but_the_app(hostile_server: str, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    origin = urlsplit(hostile_server).netloc

    page.goto(hostile_server)
    page.get_by_role("heading", name="Oversigt").first.wait_for(timeout=30_000)
    name = page.get_by_test_id("stSidebar").get_by_role("textbox").first
    name.fill(f"Fie {IMAGE}")  # the name in the history and on comments: typed text too
    name.press("Enter")
    wait_until_idle(page)

    shown_as_typed = {}
    for title, shows_typed_text in PAGES:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
        wait_until_idle(page)
        if title == "Eksport":  # the whole plan's checklist: its findings name typed text
            page.get_by_test_id("stRadio").get_by_text("Alle forpligtelser").click()
            wait_until_idle(page)
            page.get_by_role("button", name="Hent tjeklisten").wait_for(timeout=30_000)
        _open_expanders(page)
        page.wait_for_timeout(500)  # let anything an element would load start loading
        assert page.locator("img[src*='evil']").count() == 0, title
        # A web address typed as text stays a link to exactly what it shows (GitHub's autolinks
        # work on the rendered text); no other link leaves the app, none runs javascript:.
        links = page.evaluate(  # HTML links, and the SVG links Plotly draws in charts
            """() => [...document.querySelectorAll('a')].map(link => [
                new URL(link.getAttribute('href')
                    || link.getAttributeNS('http://www.w3.org/1999/xlink', 'href')
                    || location.href, location.href).href,
                link.textContent])"""
        )
        for target, text in links:
            if urlsplit(target).netloc != origin:
                assert urlsplit(target).scheme in ("http", "https", "mailto"), (title, target)
                assert unquote(target).rstrip("/") == text.strip().rstrip("/"), (
                    title,
                    target,
                    text,
                )
        assert page.locator("[data-testid='stException']").count() == 0, title
        shown_as_typed[title] = sum(
            page.get_by_text(typed).count() for typed in (IMAGE, HOSTILE_CODE)
        )
        if shows_typed_text:
            assert shown_as_typed[title] > 0, title

    elsewhere = [url for url in requests if urlsplit(url).netloc not in (origin, "")]
    to_app = len(requests) - len(elsewhere)
    print(
        f"requests: {to_app} to the app, {len(elsewhere)} elsewhere; shown as typed: {shown_as_typed}"
    )
    assert to_app > 0
    assert elsewhere == [], elsewhere
