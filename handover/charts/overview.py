"""Small bar charts for the overview: how many obligations per handover state and per category."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

import plotly.graph_objects as go

from handover.charts.shared import SharedFigure, shortened

LABEL_CHARS = 40  # an axis label's length: about a third of a half-width chart at 1366 px

# Handover states run from alarming to done; the colours say so (colour-blind-safe Okabe–Ito).
STATE_COLOURS = {
    "unassigned": "#D55E00",
    "rejected": "#CC79A7",
    "proposed": "#E69F00",
    "accepted": "#56B4E9",
    "transferred": "#009E73",
}
NEUTRAL = "#0072B2"


def count_bars(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    colours: Sequence[str] | None = None,
    axis_title: str = "",
) -> go.Figure:
    """Horizontal bars, first label on top, each bar labelled with its count. A long label is
    shortened on the axis (a person's role and organisation run to 70 characters and more, and
    were cut off at the chart's edge); the whole label is on hover."""
    shown = [escape(label, quote=False) for label in labels]  # typed names shown as text
    figure = SharedFigure(
        go.Bar(
            x=list(counts),
            y=shown,
            orientation="h",
            marker_color=list(colours) if colours is not None else NEUTRAL,
            text=[str(count) for count in counts],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        height=max(160, 42 * len(labels) + 60),
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        xaxis={
            "title": axis_title,
            "rangemode": "tozero",
            "dtick": 1 if max(counts, default=0) <= 10 else None,
        },
        yaxis={
            "autorange": "reversed",
            "tickmode": "array",
            "tickvals": shown,  # the categories stay whole (and apart); only their text is cut
            "ticktext": [escape(shortened(label, LABEL_CHARS), quote=False) for label in labels],
        },
        showlegend=False,
    )
    return figure


def burndown_chart(
    days: Sequence[date],
    unassigned: Sequence[int],
    unaccepted: Sequence[int],
    *,
    transition: date | None,
    names: tuple[str, str, str],
) -> go.Figure:
    """Two lines from the history, and dashed lines from today's counts to zero on the transition
    day (the pace needed). `names`: (unassigned, unaccepted, transition label)."""
    figure = SharedFigure()
    # As the JSON will have them: Plotly's encoder writes each date object through a Python
    # fallback (a year of days cost ~2 ms of every Oversigt rerun).
    x = [day.isoformat() for day in days]
    for values, name, colour in (
        (unassigned, names[0], STATE_COLOURS["unassigned"]),
        (unaccepted, names[1], STATE_COLOURS["proposed"]),
    ):
        figure.add_trace(
            go.Scatter(
                x=x,
                y=list(values),
                name=name,
                mode="lines+markers",
                line={"color": colour},
            )
        )
        if transition is not None and days and days[-1] < transition:
            figure.add_trace(
                go.Scatter(
                    x=[days[-1], transition],
                    y=[values[-1], 0],
                    mode="lines",
                    line={"color": colour, "dash": "dash"},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    if transition is not None:
        figure.add_vline(x=transition, line={"color": "#555", "dash": "dot"})
        figure.add_annotation(
            x=transition, y=1, yref="paper", text=names[2], showarrow=False, xanchor="left"
        )
    figure.update_layout(
        height=300,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"rangemode": "tozero", "title": ""},
        xaxis={"tickformat": "%d.%m.%Y"},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure
