"""The SVG charts: labelled for screen readers, escaped, proportional."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest
from bs4 import BeautifulSoup

from web.charts import ScoreRow, Segment, bar_chart, date_labels, score_bars, stacked_columns


def test_bar_chart_is_a_titled_image_with_proportional_bars() -> None:
    svg = BeautifulSoup(bar_chart(chart_id="g", title="Grades", description="A: 4, B: 2", bars=[("A", 4), ("B", 2)]),
                        "html.parser").svg
    assert svg["role"] == "img" and svg["aria-labelledby"] == "g-title g-desc"
    assert svg.find("title").get_text() == "Grades" and svg.find("desc").get_text() == "A: 4, B: 2"
    widths = [float(rect["width"]) for rect in svg.find_all("rect")]
    assert widths[0] == 2 * widths[1] > 0
    assert [t.get_text() for t in svg.find_all("text")] == ["A", "4", "B", "2"]


def test_labels_are_escaped() -> None:
    markup = str(bar_chart(chart_id='x"><script>', title="<b>t</b>", description="d", bars=[("<img src=x>", 1)]))
    assert "<script>" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;img src=x&gt;" in markup


def test_stacked_columns_stack_each_series() -> None:
    svg = BeautifulSoup(stacked_columns(chart_id="c", title="Runs", description="d", labels=["#1", "#2"],
                                        segments=[Segment("ok", "#146c2e", [3, 1]), Segment("failed", "#a3001b", [1, 0])]),
                        "html.parser").svg
    bars = [r for r in svg.find_all("rect") if float(r["width"]) > 14]  # legend swatches are 14 wide
    heights = [float(r["height"]) for r in bars]
    assert len(bars) == 3 and heights[0] == 3 * heights[1] == 3 * heights[2]
    assert "ok" in svg.get_text() and "failed" in svg.get_text()


@pytest.mark.parametrize(("moments", "labels"), [
    ([datetime(2025, 3, 4, 9, 5), datetime(2025, 3, 11, 2, 0)], ["Mar 4", "Mar 11"]),
    ([datetime(2025, 3, 4, 9, 5), datetime(2025, 3, 4, 14, 0)], ["Mar 4\n09:05", "Mar 4\n14:00"]),
    ([datetime(2024, 12, 30), datetime(2025, 1, 6)], ["Dec 30\n2024", "Jan 6\n2025"]),
    ([], []),
])
def test_date_labels_name_the_day_and_only_what_else_tells_columns_apart(
    moments: list[datetime], labels: list[str]
) -> None:
    assert date_labels(moments) == labels


def test_two_line_column_labels_fit_without_overlapping() -> None:
    labels = date_labels([datetime(2025, 3, 4, hour) for hour in range(12)])
    svg = BeautifulSoup(stacked_columns(chart_id="c", title="Runs", description="d", labels=labels,
                                        segments=[Segment("ok", "#146c2e", [1] * 12)], width=480, height=220),
                        "html.parser").svg
    axis = svg.select("text[text-anchor=middle]")
    assert [t.get_text() for t in axis[-1].find_all("tspan")] == ["Mar 4", "11:00"]  # the newest is labelled
    centres = [float(text["x"]) for text in axis]
    assert len(centres) < 12 and all(b - a >= 5 * 7 + 10 for a, b in pairwise(centres))
    assert max(float(text["y"]) + 15 for text in axis) + 4 <= 220  # the second line stays inside the chart


def test_empty_charts_say_so() -> None:
    assert "No data yet." in bar_chart(chart_id="e", title="t", description="d", bars=[])
    assert "No crawls yet." in stacked_columns(chart_id="e", title="t", description="d", labels=[], segments=[])


def test_score_bars_use_a_fixed_scale_and_say_not_stated() -> None:
    rows = [ScoreRow("Who treats you", 50, "50"), ScoreRow("Experience", None, "not stated"),
            ScoreRow("<b>Insurance</b>", 100, "100, reviewed")]
    markup = str(score_bars(chart_id="s", title="Scores", description="d", rows=rows, width=400))
    svg = BeautifulSoup(markup, "html.parser").svg
    assert svg["role"] == "img" and svg.find("title").get_text() == "Scores"
    bars = [float(r["width"]) for r in svg.find_all("rect") if r["fill"] != "#e3e7ec"]
    assert bars == [200, 400]  # out of 100, not relative to the largest; nothing drawn when not stated
    assert [t.get_text() for t in svg.find_all("text")] == ["Who treats you", "50", "Experience", "not stated",
                                                          "<b>Insurance</b>", "100, reviewed"]
    assert "<b>" not in markup
