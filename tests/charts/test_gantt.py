"""The Gantt builder: bars per colour, milestones as diamonds, reference lines on their dates, the
critical chain and at-risk bars outlined differently, summaries at scale, zoom presets."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from handover.charts.gantt import (
    AT_RISK,
    CRITICAL,
    Arrow,
    Bar,
    GanttSpec,
    Line,
    Marker,
    gantt,
    group_totals,
    paged,
    zoom,
)

TODAY = date(2026, 11, 25)


def bar(i: int, group: str = "xShare", **changes: object) -> Bar:
    base = {
        "id": f"o{i}",
        "code": f"XS-{i:02d}",
        "title": f"T{i}",
        "group": group,
        "start": date(2026, 12, 1),
        "finish": date(2027, 1, 29),
        "colour_key": "proposed",
        "colour_label": "Foreslået",
    }
    return Bar(**{**base, **changes})  # type: ignore[arg-type]


def test_bars_are_grouped_by_colour_with_milestones_and_reference_lines() -> None:
    spec = GanttSpec(
        bars=[bar(1), bar(2, colour_key="unassigned", colour_label="Ikke tildelt")],
        milestones=[Marker("Overgang", date(2027, 1, 1))],
        lines=[Line("01.01.2027", date(2027, 1, 1)), Line("I dag", TODAY)],
    )
    figure = gantt(spec, TODAY)
    names = [trace.name for trace in figure.data]
    assert names == ["Foreslået", "Ikke tildelt", "◆"]  # the default label of the milestone row
    diamonds = figure.data[-1]
    assert diamonds.marker.symbol == "diamond"
    assert list(diamonds.x) == ["2027-01-01"]
    assert sorted(shape.x0 for shape in figure.layout.shapes) == ["2026-11-25", "2027-01-01"]
    first = figure.data[0]
    assert list(first.base) == ["2026-12-01"]
    assert list(first.x) == [59 * 86_400_000]


def test_the_critical_chain_and_at_risk_bars_are_outlined_differently() -> None:
    figure = gantt(GanttSpec(bars=[bar(1, critical=True), bar(2, at_risk=True), bar(3)]), TODAY)
    colours = list(figure.data[0].marker.line.color)
    assert colours == [CRITICAL, AT_RISK, "rgba(0,0,0,0)"]
    assert figure.data[0].text[1].startswith("⚠")


def test_arrows_connect_predecessor_end_to_successor_start() -> None:
    spec = GanttSpec(
        bars=[bar(1, finish=date(2026, 12, 15)), bar(2, start=date(2026, 12, 16))],
        arrows=[Arrow("o1", "o2")],
    )
    [arrow] = [a for a in gantt(spec, TODAY).layout.annotations if a.showarrow]
    assert (arrow.ax, arrow.x) == ("2026-12-15", "2026-12-16")


def test_an_arrow_with_an_end_outside_the_window_is_not_drawn() -> None:
    inside = bar(1, start=date(2026, 12, 1), finish=date(2026, 12, 15))
    later = bar(2, start=date(2027, 6, 1), finish=date(2027, 7, 1))
    also_inside = bar(3, start=date(2026, 12, 16), finish=date(2026, 12, 20))
    spec = GanttSpec(
        bars=[inside, later, also_inside],
        arrows=[Arrow("o1", "o2"), Arrow("o1", "o3")],
        window=(date(2026, 11, 1), date(2027, 1, 31)),
    )
    arrows = [a for a in gantt(spec, TODAY).layout.annotations if a.showarrow]
    assert [(a.ax, a.x) for a in arrows] == [("2026-12-15", "2026-12-16")]


def test_at_scale_one_summary_bar_per_group_plus_the_most_relevant() -> None:
    bars = [
        bar(
            i,
            group=f"G{i % 20}",
            start=date(2026, 1, 1) + timedelta(days=i % 300),
            finish=date(2026, 6, 1) + timedelta(days=i % 500),
        )
        for i in range(10_000)
    ]
    figure = gantt(GanttSpec(bars=bars, detail_limit=150), TODAY)
    summary = figure.data[0]
    assert len(summary.y) == 20
    assert sum(len(trace.y) for trace in figure.data[1:]) == 150
    size = len(pio.to_json(figure, engine="json"))
    assert size < 250_000, size
    assert not [a for a in figure.layout.annotations if a.showarrow]  # no arrows when summarised
    json.loads(pio.to_json(figure, engine="json"))


def test_zoom_presets() -> None:
    transition = date(2027, 1, 1)
    assert zoom("next30", TODAY, transition, TODAY, TODAY) == (
        date(2026, 11, 22),
        date(2026, 12, 25),
    )
    assert zoom("transition", TODAY, transition, TODAY, TODAY) == (
        date(2026, 11, 11),
        date(2027, 3, 2),
    )
    assert zoom("all", TODAY, transition, date(2026, 1, 1), date(2032, 4, 29)) == (
        date(2025, 12, 25),
        date(2032, 5, 6),
    )


def test_hover_texts_are_made_only_for_the_bars_drawn() -> None:
    asked: list[str] = []

    def describe(drawn: Bar) -> str:
        asked.append(drawn.id)
        return f"{drawn.code} hover"

    many = [
        bar(i, group=f"G{i % 4}", finish=date(2027, 1, 1) + timedelta(days=i)) for i in range(400)
    ]
    figure = gantt(GanttSpec(bars=many, detail_limit=20, describe=describe), TODAY)
    detail = [trace for trace in figure.data if trace.customdata is not None]
    hovers = [text for trace in detail for text in trace.customdata]
    assert hovers and all(text.endswith(" hover") for text in hovers)
    assert len(asked) == len(hovers) < 400  # not one for every bar

    few = gantt(GanttSpec(bars=[bar(1, hover="given")]), TODAY)
    assert list(few.data[0].customdata) == ["given"]  # without `describe`, the bar's own text


# ---------------------------------------------------------------- readable on a projector


def projector_bars() -> list[Any]:
    from handover.charts.gantt import Bar

    def bar(code: str, group: str, start: date, finish: date, state: str) -> Bar:
        return Bar(
            id=code,
            code=code,
            title=f"Forpligtelse {code} med en lang titel, der ikke kan stå på én række",
            group=group,
            start=start,
            finish=finish,
            colour_key=state,
            colour_label=state,
            state=state,
        )

    return [
        bar("XS-02", "Digital Sundhed Danmark", date(2026, 12, 1), date(2027, 1, 29), "proposed"),
        bar("XS-01", "(ingen)", date(2026, 12, 1), date(2027, 1, 29), "unassigned"),
        bar("XS-03", "Digital Sundhed Danmark", date(2026, 11, 1), date(2026, 12, 15), "accepted"),
        bar("XS-09", "(ingen)", date(2032, 1, 1), date(2032, 4, 29), "unassigned"),
        bar("XS-04", "(ingen)", date(2026, 11, 20), date(2026, 12, 4), "proposed"),
    ]


def test_rows_read_code_and_title_grouped_in_a_stable_order_whatever_the_colour() -> None:
    from handover.charts.gantt import GanttSpec, Marker, gantt

    figure = gantt(
        GanttSpec(bars=projector_bars(), milestones=[Marker("Overgang til DSD", date(2027, 1, 1))]),
        date(2026, 11, 25),
    )
    order = list(figure.layout.yaxis.categoryarray)
    assert figure.layout.yaxis.categoryorder == "array"
    codes = [row.split(" · ")[0] for row in order[1:]]
    # "(ingen)" first (sorted groups), each group's rows together, by start within the group.
    assert codes == ["XS-04", "XS-01", "XS-09", "XS-03", "XS-02"]
    assert order[1].startswith("XS-04 · Forpligtelse XS-04 med en lang") and order[1].endswith("…")
    assert len(order[1]) <= 44 + len("XS-04 · ")
    groups = [a.text for a in figure.layout.annotations if a.xref == "paper" and a.yref == "y"]
    assert groups == ["<b>(ingen)</b>", "<b>Digital Sundhed Danmark</b>"]
    # Milestones carry their names on the chart, not only on hover.
    [milestones] = [trace for trace in figure.data if trace.name == "◆"]
    assert milestones.mode == "markers+text"
    assert list(milestones.text) == ["Overgang til DSD"]


def test_the_handover_state_is_also_a_pattern() -> None:
    from handover.charts.gantt import GanttSpec, gantt

    figure = gantt(GanttSpec(bars=projector_bars()), date(2026, 11, 25))
    shapes = {
        trace.name: set(trace.marker.pattern.shape)
        for trace in figure.data
        if trace.type == "bar" and trace.marker.pattern.shape is not None
    }
    assert shapes == {"proposed": {"/"}, "unassigned": {"x"}, "accepted": {""}}


def test_projector_text_is_larger_and_rows_taller() -> None:
    from handover.charts.gantt import GanttSpec, gantt

    normal = gantt(GanttSpec(bars=projector_bars()), date(2026, 11, 25))
    big = gantt(GanttSpec(bars=projector_bars(), text_size="projector"), date(2026, 11, 25))
    assert big.layout.font.size >= 18 > normal.layout.font.size
    assert big.layout.height > normal.layout.height


def test_the_default_window_ends_at_the_last_deadline_within_six_months_with_edge_markers() -> None:
    from handover.charts.gantt import GanttSpec, gantt, zoom

    today = date(2026, 11, 25)
    bars = projector_bars()
    window = zoom(
        "now",
        today,
        date(2027, 1, 1),
        date(2026, 11, 1),
        date(2032, 4, 29),
        [bar.finish for bar in bars],
    )
    assert window == (date(2026, 10, 26), date(2027, 2, 5))  # 29.01.2027 + a week
    figure = gantt(GanttSpec(bars=bars, window=window), today)
    [edge] = [trace for trace in figure.data if trace.name == "after"]
    assert list(edge.text) == ["→ 29.04.2032"]  # XS-09, the record-keeping, beyond the window
    assert next(iter(edge.y)).startswith("XS-09 · ")
    assert zoom("all", today, None, date(2026, 11, 1), date(2032, 4, 29))[1] > date(2032, 4, 29)


def test_the_exported_html_has_the_plan_name_date_filters_and_legend() -> None:
    from handover.charts.gantt import GanttSpec, gantt, to_html

    page = to_html(
        gantt(GanttSpec(bars=projector_bars()), date(2026, 11, 25)),
        title="xShare <Horizon>",
        subtitle="25.11.2026 · Rækker efter: Modtagende ejer",
        legend=["Mønster: kryds = ikke tildelt"],
    ).decode()
    assert "<title>xShare &lt;Horizon&gt;</title>" in page
    assert "25.11.2026 · Rækker efter: Modtagende ejer" in page
    assert "<li>Mønster: kryds = ikke tildelt</li>" in page


def test_non_working_days_are_shaded_only_when_zoomed_in() -> None:
    from handover.domain.workdays import DANISH_PUBLIC_BODY_CLOSING_DAYS, WorkCalendar

    office = WorkCalendar.from_closing_days(DANISH_PUBLIC_BODY_CLOSING_DAYS)
    window = (date(2026, 12, 20), date(2027, 1, 10))
    closed = office.non_working_days(*window)
    close = gantt(GanttSpec(bars=[bar(1)], window=window, closed_days=closed), TODAY)
    shaded = [s for s in close.layout.shapes if s.layer == "below" and s.yref == "paper"]
    assert [s.x0[:10] for s in shaded] == [d.isoformat() for d in closed]
    assert "2026-12-24" in {s.x0[:10] for s in shaded}  # a closing day of the plan
    assert "2027-01-01" in {s.x0[:10] for s in shaded}  # the transition day, a public holiday
    wide = (date(2026, 1, 1), date(2027, 12, 31))
    far = gantt(
        GanttSpec(bars=[bar(1)], window=wide, closed_days=office.non_working_days(*wide)), TODAY
    )
    assert not [s for s in far.layout.shapes if s.layer == "below"]


def test_near_milestones_alternate_above_and_below_with_short_names_and_full_names_on_hover() -> (
    None
):
    from handover.charts.gantt import MILESTONE_CHARS, GanttSpec, Marker, gantt

    long_name = "xShare final conference (hand-over event)"
    figure = gantt(
        GanttSpec(
            bars=projector_bars(),
            milestones=[  # given out of date order: the chart orders them by date
                Marker("Digital Sundhed Danmark overtager", date(2027, 1, 1)),
                Marker(long_name, date(2026, 11, 20)),
                Marker("Projektet afsluttes", date(2026, 11, 30)),
            ],
        ),
        date(2026, 11, 25),
    )
    [milestones] = [trace for trace in figure.data if trace.name == "◆"]
    assert list(milestones.x) == ["2026-11-20", "2026-11-30", "2027-01-01"]
    assert list(milestones.textposition[:3]) == ["top center", "bottom center", "top center"]
    assert all(len(label) <= MILESTONE_CHARS for label in milestones.text)
    assert milestones.text[0].endswith("…") and milestones.customdata[0] == long_name
    assert milestones.text[1] == "Projektet afsluttes"


def test_a_large_selection_is_cut_into_screenfuls_most_pressing_first() -> None:
    late = [bar(i, finish=date(2026, 11, 1), group="Late") for i in range(5)]
    others = [
        bar(100 + i, group=f"G{i % 7}", finish=date(2027, 1, 1) + timedelta(days=i))
        for i in range(300)
    ]
    pages = paged([*others, *late], TODAY, rows=30)
    assert [b.group for b in pages[0][:5]] == ["Late"] * 5  # overdue first
    for page in pages:
        # a row per bar, and one per group's Σ row on the page
        assert len(page) + len({b.group for b in page}) <= 30
    drawn = [b.id for page in pages for b in page]
    assert sorted(drawn) == sorted(b.id for b in [*others, *late])  # every bar on one page
    assert paged(others[:30], TODAY, rows=30) == [others[:30]]  # fits: one page, as given


def test_a_page_is_drawn_a_screen_tall_with_its_groups_totals() -> None:
    every = [bar(i, group=f"G{i % 40}") for i in range(10_000)]
    totals = group_totals(every)
    assert totals[0] == ("G0", date(2026, 12, 1), date(2027, 1, 29), 250)
    first = paged(every, TODAY)[0]
    figure = gantt(GanttSpec(bars=first, totals=totals), TODAY)
    summary, *details = figure.data
    assert sorted(summary.y) == sorted(f"Σ {g}" for g in {b.group for b in first})
    assert set(summary.text) == {"250"}  # each group's total, whichever bars the page shows
    assert sum(len(trace.y) for trace in details) == len(first)
    rows = len(figure.layout.yaxis.categoryarray)
    assert rows <= 30
    assert figure.layout.height <= 30 * 26 + 160  # a screenful, not 5,000 px


def test_the_rows_names_get_a_margin_wide_enough_without_a_second_draw() -> None:
    from handover.charts.gantt import LABEL_EM, label_margin, row_label, to_html

    long_title = "Endelig rapport til EU-Kommissionen & finansielle opgørelser for alle partnere"
    bars = [bar(1, title="Kort"), bar(2, title=long_title)]
    normal = gantt(GanttSpec(bars=bars), TODAY)
    big = gantt(GanttSpec(bars=bars, text_size="projector"), TODAY)
    # Plotly does not measure the names and draw again: the margin is set from the longest name
    # (as shown: "&amp;" is one character), on the generous side, and grows with the text.
    assert normal.layout.yaxis.automargin is False
    longest = len(row_label(bars[1]).replace("&amp;", "&"))
    assert normal.layout.margin.l == label_margin([row_label(b) for b in bars], 12)
    assert normal.layout.margin.l >= longest * 12 * LABEL_EM
    assert big.layout.margin.l > normal.layout.margin.l
    assert (
        normal.layout.margin.l
        > gantt(GanttSpec(bars=[bar(1, title="Kort")]), TODAY).layout.margin.l
    )
    # The exported file draws in another font: there Plotly measures.
    assert '"automargin":true' in to_html(normal).decode().replace(" ", "")


def test_every_part_of_a_figure_passes_plotlys_checks_it_is_built_without() -> None:
    """`gantt` builds its figure without Plotly's property checks (for speed): a figure with
    every part (Σ rows, ghosts, bars of each colour, critical and at-risk, milestones, lines,
    arrows, edge markers, shaded days, group labels), checked here and the same when checked."""
    from handover.charts.gantt import Ghost
    from handover.domain.workdays import WorkCalendar

    window = (date(2026, 12, 1), date(2027, 1, 31))
    shown = [
        bar(1, critical=True, slack=0, state="unassigned"),
        bar(2, colour_key="unassigned", colour_label="Ikke tildelt", at_risk=True),
        bar(3, group="ESHIA", start=date(2027, 3, 1), finish=date(2027, 4, 1)),
        bar(4, group="ESHIA", start=date(2026, 6, 1), finish=date(2026, 7, 1)),
    ]
    parts = {
        "bars": shown,
        "ghosts": [Ghost("o1", date(2026, 11, 20), date(2027, 1, 20))],
        "milestones": [Marker("Overgang", date(2027, 1, 1)), Marker("Slut", date(2026, 11, 30))],
        "lines": [Line("I dag", TODAY, "#0B5394", "solid"), Line("01.01.2027", date(2027, 1, 1))],
        "arrows": [Arrow("o1", "o2")],
        "window": window,
        "closed_days": WorkCalendar().non_working_days(*window),
        "describe": lambda b: f"{b.code}<br>{b.title}",
        "labels": {"summary": "{count} forpligtelser", "summary_legend": "Σ"},
    }
    page = GanttSpec(**parts, totals=group_totals(shown))  # type: ignore[arg-type]
    for spec in (GanttSpec(**parts), page, GanttSpec(**parts, detail_limit=2)):  # type: ignore[arg-type]
        figure = gantt(spec, TODAY)
        checked = go.Figure(figure.to_dict())  # raises on any property Plotly does not know
        assert json.loads(checked.to_json()) == json.loads(figure.to_json())  # keys' order aside
