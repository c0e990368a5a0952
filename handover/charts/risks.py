"""The risk heat map: likelihood × impact on a 5 × 5 grid, each cell coloured by its score and
labelled with the risks in it."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

# Green → amber → red by likelihood × impact (1 … 25).
SCALE = [[0.0, "#1a9850"], [0.35, "#fee08b"], [0.6, "#fc8d59"], [1.0, "#d73027"]]


def heat_map(
    risks: Sequence[tuple[str, int, int]],
    *,
    likelihood_title: str,
    impact_title: str,
) -> go.Figure:
    """`risks` as (label, likelihood, impact); labels of a cell are listed in it."""
    cells: dict[tuple[int, int], list[str]] = {}
    for label, likelihood, impact in risks:
        cells.setdefault((likelihood, impact), []).append(label)
    levels = [1, 2, 3, 4, 5]
    scores = [[likelihood * impact for impact in levels] for likelihood in levels]
    text = [
        ["<br>".join(cells.get((likelihood, impact), [])) for impact in levels]
        for likelihood in levels
    ]
    figure = go.Figure(
        go.Heatmap(
            z=scores,
            x=levels,
            y=levels,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 13},
            colorscale=SCALE,
            zmin=1,
            zmax=25,
            showscale=False,
            hovertemplate=(
                f"{likelihood_title} %{{y}} × {impact_title} %{{x}} = %{{z}}"
                "<br>%{text}<extra></extra>"
            ),
            xgap=3,
            ygap=3,
        )
    )
    figure.update_layout(
        height=420,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"title": impact_title, "dtick": 1, "side": "bottom"},
        yaxis={"title": likelihood_title, "dtick": 1},
    )
    return figure
