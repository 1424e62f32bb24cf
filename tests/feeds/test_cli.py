"""End to end through the CLI on SQLite and PostgreSQL: a feed served on loopback ends in the
review queue once, whatever is polled again, restarted, or run twice at the same time. Each
`muster watch` runs in a process of its own (a restart between polls); the other commands run
in this process (each is a fresh command all the same), which keeps the test's time down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from typer.testing import CliRunner

from muster.cli import app
from tests.feeds import samples
from tests.feeds.server import FeedServer, Reply


@pytest.fixture
def env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("MUSTER_DATABASE_URL", db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    monkeypatch.setenv("MUSTER_FEEDS_ALLOW_PRIVATE", "true")  # the test server is on loopback
    return {**os.environ}


class Done:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


def muster(env: dict[str, str], *args: str) -> Done:
    """A command in this process, on `env`'s database (the fixture set the environment)."""
    result = CliRunner().invoke(app, list(args))
    return Done(result.exit_code, result.stdout, result.stderr)


def watch_process(env: dict[str, str], *args: str) -> Done:
    """`muster watch ...` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "muster", "watch", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Done(done.returncode, done.stdout, done.stderr)


def ok(env: dict[str, str], *args: str) -> Done:
    done = muster(env, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


def serve_articles(server: FeedServer, count: int) -> list[str]:
    """`count` real articles as pages, and a feed listing them; returns their names."""
    names = []
    items = []
    for name, page in samples.real_pages(count):
        server.routes[f"/news/{name}"] = Reply(page, content_type="text/html")
        items.append({"title": name, "link": server.url(f"/news/{name}"), "guid": f"urn:{name}",
                      "date": "Mon, 03 Mar 2025 09:00:00 GMT"})  # fmt: skip
        names.append(name)
    server.routes["/feed.xml"] = Reply(samples.rss(items))
    return names


def review_queue(env: dict[str, str]) -> list[dict[str, object]]:
    queue = json.loads(ok(env, "review", "list", "--json", "--limit", "1000").stdout)
    assert isinstance(queue, list)
    return queue


def test_two_polls_and_a_restart_leave_each_article_once(env, server):
    names = serve_articles(server, 4)
    ok(env, "init")
    first_user = CliRunner().invoke(
        app, ["user", "add", "ana", "--role", "analyst", "--password-stdin"],
        input="a long passphrase\n",
    )  # fmt: skip
    assert first_user.exit_code == 0, first_user.stderr
    added = ok(env, "feeds", "add", server.url("/feed.xml"), "--language", "en", "--every",
               "15m", "--name", "Loopback News", "--user", "ana")  # fmt: skip
    assert "feed 1: Loopback News" in added.stdout
    first = json.loads(watch_process(env, "--once", "--json").stdout)
    assert [(p["status"], p["fetched"], p["new"]) for p in first] == [("ok", 4, 4)]
    queue = review_queue(env)
    per_source = Counter(str(s["source"]) for s in queue)
    assert len(per_source) == 4
    # a new process (a restart), polling again although not due: nothing is taken twice
    second = json.loads(watch_process(env, "--once", "--all", "--json").stdout)
    assert [(p["status"], p["new"], p["seen"], p["duplicates"]) for p in second] == [
        ("ok", 0, 4, 0)
    ]
    # and a third, once the feed has grown by one article
    more = serve_articles(server, 5)
    assert more[:4] == names
    third = json.loads(watch_process(env, "--once", "--all", "--json").stdout)
    assert [(p["new"], p["seen"]) for p in third] == [(1, 4)]
    after = review_queue(env)
    assert len({s["id"] for s in after}) == len(after)
    assert len(Counter(str(s["source"]) for s in after)) == 5
    assert {s["id"] for s in queue} <= {s["id"] for s in after}
    listed = json.loads(ok(env, "feeds", "list", "--json").stdout)
    (feed,) = listed
    assert (feed["name"], feed["language"], feed["every"], feed["health"]) == (
        "Loopback News", "en", "15m", "ok",
    )  # fmt: skip
    assert feed["last_poll"]["new"] == 1
    assert [i["status"] for i in feed["items"]] == ["new"] * 5


def test_two_watchers_started_together_store_each_article_once(env, server):
    serve_articles(server, 6)
    ok(env, "init")
    ok(env, "feeds", "add", server.url("/feed.xml"), "--local-admin")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "muster", "watch", "--once", "--all", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, out + err
    polls = [poll for out, _ in outputs for poll in json.loads(out)]
    assert sum(int(p["new"]) for p in polls) == 6
    sources = Counter(str(s["source"]) for s in review_queue(env))
    assert len(sources) == 6


def test_feed_commands_refuse_bad_input_in_one_line(env):
    ok(env, "init")
    bad_url = muster(env, "feeds", "add", "ftp://example.org/feed", "--local-admin")
    assert bad_url.returncode == 1
    assert "expected an http:// or https:// address" in bad_url.stderr
    bad_every = muster(
        env, "feeds", "add", "https://example.org/feed", "--every", "soon", "--local-admin"
    )
    assert bad_every.returncode == 1
    assert "--every" in bad_every.stderr
    bad_language = muster(
        env, "feeds", "add", "https://example.org/f", "--language", "french", "--local-admin"
    )
    assert bad_language.returncode == 1
    assert "ISO 639-1" in bad_language.stderr
    ok(env, "feeds", "add", "https://example.org/feed", "--local-admin")
    twice = muster(env, "feeds", "add", "https://example.org/feed", "--local-admin")
    assert twice.returncode == 1
    assert "already watches" in twice.stderr
    assert "removed" in ok(env, "feeds", "remove", "1", "--reason", "test", "--local-admin").stdout
    missing = muster(env, "feeds", "remove", "1", "--local-admin")
    assert missing.returncode == 1
    assert "no feed 1" in missing.stderr
    ok(env, "feeds", "add", "https://example.org/feed", "--local-admin")  # watched again
    for out in (muster(env, "feeds", "add", "x", "--local-admin"), missing, twice):
        assert "Traceback" not in out.stderr
