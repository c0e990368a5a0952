"""The Oversigt's lines brought up to date (`report.grouped_again`) read as if grouped from
scratch; where the lines are not as what the findings say changed, the bucket is grouped again."""

from __future__ import annotations

from handover.domain.evaluation import BucketChange, Findings
from handover.domain.findings import RULES, finding
from handover.domain.report import grouped, grouped_again


def test_a_line_not_where_the_change_says_is_grouped_again_from_the_bucket() -> None:
    a, b = finding("no-receiver", ["A"]), finding("no-receiver", ["B"])
    first = Findings([a, b])
    lines = grouped_again(None, first, "da")
    stranger = finding("no-receiver", ["Z"])  # said to be gone, but never grouped
    key = (-RULES["no-receiver"], "no-receiver")
    second = Findings([a], first, {key: BucketChange(2, [a], True, (stranger,), ())})
    assert grouped_again(lines, second, "da").lines == grouped([a], "da")


def test_one_code_out_of_a_line_and_into_another_keeps_the_lines_in_order() -> None:
    """Past due by 3 days: B and D; by 5: C. D moves to 5 and A joins 3: the lines stay ordered
    by their first code, each line's codes by code."""
    late = {
        code: finding("past-due", [code], days=days)
        for code, days in (("B", "3"), ("C", "5"), ("D", "3"))
    }
    first = Findings([late["B"], late["C"], late["D"]])
    lines = grouped_again(None, first, "en")
    d5, a3 = finding("past-due", ["D"], days="5"), finding("past-due", ["A"], days="3")
    now = [a3, late["B"], late["C"], d5]
    key = (-RULES["past-due"], "past-due")
    change = BucketChange(len(first), now, True, (late["D"],), (d5, a3))
    second = grouped_again(lines, Findings(now, first, {key: change}), "en")
    assert second.lines == grouped(now, "en")
    assert [codes for _, _, codes in second.lines[RULES["past-due"]]] == [["A", "B"], ["C", "D"]]
