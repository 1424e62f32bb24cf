"""Exit codes and messages of the `muster` command itself."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from muster import __version__
from muster.cli import app

runner = CliRunner()


def test_version_json():
    result = runner.invoke(app, ["version", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["muster"] == __version__


def test_usage_error_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "muster", "no-such-command"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_weak_secret_in_prod_is_a_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setenv("MUSTER_ENV", "prod")
    monkeypatch.setenv("MUSTER_SECRET_KEY", "changethis")
    monkeypatch.setenv("MUSTER_DATABASE_URL", f"sqlite:///{tmp_path / 'm.db'}")
    result = runner.invoke(app, ["nations"])
    assert result.exit_code == 1
    assert "MUSTER_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "m.db").exists()  # refused before anything touched the database


def test_version_needs_no_settings(monkeypatch):
    """Settings are read when a command first needs them: `version` works whatever they hold."""
    monkeypatch.setenv("MUSTER_ENV", "prod")
    monkeypatch.setenv("MUSTER_SECRET_KEY", "changethis")
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_closed_pipe_is_not_an_internal_error(tmp_path):
    """`muster ... | head` must stop quietly, not report an internal error."""
    env = {**os.environ, "MUSTER_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}
    subprocess.run(
        [sys.executable, "-m", "muster", "init"], env=env, check=True, capture_output=True
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "muster", "nations", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away before anything is written
    _, stderr = proc.communicate(timeout=120)
    assert "internal error" not in stderr.decode()
    assert "Traceback" not in stderr.decode()


@pytest.mark.parametrize(
    "where",
    [
        "no-such-folder/model.json",
        "no[/x]dir/[bold]m.json",  # Rich once read the brackets as markup
    ],
)
def test_a_path_that_cannot_be_written_is_a_one_line_error(tmp_path, where):
    """An OSError on a path the user named is their input, not an internal error; the path is
    printed as it is."""
    out = tmp_path / where
    result = runner.invoke(
        app, ["train-ingest", "tests/data/news_holdout", "--folds", "2", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {out}: No such file or directory"
    assert not out.exists()
