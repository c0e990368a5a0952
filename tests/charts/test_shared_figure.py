"""The pages' remembered figures hand Streamlit the same dict on every rerun: made once, equal to
what a plain figure gives."""

from __future__ import annotations

import json
from datetime import date

import plotly.graph_objects as go

from handover.charts.gantt import Bar, GanttSpec, gantt
from handover.charts.overview import burndown_chart, count_bars
from handover.charts.shared import SharedFigure


def test_a_shared_figure_makes_its_dict_once_and_it_is_a_plain_figures() -> None:
    shared = count_bars(["a", "b"], [1, 2])
    assert isinstance(shared, SharedFigure)
    first = shared.to_dict()
    assert shared.to_dict() is first
    assert first == go.Figure(shared).to_dict()
    assert json.loads(shared.to_json()) == json.loads(go.Figure(shared).to_json())


def test_the_pages_figures_are_shared_ones() -> None:
    days = [date(2026, 11, 1), date(2026, 11, 2)]
    line = burndown_chart(days, [3, 2], [4, 3], transition=date(2027, 1, 1), names=("a", "b", "c"))
    bar = Bar("o1", "XS-01", "T", "xShare", days[0], days[1], "proposed", "Foreslået")
    for figure in (line, gantt(GanttSpec(bars=[bar]), days[0])):
        assert isinstance(figure, SharedFigure)
        assert figure.to_dict() is figure.to_dict()
