"""Fixtures for the feed tests: a loopback HTTP server, a database holding the reference
nations (both backends), and a watcher on them with a test clock and a seeded generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from muster.data import reference_dataset
from muster.feeds.fetch import Limits, make_client
from muster.feeds.watch import Watcher
from muster.store import feed as feed_store
from muster.store import import_dataset, transaction
from muster.store.schema import feed_items, feed_polls
from tests.feeds.server import FeedServer


def loopback(**limits: Any) -> Limits:
    """Limits that let the watcher fetch from this machine (the test server is on 127.0.0.1)."""
    return Limits(private_ok=True, **{"timeout_s": 5.0, **limits})


FAST = loopback()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer().start()
    yield s
    s.stop()


@pytest.fixture
def news_db(db_engine: Engine) -> Engine:
    """A fresh database holding the reference nations and actors (the ingester's gazetteer)."""
    with transaction(db_engine) as s:
        import_dataset(session=s, dataset=reference_dataset(), who="process:test", reason="fixture")
    return db_engine


@pytest.fixture
def make_watcher(news_db: Engine, clock: Any) -> Iterator[Callable[..., Watcher]]:
    clients = []

    def make(*, limits: Limits = FAST, name: str = "test-watcher", seed: int = 0) -> Watcher:
        client = make_client(limits)
        clients.append(client)
        return Watcher(
            news_db, client, clock=clock, rng=np.random.default_rng(seed), limits=limits, name=name
        )

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def add(news_db: Engine, clock: Any) -> Callable[..., int]:
    """Add a feed (by user ana, on the test clock: due at once); returns its id."""

    def add_feed(url: str, *, language: str | None = None, every: int = 15) -> int:
        with transaction(news_db, clock=clock) as s:
            return feed_store.add_feed(
                session=s,
                url=url,
                name=None,
                language=language,
                interval=timedelta(minutes=every),
                who="user:ana",
                reason="test feed",
            ).id

    return add_feed


def item_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as c:
        return [
            dict(r) for r in c.execute(sa.select(feed_items).order_by(feed_items.c.id)).mappings()
        ]


def poll_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as c:
        return [
            dict(r) for r in c.execute(sa.select(feed_polls).order_by(feed_polls.c.id)).mappings()
        ]
