"""Who a CLI command acts as: a stored, active user of the database (`--user NAME`, MUSTER_USER),
whose rights apply, or the local administrator for set-up (`--local-admin`); never the
operating-system login. On both backends."""

from __future__ import annotations

import getpass
import json
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from muster.cli import app
from muster.data import demo_dataset
from muster.domain import Dataset
from muster.interchange import write_dataset
from muster.settings import Settings
from muster.store import make_engine, transaction
from muster.store.schema import history
from tests.ingest.conftest import DEV

runner = CliRunner()
PASSWORD = "a long enough passphrase\n"
CLI = Path(__file__).parents[2] / "src" / "muster" / "cli"


@pytest.fixture
def env(empty_db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MUSTER_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    monkeypatch.delenv("MUSTER_USER", raising=False)
    monkeypatch.delenv("MUSTER_LOCAL_ADMIN", raising=False)
    return empty_db_url


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def ok(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    result = run(*args, stdin=stdin)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def add_user(name: str, role: str, *extra: str) -> None:
    ok("user", "add", name, "--role", role, *extra, "--password-stdin", "--local-admin",
       stdin=PASSWORD)  # fmt: skip


def whos(db_url: str) -> list[str]:
    engine = make_engine(Settings(database_url=db_url, env="test"))
    with transaction(engine, write=False) as session:
        found = list(session.execute(sa.select(history.c.who)).scalars())
    engine.dispose()
    return found


def export(tmp_path: Path, name: str) -> bytes:
    out = tmp_path / name
    ok("export", str(out))
    return out.read_bytes()


def test_a_delegate_importing_another_nations_pledge_is_refused_and_nothing_changes(
    env: str, tmp_path: Path
) -> None:
    ok("demo", "--no-serve")
    add_user("fra", "delegate", "--nation", "FRA")
    gbr = next(p for p in demo_dataset().pledges if p.nation == "GBR")
    edit = tmp_path / "pledge.json"
    write_dataset(Dataset(pledges=(replace(gbr, quantity=gbr.quantity + 5),)), edit)
    before = export(tmp_path, "before.json")
    entries = len(whos(env))
    refused = run("import", str(edit), "--user", "fra", "--reason", "more")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "error: a delegate may not use data:import"
    assert export(tmp_path, "after.json") == before
    assert len(whos(env)) == entries


def test_a_missing_or_disabled_user_or_none_is_a_clear_error(env: str, tmp_path: Path) -> None:
    ok("init")
    add_user("ann", "admin")
    source = tmp_path / "demo.json"
    write_dataset(demo_dataset(), source)
    missing = run("import", str(source), "--user", "nobody")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == (
        "error: --user: no active user 'nobody' (see muster user list)"
    )
    ok("user", "disable", "ann", "--local-admin")
    disabled = run("import", str(source), "--user", "ann")
    assert disabled.exit_code == 1
    assert "no active user 'ann'" in disabled.stderr
    nobody = run("import", str(source))
    assert nobody.exit_code == 1
    assert nobody.stderr.count("\n") == 1  # one line
    assert "--user NAME" in nobody.stderr
    assert "--local-admin" in nobody.stderr
    both = run("import", str(source), "--user", "ann", "--local-admin")
    assert both.exit_code == 1
    assert "not both" in both.stderr
    assert json.loads(ok("pledges", "--json").stdout) == []


def test_local_admin_sets_up_an_empty_database_and_is_recorded_as_such(
    env: str, tmp_path: Path
) -> None:
    ok("init", "--empty")
    # no user yet: the first `user add` is set-up, done by the local admin without a flag
    ok("user", "add", "root", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    second = run("user", "add", "eve", "--role", "viewer", "--password-stdin", stdin=PASSWORD)
    assert second.exit_code == 1
    assert "--local-admin" in second.stderr
    ok("user", "add", "eve", "--role", "viewer", "--password-stdin", "--local-admin",
       stdin=PASSWORD)  # fmt: skip
    source = tmp_path / "demo.json"
    write_dataset(demo_dataset(), source)
    ok("import", str(source), "--local-admin", "--reason", "first load")
    changes = json.loads(ok("history", "nation", "GBR", "--json").stdout)
    assert [(c["op"], c["who"], c["why"]) for c in changes] == [
        ("create", "user:local-admin", "first load")
    ]


def test_the_user_comes_from_muster_user_and_history_names_it(
    env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("demo", "--no-serve")
    add_user("cell", "planner")
    add_user("ana", "analyst")
    monkeypatch.setenv("MUSTER_USER", "cell")
    ok("scenario", "create", "sc-env", "--name", "From the environment", "--reason", "env")
    ok("feeds", "add", "https://example.org/feed", "--user", "ana")
    ok("ingest", str(DEV / "seed.txt"), "--date", "2025-03-03", "--user", "ana")
    proposed = json.loads(ok("review", "list", "--json").stdout)
    assert proposed
    rows = {c["who"] for c in json.loads(ok("history", "scenario", "sc-env", "--json").stdout)}
    assert rows == {"user:cell"}
    # a planner may not change statements; the refusal names the capability
    refused = run("review", "accept", proposed[0]["id"])
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "error: a planner may not use statement:edit"
    assert json.loads(ok("feeds", "list", "--json").stdout)[0]["name"] == "example.org"


def test_no_history_entry_written_by_a_cli_command_names_the_os_login(
    env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = getpass.getuser()
    monkeypatch.setenv("USER", login)  # what getpass would have read
    ok("demo", "--no-serve")
    add_user("cell", "planner")
    add_user("ana", "analyst")
    gbr = replace(demo_dataset().index("nations")["GBR"], name="Britain")
    edit = tmp_path / "edit.json"
    write_dataset(Dataset(nations=(gbr,)), edit)
    ok("import", str(edit), "--local-admin", "--reason", "rename")
    ok("restore", "nation", "GBR", "1", "--local-admin")
    ok("scenario", "create", "sc-who", "--name", "Who", "--reason", "test", "--user", "cell")
    ok("scenario", "set", "sc-who", "--name", "Who else", "--reason", "test", "--user", "cell")
    ok("feeds", "add", "https://example.org/feed", "--user", "ana")
    ok("feeds", "remove", "1", "--user", "ana")
    ok("ingest", str(DEV / "seed.txt"), "--date", "2025-03-03", "--by", "ana")
    first, second = json.loads(ok("review", "list", "--json").stdout)[:2]
    ok("review", "accept", first["id"], "--user", "ana")
    ok("review", "edit", second["id"], "--stance", "skeptical", "--local-admin")
    found = set(whos(env))
    assert f"user:{login}" not in found
    assert found <= {
        "process:init", "process:demo", "user:local-admin", "user:cell", "user:ana",
    }  # fmt: skip
    assert {"user:local-admin", "user:cell", "user:ana"} <= found


def test_the_cli_never_reads_the_os_login() -> None:
    for path in CLI.glob("*.py"):
        assert "getpass" not in path.read_text(encoding="utf-8"), path


def test_export_as_a_user_holds_only_what_they_may_read(env: str, tmp_path: Path) -> None:
    ok("demo", "--no-serve")
    add_user("fra", "delegate", "--nation", "FRA")
    everything = tmp_path / "all.json"
    mine = tmp_path / "fra.json"
    ok("export", str(everything))
    ok("export", str(mine), "--user", "fra")
    all_ids = {p["id"] for p in json.loads(everything.read_text("utf-8"))["pledges"]}
    fra_ids = {p["id"] for p in json.loads(mine.read_text("utf-8"))["pledges"]}
    assert "p-deu-inf" in all_ids
    assert "p-deu-inf" not in fra_ids
    assert fra_ids < all_ids


def test_listings_as_a_user_hold_only_what_they_may_read(env: str) -> None:
    ok("demo", "--no-serve")
    add_user("fra", "delegate", "--nation", "FRA")
    add_user("viewer", "viewer")
    demo = demo_dataset()
    everything = json.loads(ok("pledges", "--json").stdout)
    assert {p["id"] for p in everything} == {p.id for p in demo.pledges}
    mine = json.loads(ok("pledges", "--json", "--user", "fra").stdout)
    hidden = {p.id for p in demo.pledges if p.classification.value == "national"}
    readable = {p.id for p in demo.pledges if p.id not in hidden or p.nation == "FRA"}
    assert {p["id"] for p in mine} == readable
    assert hidden - readable  # the demo holds a pledge FRA may not read
    # the same table function as the API: a search and a filter
    word = "Illustrative"
    found = json.loads(ok("pledges", "--json", "--search", word, "--nation", "GBR").stdout)
    expected = {
        p.id for p in demo.pledges if p.nation == "GBR" and word.lower() in (p.note or "").lower()
    }
    assert {p["id"] for p in found} == expected
    assert expected
    # a viewer reads no proposal, and an unknown reader is refused by name
    ok("ingest", str(DEV / "seed.txt"), "--date", "2025-03-03", "--local-admin")
    proposals = json.loads(ok("statements", "--json", "--status", "proposed").stdout)
    assert proposals
    seen = json.loads(ok("statements", "--json", "--status", "proposed", "--user", "viewer").stdout)
    assert seen == []
    refused = run("statements", "--user", "nobody")
    assert refused.exit_code == 1
    assert "nobody" in refused.stderr
