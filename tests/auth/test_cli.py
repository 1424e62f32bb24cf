"""`muster user ...` and `muster token ...` on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from muster.cli import app
from muster.settings import Settings
from muster.web.app import create_app

runner = CliRunner()
GOOD = "correct horse 1"


@pytest.fixture
def env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MUSTER_DATABASE_URL", db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    return db_url


def muster(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_users_are_added_listed_and_refused_clearly(env: str) -> None:
    assert muster("user", "add", "alice", "--role", "admin", "--password-stdin", stdin=GOOD)[0] == 0
    # the first user of an empty database is set-up (the local admin adds it); later ones are
    # added by a user who may manage users
    code, _, err = muster("user", "add", "bob", "--role", "viewer", "--password-stdin", stdin=GOOD)
    assert code == 1
    assert "--local-admin" in err
    code, _, err = muster(
        "user", "add", "bob", "--role", "viewer", "--password-stdin", "--user", "alice", stdin="abc"
    )
    assert code == 1
    assert "at least 10 characters" in err
    assert "Traceback" not in err
    code, _, err = muster(
        "user",
        "add",
        "carol",
        "--role",
        "delegate",
        "--password-stdin",
        "--local-admin",
        stdin=GOOD,
    )
    assert code == 1
    assert "needs a nation" in err
    code, _, err = muster(
        "user",
        "add",
        "dave",
        "--role",
        "delegate",
        "--nation",
        "XXX",
        "--password-stdin",
        "--user",
        "alice",
        stdin=GOOD,
    )
    assert code == 1
    assert "unknown nation 'XXX'" in err
    code, _, err = muster(
        "user", "add", "alice", "--role", "viewer", "--password-stdin", "--local-admin", stdin=GOOD
    )
    assert code == 1
    assert "already exists" in err
    code, _, err = muster(
        "user", "add", "local-admin", "--role", "admin", "--password-stdin", "--local-admin",
        stdin=GOOD,
    )  # fmt: skip
    assert code == 1
    assert "reserved" in err
    code, out, _ = muster("user", "list", "--json")
    assert code == 0
    assert [(u["username"], u["role"]) for u in json.loads(out)] == [("alice", "admin")]


def test_a_password_prompt_needs_a_terminal(env: str) -> None:
    code, _, err = muster("user", "add", "erin", "--role", "viewer")
    assert code == 1
    assert "--password-stdin" in err


def test_tokens_are_printed_once_and_work(env: str) -> None:
    muster("user", "add", "alice", "--role", "planner", "--password-stdin", stdin=GOOD)
    code, out, err = muster(
        "token", "create", "--user", "alice", "--name", "ci", "--scope", "write"
    )
    assert code == 0
    secret = out.strip()
    assert secret.startswith("mst_")
    assert "shown once" in err
    client = TestClient(create_app(Settings(database_url=env, env="test")))
    me = client.get("/api/v1/session", headers={"Authorization": f"Bearer {secret}"}).json()
    assert me["username"] == "alice"
    code, out, _ = muster("token", "list", "--json")
    listed = json.loads(out)
    assert secret not in out
    assert [t["name"] for t in listed] == ["ci"]
    assert listed[0]["last_used_at"] is not None
    assert muster("token", "revoke", listed[0]["id"])[0] == 0
    gone = client.get("/api/v1/pledges", headers={"Authorization": f"Bearer {secret}"})
    assert gone.status_code == 401


def test_disable_and_passwd(env: str) -> None:
    muster("user", "add", "alice", "--role", "viewer", "--password-stdin", stdin=GOOD)
    client = TestClient(create_app(Settings(database_url=env, env="test")))
    assert client.post("/api/v1/session", json={"username": "alice", "password": GOOD}).is_success
    refused = muster("user", "passwd", "alice", "--password-stdin", "--user", "alice", stdin=GOOD)
    assert refused[0] == 1
    assert "a viewer may not use user:manage" in refused[2]
    new = "another one 22"
    assert muster("user", "passwd", "alice", "--password-stdin", "--local-admin", stdin=new)[0] == 0
    assert client.get("/api/v1/session").json()["signed_in"] is False
    assert muster("user", "disable", "alice", "--local-admin")[0] == 0
    again = {"username": "alice", "password": "another one 22"}
    client.cookies.clear()  # a fresh visitor: no session cookie, so no CSRF token needed
    assert client.post("/api/v1/session", json=again).status_code == 401
    assert muster("user", "disable", "alice", "--enable", "--local-admin")[0] == 0
    client.cookies.clear()
    assert client.post("/api/v1/session", json=again).status_code == 200
    code, _, err = muster("user", "disable", "nobody", "--local-admin")
    assert code == 1
    assert "no user 'nobody'" in err


def test_commands_on_a_database_not_set_up(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUSTER_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    code, _, err = muster("user", "list")
    assert code == 1
    assert "muster init" in err
