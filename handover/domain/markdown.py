"""Typed text inside Markdown, shown exactly as written: `escape` is the one rule for putting a
title, name, note or file value into Markdown (the app's pages and the Markdown exports).

Streamlit renders GitHub Markdown plus its own extras in every `st.markdown`, caption, alert,
toast, label and metric: `:red[…]` directives, `:material/…:` icons, `:smile:` emoji and `$…$`
LaTeX. Escaped text starts none of them: no image loads, no link hides its target, no heading,
list, table, code or colour comes out of what someone typed. A bare web or e-mail address stays a
link to exactly the address shown (GitHub's autolinks work on the rendered text, past any escape);
it loads nothing until clicked. Table cells (`st.dataframe`, `st.data_editor`) and select boxes
show text as text already: they get the value unescaped.
"""

from __future__ import annotations

import re

# Characters that start inline markup anywhere in a line: emphasis and strikethrough, code, links
# and images, HTML and <autolinks>, entities, tables, headings, math, directives/emoji/icons, and
# the backslash itself. CommonMark lets any ASCII punctuation be escaped this way.
_ANYWHERE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>&|#$:~!"})
# Block markers that count only at the start of a line: list items (`- `, `+ `, `1. `, `1) `),
# thematic breaks and setext underlines (`---`, `===`).
_LINE_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])(?=\s|$)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")


def escape(value: object, *, one_line: bool = False) -> str:
    """`value` as Markdown source that renders as the same text.

    Line breaks become hard breaks (a backslash before the newline), so notes keep their lines
    inside a list item or a quote; `one_line` turns them into spaces, for headings and labels.
    Leading blanks of a line are dropped (rendered text collapses them anyway; four would make a
    code block)."""
    text = str(value).strip("\r\n")
    lines = [" ".join(_BREAKS.split(text))] if one_line else _LINE_BREAK.split(text)
    return "\\\n".join(_line(line.lstrip(" \t")) for line in lines)


def _line(line: str) -> str:
    escaped = line.translate(_ANYWHERE)
    # Streamlit turns ":material/" into an icon name before parsing, escaped colon or not.
    escaped = escaped.replace(":material/", ":material\\/")
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
