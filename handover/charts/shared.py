"""A figure built once and then only read: what the pages remember and every session's rerun
hands to Streamlit."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go


class SharedFigure(go.Figure):  # type: ignore[misc]  # plotly has no type hints
    """A Plotly figure not changed once its builder returns it (a memo's, shared by sessions).

    Streamlit asks every rerun for the figure's dict (`to_dict`: a deep copy of all of it,
    Plotly's template included, ~2 ms a chart on each rerun of each session); here it is made
    once, on the first ask, and handed out again. Like the figure, the dict is read-only.
    """

    def to_dict(self) -> dict[str, Any]:
        made: dict[str, Any] | None = getattr(self, "_made_dict", None)
        if made is None:
            made = super().to_dict()
            self._made_dict = made
        return made


def shortened(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
