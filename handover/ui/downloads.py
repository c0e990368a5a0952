"""Download buttons whose file is made when pressed (Streamlit's deferred `data`), as every page
offers them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def download_made_on_press(
    label: str, make: Callable[[], bytes | str], *, where: Any = st, **options: Any
) -> None:
    """A download button that makes its file (`make`) only when pressed, and does not rerun the
    page on the press.

    Why not rerun: Streamlit answers the press (the file's address) on the session's outgoing
    queue, and a run that starts before the answer is sent clears that queue, answer included;
    the button then stays disabled for good. The rerun a press asks for by default is such a run
    (seen in about 1 of 4 runs of tests/browser/test_browser_import.py before this).
    """
    where.download_button(label, data=make, on_click="ignore", **options)
