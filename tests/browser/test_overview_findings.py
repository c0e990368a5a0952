"""The Oversigt's findings in a real browser: a closed section is built when it is opened, and its
codes then open the register on the obligation in the same session; coming back to the Oversigt
stays there."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_opening_the_warnings_shows_their_codes_which_open_the_register(
    server: str, page: Any
) -> None:
    page.goto(server)
    page.get_by_role("heading", name="Oversigt", exact=True).wait_for(timeout=30_000)
    warnings = page.get_by_test_id("stExpander").filter(has_text="Advarsel (")
    warnings.wait_for(timeout=30_000)
    assert warnings.get_by_test_id("stButtonGroup").count() == 0  # closed: nothing sent yet
    warnings.get_by_text("Advarsel (").click()
    line = warnings.get_by_test_id("stButtonGroup").first
    line.wait_for(timeout=30_000)  # built by the rerun that opening it asked for
    # A radio group named for what it does (Streamlit's pills): each code a choice.
    pill = line.get_by_role("radiogroup", name="Åbn i registret").get_by_role("radio").first
    code = pill.inner_text().split()[-1]  # after the icon's ligature name
    screenshot(page, "overview-warnings-open-da")
    pill.click()
    page.get_by_role("heading", name="Forpligtelser", exact=True).wait_for(timeout=30_000)
    page.get_by_text("1 af 26 forpligtelser").wait_for(timeout=30_000)
    # Its details follow (the register's details heading: "XS-01 · <title>").
    page.get_by_role("heading").filter(has_text=f"{code} · ").wait_for(timeout=30_000)
    # Back on the Oversigt, the code pressed does not open the register again.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Oversigt").click()
    page.get_by_role("heading", name="Oversigt", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(1_500)
    assert page.get_by_role("heading", name="Oversigt", exact=True).is_visible()
    assert page.get_by_role("heading", name="Forpligtelser", exact=True).count() == 0
