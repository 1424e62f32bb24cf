"""`muster changes`, `muster subscription ...` and `muster deliver --once` end to end, both
databases: the demo's changes since September 2025, and a webhook to a real receiver."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from muster.app.changes import dated_start
from muster.cli import app
from muster.data import demo_dataset
from muster.settings import Settings
from muster.store import make_engine, service, transaction

runner = CliRunner()


@pytest.fixture
def demo_env(empty_db_url, monkeypatch):
    monkeypatch.setenv("MUSTER_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    ok("demo", "--no-serve")
    return empty_db_url


def ok(*args, stdin=None):
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def test_changes_since_september_2025_on_the_demo(demo_env):
    report = json.loads(ok("changes", "--since", "2025-09-01", "--json").stdout)
    ds = demo_dataset()
    published = {s.id: s.published for s in ds.sources}
    later = {
        p.id
        for p in ds.pledges
        if (d := dated_start(p.valid_from, p.sources, published)) and d.isoformat() >= "2025-09-01"
    }
    assert {p["pledge"] for p in report["pledges"] if p["what"] == "added"} == later
    assert later  # the demo has pledges after September 2025
    stance_days = {s["on"] for s in report["stances"]}
    assert stance_days
    assert min(stance_days) >= "2025-09-01"
    assert {s["nation"] for s in report["stances"]} >= {"DEU"}
    # nothing before the window, and the demo's bulk load is not news
    assert all(p["clock"] == "dated" for p in report["pledges"])
    text = ok("changes", "--since", "2025-09-01").stdout
    assert "Stances (" in text
    assert "DEU" in text
    bad = runner.invoke(app, ["changes", "--since", "yesterday-ish"])
    assert bad.exit_code == 1
    assert "--since" in bad.stderr


def test_changes_as_a_delegate_hide_another_nations_national_pledge(demo_env):
    ok("user", "add", "fra-delegate", "--role", "delegate", "--nation", "FRA",
       "--password-stdin", stdin="correct horse battery staple\n")  # fmt: skip
    everything = json.loads(ok("changes", "--since", "2025-09-01", "--json").stdout)
    mine = json.loads(
        ok("changes", "--since", "2025-09-01", "--user", "fra-delegate", "--json").stdout
    )
    assert "p-deu-inf" in {p["pledge"] for p in everything["pledges"]}
    assert "p-deu-inf" not in {p["pledge"] for p in mine["pledges"]}
    missing = runner.invoke(app, ["changes", "--since", "2025-09-01", "--user", "nobody"])
    assert missing.exit_code == 1
    assert "no active user 'nobody'" in missing.stderr


def test_subscribe_then_deliver_once_to_a_real_receiver(demo_env):
    got = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        ok("user", "add", "cell", "--role", "planner", "--password-stdin",
           stdin="correct horse battery staple\n")  # fmt: skip
        made = json.loads(
            ok(
                "subscription", "add", "Withdrawals", "--user", "cell",
                "--event", "pledge.withdrawn",
                "--webhook", f"http://127.0.0.1:{server.server_address[1]}/hook", "--json",
            ).stdout
        )  # fmt: skip
        assert made["secret"].startswith("whsec_")
        listed = json.loads(ok("subscription", "list", "--user", "cell", "--json").stdout)
        assert [s["id"] for s in listed] == [made["id"]]
        pass_ = json.loads(ok("deliver", "--once", "--json").stdout)
        assert pass_["delivered"] == 0  # nothing withdrawn yet
        # the CLI has no pledge status command: change it through the store
        engine = make_engine(Settings(database_url=demo_env))
        with transaction(engine) as s:
            service.set_pledge_status(
                session=s, pledge_id="p-gbr-inf", status="withdrawn", who="user:cell", reason="test"
            )
        engine.dispose()
        done = json.loads(ok("deliver", "--once", "--json").stdout)
        assert done["delivered"] == 1
        assert [e["data"]["pledge"] for e in got] == ["p-gbr-inf"]
        log = json.loads(ok("subscription", "deliveries", "--user", "cell", "--json").stdout)
        assert [(d["state"], d["attempt_log"][0]["status"]) for d in log["items"]] == [
            ("delivered", 204)
        ]
        ok("subscription", "remove", made["id"], "--user", "cell")
        assert json.loads(ok("subscription", "list", "--user", "cell", "--json").stdout) == []
    finally:
        server.shutdown()
        server.server_close()
