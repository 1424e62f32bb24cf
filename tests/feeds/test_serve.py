"""`muster serve` with MUSTER_WATCH=true (the same path as `--watch`): the server's own process
polls the feeds, and its API shows the article it took."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from benchmarks.proof.common import Server, prepare, settings_for
from muster.store import feed as feed_store
from muster.store import make_engine, transaction
from tests.feeds import samples
from tests.feeds.server import FeedServer, Reply


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_serve_with_the_watcher_polls_feeds(db_url: str, tmp_path: Path, server: FeedServer):
    tokens = prepare(db_url)
    name, page = samples.real_pages(1)[0]
    server.routes["/a"] = Reply(page, content_type="text/html")
    server.routes["/rss"] = Reply(samples.rss([{"title": name, "link": server.url("/a"),
                                                "guid": name}]))  # fmt: skip
    engine = make_engine(settings_for(db_url))
    with transaction(engine) as s:
        feed_id = feed_store.add_feed(session=s, url=server.url("/rss"), name="Loopback",
            language=None, interval=timedelta(minutes=15), who="user:analyst", reason="test",
        ).id  # fmt: skip
    engine.dispose()
    web = Server(
        db_url,
        log=tmp_path / "serve.log",
        env={"MUSTER_WATCH": "true", "MUSTER_FEEDS_ALLOW_PRIVATE": "true"},
    ).start()
    try:
        headers = {"Authorization": f"Bearer {tokens['analyst']}"}
        deadline = time.monotonic() + 90
        feed: dict[str, object] = {}
        while time.monotonic() < deadline:
            try:
                got = httpx.get(f"{web.base}/api/v1/feeds/{feed_id}", headers=headers, timeout=30)
            except httpx.TimeoutException:  # a busy machine; the deadline bounds the wait
                continue
            feed = got.json()
            if feed.get("last_poll") and feed["last_poll"]["status"] != "running":  # type: ignore[index]
                break
            time.sleep(0.5)
    finally:
        web.stop()
    last = feed["last_poll"]
    assert isinstance(last, dict), (tmp_path / "serve.log").read_text()
    assert (last["status"], last["new"]) == ("ok", 1)
    assert server.hits("/a")
