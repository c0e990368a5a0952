"""AppTest helpers: the app on a seeded database file, in the language the test asks for."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

APP = str(REPO / "app.py")
PAGES = {
    "overview": "handover/pages/overview.py",
    "obligations": "handover/pages/obligations.py",
    "organisations": "handover/pages/organisations.py",
    "owners": "handover/pages/owners.py",
    "history": "handover/pages/history.py",
    "risks": "handover/pages/risks.py",
    "export": "handover/pages/export.py",
    "timeline": "handover/pages/timeline.py",
    "import": "handover/pages/import_page.py",
    "workshop": "handover/pages/workshop.py",
    "projects": "handover/pages/projects.py",
}
MakeApp = Callable[..., AppTest]


@pytest.fixture(scope="module")
def large_plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan of 400 obligations in two projects (bench/synthetic.py), more than a screenful:
    one file per test module."""
    from bench.synthetic import synthetic_plan
    from handover.store.database import Database
    from handover.store.plan_io import load_plan

    path = tmp_path_factory.mktemp("large") / "plan.duckdb"
    with Database(path) as database:
        load_plan(database, synthetic_plan(400), actor="test")
    return path


@pytest.fixture
def make_app(seeded_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeApp]:
    """Build an AppTest on the seeded file (or `db=`), optionally in English, on a given page."""
    st.cache_resource.clear()

    def build(
        lang: str = "da", page: str | None = None, db: Path | None = None, name: str | None = ""
    ) -> AppTest:
        """`name` is who the session edits as; "" (the default) a session whose name was cleared
        (it reads only); None a fresh browser session (the system's user name)."""
        monkeypatch.setenv("HANDOVER_DB", str(db or seeded_file))
        app = AppTest.from_file(APP, default_timeout=30)
        app.session_state["language"] = lang
        if name is not None:
            app.session_state["editor_name"] = name
        app.run()
        assert not app.exception, app.exception
        if page is not None:
            app.switch_page(PAGES[page])
            app.run()
            assert not app.exception, app.exception
        return app

    yield build
    st.cache_resource.clear()


def current_editor(app: AppTest, base: str) -> str:
    """The key the page gives its table editor now (it moves on after each save or discard)."""
    generation = f"{base}__generation"
    # AppTest's session state has no .get()
    return f"{base}_{app.session_state[generation] if generation in app.session_state else 0}"  # noqa: SIM401


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(source: str) -> str:
    """What a reader sees of Markdown source made with `plain`: backslash escapes (CommonMark's,
    on ASCII punctuation) taken off and hard line breaks as line breaks."""
    return _ESCAPED.sub(r"\1", source.replace("\\\n", "\n"))


def texts(app: AppTest) -> str:
    """Every text the page shows in Markdown-rendering elements, as a reader sees it."""
    parts: list[Any] = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [e.value for e in app.error] + [w.value for w in app.warning]
    parts += [s.value for s in app.success] + [i.value for i in app.info]
    parts += [s.value for s in app.subheader]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    return "\n".join(shown(str(part)) for part in parts)
