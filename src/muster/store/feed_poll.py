"""The feed watcher's bookkeeping: which feeds are due, leases, polls and items; a feed's status.

Service functions take the caller's session and never commit. None of this is history: a poll
is its own record (`feed_polls`), and an item's row (`feed_items`) is how the watcher claims it.
`feed_items` is unique by (feed, guid), by normalised URL and by the digest of a stored
article's text, so two watchers racing for one item cannot both store it; the loser's insert
fails and it counts the item as a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.feeds.schedule import Health, health
from muster.store.feed import FeedRecord, feed_record
from muster.store.schema import feed_items, feed_polls, feeds


@dataclass(frozen=True, slots=True)
class PollRecord:
    id: int
    feed_id: int
    watcher: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    http_status: int | None
    fetched: int
    new: int
    duplicates: int
    seen: int
    failed: int
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "feed": self.feed_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status": self.status,
            "http_status": self.http_status,
            "fetched": self.fetched,
            "new": self.new,
            "duplicates": self.duplicates,
            "seen": self.seen,
            "failed": self.failed,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class ItemRecord:
    id: int
    feed_id: int
    poll_id: int
    guid: str
    url: str | None
    title: str | None
    published_at: datetime | None
    status: str
    source_id: str | None
    duplicate_of: str | None
    similarity: float | None
    text_from: str | None
    error: str | None
    attempts: int
    seen_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "feed": self.feed_id,
            "poll": self.poll_id,
            "guid": self.guid,
            "url": self.url,
            "title": self.title,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "status": self.status,
            "source": self.source_id,
            "duplicate_of": self.duplicate_of,
            "similarity": self.similarity,
            "text_from": self.text_from,
            "error": self.error,
            "attempts": self.attempts,
            "seen_at": self.seen_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """A feed with what the feeds page shows of it: health, last poll, last items."""

    feed: FeedRecord
    health: Health
    last_poll: PollRecord | None
    last_success_at: datetime | None
    items: tuple[ItemRecord, ...]

    def as_dict(self) -> dict[str, Any]:
        f = self.feed
        return {
            **f.record(),
            "version": f.version,
            "added_at": f.added_at.isoformat(),
            "removed_at": f.removed_at.isoformat() if f.removed_at else None,
            "health": self.health.value,
            "failures": f.failures,
            "next_due_at": f.next_due_at.isoformat(),
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
            "last_poll": self.last_poll.as_dict() if self.last_poll else None,
            "items": [i.as_dict() for i in self.items],
        }


def _poll(row: Any) -> PollRecord:
    return PollRecord(
        id=row.id,
        feed_id=row.feed_id,
        watcher=row.watcher,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=row.status,
        http_status=row.http_status,
        fetched=row.fetched,
        new=row.new,
        duplicates=row.duplicates,
        seen=row.seen,
        failed=row.failed,
        error=row.error,
    )


def _item(row: Any) -> ItemRecord:
    return ItemRecord(
        id=row.id,
        feed_id=row.feed_id,
        poll_id=row.poll_id,
        guid=row.guid,
        url=row.url,
        title=row.title,
        published_at=row.published_at,
        status=row.status,
        source_id=row.source_id,
        duplicate_of=row.duplicate_of,
        similarity=row.similarity,
        text_from=row.text_from,
        error=row.error,
        attempts=row.attempts,
        seen_at=row.seen_at,
    )


def due_feeds(*, session: Session, at: datetime, every: bool = False) -> list[FeedRecord]:
    """Watched feeds due at `at` (all watched feeds with `every`), soonest first."""
    query = sa.select(feeds).where(feeds.c.removed_at.is_(None))
    if not every:
        query = query.where(feeds.c.next_due_at <= at)
    return [
        feed_record(r) for r in session.execute(query.order_by(feeds.c.next_due_at, feeds.c.id))
    ]


def next_due(*, session: Session) -> datetime | None:
    """When the next watched feed is due, or None when none is watched."""
    value = session.execute(
        sa.select(sa.func.min(feeds.c.next_due_at)).where(feeds.c.removed_at.is_(None))
    ).scalar()
    return value if isinstance(value, datetime) else None


def take_lease(
    *, session: Session, feed_id: int, owner: str, at: datetime, until: datetime
) -> bool:
    """Whether `owner` may poll the feed now: no other watcher holds an unexpired lease on it.

    One conditional UPDATE, so two watchers cannot both take it.
    """
    taken = session.execute(
        feeds.update()
        .where(
            feeds.c.id == feed_id,
            feeds.c.removed_at.is_(None),
            sa.or_(
                feeds.c.lease_until.is_(None),
                feeds.c.lease_until < at,
                feeds.c.lease_owner == owner,
            ),
        )
        .values(lease_owner=owner, lease_until=until)
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def release_lease(*, session: Session, feed_id: int, owner: str) -> None:
    """Give up `owner`'s lease on the feed (no poll was made)."""
    session.execute(
        feeds.update()
        .where(feeds.c.id == feed_id, feeds.c.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
    )


def start_poll(*, session: Session, feed_id: int, watcher: str, at: datetime) -> int:
    """A `running` poll of the feed; returns its id."""
    result = session.execute(
        feed_polls.insert()
        .values(
            feed_id=feed_id,
            watcher=watcher,
            started_at=at,
            status="running",
            fetched=0,
            new=0,
            duplicates=0,
            seen=0,
            failed=0,
        )
        .returning(feed_polls.c.id)
    )
    return int(result.scalar_one())


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """How a poll ended, and the feed's state after it."""

    status: str  # ok, not_modified, failed
    http_status: int | None
    fetched: int
    new: int
    duplicates: int
    seen: int
    failed: int
    error: str | None
    next_due_at: datetime
    failures: int
    etag: str | None
    last_modified: str | None


def finish_poll(
    *, session: Session, feed_id: int, poll_id: int, owner: str, at: datetime, outcome: PollOutcome
) -> None:
    """Record the poll's end and the feed's next due time; release the watcher's lease."""
    session.execute(
        feed_polls.update()
        .where(feed_polls.c.id == poll_id)
        .values(
            finished_at=at,
            status=outcome.status,
            http_status=outcome.http_status,
            fetched=outcome.fetched,
            new=outcome.new,
            duplicates=outcome.duplicates,
            seen=outcome.seen,
            failed=outcome.failed,
            error=(outcome.error or None) and outcome.error[:2000],
        )
    )
    lease_free = sa.case((feeds.c.lease_owner == owner, sa.null()), else_=feeds.c.lease_owner)
    until_free = sa.case((feeds.c.lease_owner == owner, sa.null()), else_=feeds.c.lease_until)
    session.execute(
        feeds.update()
        .where(feeds.c.id == feed_id)
        .values(
            next_due_at=outcome.next_due_at,
            failures=outcome.failures,
            etag=outcome.etag,
            last_modified=outcome.last_modified,
            lease_owner=lease_free,
            lease_until=until_free,
        )
    )


def known_item(
    *, session: Session, feed_id: int, guid: str, url_key: str | None
) -> ItemRecord | None:
    """The item this entry is, if any feed took it already: this feed's by guid, any feed's
    by normalised URL (this feed's first)."""
    condition = sa.and_(feed_items.c.feed_id == feed_id, feed_items.c.guid == guid)
    if url_key is not None:
        condition = sa.or_(condition, feed_items.c.url_key == url_key)
    rows = session.execute(sa.select(feed_items).where(condition)).all()
    found = sorted((_item(r) for r in rows), key=lambda i: (i.feed_id != feed_id, i.id))
    return found[0] if found else None


def insert_item(*, session: Session, **values: Any) -> int:
    """Insert an item's row (raises IntegrityError when a unique key is taken); returns its id."""
    result = session.execute(feed_items.insert().values(**values).returning(feed_items.c.id))
    return int(result.scalar_one())


def retry_item(*, session: Session, item_id: int, attempts: int, **values: Any) -> bool:
    """Take a failed item again: only if it is still failed after `attempts` tries (so one
    watcher wins); sets `values` and counts the try (unless `values` sets `attempts`)."""
    done = session.execute(
        feed_items.update()
        .where(
            feed_items.c.id == item_id,
            feed_items.c.status == "failed",
            feed_items.c.attempts == attempts,
        )
        .values(**{"attempts": attempts + 1, **values})
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def polls(*, session: Session, feed_id: int, limit: int = 20) -> list[PollRecord]:
    """The feed's last polls, newest first."""
    rows = session.execute(
        sa.select(feed_polls)
        .where(feed_polls.c.feed_id == feed_id)
        .order_by(feed_polls.c.id.desc())
        .limit(limit)
    )
    return [_poll(r) for r in rows]


def items(*, session: Session, feed_id: int, limit: int = 10) -> list[ItemRecord]:
    """The feed's last items, newest first."""
    rows = session.execute(
        sa.select(feed_items)
        .where(feed_items.c.feed_id == feed_id)
        .order_by(feed_items.c.id.desc())
        .limit(limit)
    )
    return [_item(r) for r in rows]


def status(*, session: Session, feed: FeedRecord, item_limit: int = 5) -> FeedStatus:
    """The feed with its health, last poll, last successful poll and last items."""
    last = polls(session=session, feed_id=feed.id, limit=1)
    success = session.execute(
        sa.select(sa.func.max(feed_polls.c.finished_at)).where(
            feed_polls.c.feed_id == feed.id,
            feed_polls.c.status.in_(["ok", "not_modified"]),
        )
    ).scalar()
    finished = [p for p in last if p.status != "running"]
    return FeedStatus(
        feed=feed,
        health=health(polled=bool(finished) or success is not None, failures=feed.failures),
        last_poll=last[0] if last else None,
        last_success_at=success if isinstance(success, datetime) else None,
        items=tuple(items(session=session, feed_id=feed.id, limit=item_limit)),
    )
