"""The Gantt chart of the handover: obligations as bars grouped into rows, milestones as diamonds,
reference lines (today, the transition, project ends, the final-report deadline), the critical
chain outlined, dependency arrows where few enough rows are shown.

Scale: a screen reads ~30 rows; 10,000 SVG bars are a tenth of a pixel each. `paged` cuts a
selection into screenfuls, the most relevant obligations first (overdue, critical, soonest), and a
page is drawn with its groups' totals (`group_totals`), so the figure stays a screen tall at any
size; choosing a group drills into it. Without pages, past `detail_limit` obligations the chart
shows one summary bar per group plus the most relevant obligations.
"""

from __future__ import annotations

import heapq
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from handover.charts.shared import SharedFigure, shortened

Figure = go.Figure  # what the builders return, for layers that may not import plotly
DAY_MS = 86_400_000
COLOURS = {
    # handover states
    "unassigned": "#D55E00",
    "rejected": "#CC79A7",
    "proposed": "#E69F00",
    "accepted": "#56B4E9",
    "transferred": "#009E73",
    # statuses
    "not_started": "#999999",
    "in_progress": "#0072B2",
    "done": "#009E73",
    "cancelled": "#BBBBBB",
}
SUMMARY_COLOUR = "#7F8C99"
# The handover state as a pattern too (the colours are Okabe-Ito, safe for colour-blind viewers;
# the pattern tells "proposed" from "unassigned" on a washed-out projector as well).
PATTERNS = {"unassigned": "x", "rejected": "-", "proposed": "/", "accepted": "", "transferred": ""}
TEXT_SIZES = {"normal": (12, 26), "projector": (18, 38)}  # font px, row height px
LABEL_CHARS = 44
# The rows' names take the chart's left margin. Plotly's automargin finds it by drawing the chart,
# measuring the names and drawing it all again: about a fifth of the first draw in the browser.
# Estimated here instead, on the generous side: the app's font (Source Sans) averages ~0.45 em a
# character over these names; the exported file's (Open Sans) is wider and keeps automargin.
LABEL_EM = 0.5
MILESTONE_CHARS = 20  # a milestone's name on the chart; six weeks apart they stay apart
CRITICAL = "#111111"
AT_RISK = "#B00020"


@dataclass(frozen=True)
class Bar:
    id: str
    code: str
    title: str
    group: str
    start: date
    finish: date
    colour_key: str
    colour_label: str
    slack: int | None = None
    critical: bool = False
    at_risk: bool = False  # crosses the transition with an owner whose organisation ceases
    hover: str = ""
    state: str = ""  # the handover state, also drawn as a pattern whatever the colour shows


@dataclass(frozen=True)
class Marker:
    label: str
    day: date
    kind: str = "milestone"


@dataclass(frozen=True)
class Line:
    label: str
    day: date
    colour: str = "#444444"
    dash: str = "dot"


@dataclass(frozen=True)
class Arrow:
    predecessor: str
    successor: str


@dataclass(frozen=True)
class Ghost:
    """Where a bar was in a baseline."""

    id: str
    start: date
    finish: date


SHADE_DAYS = 100  # about three months
PAGE_ROWS = 30  # a screenful: 30 rows of 26 px plus the axis and lines fit a laptop's window
GroupTotal = tuple[str, date, date, int]  # group, first start, last finish, obligations


@dataclass(frozen=True)
class GanttSpec:
    bars: Sequence[Bar]
    ghosts: Sequence[Ghost] = ()
    milestones: Sequence[Marker] = ()
    lines: Sequence[Line] = ()
    arrows: Sequence[Arrow] = ()
    window: tuple[date, date] | None = None
    # Non-working days (weekends, public holidays, the plan's closing days) in the window: shaded
    # when the window is at most SHADE_DAYS long (wider, a day is under a pixel or two).
    closed_days: Sequence[date] = ()
    detail_limit: int = 150
    labels: dict[str, str] = field(default_factory=dict)  # "milestones", "summary", "more", "slack"
    text_size: str = "normal"  # or "projector"
    # The hover text of a drawn bar, made only for the bars drawn (at 10,000 obligations, making
    # all of them up front was half the cost of the bars); without it, `Bar.hover`.
    describe: Callable[[Bar], str] | None = None
    # `bars` is one page of a larger selection: these totals of the whole selection are drawn as
    # Σ rows for the groups on the page (see `paged` and `group_totals`).
    totals: Sequence[GroupTotal] | None = None


def _relevance(bar: Bar, today: date) -> tuple[int, int, date]:
    overdue = bar.finish < today
    return (
        0 if bar.critical or bar.at_risk or overdue else 1,
        0 if bar.slack is not None and bar.slack <= 0 else 1,
        bar.finish,
    )


def group_totals(bars: Sequence[Bar]) -> list[GroupTotal]:
    """Each group's first start, last finish and number of obligations, by group name (one pass,
    no sort of the bars)."""
    bounds: dict[str, list[Any]] = {}
    for bar in bars:
        found = bounds.get(bar.group)
        if found is None:
            bounds[bar.group] = [bar.start, bar.finish, 1]
        else:
            if bar.start < found[0]:
                found[0] = bar.start
            if bar.finish > found[1]:
                found[1] = bar.finish
            found[2] += 1
    return sorted((group, b[0], b[1], b[2]) for group, b in bounds.items())


def paged(bars: Sequence[Bar], today: date, rows: int = PAGE_ROWS) -> list[list[Bar]]:
    """`bars` cut into pages of at most `rows` chart rows, the most relevant first (critical, at
    risk or overdue; then without slack; then the soonest deadline; then by code). A bar takes a
    row, and its group's Σ row takes one more on the page where the group first appears. When
    every bar fits on one page without totals, that one page is all of them."""
    if len(bars) <= rows:
        return [list(bars)]
    ordered = sorted(bars, key=lambda bar: (*_relevance(bar, today), bar.code))
    pages: list[list[Bar]] = []
    page: list[Bar] = []
    groups: set[str] = set()
    for bar in ordered:
        needed = 1 if bar.group in groups else 2
        if page and len(page) + len(groups) + needed > rows:
            pages.append(page)
            page, groups = [], set()
        page.append(bar)
        groups.add(bar.group)
    if page:
        pages.append(page)
    return pages


def gantt(spec: GanttSpec, today: date) -> go.Figure:
    bars = list(spec.bars)
    shown = bars
    summaries: list[GroupTotal] = []
    if spec.totals is not None:
        # A page of a larger selection: the totals of its groups beside its bars.
        summarised = True
        on_page = {bar.group for bar in bars}
        summaries = [total for total in spec.totals if total[0] in on_page]
    else:
        summarised = len(bars) > spec.detail_limit
    if spec.totals is None and summarised:
        # The group totals, and a heap for the most relevant: no full sort of 50,000.
        summaries = group_totals(bars)
        shown = heapq.nsmallest(spec.detail_limit, bars, key=lambda bar: _relevance(bar, today))
    shown = sorted(shown, key=lambda bar: (bar.group, bar.start, bar.code))
    # Built without Plotly's checks of every property (half the cost of a page's figure, which is
    # remade after each write): tests/charts/test_gantt.py checks every kind of figure against
    # them instead.
    figure = SharedFigure(_validate=False)
    font_size, row_height = TEXT_SIZES.get(spec.text_size, TEXT_SIZES["normal"])

    def row(bar: Bar) -> str:
        return row_label(bar)

    if summaries:
        label = spec.labels.get("summary", "{count}")
        figure.add_trace(
            dict(
                type="bar",
                name=spec.labels.get("summary_legend", "Σ"),
                orientation="h",
                y=[f"Σ {_escape(group)}" for group, *_ in summaries],
                base=[start.isoformat() for _, start, _, _ in summaries],
                x=[max(1, (finish - start).days) * DAY_MS for _, start, finish, _ in summaries],
                marker={"color": SUMMARY_COLOUR, "opacity": 0.55},
                text=[label.format(count=count) for *_, count in summaries],
                textposition="inside",
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    if spec.ghosts:
        rows_of = {bar.id: row(bar) for bar in shown}
        ghosts = [ghost for ghost in spec.ghosts if ghost.id in rows_of]
        figure.add_trace(
            dict(
                type="bar",
                name=spec.labels.get("ghost", "baseline"),
                orientation="h",
                y=[rows_of[g.id] for g in ghosts],
                base=[g.start.isoformat() for g in ghosts],
                x=[max(1, (g.finish - g.start).days) * DAY_MS for g in ghosts],
                width=0.35,
                offset=0.2,
                marker={
                    "color": "rgba(60, 60, 60, 0.25)",
                    "line": {"color": "#555555", "width": 1},
                },
                hovertemplate="%{y}: %{base|%d.%m.%Y} (baseline)<extra></extra>",
            )
        )
    by_colour: dict[str, list[Bar]] = {}
    for bar in shown:
        by_colour.setdefault(bar.colour_key, []).append(bar)
    for key, members in by_colour.items():
        figure.add_trace(
            dict(
                type="bar",
                name=_escape(members[0].colour_label),
                orientation="h",
                y=[row(b) for b in members],
                base=[b.start.isoformat() for b in members],
                x=[max(1, (b.finish - b.start).days) * DAY_MS for b in members],
                marker={
                    "color": COLOURS.get(key, "#888888"),
                    # The critical chain in black, at-risk bars in red: two different messages.
                    "line": {
                        "color": [
                            CRITICAL if b.critical else AT_RISK if b.at_risk else "rgba(0,0,0,0)"
                            for b in members
                        ],
                        "width": [3 if b.critical or b.at_risk else 0 for b in members],
                    },
                    "pattern": {
                        "shape": [PATTERNS.get(b.state, "") for b in members],
                        "fgcolor": "rgba(0, 0, 0, 0.55)",
                        "fillmode": "overlay",  # the colour stays, the pattern lies on top
                        "size": 8,
                    },
                },
                customdata=[spec.describe(b) if spec.describe else b.hover for b in members],
                hovertemplate="%{customdata}<extra></extra>",
                text=[("⚠ " if b.at_risk else "") + b.code for b in members],
                textposition="inside",
                insidetextanchor="start",
            )
        )
    if spec.milestones:
        # In date order, labels alternate above and below and are shortened (the full name is on
        # hover), so neighbouring milestones' names do not run into each other.
        milestones = sorted(spec.milestones, key=lambda m: m.day)
        figure.add_trace(
            dict(
                type="scatter",
                name=spec.labels.get("milestones", "◆"),
                x=[m.day.isoformat() for m in milestones],
                y=[spec.labels.get("milestones", "◆")] * len(milestones),
                mode="markers+text",
                marker={"symbol": "diamond", "size": 13, "color": "#222222"},
                text=[_escape(shortened(m.label, MILESTONE_CHARS)) for m in milestones],
                customdata=[_escape(m.label) for m in milestones],
                textposition=["top center", "bottom center"] * (len(milestones) // 2 + 1),
                textfont={"size": font_size - 1},
                hovertemplate="%{customdata}: %{x|%d.%m.%Y}<extra></extra>",
            )
        )
    # Lines and their labels in one layout update: add_vline per line re-validates every shape
    # before it, which costs seconds with dozens of lines.
    shapes, notes = [], []
    for index, line in enumerate(sorted(spec.lines, key=lambda line: line.day)):
        x = line.day.isoformat()
        shapes.append(
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": line.colour, "dash": line.dash, "width": 1.5},
            }
        )
        notes.append(  # labels staggered, so lines close together stay readable
            {
                "x": x,
                "y": 1.0 + 0.035 * (index % 4),
                "yref": "paper",
                "text": _escape(line.label),
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": font_size - 1, "color": line.colour},
            }
        )
    if not summarised and len(shown) <= 60:
        positions = {b.id: b for b in shown}
        for arrow in spec.arrows:
            before, after = positions.get(arrow.predecessor), positions.get(arrow.successor)
            if before is None or after is None:
                continue
            if spec.window is not None and not (
                spec.window[0] <= before.finish <= spec.window[1]
                and spec.window[0] <= after.start <= spec.window[1]
            ):
                continue  # an end outside the window would be drawn across the page's margin
            notes.append(
                dict(
                    x=after.start.isoformat(),
                    y=row(after),
                    ax=before.finish.isoformat(),
                    ay=row(before),
                    xref="x",
                    yref="y",
                    axref="x",
                    ayref="y",
                    showarrow=True,
                    arrowhead=2,
                    arrowsize=1,
                    arrowwidth=1,
                    arrowcolor="rgba(80, 80, 80, 0.45)",
                    text="",
                )
            )
    # Rows in a fixed order: the milestones, then group by group its total and its obligations
    # (by start, then code), whatever trace a bar is drawn in; the group's name on its first row.
    order: list[str] = [spec.labels.get("milestones", "◆")] if spec.milestones else []
    summary_rows = {group: f"Σ {_escape(group)}" for group, *_ in summaries}
    groups = sorted({bar.group for bar in shown} | set(summary_rows))
    for group in groups:
        in_group = [row(bar) for bar in shown if bar.group == group]
        first_row = summary_rows.get(group) or (in_group[0] if in_group else None)
        if group in summary_rows:
            order.append(summary_rows[group])
        order.extend(dict.fromkeys(in_group))
        if first_row is not None:
            notes.append(
                {
                    "x": 1.0,
                    "xref": "paper",
                    "xanchor": "right",
                    "y": first_row,
                    "yref": "y",
                    "yanchor": "bottom",
                    "text": f"<b>{_escape(group)}</b>",
                    "showarrow": False,
                    "font": {"size": font_size - 2, "color": "#444444"},
                }
            )
    if spec.window is not None:
        _edge_markers(figure, shown, spec.window, row, font_size)
    if spec.window is not None and (spec.window[1] - spec.window[0]).days <= SHADE_DAYS:
        shapes.extend(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": day.isoformat(),
                "x1": (day + timedelta(days=1)).isoformat(),
                "y0": 0,
                "y1": 1,
                "fillcolor": "rgba(120, 120, 120, 0.10)",
                "line": {"width": 0},
                "layer": "below",
            }
            for day in spec.closed_days
            if spec.window[0] <= day <= spec.window[1]
        )
    figure.update_layout(
        shapes=shapes,
        annotations=notes,
        barmode="overlay",
        height=max(320, row_height * len(order) + 160),
        margin={"l": label_margin(order, font_size), "r": 10, "t": 90, "b": 10},
        font={"size": font_size},
        legend={"orientation": "h", "y": -0.08, "font": {"size": font_size}},
        xaxis={
            "type": "date",
            "tickformat": "%d.%m.%Y",
            "showgrid": True,
            "tickfont": {"size": font_size - 1},
            **(
                {"range": [spec.window[0].isoformat(), spec.window[1].isoformat()]}
                if spec.window is not None
                else {}
            ),
        },
        yaxis={
            "autorange": "reversed",
            "automargin": False,
            "categoryorder": "array",
            "categoryarray": order,
            "tickfont": {"size": font_size},
        },
    )
    return figure


def label_margin(rows: Sequence[str], font_size: int) -> int:
    """The left margin, in px, that holds the longest of `rows` (Plotly's escaped HTML subset) in
    tick labels of `font_size` px."""
    longest = max((len(html.unescape(row)) for row in rows), default=0)
    return round(longest * font_size * LABEL_EM) + font_size


def _escape(value: str) -> str:
    """Typed text for Plotly's HTML subset (labels, annotations, hover): shown as written, never
    a link or markup."""
    return html.escape(value, quote=False)


def row_label(bar: Bar) -> str:
    """ "XS-01 · Endelig rapport til EU-Kommi…": the code and the title, shortened for a row (the
    hover has the whole text)."""
    title = shortened(bar.title, LABEL_CHARS)
    return _escape(f"{bar.code} · {title}")


def _edge_markers(
    figure: go.Figure,
    bars: Sequence[Bar],
    window: tuple[date, date],
    row: Callable[[Bar], str],
    font_size: int,
) -> None:
    """A bar outside the window is an arrow at the window's edge with its date, not an empty
    row: "→ 29.04.2032" on the right, "← 31.07.2026" on the left."""
    start, end = window
    after = [bar for bar in bars if bar.start > end]
    before = [bar for bar in bars if bar.finish < start]
    for side, members, x, arrow, anchor in (
        ("after", after, end, "→ {date}", "middle left"),
        ("before", before, start, "← {date}", "middle right"),
    ):
        if not members:
            continue
        figure.add_trace(
            dict(
                type="scatter",
                name=side,
                showlegend=False,
                x=[x.isoformat()] * len(members),
                y=[row(bar) for bar in members],
                mode="markers+text",
                marker={
                    "symbol": "triangle-right" if side == "after" else "triangle-left",
                    "size": font_size,
                    "color": "#444444",
                },
                text=[arrow.format(date=bar.finish.strftime("%d.%m.%Y")) for bar in members],
                textposition=anchor,
                textfont={"size": font_size - 1},
                hovertemplate="%{y}: %{text}<extra></extra>",
                cliponaxis=False,
            )
        )


def zoom(
    preset: str,
    today: date,
    transition: date | None,
    first: date,
    last: date,
    deadlines: Sequence[date] = (),
) -> tuple[date, date]:
    """The window of a zoom preset: "now" (a month back to the last deadline within the next six
    months), the next 30 or 90 days, around the transition, or the whole plan."""
    if preset == "now":
        horizon = today + timedelta(days=183)
        soon = [day for day in deadlines if today <= day <= horizon]
        return today - timedelta(days=30), (max(soon) if soon else horizon) + timedelta(days=7)
    if preset == "next30":
        return today - timedelta(days=3), today + timedelta(days=30)
    if preset == "next90":
        return today - timedelta(days=7), today + timedelta(days=90)
    if preset == "transition" and transition is not None:
        return min(today, transition) - timedelta(days=14), transition + timedelta(days=60)
    return first - timedelta(days=7), last + timedelta(days=7)


def to_html(
    figure: go.Figure, *, title: str = "", subtitle: str = "", legend: Sequence[str] = ()
) -> bytes:
    """A standalone HTML file with plotly.js inside (it opens offline), headed by the plan's name,
    the date and the filters used (`subtitle`), with the legend's words below the chart."""

    copy = go.Figure(figure)
    copy.update_yaxes(automargin=True)  # another font: measured, however long it takes
    if title:
        copy.update_layout(
            title={"text": f"{_escape(title)}<br><sup>{_escape(subtitle)}</sup>", "x": 0.01},
            margin={"t": 130},
        )
    body = str(copy.to_html(full_html=True, include_plotlyjs=True))
    body = body.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    heading = (
        f"<h1 style='font-family:sans-serif;margin:8px'>{html.escape(title)}</h1>"
        f"<p style='font-family:sans-serif;margin:8px'>{html.escape(subtitle)}</p>"
    )
    body = body.replace("<body>", f"<body>{heading}", 1)
    if legend:
        items = "".join(f"<li>{html.escape(item)}</li>" for item in legend)
        body = body.replace("</body>", f"<ul style='font-family:sans-serif'>{items}</ul></body>", 1)
    return body.encode("utf-8")


def image_options(file_name: str) -> dict[str, Any]:
    """Plotly's own picture download (the camera in the chart's toolbar, drawn by the browser):
    a PNG named for the plan and sized for a 16:9 slide. Nothing to install on the server."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_name,
            "width": 1920,
            "height": 1080,
            "scale": 1,
        },
    }
