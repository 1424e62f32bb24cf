"""`muster bench engine` prints its figures and checks the engine against HiGHS and OR-Tools."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from muster.cli import app

runner = CliRunner()
FIELDS = {
    "worlds_per_s", "lp_worlds_per_s", "maxflow_worlds_per_s", "ratio_vs_lp", "ratio_vs_maxflow",
    "checked_worlds", "max_abs_diff", "fallback_components", "shapley_s",
    "shapley_median_relative_se", "cpu_ratio_vs_lp", "worlds_per_s_runs",
}  # fmt: skip


def test_bench_engine_json_on_a_small_instance():
    args = [
        "bench", "engine", "--nations", "8", "--pledges", "80", "--lines", "24",
        "--conditions", "8", "--worlds", "5000", "--check-worlds", "4", "--permutations", "40",
        "--repeat", "2", "--json",
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures) >= FIELDS
    assert figures["checked_worlds"] == 4
    assert figures["max_abs_diff"] < 1e-5
    assert figures["max_rel_diff_maxflow"] < 1e-6
    assert figures["worlds_per_s"] > 0
    assert len(figures["worlds_per_s_runs"]) == 2
    assert figures["worlds_per_s"] == max(figures["worlds_per_s_runs"])
    assert figures["instance"]["nations"] == 8


def test_bench_engine_refuses_zero_worlds():
    result = runner.invoke(app, ["bench", "engine", "--worlds", "0"])
    assert result.exit_code == 1
    assert "worlds > 0" in result.stderr
