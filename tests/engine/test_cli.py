"""The engine's commands end to end: on the demo in a real database (both backends) and on files."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.data import demo_dataset
from muster.engine.coverage import coverage
from muster.interchange import write_dataset
from muster.synth import synth

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def fails(*args):
    result = run(*args)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def demo_db(db_url, monkeypatch):
    monkeypatch.setenv("MUSTER_DATABASE_URL", db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    ok("demo", "--no-serve")
    return db_url


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "demo.json"
    write_dataset(demo_dataset(), path)
    return path


def test_coverage_as_of_two_dates_differs_on_the_demo(demo_file):
    """The German government formed on 6 May 2025: as of 3 March its pledges do not count."""
    early = json.loads(
        ok("coverage", "--data", demo_file, "--as-of", "2025-03-03", "--json").stdout
    )
    later = json.loads(
        ok("coverage", "--data", demo_file, "--as-of", "2026-01-06", "--json").stdout
    )
    assert (early["as_of"], later["as_of"]) == ("2025-03-03", "2026-01-06")
    assert early["mission"] < later["mission"]
    assert "DEU" not in early["nations"]
    assert later["nations"]["DEU"] > 0
    table = ok("coverage", "--data", demo_file, "--as-of", "2025-03-03").stdout
    assert "as of 2025-03-03" in table
    bad = fails("coverage", "--data", demo_file, "--as-of", "3 March")
    assert "--as-of: expected a date as YYYY-MM-DD" in bad


def test_criticality_metric_viability_names_its_phase(demo_file):
    out = json.loads(
        ok(
            "criticality", "--data", demo_file, "--worlds", 50, "--metric", "viability",
            "--phase", "ph-long-term", "--json",
        ).stdout
    )["criticality"]  # fmt: skip
    assert (out["metric"], out["phase"]) == ("viability", "ph-long-term")
    assert "--phase needs --metric viability" in fails(
        "criticality", "--data", demo_file, "--phase", "ph-long-term"
    )


def test_coverage_when_peace_and_us_backstop_hold_vs_fail(demo_db):
    holds = json.loads(ok("coverage", "--scenario", "sc-peace-us-backstop", "--json").stdout)
    fails_ = json.loads(ok("coverage", "--scenario", "sc-no-us-backstop", "--json").stdout)
    want = coverage(demo_dataset(), demo_dataset().index("scenarios")["sc-peace-us-backstop"])
    assert holds["mission"] == pytest.approx(want.mission, abs=1e-6)
    post = {p["phase"]: p for p in holds["phases"]}["ph-post-peace"]
    post_without = {p["phase"]: p for p in fails_["phases"]}["ph-post-peace"]
    assert post["coverage"] > post_without["coverage"]
    line = {x["line"]: x for x in holds["lines"]}["rl-pp-inf-bn"]
    assert line["filled"] + line["gap"] == pytest.approx(line["required"])
    assert {f["nation"] for f in line["fills"]} >= {"GBR", "FRA"}
    table = ok("coverage", "--scenario", "Peace signed with a US backstop").stdout
    assert "who fills" in table
    assert "rl-pp-inf-bn" in table


def test_ad_hoc_assumptions_on_top_of_a_scenario(demo_file):
    both_fail = json.loads(
        ok(
            "coverage",
            "--data",
            demo_file,
            "--force",
            "peace-signed=fails",
            "--force",
            "us-backstop=fails",
            "--json",
        ).stdout
    )
    assert both_fail["scenario"] == "baseline.cli"
    holds = json.loads(
        ok("coverage", "--data", demo_file, "--scenario", "sc-peace-us-backstop", "--json").stdout
    )
    assert both_fail["mission"] < holds["mission"]
    without = json.loads(
        ok(
            "coverage",
            "--data",
            demo_file,
            "--scenario",
            "sc-peace-us-backstop",
            "--without",
            "gbr",
            "--json",
        ).stdout
    )
    assert "GBR" not in without["nations"]
    assert without["mission"] < holds["mission"]


def add_user(name, role, *extra):
    result = runner.invoke(
        app,
        ["user", "add", name, "--role", role, *extra, "--password-stdin", "--local-admin"],
        input="a long passphrase\n",
    )
    assert result.exit_code == 0, result.stderr


def test_scenario_create_set_show_list_and_diff_keep_history(demo_db):
    add_user("cell", "planner")
    add_user("vic", "viewer")
    refused = fails(
        "scenario", "create", "no-truce", "--name", "No truce", "--reason", "x", "--user", "vic"
    )
    assert refused.strip() == "error: a viewer may not use scenario:edit"
    ok(
        "scenario",
        "create",
        "no-truce",
        "--name",
        "No truce",
        "--force",
        "truce-agreed=fails",
        "--reason",
        "what if talks collapse",
        "--user",
        "cell",
    )
    shown = json.loads(ok("scenario", "show", "no-truce", "--json").stdout)
    assert shown["forced"] == {"truce-agreed": False}
    ok(
        "scenario",
        "set",
        "no-truce",
        "--probability",
        "us-backstop=0.9",
        "--nation-out",
        "DEU",
        "--reason",
        "US signals support",
        "--user",
        "cell",
    )
    listed = {s["id"]: s for s in json.loads(ok("scenario", "list", "--json").stdout)}
    assert listed["no-truce"]["probabilities"] == {"us-backstop": 0.9}
    assert listed["no-truce"]["nations_out"] == ["DEU"]
    history = json.loads(ok("history", "scenario", "no-truce", "--json").stdout)
    assert sorted((h["version"], h["who"], h["why"]) for h in history) == [
        (1, "user:cell", "what if talks collapse"),
        (2, "user:cell", "US signals support"),
    ]
    diff = json.loads(ok("scenario", "diff", "no-truce", "sc-baseline", "--json").stdout)
    assert "forced" in diff["assumptions"]
    assert diff["mission"]["first"] <= diff["mission"]["second"]


def test_scenario_errors_are_one_line_and_change_nothing(demo_db):
    err = fails(
        "scenario",
        "create",
        "bad",
        "--name",
        "Bad",
        "--force",
        "us-backstep=holds",
        "--reason",
        "typo",
        "--local-admin",
    )
    assert "unknown condition 'us-backstep' (did you mean 'us-backstop'?)" in err
    err = fails(
        "scenario",
        "create",
        "bad",
        "--name",
        "Bad",
        "--probability",
        "us-backstop=1.5",
        "--reason",
        "x",
        "--local-admin",
    )
    assert "--probability us-backstop: expected a probability between 0 and 1, got '1.5'" in err
    assert "bad" not in {s["id"] for s in json.loads(ok("scenario", "list", "--json").stdout)}
    assert "unknown scenario 'nope'" in fails("coverage", "--scenario", "nope")


def test_simulate_json_is_reproducible_and_worlds_must_be_positive(demo_file):
    args = ("simulate", "--data", demo_file, "--worlds", 30_000, "--seed", 3, "--json")
    one = ok(*args).stdout
    two = ok(*args, "--workers", 2).stdout
    assert one == two
    out = json.loads(one)
    assert out["worlds"] == 30_000
    assert {p["phase"] for p in out["phases"]} == {
        "ph-truce-monitoring",
        "ph-negotiation",
        "ph-post-peace",
        "ph-long-term",
    }
    assert out["sensitivity"][0]["condition"] == "truce-agreed"
    assert "expected a whole number of worlds > 0" in fails(
        "simulate", "--data", demo_file, "--worlds", 0
    )
    err = fails("simulate", "--data", demo_file, "--worlds", 10, "--force", "peace-signed=maybe")
    assert "--force peace-signed: expected holds or fails, got 'maybe'" in err


def test_simulate_table_shows_phases_and_top_conditions(demo_file):
    out = ok("simulate", "--data", demo_file, "--worlds", 20_000, "--top", 5).stdout
    assert "P(minimum viable force)" in out
    assert "Truce or ceasefire agreed" in out


def test_criticality_ranks_nations_and_stance_effects(demo_file):
    out = json.loads(ok("criticality", "--data", demo_file, "--worlds", 300, "--json").stdout)
    crit = out["criticality"]
    assert crit["method"] == "exact"
    top = [v["nation"] for v in crit["nations"][:5]]
    assert len(top) == 5
    # JSON rounds each figure to 6 decimals: the sum of eight may be off by 4e-6.
    assert sum(v["shapley"] for v in crit["nations"]) == pytest.approx(
        crit["coverage_all"], abs=5e-6
    )
    assert out["stances"]["willing"]
    table = ok("criticality", "--data", demo_file, "--worlds", 300).stdout
    assert "Shapley value" in table


def test_gaps_list_candidates_by_probability(demo_file):
    out = json.loads(
        ok("gaps", "--data", demo_file, "--scenario", "sc-peace-us-backstop", "--json").stdout
    )
    assert out["gaps"]
    for gap in out["gaps"]:
        probs = [c["probability"] for c in gap["candidates"]]
        assert probs == sorted(probs, reverse=True)


def test_large_synthetic_file_with_sampled_shapley(tmp_path):
    path = tmp_path / "big.json"
    write_dataset(
        synth(nations=20, pledges=300, lines=60, conditions=20, rng=np.random.default_rng(2)), path
    )
    out = json.loads(
        ok("criticality", "--data", path, "--permutations", 200, "--worlds", 50, "--json").stdout
    )
    assert out["criticality"]["method"] == "permutations"
    assert len(out["criticality"]["nations"]) > 12


def test_progress_bar_on_a_terminal(monkeypatch):
    import io

    from rich.console import Console

    import muster.cli.engine as cli_engine

    screen = io.StringIO()
    monkeypatch.setattr(cli_engine, "err_console", Console(file=screen, force_terminal=True))
    with cli_engine.progress_bar("simulating", 10) as update:
        update(5, 10)
        update(10, 10)
    assert "10/10 worlds" in screen.getvalue()
