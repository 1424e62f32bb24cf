"""The brief's static SVG charts: round ticks for any scale, one polyline per series."""

import itertools
from datetime import date

import pytest

from muster.web.report.svg import Line, step_chart, ticks


@pytest.mark.parametrize("top", [0.001, 0.5, 1, 3, 14, 100, 7.5e9])
def test_ticks_are_few_round_and_within_the_top(top):
    found = ticks(top)
    assert found[0] == 0
    assert 2 <= len(found) <= 6
    assert found[-1] <= top * (1 + 1e-9)
    steps = {round(b - a, 12) for a, b in itertools.pairwise(found)}
    assert len(steps) == 1


def test_a_chart_draws_each_series_and_escapes_labels():
    days = [date(2025, 3, 2), date(2025, 9, 4), date(2026, 1, 6)]
    svg = str(
        step_chart(
            "Pledges <by> status",
            days,
            [Line("a<b", [1, 2, 3], "#000"), Line("c", [None, 1, 0], "#fff", dashed=True)],
        )
    )
    assert svg.count("<polyline") == 2
    assert "a&lt;b" in svg
    assert "Pledges &lt;by&gt; status" in svg
    assert "2025-03-02" in svg
    assert "2026-01-06" in svg
