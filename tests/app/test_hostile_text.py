"""Typed text is shown as text on every page: a plan whose titles, names, notes, evidence, risks,
comments and workshop notes carry image links, raw HTML, `javascript:` links, Streamlit colour
directives, icons and LaTeX is rendered, and every Markdown-rendering element (markdown, captions,
headings, alerts, toasts, metrics, widget labels and help, radio options, expander/tab/popover
labels, dialog titles) is checked: its source renders (CommonMark, as markdown-it-py does) to no
image, no HTML and no link to the hostile targets, starts no Streamlit extra, and shows the typed
text as written. No page shows a stray "None" (Streamlit's "magic" writes bare expressions)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES, MakeApp, shown, texts
from tests.hostile import (
    EDITOR,
    HOSTILE,
    HOSTILE_CODE,
    HTML,
    IMAGE,
    SCRIPT,
    SHORT,
    write_hostile_plan,
)
from tests.imports.helpers import csv_bytes

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Proto fields Streamlit renders as Markdown; a radio's options too (a select box's are text).
MARKDOWN_FIELDS = {"body", "label", "help", "title", "delta", "captions"}
MARKDOWN_OPTIONS = {"Radio", "ButtonGroup"}
NOT_MARKDOWN = {"Arrow", "PlotlyChart", "DataFrame", "Code", "Json", "Text", "Exception"}


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "plan.duckdb"
    write_hostile_plan(path)
    return path


def _markdown_sources(message: Message) -> Iterator[str]:
    """Every string in the element that Streamlit renders as Markdown."""
    kind = message.DESCRIPTOR.name
    if kind in NOT_MARKDOWN:
        return
    for field, value in message.ListFields():
        if field.message_type is not None:
            values = value if field.is_repeated else [value]
            for item in values:
                if isinstance(item, Message):
                    yield from _markdown_sources(item)
        elif field.name in MARKDOWN_FIELDS or (
            field.name == "options" and kind in MARKDOWN_OPTIONS
        ):
            yield from (value if field.is_repeated else [value])


def _sources(app: AppTest) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            found.extend(_markdown_sources(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return [source for source in found if source]


def _inert(source: str) -> None:
    html = RENDERER.render(source)
    assert "<img" not in html, (source, html)
    for target in re.findall(r"href=\"([^\"]*)\"", html):  # only the app's own pages
        assert re.fullmatch(r"[a-z]+\?[a-z]+=[A-Za-z0-9%._~-]*", target), (source, target)
    assert not re.search(r"(?<!\\)<(?:img|script)", source), source
    # Streamlit's extras: directives and icons need a bare colon, LaTeX a bare dollar.
    assert not re.search(r"(?<!\\):(?:red|material|smile)", source), source
    assert ":material/" not in source, source
    assert not re.search(r"(?<!\\)\$x", source), source


def _check_page(app: AppTest) -> tuple[int, int]:
    """(Markdown-rendering texts checked, texts that show hostile text as it was typed)."""
    assert not app.exception, app.exception
    sources = _sources(app)
    as_typed = 0
    for source in sources:
        _inert(source)
        assert source.strip() not in ("None", "`None`"), "a stray None on the page"
        seen = shown(source)
        assert "\\!\\[" not in seen and "\\<img" not in seen, ("escaped twice", source)
        as_typed += any(part in seen for part in (IMAGE, HTML, SCRIPT, SHORT, HOSTILE_CODE))
    return len(sources), as_typed


# Pages whose Markdown shows typed text (the others show it in tables and select boxes).
SHOWS_TYPED_TEXT = {"overview", "obligations", "organisations", "export", "workshop"}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("name", [EDITOR, None], ids=["editing", "reading"])
def test_hostile_text_is_inert_on_every_page(
    make_app: MakeApp, hostile_file: Path, page: str, name: str | None
) -> None:
    app = make_app(page=page, db=hostile_file, name=name)
    if page == "export":  # the whole plan's checklist: its findings name people and places
        app.radio(key="x_kind").set_value("all").run()
    checked, as_typed = _check_page(app)
    print(f"{page} ({'editing' if name else 'reading'}): {checked} checked, {as_typed} as typed")
    assert checked > 0
    if page in SHOWS_TYPED_TEXT and name is not None:
        assert as_typed > 0, "the hostile text should be on this page, shown as typed"


def test_the_baseline_comparison_and_the_workshop_s_risk_item(
    make_app: MakeApp, hostile_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "plan.duckdb"
    shutil.copy(hostile_file, copy)  # the workshop moves on here: the other tests keep theirs
    app = make_app(page="timeline", db=copy, name=EDITOR)
    app.selectbox(key="g_baseline").select_index(1).run()
    _, as_typed = _check_page(app)
    assert as_typed > 0 and "Basis " + SHORT in texts(app)  # the baseline's name, as typed
    app.text_input(key="baseline_name").input(f"Ny {SHORT}")
    app.button(key="FormSubmitter:save_baseline-" + app.button[-1].label).click().run()
    _, as_typed = _check_page(app)
    assert f"Ny {SHORT}" in texts(app)  # the saved message, as typed

    app = make_app(page="workshop", db=copy, name=EDITOR)
    app.button(key="w_next").click().run()
    _, as_typed = _check_page(app)
    assert "⚠" in texts(app) and HOSTILE in texts(app)  # the risk's title and mitigation


def test_a_hostile_spreadsheet_on_the_import_page(
    make_app: MakeApp, hostile_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "plan.duckdb"
    shutil.copy(hostile_file, copy)
    app = make_app(page="import", db=copy, name=EDITOR)
    rows = [
        ["Kode", "Titel", "Kategori", "Frist", f"Ukendt {IMAGE}", f"{HTML} ark"],
        ["XS-90", HOSTILE, "Afrapportering", "31.02.2026", HOSTILE, HOSTILE],
    ]
    content = csv_bytes(rows)
    app.get("file_uploader")[0].upload(f"plan {SHORT}.csv", content, "text/csv").run()  # type: ignore[attr-defined]
    checked, as_typed = _check_page(app)
    # The unknown headings label the column-mapping boxes and are listed as ignored, as typed.
    assert checked > 0 and as_typed > 0
    assert f"Ukendt {IMAGE}" in texts(app)


def test_the_obligation_dialog_shows_the_hostile_title_as_text(
    make_app: MakeApp, hostile_file: Path
) -> None:
    app = make_app(page="obligations", db=hostile_file, name=EDITOR)
    edit = next(button for button in app.button if button.key and button.key.startswith("edit_"))
    edit.click().run()
    _, as_typed = _check_page(app)
    assert as_typed > 0
    assert any(HOSTILE in shown(s.value) for s in app.subheader)  # the dialog's heading
