"""Standard output holds the command's output only: no solver banner, no Dask log, no dashboard."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from muster.data import demo_dataset
from muster.interchange import write_dataset

SOLVE = """
import numpy as np
from muster.engine.lp import solve_canonical, solve_stages
args = dict(
    capacity=np.array([3.0, 2.0]),
    edge_supply=np.array([0, 1]),
    edge_line=np.array([0, 0]),
    edge_efficiency=np.array([1.0, 1.0]),
    demand=np.array([4.0]),
    minimum=np.array([3.0]),
    priority=np.array([0]),
    value=np.array([0.25]),
)
solve_stages(**args)
solve_canonical(**args)
"""


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )


def test_highs_prints_nothing():
    assert python(SOLVE).stdout == ""


def test_plain_highs_would_print_its_banner():
    """The check above can fail: highspy's own constructor writes the banner to stdout."""
    assert "HiGHS" in python("import highspy; highspy.Highs()").stdout


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "demo.json"
    write_dataset(demo_dataset(), path)
    return path


def muster(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "muster", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.timeout(600)  # worker processes start slowly on a busy machine
def test_dask_run_prints_its_result_and_nothing_else(demo_file):
    args = ("simulate", "--data", demo_file, "--worlds", "3000", "--json")
    there = muster(*args, "--backend", "dask", "--workers", "2")
    here = muster(*args)
    assert json.loads(there.stdout) == json.loads(here.stdout)  # stdout is the JSON alone
    assert "INFO" not in there.stderr
    assert "8787" not in there.stderr + there.stdout
    assert "dashboard" not in there.stderr.lower()


def test_report_prints_one_line(demo_file, tmp_path, db_url):
    env = {"MUSTER_DATABASE_URL": db_url, "MUSTER_ENV": "test"}
    muster("init", env=env)
    muster("import", demo_file, "--local-admin", env=env)
    out = tmp_path / "brief.html"
    done = muster("report", out, "--audience", "planners", env=env)
    assert done.stdout.splitlines() == [done.stdout.strip()]
    assert done.stdout.startswith("wrote the HTML brief on ")
    assert out.stat().st_size > 0
