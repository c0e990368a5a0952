"""The session's language (Danish unless switched) and text from the one catalogue in that language.

The language lives in session state under `LANGUAGE_KEY`; `?lang=en` in the address starts a session
in English, so a facilitator can hand out a link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from handover.domain.dates import format_date
from handover.domain.markdown import escape
from handover.domain.text import DEFAULT_LANGUAGE, LANGUAGES, label, text

LANGUAGE_KEY = "language"
_NAMES = {"da": "Dansk", "en": "English"}


def lang() -> str:
    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    """Catalogue text in the session's language."""
    return text(key, lang(), **params)


def term(vocabulary: str, value: str) -> str:
    """A vocabulary value's label in the session's language (`term("status", "done")`)."""
    return label(vocabulary, value, lang())


def labeller(prefix: str) -> Callable[[Any], str]:
    """A `format_func` for widgets: `prefix.value` from the catalogue, in today's language.

    The language is fixed when the labeller is made: AppTest (and Streamlit) may call a
    `format_func` outside the script run, where session state is not at hand.
    """
    language = lang()
    return lambda value: text(f"{prefix}.{value}", language)


def d(value: date | None) -> str:
    """A date as the planner shows it: dd.mm.yyyy."""
    return format_date(value)


def language_switch() -> None:
    """The sidebar's Dansk/English switch; the choice holds for the whole session."""
    if LANGUAGE_KEY not in st.session_state:
        requested = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state[LANGUAGE_KEY] = requested if requested in LANGUAGES else DEFAULT_LANGUAGE
    st.sidebar.radio(
        text("app.language", lang()),
        options=list(LANGUAGES),
        format_func=_NAMES.__getitem__,
        key=LANGUAGE_KEY,
        horizontal=True,
    )


def plain(value: object, *, one_line: bool = False) -> str:
    """User text for any call that renders Markdown (st.markdown, captions, alerts, toasts,
    labels, metrics, expanders, tabs): shown as written, never as a link, image or heading.
    The one place the pages escape; table cells and select boxes take text as it is."""
    return escape(value, one_line=one_line)
