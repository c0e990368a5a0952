"""Import in a real browser: upload a spreadsheet with one bad row, read the problem, import
only the clean row; upload the status report and take one proposed obligation. Screenshots in
Danish and English land in build/screenshots/."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot, wait_until_idle
from tests.conftest import REPO
from tests.imports.helpers import HEADER_DA, csv_bytes

pytestmark = pytest.mark.browser

CSV = csv_bytes(
    [
        HEADER_DA,
        ["XS-90", "Årsrapport til bestyrelsen", "Afrapportering", "15.01.2027", "", "1.000,00", ""],
        ["XS-91", "Forkert dato", "Drift", "31.02.2026", "", "", ""],
    ]
)
REPORT = REPO / "tests" / "imports" / "data" / "statusrapport-xshare.md"


def _named(page: Any, server: str, path: str) -> None:
    page.goto(f"{server}/{path}")
    page.get_by_role("heading", name="Import").first.wait_for(timeout=30_000)
    name = page.get_by_test_id("stSidebar").get_by_role("textbox").first
    name.fill("Anna")
    name.press("Enter")
    page.locator("input[type=file]").first.wait_for(state="attached", timeout=30_000)


def test_a_spreadsheet_with_a_bad_row_then_only_the_clean_rows(own_server: str, page: Any) -> None:
    _named(page, own_server, "import")
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "plan.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_text("Problemer i filen: 1").wait_for(timeout=30_000)
    wait_until_idle(page)
    screenshot(page, "import-problems-da")
    page.get_by_text("Importér kun rækkerne uden problemer").click()
    page.get_by_role("button", name="Importér", exact=True).click()
    page.get_by_text("Importeret: 1 tilføjet, 0 ændret").wait_for(timeout=30_000)
    page.goto(f"{own_server}/forpligtelser")
    page.get_by_text("27 af 27 forpligtelser").wait_for(timeout=30_000)


def test_a_status_report_and_its_proposals_in_english(own_server: str, page: Any) -> None:
    _named(page, own_server, "import?lang=en")
    page.locator("input[type=file]").first.set_input_files(str(REPORT))
    page.get_by_text("Proposed obligations").wait_for(timeout=30_000)
    page.get_by_role("heading", name="xShare").wait_for(timeout=30_000)
    wait_until_idle(page)
    page.wait_for_timeout(800)
    screenshot(page, "import-report-en")
    page.set_viewport_size({"width": 1400, "height": 2000})  # the app scrolls inside itself
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SCREENSHOTS / "import-report-proposals-en.png"))


def test_the_register_template_downloads_in_the_page_language(own_server: str, page: Any) -> None:
    # The file is made when the button is pressed, outside the page's script run: the language
    # must come from the page, not from a session that is not there.
    _named(page, own_server, "import?lang=en")
    page.get_by_text("Template: the register as a spreadsheet").click()
    wait_until_idle(page)
    for attempt in range(3):  # a click that lands while the page reruns is lost: press again
        try:
            with page.expect_download(
                timeout=30_000
            ) as waiting:  # made on the click: slow under load
                page.get_by_role("button", name="Download as CSV").click()
            break
        except Exception:
            if attempt == 2:
                raise
            wait_until_idle(page)
    download = waiting.value
    assert download.suggested_filename == "obligations.csv"
    rows = list(
        csv.reader(io.StringIO(Path(download.path()).read_text("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:2] == ["Code", "Title"]
    assert "XS-01" in {row[0] for row in rows[1:]}
