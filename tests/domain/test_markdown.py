"""Typed text put into Markdown renders as the same text: checked against a CommonMark renderer
(markdown-it-py, with GitHub's tables and strikethrough) for any text, and for Streamlit's own
extras (directives, icons, emoji, LaTeX) by what the escaped source must not contain."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from handover.domain.markdown import escape

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HOSTILE = [
    "![x](http://evil.example/x.png)",
    '<img src="http://evil.example/y.png">',
    "[click](javascript:alert(1))",
    ":red[x] $x$ :smile: :material/home: $$y$$",
    "# heading\n- item\n1. first\n2) second\n    code\n---\n===\n> quote",
    "| a | b |\n| --- | --- |\n| c | d |",
    "*a* _b_ **c** ~~d~~ `e` &amp; \\ www.evil.example anna@evil.example <http://evil.example>",
    "[ref]\n\n[ref]: http://evil.example/z.png",
]
# Any text, with every ASCII punctuation character and line breaks mixed in.
TEXT = st.text(
    st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        include_characters="\n\r\t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    ),
    max_size=80,
)


def rendered_as_text(source: str) -> str:
    """The paragraph's content when the source is exactly one paragraph of text and line breaks;
    fails when anything else (a heading, list, link, image, code, table, emphasis) came out."""
    out = RENDERER.render(source)
    match = re.fullmatch(r"<p>(.*)</p>\n", out, re.DOTALL)
    assert match, out
    body = match[1].replace("<br />\n", "\n")
    assert "<" not in body, out  # no element inside the paragraph
    return html.unescape(body)


def as_shown(value: str, *, one_line: bool = False) -> str:
    """What a reader should see: the text's lines, blanks at their ends aside (HTML does not show
    them, and Markdown trims them)."""
    if one_line:
        value = re.sub(r"\s*[\r\n]\s*", " ", value.strip("\r\n"))
    lines = re.split(r"\r\n|\r|\n", value.strip("\r\n"))
    return "\n".join(line.strip() for line in lines)


def same_text(source: str, value: str, *, one_line: bool = False) -> None:
    shown = rendered_as_text(source).split("\n")
    assert "\n".join(line.strip() for line in shown) == as_shown(value, one_line=one_line)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_renders_as_the_same_text(value: str) -> None:
    same_text(escape(value), value)
    same_text(escape(value, one_line=True), value, one_line=True)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_renders_as_the_same_text(value: str) -> None:
    if not value.strip():
        return  # nothing to show
    same_text(escape(value), value)
    same_text(escape(value, one_line=True), value, one_line=True)


@pytest.mark.parametrize("value", HOSTILE)
def test_streamlit_extras_are_not_started(value: str) -> None:
    source = escape(value)
    # Directives (:red[...]) and emoji (:smile:) need an unescaped colon; Streamlit rewrites
    # ":material/" before parsing, so the slash after it is escaped too; math needs a bare $.
    assert not re.search(r"(?<!\\):", source)
    assert ":material/" not in source
    assert not re.search(r"(?<!\\)\$", source)
    assert not re.search(r"(?<!\\)<", source)


def test_one_line_text_has_no_line_break() -> None:
    assert escape("a\r\n\n  b\rc", one_line=True) == "a b c"
    assert escape("a\n\nb") == "a\\\n\\\nb"  # blank lines kept as empty hard-broken lines


def test_dates_and_ordinary_words_stay_readable() -> None:
    assert escape("29.01.2027") == "29.01.2027"
    assert escape("EU-Kommissionen, 60 dage (AT4)") == "EU-Kommissionen, 60 dage (AT4)"
    assert escape("- punkt") == "\\- punkt"
    assert escape("1. punkt") == "1\\. punkt"
