"""Workshop mode in two real browsers at once: the facilitator steps to the next item and edits
an obligation; a second browser context, watching, follows within five seconds without anyone
touching it. Screenshots of both screens, in Danish and English."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM_FLAGS, screenshot, wait_until_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def two_pages(chromium_path: str) -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        first = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="da-DK")
        second = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
        yield first.new_page(), second.new_page()
        first.close()
        second.close()
        browser.close()


def test_a_watching_browser_follows_the_facilitator_within_five_seconds(
    own_server: str, two_pages: Any
) -> None:
    facilitator, watcher = two_pages
    facilitator.goto(f"{own_server}/workshop")
    facilitator.get_by_role("heading", name="Workshop").first.wait_for(timeout=30_000)
    name = facilitator.get_by_test_id("stSidebar").get_by_role("textbox").first
    name.fill("Fie")
    name.press("Enter")
    facilitator.get_by_role("button", name="Start mødet").click()
    facilitator.get_by_text("Punkt 1 af").first.wait_for(timeout=30_000)
    wait_until_idle(facilitator)

    watcher.goto(f"{own_server}/workshop?lang=en")
    watcher.get_by_text("Item 1 of").first.wait_for(timeout=30_000)
    wait_until_idle(watcher)

    facilitator.get_by_role("button", name="Næste").click()
    facilitator.get_by_text("Punkt 2 af").first.wait_for(timeout=30_000)
    moved = time.monotonic()
    watcher.get_by_text("Item 2 of").first.wait_for(timeout=5_000)  # nobody touched it
    assert time.monotonic() - moved <= 5.0
    wait_until_idle(facilitator)
    facilitator.wait_for_timeout(500)
    screenshot(facilitator, "workshop-facilitator-da")
    wait_until_idle(watcher)
    watcher.wait_for_timeout(500)
    screenshot(watcher, "workshop-follower-en")

    # A decision recorded by the facilitator appears on the watching screen too.
    facilitator.get_by_label("Tekst").fill("Bestyrelsen i ESHIA overtager driften")
    facilitator.get_by_role("button", name="Tilføj").click()
    facilitator.get_by_text("Bestyrelsen i ESHIA overtager driften").wait_for(timeout=30_000)
    watcher.get_by_text("Bestyrelsen i ESHIA overtager driften").wait_for(timeout=5_000)

    # The room decides on the item in front of it: a receiving owner from the successor
    # organisation, chosen in the item view; the watching screen shows the minuted decision.
    wait_until_idle(facilitator)
    receiver = facilitator.get_by_test_id("stSelectbox").filter(has_text="Modtagende ejer")
    receiver.evaluate("element => element.scrollIntoView({block: 'center'})")
    receiver.get_by_role("combobox").click()
    facilitator.get_by_role("option").filter(has_text="Digital Sundhed Danmark").first.click()
    wait_until_idle(facilitator)
    facilitator.get_by_role("button", name="Sæt modtagende ejer").click()
    facilitator.get_by_text("Modtagende ejer: — →").first.wait_for(timeout=30_000)
    decided = time.monotonic()
    watcher.get_by_text("Modtagende ejer: — →").first.wait_for(timeout=5_000)
    assert time.monotonic() - decided <= 5.0
    watcher.get_by_text("1 resolved").first.wait_for(timeout=5_000)
    wait_until_idle(facilitator)
    screenshot(facilitator, "workshop-decided-da")
    wait_until_idle(watcher)
    screenshot(watcher, "workshop-decided-follower-en")
