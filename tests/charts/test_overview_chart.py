"""The overview's bar charts: one bar per label, counts as text, colours as given."""

from handover.charts.overview import NEUTRAL, STATE_COLOURS, count_bars


def test_one_horizontal_bar_per_label_with_its_count() -> None:
    figure = count_bars(["Ikke tildelt", "Foreslået"], [12, 9])
    [bar] = figure.data
    assert bar.orientation == "h"
    assert list(bar.y) == ["Ikke tildelt", "Foreslået"]
    assert list(bar.x) == [12, 9]
    assert list(bar.text) == ["12", "9"]
    assert bar.marker.color == NEUTRAL
    assert figure.layout.yaxis.autorange == "reversed"  # first label on top


def test_colours_per_bar_and_a_height_that_grows_with_the_labels() -> None:
    states = list(STATE_COLOURS)
    figure = count_bars(states, [1] * len(states), colours=list(STATE_COLOURS.values()))
    assert list(figure.data[0].marker.color) == list(STATE_COLOURS.values())
    assert figure.layout.height > count_bars(["a"], [1]).layout.height


def test_no_labels_still_makes_a_figure() -> None:
    figure = count_bars([], [])
    assert len(figure.data) == 1
    assert list(figure.data[0].x) == []


def test_a_long_label_is_shortened_on_the_axis_and_whole_on_hover() -> None:
    long = "Kommunikation og formidling (Forberedende DSD) · Forberedende Digital Sundhed Danmark"
    near = long.replace("Danmark", "Danmarks")  # the same first 40 characters
    figure = count_bars([long, near, "Bestyrelse · ESHIA"], [4, 2, 1])
    [bar] = figure.data
    assert list(bar.y) == [long, near, "Bestyrelse · ESHIA"]  # two bars, not one
    assert "%{y}" in bar.hovertemplate
    axis = figure.layout.yaxis
    assert list(axis.tickvals) == list(bar.y)
    assert axis.ticktext[0] == axis.ticktext[1] == long[:39].rstrip() + "…"
    assert axis.ticktext[2] == "Bestyrelse · ESHIA"
