"""Feeds in the database: adding, moving and removing them, with history.

Service functions take the caller's session and never commit. A feed's address, name, language
and interval are changes like any other: each writes a `history` entry (entity `feed`, who and
why) in the caller's transaction. The polling state (next due, failures in a row, the
validators for conditional GET, the lease of the watcher polling it) is the watcher's
bookkeeping and has none: `muster.store.feed_poll`, with the polls and items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.errors import Conflict, InvalidInput, NotFound, Problem, describe
from muster.feeds.schedule import format_interval
from muster.store.db import CLOCK_KEY, utcnow
from muster.store.history import Change, check_reason, check_who, entries, write
from muster.store.schema import feeds

ENTITY = "feed"
MAX_URL = 2000
MAX_NAME = 200
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """A feed as stored: what users set (url, name, language, interval) and its polling state."""

    id: int
    url: str
    name: str
    language: str | None
    interval: timedelta
    added_at: datetime
    removed_at: datetime | None
    version: int
    next_due_at: datetime
    failures: int
    etag: str | None
    last_modified: str | None
    lease_owner: str | None
    lease_until: datetime | None

    def record(self) -> dict[str, Any]:
        """What history keeps of the feed: the fields users set."""
        return {
            "id": self.id,
            "url": self.url,
            "name": self.name,
            "language": self.language,
            "every": format_interval(self.interval),
        }


def now(session: Session) -> datetime:
    """The session's clock (UTC now, or the clock a test gave the transaction)."""
    clock = session.info.get(CLOCK_KEY, utcnow)
    when = clock()
    assert isinstance(when, datetime)
    return when


def check_url(url: object, *, field: str = "url") -> str:
    """An http(s) URL with a host, at most MAX_URL characters; raises InvalidInput."""
    text = url.strip() if isinstance(url, str) else ""
    parts = urlsplit(text)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or len(text) > MAX_URL
        or any(c.isspace() or ord(c) < 32 for c in text)
    ):
        raise InvalidInput(
            Problem(f"expected an http:// or https:// address, got {describe(url)}", field=field)
        )
    return text


def _check(name: object, language: object, interval: timedelta) -> list[Problem]:
    problems = []
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        problems.append(Problem(f"expected 1 to {MAX_NAME} characters", field="name"))
    elif any(ord(c) < 32 for c in name):
        problems.append(Problem("a name may not hold control characters", field="name"))
    if language is not None and (not isinstance(language, str) or not _LANGUAGE.match(language)):
        problems.append(
            Problem(
                f"expected an ISO 639-1 language code such as 'fr', got {describe(language)}",
                field="language",
            )
        )
    if interval <= timedelta(0):
        problems.append(Problem("the interval must be positive", field="every"))
    return problems


def feed_record(row: Any) -> FeedRecord:
    return FeedRecord(
        id=row.id,
        url=row.url,
        name=row.name,
        language=row.language,
        interval=timedelta(seconds=row.interval_s),
        added_at=row.added_at,
        removed_at=row.removed_at,
        version=row.version,
        next_due_at=row.next_due_at,
        failures=row.failures,
        etag=row.etag,
        last_modified=row.last_modified,
        lease_owner=row.lease_owner,
        lease_until=row.lease_until,
    )


def _watched(session: Session, url: str) -> FeedRecord | None:
    row = session.execute(
        sa.select(feeds).where(feeds.c.url == url, feeds.c.removed_at.is_(None))
    ).first()
    return None if row is None else feed_record(row)


def add_feed(
    *,
    session: Session,
    url: str,
    name: str | None,
    language: str | None,
    interval: timedelta,
    who: str,
    reason: str,
) -> FeedRecord:
    """Watch a feed from now on (first poll due at once); history records who and why.

    `name` defaults to the address's host. Raises InvalidInput (bad URL, name, language or
    interval) or Conflict (the address is watched already).
    """
    check_who(who)
    why = check_reason(reason)
    url = check_url(url)
    name = (name or "").strip() or (urlsplit(url).hostname or url)
    if isinstance(language, str):
        language = language.strip().lower() or None
    problems = _check(name, language, interval)
    if problems:
        raise InvalidInput(problems)
    clash = _watched(session, url)
    if clash is not None:
        raise Conflict(f"feed {clash.id} ({clash.name}) already watches {url}")
    when = now(session)
    values = {
        "url": url,
        "name": name,
        "language": language,
        "interval_s": int(interval.total_seconds()),
        "added_at": when,
        "removed_at": None,
        "version": 1,
        "next_due_at": when,
        "failures": 0,
    }
    try:
        with session.begin_nested():
            feed_id = session.execute(feeds.insert().values(**values).returning(feeds.c.id))
            new_id = int(feed_id.scalar_one())
    except sa.exc.IntegrityError:  # added by someone else since the check above
        raise Conflict(f"a feed already watches {url}") from None
    made = get_feed(session=session, feed_id=new_id)
    write(
        session=session,
        changes=[(ENTITY, str(made.id), 1, "create", None, made.record())],
        who=who,
        why=why,
    )
    return made


def get_feed(*, session: Session, feed_id: int, removed: bool = True) -> FeedRecord:
    """One feed (also a removed one, unless `removed` is False); raises NotFound."""
    query = sa.select(feeds).where(feeds.c.id == feed_id)
    if not removed:
        query = query.where(feeds.c.removed_at.is_(None))
    row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no feed {feed_id}")
    return feed_record(row)


def list_feeds(*, session: Session, removed: bool = False) -> list[FeedRecord]:
    """Watched feeds by id (and removed ones too with `removed`)."""
    query = sa.select(feeds).order_by(feeds.c.id)
    if not removed:
        query = query.where(feeds.c.removed_at.is_(None))
    return [feed_record(r) for r in session.execute(query)]


def remove_feed(
    *,
    session: Session,
    feed_id: int,
    who: str,
    reason: str,
    expected_version: int | None = None,
) -> FeedRecord:
    """Stop watching a feed. Its polls and items stay (they say where articles came from).

    Raises NotFound (no such watched feed) or Conflict (`expected_version` is stale).
    """
    check_who(who)
    why = check_reason(reason)
    feed = get_feed(session=session, feed_id=feed_id, removed=False)
    if expected_version is not None and expected_version != feed.version:
        raise Conflict(
            f"feed {feed_id} is at version {feed.version}, not {expected_version}",
            current_version=feed.version,
        )
    done = session.execute(
        feeds.update()
        .where(feeds.c.id == feed_id, feeds.c.version == feed.version)
        .values(removed_at=now(session), version=feed.version + 1, lease_owner=None)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"feed {feed_id} changed meanwhile; try again")
    write(
        session=session,
        changes=[(ENTITY, str(feed_id), feed.version + 1, "delete", feed.record(), None)],
        who=who,
        why=why,
    )
    return get_feed(session=session, feed_id=feed_id)


def changes(*, session: Session, feed_id: int) -> list[Change]:
    """Every change to one feed (added, moved, removed), oldest first: who, when, why."""
    return entries(session=session, entity=ENTITY, key=str(feed_id))


def move_feed(*, session: Session, feed_id: int, url: str, who: str, reason: str) -> FeedRecord:
    """Record a feed's new address (a permanent redirect), with history. If another watched
    feed has that address already, nothing changes."""
    feed = get_feed(session=session, feed_id=feed_id, removed=False)
    url = check_url(url)
    if url == feed.url or _watched(session, url) is not None:
        return feed
    session.execute(
        feeds.update()
        .where(feeds.c.id == feed_id)
        .values(url=url, version=feed.version + 1, etag=None, last_modified=None)
    )
    moved = get_feed(session=session, feed_id=feed_id)
    write(
        session=session,
        changes=[(ENTITY, str(feed_id), moved.version, "update", feed.record(), moved.record())],
        who=who,
        why=reason,
    )
    return moved
