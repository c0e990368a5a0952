"""The app's frame: the language switch and the pages, titled in the session's language.

Only screens that are built appear here; each is a plain script under `handover/pages/`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from handover.ui.access import sidebar_box
from handover.ui.i18n import language_switch, t
from handover.ui.live import mark_drawn, watch

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"


# Every page's stable address: the Danish slug (shown in the menu) and the English one, both
# served (README "Page addresses"). (script, title key, icon, Danish slug, English slug)
PAGES = (
    ("overview.py", "nav.overview", ":material/dashboard:", "oversigt", "overview"),
    ("workshop.py", "nav.workshop", ":material/groups:", "workshop", "workshop"),
    ("obligations.py", "nav.obligations", ":material/checklist:", "forpligtelser", "obligations"),
    ("timeline.py", "nav.timeline", ":material/view_timeline:", "tidslinje", "timeline"),
    ("owners.py", "nav.owners", ":material/person_check:", "ejere", "owners"),
    ("risks.py", "nav.risks", ":material/warning:", "risici", "risks"),
    ("projects.py", "nav.projects", ":material/flag:", "projekter", "projects"),
    (
        "organisations.py",
        "nav.organisations",
        ":material/corporate_fare:",
        "organisationer",
        "organisations",
    ),
    ("export.py", "nav.export", ":material/download:", "eksport", "export"),
    ("import_page.py", "nav.import", ":material/upload_file:", "import", "import"),
    ("history.py", "nav.history", ":material/history:", "historik", "history"),
)


_SHOWN: dict[str, StreamlitPage] = {}  # script -> its page in the menu (rebuilt every run)


def register_page() -> StreamlitPage:
    """The register's page as the menu shows it, for in-session links (`st.page_link`)."""
    return _SHOWN["obligations.py"]


def navigation() -> StreamlitPage:
    mark_drawn()
    language_switch()
    sidebar_box()
    with st.sidebar:
        watch()
    pages = []
    aliases: tuple[str, ...]
    for script, key, icon, danish, english in PAGES:
        if danish == "oversigt":
            # The first page opens at "/"; its own slugs are aliases (a default page's url_path
            # is not served otherwise: "/oversigt" answered "Page not found").
            pages.append(
                st.Page(
                    PAGES_DIR / script,
                    title=t(key),
                    icon=icon,
                    default=True,
                    url_path="start",  # reserved by the default page, which is served at "/"
                )
            )
            aliases = (danish, english)
        else:
            pages.append(st.Page(PAGES_DIR / script, title=t(key), icon=icon, url_path=danish))
            aliases = (english,) if english != danish else ()
        _SHOWN[script] = pages[-1]
        pages += [
            st.Page(PAGES_DIR / script, title=t(key), url_path=alias, visibility="hidden")
            for alias in aliases
        ]
    return st.navigation(pages)
