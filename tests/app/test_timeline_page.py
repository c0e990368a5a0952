"""The Tidslinje's layout serves the chart first: the filters in a popover (not drawn until
opened), the choices that shape the chart, the chart, then paging, captions and baselines; every
control still drives the chart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from handover.domain.model import Category
from tests.app.conftest import MakeApp, texts


def _in_order(node: Any, inside: tuple[str, ...] = ()) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every element of the page in the order it is sent and shown: its key (or type) and the
    kinds of block it sits in."""
    for child in node.children.values():
        if isinstance(child, Block):
            yield from _in_order(child, (*inside, child.type))
        else:
            yield (getattr(child, "key", None) or child.type), inside


def _chart(app: AppTest) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(app.get("plotly_chart")[0].proto.spec)
    return spec


def _bar_codes(spec: dict[str, Any]) -> set[str]:
    """The codes written on the obligations' bars (the traces with a text per bar)."""
    return {
        text.removeprefix("⚠ ")
        for trace in spec["data"]
        if trace["type"] == "bar" and trace.get("customdata")
        for text in trace.get("text") or []
    }


def test_the_chart_comes_right_after_the_choices_that_shape_it(
    make_app: MakeApp, large_plan_file: Path
) -> None:
    app = make_app(page="timeline", db=large_plan_file)
    order = [key for key, _ in _in_order(app.main)]
    chart = order.index("gantt")
    # Above the chart: the filters (in their popover) and the four choices.
    for key in ("g_f_category", "g_group", "g_colour", "g_zoom", "g_target"):
        assert order.index(key) < chart, key
    # Below it: paging through the rest, the baseline comparison, the export.
    for key in ("g_drill", "g_page", "g_baseline", "gantt_html"):
        assert order.index(key) > chart, key
    # Nothing else sits between the choices and the chart.
    assert order[chart - 1] == "g_target"


def test_the_filters_sit_in_a_popover_and_still_filter_the_chart(make_app: MakeApp) -> None:
    app = make_app(page="timeline", lang="en")
    places = dict(_in_order(app.main))
    for key in ("g_f_project", "g_f_category", "g_f_receiving", "g_f_search"):
        assert "popover" in places[key], key  # sent, kept, drawn only when opened
    every = _bar_codes(_chart(app))
    app.multiselect(key="g_f_category").set_value([Category.REPORTING.value]).run()
    assert not app.exception
    reporting = _bar_codes(_chart(app))
    assert reporting and reporting < every
    assert "XS-01" in reporting  # the final report is a reporting obligation


def test_another_end_of_the_critical_path_can_be_chosen(make_app: MakeApp) -> None:
    app = make_app(page="timeline", lang="en")
    assert "the critical path (XS-05 → XS-04 → XS-01)" in texts(app)
    target = app.selectbox(key="g_target")
    other = next(o for o in target.options if o.startswith("XS-04 "))
    target.select(other).run()
    assert not app.exception
    assert "the critical path (XS-05 → XS-04)" in texts(app)
