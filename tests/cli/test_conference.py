"""`muster conference` end to end on both databases: open a call, offer, decide, shortfalls."""

import io
import json

import openpyxl
import pytest
from typer.testing import CliRunner

from muster.cli import app

runner = CliRunner()
PASSWORD = "correct horse battery staple\n"


@pytest.fixture
def demo_env(empty_db_url, monkeypatch):
    monkeypatch.setenv("MUSTER_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    ok("demo", "--no-serve")
    for name, role, nation in (("plan", "planner", None), ("gbr", "delegate", "GBR")):
        extra = ["--nation", nation] if nation else []
        ok("user", "add", name, "--role", role, *extra, "--password-stdin", "--local-admin",
           stdin=PASSWORD)  # fmt: skip
    return empty_db_url


def ok(*args, stdin=None):
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def test_a_sourcing_round_from_the_command_line(demo_env, tmp_path):
    ok("conference", "create", "fsc-cli", "--name", "CLI round", "--line", "rl-pp-inf-bn",
       "--line", "rl-pp-isr", "--user", "plan", "--reason", "round")  # fmt: skip
    before = {
        x["line"]: x["shortfall"]
        for x in json.loads(
            ok("conference", "shortfalls", "fsc-cli", "--user", "plan", "--json").stdout
        )
    }
    ok("conference", "offer", "fsc-cli", "rl-pp-isr", "GBR", "1", "--user", "gbr",
       "--reason", "London offers")  # fmt: skip
    refused = runner.invoke(
        app, ["conference", "allocate", "fsc-cli-gbr-rl-pp-isr", "accept", "--user", "gbr",
              "--reason", "self-service"],
    )  # fmt: skip
    assert refused.exit_code != 0
    assert "requirement:edit" in refused.stderr
    done = ok("conference", "allocate", "fsc-cli-gbr-rl-pp-isr", "accept", "--user", "plan",
              "--reason", "fits")  # fmt: skip
    assert "pledge p-fsc-cli-gbr-rl-pp-isr" in done.stdout
    after = {
        x["line"]: x["shortfall"]
        for x in json.loads(
            ok("conference", "shortfalls", "fsc-cli", "--user", "plan", "--json").stdout
        )
    }
    assert after.get("rl-pp-isr", 0.0) == max(0.0, before["rl-pp-isr"] - 1)
    out = tmp_path / "short.xlsx"
    ok("conference", "shortfalls", "fsc-cli", "--user", "plan", "--xlsx", str(out))
    rows = list(openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["shortfalls"].values)
    assert [r[0] for r in rows[1:]] == sorted(after, key=["rl-pp-inf-bn", "rl-pp-isr"].index)
    listed = ok("conference", "offers", "fsc-cli", "--user", "gbr").stdout
    assert "GBR 1  [accept]" in listed
    # a user who does not exist is named, and a bad decision word is a one-line error
    bad = runner.invoke(app, ["conference", "list", "--user", "nobody"])
    assert bad.exit_code != 0
    assert "--user" in bad.stderr
    bad = runner.invoke(app, ["conference", "allocate", "x", "maybe", "--user", "plan",
                              "--reason", "r"])  # fmt: skip
    assert bad.exit_code != 0
    assert "accept, decline or hold" in bad.stderr
