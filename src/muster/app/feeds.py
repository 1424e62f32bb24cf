"""Watching news feeds as a user: add and remove a feed (`ingest:run`), history saying who and
why. The CLI's `muster feeds add|remove` calls these."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from muster.app.records import actor
from muster.auth import Capability, User
from muster.auth.policy import ensure
from muster.store import feed as feed_store


def add(
    *,
    session: Session,
    user: User,
    url: str,
    name: str | None,
    language: str | None,
    interval: timedelta,
    reason: str,
) -> feed_store.FeedRecord:
    """Watch a feed from now on as `user`; Forbidden without `ingest:run`, else what
    `store.feed.add_feed` raises."""
    ensure(user, Capability.INGEST_RUN)
    return feed_store.add_feed(
        session=session,
        url=url,
        name=name,
        language=language,
        interval=interval,
        who=actor(user),
        reason=reason,
    )


def remove(
    *,
    session: Session,
    user: User,
    feed_id: int,
    reason: str,
    expected_version: int | None = None,
) -> feed_store.FeedRecord:
    """Stop watching a feed as `user`; Forbidden without `ingest:run`, NotFound, Conflict."""
    ensure(user, Capability.INGEST_RUN)
    return feed_store.remove_feed(
        session=session,
        feed_id=feed_id,
        who=actor(user),
        reason=reason,
        expected_version=expected_version,
    )
