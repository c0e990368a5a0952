"""The Oversigt's findings in a real browser: a closed section is built when it is opened, and its
links then open the register on the obligation in the same session."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_opening_the_warnings_shows_their_links(server: str, page: Any) -> None:
    page.goto(server)
    page.get_by_role("heading", name="Oversigt", exact=True).wait_for(timeout=30_000)
    warnings = page.get_by_test_id("stExpander").filter(has_text="Advarsel (")
    warnings.wait_for(timeout=30_000)
    assert warnings.get_by_test_id("stPageLink").count() == 0  # closed: nothing sent yet
    warnings.get_by_text("Advarsel (").click()
    link = warnings.get_by_test_id("stPageLink").first
    link.wait_for(timeout=30_000)  # built by the rerun that opening it asked for
    code = link.inner_text().split()[-1]  # after the icon's ligature name
    screenshot(page, "overview-warnings-open-da")
    link.click()
    page.get_by_role("heading", name="Forpligtelser", exact=True).wait_for(timeout=30_000)
    page.get_by_text("1 af 26 forpligtelser").wait_for(timeout=30_000)
    # Its details follow (the register's details heading: "XS-01 · <title>").
    page.get_by_role("heading").filter(has_text=f"{code} · ").wait_for(timeout=30_000)
