"""The app starts fast: importing what app.py and the pages import loads no spreadsheet, PDF or
calendar library (those belong inside the export functions)."""

import json
import subprocess
import sys

from tests.conftest import REPO

HEAVY = ("openpyxl", "xlsxwriter", "reportlab", "fpdf", "pypdf", "icalendar", "docx")


def test_the_app_modules_import_no_export_libraries() -> None:
    script = (
        "import sys, json\n"
        "import handover.ui.shell, handover.ui.db, handover.ui.tables, handover.charts.overview\n"
        "import handover.store.queries, handover.store.seed, handover.cli\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {list(HEAVY)!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert json.loads(done.stdout) == []
