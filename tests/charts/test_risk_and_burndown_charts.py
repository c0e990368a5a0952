"""The risk heat map and the burn-down chart, read back from the figures."""

from datetime import date

from handover.charts.overview import burndown_chart
from handover.charts.risks import heat_map


def test_the_heat_map_puts_each_risk_in_its_cell_coloured_by_score() -> None:
    figure = heat_map(
        [("R1", 3, 5), ("R2", 3, 5), ("R3", 1, 1)], likelihood_title="L", impact_title="I"
    )
    [cells] = figure.data
    assert cells.text[2][4] == "R1<br>R2"  # likelihood 3 (row 2), impact 5 (column 4)
    assert cells.text[0][0] == "R3"
    assert cells.z[4][4] == 25
    assert cells.z[0][0] == 1


def test_the_burndown_has_two_lines_a_pace_to_zero_and_the_transition_line() -> None:
    figure = burndown_chart(
        [date(2026, 11, 24), date(2026, 11, 25)],
        [13, 12],
        [21, 20],
        transition=date(2027, 1, 1),
        names=("u", "a", "01.01.2027"),
    )
    lines = [trace for trace in figure.data if trace.showlegend is not False]
    assert [trace.name for trace in lines] == ["u", "a"]
    paces = [trace for trace in figure.data if trace.showlegend is False]
    assert [list(trace.y) for trace in paces] == [[12, 0], [20, 0]]
    assert str(paces[0].x[1]) == "2027-01-01"
    assert figure.layout.shapes[0].x0 == date(2027, 1, 1)
