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


def navigation() -> StreamlitPage:
    mark_drawn()
    language_switch()
    sidebar_box()
    with st.sidebar:
        watch()
    pages = [
        st.Page(
            PAGES_DIR / "overview.py",
            title=t("nav.overview"),
            icon=":material/dashboard:",
            url_path="oversigt",
            default=True,
        ),
        st.Page(
            PAGES_DIR / "workshop.py",
            title=t("nav.workshop"),
            icon=":material/groups:",
            url_path="workshop",
        ),
        st.Page(
            PAGES_DIR / "obligations.py",
            title=t("nav.obligations"),
            icon=":material/checklist:",
            url_path="forpligtelser",
        ),
        st.Page(
            PAGES_DIR / "timeline.py",
            title=t("nav.timeline"),
            icon=":material/view_timeline:",
            url_path="tidslinje",
        ),
        st.Page(
            PAGES_DIR / "owners.py",
            title=t("nav.owners"),
            icon=":material/person_check:",
            url_path="ejere",
        ),
        st.Page(
            PAGES_DIR / "risks.py",
            title=t("nav.risks"),
            icon=":material/warning:",
            url_path="risici",
        ),
        st.Page(
            PAGES_DIR / "organisations.py",
            title=t("nav.organisations"),
            icon=":material/corporate_fare:",
            url_path="organisationer",
        ),
        st.Page(
            PAGES_DIR / "export.py",
            title=t("nav.export"),
            icon=":material/download:",
            url_path="eksport",
        ),
        st.Page(
            PAGES_DIR / "import_page.py",
            title=t("nav.import"),
            icon=":material/upload_file:",
            url_path="import",
        ),
        st.Page(
            PAGES_DIR / "history.py",
            title=t("nav.history"),
            icon=":material/history:",
            url_path="historik",
        ),
    ]
    return st.navigation(pages)
