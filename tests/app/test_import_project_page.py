"""The Import page with a project file: what was read, the loss report before anything is
written, the category chosen for new obligations, then the import; a broken file is refused with
its message and nothing written."""

from __future__ import annotations

import os
from pathlib import Path

from handover.store.database import Database
from handover.store.plan_io import read_plan
from tests.app.conftest import MakeApp, texts
from tests.app.test_import_page import upload
from tests.conftest import file_fingerprint
from tests.imports.project_helpers import need_java, need_samples


def test_a_gantt_project_file_shows_its_loss_report_then_imports(
    make_app: MakeApp, seeded_file: Path
) -> None:
    need_java()
    data = (need_samples() / "HouseBuildingSample.gan").read_bytes()
    before = file_fingerprint(seeded_file)
    app = upload(make_app(page="import", name="Anna"), "HouseBuildingSample.gan", data)
    shown = texts(app)
    assert "12 opgaver, 4 milepæle, 3 forbindelser, 7 ressourcer" in shown
    assert "tabsrapport" in shown and "6 × ressourcesatser" in shown
    assert "Nye lukkedage fra filens kalendere (1): 14.02.2006" in shown
    assert "lukkedage: 1 nye, 0 ændrede, 0 uændrede" in shown
    assert file_fingerprint(seeded_file) == before
    app.selectbox(key="import_project_category").select("finance").run()
    app.button(key="import_project_go").click().run()
    assert not app.exception, app.exception
    assert "Nye lukkedage i planens kalender: 1" in texts(app)
    with Database(seeded_file) as database:
        plan = read_plan(database)
    imported = [o for o in plan.obligations if "HouseBuildingSample.gan" in o.source_ref]
    assert len(imported) == 12
    assert {o.category.value for o in imported} == {"finance"}
    assert "2006-02-14" in plan.settings.closing_days


def test_a_broken_project_file_is_refused_and_nothing_is_written(
    make_app: MakeApp, seeded_file: Path
) -> None:
    need_java()
    before = file_fingerprint(seeded_file)
    app = upload(make_app(page="import", name="Anna"), "plan.mpp", os.urandom(3000))
    assert "plan.mpp kan ikke læses som projektfil" in texts(app)
    assert file_fingerprint(seeded_file) == before
