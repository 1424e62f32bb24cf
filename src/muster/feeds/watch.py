"""The feed watcher: polls due feeds, stores their new articles for review, records every poll.

`poll_feed` polls one feed: a conditional GET (a 304 costs one request and nothing else), a
permanent redirect recorded as the feed's new address, the document parsed, and for each entry
not taken before (at most `Limits.max_items` and `Limits.poll_budget_s` per poll): its page
fetched and its article text extracted, duplicates dropped (the same URL or guid, the same or
near-same text as a stored article), and the rest stored through the ingestion service as a
Source with `proposed` statements, each article in its own transaction. The poll's row says how
it went; the feed's next poll is scheduled (`muster.feeds.schedule`: interval, or backoff after
a failure). A failure of one feed or one item is recorded and the others go on.

`poll_due` polls every due feed once (`muster watch --once`); `watch` loops until stopped
(`muster watch`, or `muster serve --watch`). Time comes from the `Watcher`'s clock, jitter from
its generator and waiting from the caller, so tests drive it without sleeping. Two watchers at
once are safe: a lease keeps them off the same feed, and the unique keys of `feed_items`
(checked by the database, not by a read first) keep any item from being stored twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import httpx
import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from muster.domain import Source
from muster.errors import InvalidInput
from muster.feeds.extract import article_text, page_text
from muster.feeds.fetch import PAGE_ACCEPT, FetchError, Limits, fetch, make_client
from muster.feeds.fingerprint import content_digest, url_key
from muster.feeds.parse import FeedEntry, FeedError, parse_feed
from muster.feeds.schedule import after_failure, after_success
from muster.ingest.article import Article, read_article
from muster.ingest.detect import UnsupportedLanguage
from muster.store import feed as feeds
from muster.store import feed_poll, fingerprint, news, service
from muster.store.db import Clock, transaction, utcnow
from muster.store.schema import TABLES, feed_items, feed_polls

log = logging.getLogger("muster.feeds")
WHO = "process:muster-watch"  # history's `who` for what the watcher stores
MAX_ATTEMPTS = 3  # an item whose text could not be fetched is tried at most this often
_sources = TABLES[Source].table
IDLE_S = 60.0  # the longest the loop sleeps: a feed added meanwhile waits at most this
STOP_WAIT_S = 10.0  # how long stopping `muster serve --watch` waits for a poll under way


class Outcome(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    SEEN = "seen"
    FAILED = "failed"
    RETRY = "retry"  # failed, to be tried again by a later poll


@dataclass
class Watcher:
    """What polling needs from the shell: the database, an HTTP client, a clock, a jitter
    generator, the limits, and a name for the leases and poll records (host:pid by default)."""

    engine: Engine
    client: httpx.Client
    clock: Clock
    rng: np.random.Generator
    limits: Limits = field(default_factory=Limits)
    name: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    monotonic: Callable[[], float] = time.monotonic  # measures the poll budget

    @property
    def lease(self) -> timedelta:
        """How long a poll may hold its feed: its budget, one last fetch, and a margin."""
        return timedelta(seconds=self.limits.poll_budget_s + 2 * self.limits.timeout_s + 60)


@dataclass(frozen=True, slots=True)
class PollReport:
    """One poll, as `muster watch` prints it."""

    feed_id: int
    feed_name: str
    poll_id: int
    outcome: feed_poll.PollOutcome

    def as_dict(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "feed": self.feed_id,
            "name": self.feed_name,
            "poll": self.poll_id,
            "status": o.status,
            "http_status": o.http_status,
            "fetched": o.fetched,
            "new": o.new,
            "duplicates": o.duplicates,
            "seen": o.seen,
            "failed": o.failed,
            "error": o.error,
            "next_due_at": o.next_due_at.isoformat(),
        }


@dataclass
class _Counts:
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    seen: int = 0
    failed: int = 0
    malformed: int = 0
    deferred: int = 0
    retry: int = 0  # failed items a later poll tries again

    def add(self, outcome: Outcome) -> None:
        if outcome is Outcome.NEW:
            self.new += 1
        elif outcome is Outcome.DUPLICATE:
            self.duplicates += 1
        elif outcome is Outcome.SEEN:
            self.seen += 1
        else:
            self.failed += 1
            self.retry += outcome is Outcome.RETRY


def poll_due(w: Watcher, *, every: bool = False) -> list[PollReport]:
    """Poll every feed due now (every watched feed with `every`), one after the other.

    First fingerprints stored articles that have none yet (so near-duplicates of articles
    ingested by hand are found too). Feeds another watcher is polling are skipped.
    """
    refresh_fingerprints(w)
    with transaction(w.engine, write=False) as s:
        due = feed_poll.due_feeds(session=s, at=w.clock(), every=every)
    reports = []
    for feed in due:
        report = poll_feed(w, feed, due_only=not every)
        if report is not None:
            reports.append(report)
    return reports


def refresh_fingerprints(w: Watcher, *, batch: int = 500) -> int:
    """Fingerprint up to `batch` stored articles that have none; returns how many."""
    with transaction(w.engine, write=False) as s:
        todo = fingerprint.missing(session=s, limit=batch)
    if not todo:
        return 0
    with transaction(w.engine, clock=w.clock) as s:
        for source_id, text in todo:
            fingerprint.save(session=s, source_id=source_id, text=text)
    return len(todo)


def watch(
    w: Watcher,
    *,
    stop: threading.Event,
    wait: Callable[[float], object] | None = None,
    report: Callable[[PollReport], None] | None = None,
) -> None:
    """Poll due feeds until `stop` is set; between rounds wait (by `wait`, default
    `stop.wait`) until the next feed is due, at most IDLE_S. A round that fails (the database
    unreachable) is logged and the loop goes on."""
    pause = wait or stop.wait
    while not stop.is_set():
        try:
            for r in poll_due(w):
                if report is not None:
                    report(r)
            with transaction(w.engine, write=False) as s:
                due = feed_poll.next_due(session=s)
        except Exception:
            log.exception("a round of the feed watcher failed; trying again later")
            due = None
        seconds = IDLE_S if due is None else (due - w.clock()).total_seconds()
        pause(min(max(seconds, 1.0), IDLE_S))


def start(engine: Engine, *, limits: Limits | None = None) -> Callable[[], None]:
    """Run the watcher on a daemon thread of this process (`muster serve --watch`), on the
    wall clock and a generator seeded by the OS; it owns `engine` from now on. Returns what
    stops it: it waits up to STOP_WAIT_S for the poll under way, then leaves it to die with the
    process (that poll is closed as interrupted when the feed is next polled)."""
    stop = threading.Event()
    limits = limits or Limits()
    client = make_client(limits)
    w = Watcher(engine, client, clock=utcnow, rng=np.random.default_rng(), limits=limits)
    thread = threading.Thread(
        target=watch, args=(w,), kwargs={"stop": stop}, name="muster-watch", daemon=True
    )
    thread.start()

    def close() -> None:
        stop.set()
        thread.join(timeout=STOP_WAIT_S)
        if not thread.is_alive():
            client.close()
            engine.dispose()

    return close


def poll_feed(w: Watcher, feed: feeds.FeedRecord, *, due_only: bool = False) -> PollReport | None:
    """Poll one feed and record the poll; None when another watcher holds the feed, or (with
    `due_only`) when another watcher has polled it since it was found due."""
    at = w.clock()
    with transaction(w.engine, clock=w.clock) as s:
        if not feed_poll.take_lease(
            session=s, feed_id=feed.id, owner=w.name, at=at, until=at + w.lease
        ):
            return None
        feed = feeds.get_feed(session=s, feed_id=feed.id)  # its state as of the lease
        if due_only and feed.next_due_at > at:
            feed_poll.release_lease(session=s, feed_id=feed.id, owner=w.name)
            return None
        _close_interrupted(s, feed.id, at)
        poll_id = feed_poll.start_poll(session=s, feed_id=feed.id, watcher=w.name, at=at)
    counts = _Counts()
    try:
        outcome = _poll(w, feed, poll_id, counts)
    except Exception as e:  # a bug, or the database gone: recorded on the poll; others go on
        log.exception("polling feed %s failed", feed.id)
        outcome = _failed(w, feed, f"internal error ({type(e).__name__}); see the log", counts)
    with transaction(w.engine, clock=w.clock) as s:
        feed_poll.finish_poll(
            session=s, feed_id=feed.id, poll_id=poll_id, owner=w.name, at=w.clock(), outcome=outcome
        )
    return PollReport(feed.id, feed.name, poll_id, outcome)


def _close_interrupted(s: Session, feed_id: int, at: datetime) -> None:
    """Polls of this feed still `running` belong to a watcher that stopped (we hold the lease)."""
    s.execute(
        feed_polls.update()
        .where(feed_polls.c.feed_id == feed_id, feed_polls.c.status == "running")
        .values(status="failed", finished_at=at, error="interrupted: the watcher stopped")
    )


def _poll(
    w: Watcher, feed: feeds.FeedRecord, poll_id: int, counts: _Counts
) -> feed_poll.PollOutcome:
    try:
        got = fetch(
            w.client, feed.url, limits=w.limits, etag=feed.etag, last_modified=feed.last_modified
        )
    except FetchError as e:
        return _failed(w, feed, str(e), counts, http_status=e.status, retry_after=e.retry_after)
    if got.moved_to is not None:
        with transaction(w.engine, clock=w.clock) as s:
            feed = feeds.move_feed(
                session=s,
                feed_id=feed.id,
                url=got.moved_to,
                who=WHO,
                reason=f"the feed moved permanently to {got.moved_to} (HTTP 301/308)",
            )
    if got.not_modified:
        return _succeeded(w, feed, counts, status="not_modified", http_status=304, got=got)
    try:
        parsed = parse_feed(got.body, url=got.url, content_type=got.content_type)
    except FeedError as e:
        return _failed(w, feed, str(e), counts, http_status=got.status)
    counts.fetched = len(parsed.entries)
    deadline = w.monotonic() + w.limits.poll_budget_s
    handled = 0
    for entry in parsed.entries:
        guid = entry.key
        if guid is None:
            counts.malformed += 1
            continue
        key = url_key(entry.url) if entry.url else None
        with transaction(w.engine, write=False) as s:
            known = feed_poll.known_item(session=s, feed_id=feed.id, guid=guid, url_key=key)
        retry = known is not None and _retryable(known, feed.id)
        if known is not None and not retry:
            counts.add(Outcome.SEEN if known.feed_id == feed.id else Outcome.DUPLICATE)
            continue
        if handled >= w.limits.max_items or w.monotonic() > deadline:
            counts.deferred += 1
            continue
        handled += 1
        try:
            counts.add(_take(w, feed, poll_id, entry, guid, key, known if retry else None))
        except Exception:  # one item's bug never stops the feed's other items
            log.exception("feed %s: item %r failed", feed.id, guid)
            counts.add(Outcome.FAILED)
    return _succeeded(
        w, feed, counts, status="ok", http_status=got.status, got=got, warning=parsed.warning
    )


def _retryable(item: feed_poll.ItemRecord, feed_id: int) -> bool:
    return item.feed_id == feed_id and item.status == "failed" and item.attempts < MAX_ATTEMPTS


def _succeeded(
    w: Watcher,
    feed: feeds.FeedRecord,
    counts: _Counts,
    *,
    status: str,
    http_status: int,
    got: Any,
    warning: str | None = None,
) -> feed_poll.PollOutcome:
    notes = [warning] if warning else []
    if counts.malformed:
        counts.failed += counts.malformed
        notes.append(f"{counts.malformed} item(s) with neither a link nor a guid were skipped")
    if counts.deferred:
        notes.append(
            f"{counts.deferred} new item(s) left for the next poll (at most "
            f"{w.limits.max_items} items and {w.limits.poll_budget_s:g} s per poll)"
        )
    at = w.clock()
    unchanged = status == "not_modified"  # a 304 may omit the validators it still honours
    # Items left for later, or to be tried again, are in this document: without validators
    # the next poll gets it whole, where a 304 would hide them until the feed changes.
    keep = not (counts.deferred or counts.retry)
    return feed_poll.PollOutcome(
        status=status,
        http_status=http_status,
        fetched=counts.fetched,
        new=counts.new,
        duplicates=counts.duplicates,
        seen=counts.seen,
        failed=counts.failed,
        error="; ".join(notes) or None,
        # a feed with items left over comes back after one interval like any other
        next_due_at=after_success(at, feed.interval, rng=w.rng),
        failures=0,
        etag=(got.etag or (feed.etag if unchanged else None)) if keep else None,
        last_modified=(got.last_modified or (feed.last_modified if unchanged else None))
        if keep
        else None,
    )


def _failed(
    w: Watcher,
    feed: feeds.FeedRecord,
    error: str,
    counts: _Counts,
    *,
    http_status: int | None = None,
    retry_after: timedelta | None = None,
) -> feed_poll.PollOutcome:
    failures = feed.failures + 1
    return feed_poll.PollOutcome(
        status="failed",
        http_status=http_status,
        fetched=counts.fetched,
        new=counts.new,
        duplicates=counts.duplicates,
        seen=counts.seen,
        failed=counts.failed,
        error=error,
        next_due_at=after_failure(
            w.clock(), feed.interval, failures=failures, rng=w.rng, retry_after=retry_after
        ),
        failures=failures,
        etag=feed.etag,
        last_modified=feed.last_modified,
    )


class _Taken(Exception):
    """Another watcher took the item meanwhile."""


def _take(
    w: Watcher,
    feed: feeds.FeedRecord,
    poll_id: int,
    entry: FeedEntry,
    guid: str,
    key: str | None,
    retry_of: feed_poll.ItemRecord | None,
) -> Outcome:
    """Fetch, read, dedupe and store one new entry; record its item row. Never raises for what
    the entry or its page hold (that is the item's failure, recorded)."""
    at = w.clock()
    row: dict[str, Any] = {
        "feed_id": feed.id,
        "poll_id": poll_id,
        "guid": guid,
        "url": entry.url,
        "url_key": key,
        "title": entry.title,
        "published_at": entry.published,
        "seen_at": at,
        # every column a retry may have set before, so a row taken again says only this try
        "error": None,
        "source_id": None,
        "duplicate_of": None,
        "similarity": None,
        "content_sha256": None,
        "text_from": None,
    }
    page, page_error = None, None
    if entry.url:
        try:
            got = fetch(w.client, entry.url, limits=w.limits, accept=PAGE_ACCEPT)
            page = page_text(got.body, url=got.url) if got.body else None
        except FetchError as e:
            page_error = f"the item's page: {e}"
    picked = article_text(page, entry)
    if picked is None:
        error = page_error or "no article text: neither its page nor the feed holds any"
        return _record_failure(w, row, retry_of, error, permanent=False)
    text, text_from = picked
    row["text_from"] = text_from.value
    try:
        article = read_article(
            text.encode("utf-8"),
            name=entry.url or guid,
            day=(entry.published or at).date(),
            kind="txt",
            title=entry.title,
            outlet=feed.name,
            url=entry.url,
        )
    except InvalidInput as e:
        return _record_failure(w, row, retry_of, e.summary(), permanent=True)
    try:
        with transaction(w.engine, clock=w.clock) as s:
            return _store(s, feed, article, row, retry_of)
    except UnsupportedLanguage as e:  # nothing stored; the item is marked, not retried
        return _record_failure(w, row, retry_of, e.summary(), permanent=True)
    except (IntegrityError, _Taken):
        # another watcher stored this item, or the same text, between our read and our insert
        return _record_duplicate_of_race(w, row, retry_of)


def _store(
    s: Session,
    feed: feeds.FeedRecord,
    article: Article,
    row: dict[str, Any],
    retry_of: feed_poll.ItemRecord | None,
) -> Outcome:
    match = fingerprint.find_repeated(session=s, text=article.text)
    if match is not None:
        _claim(s, {**row, "status": "duplicate", "duplicate_of": match.source,
                   "similarity": round(match.similarity, 4)}, retry_of)  # fmt: skip
        return Outcome.DUPLICATE
    _claim(s, {**row, "status": "new", "content_sha256": content_digest(article.text)}, retry_of)
    reason = f"feed {feed.id} ({feed.name}): {article.title or article.url or 'an article'}"
    this_item = sa.and_(feed_items.c.feed_id == feed.id, feed_items.c.guid == row["guid"])
    try:
        stored = ingest(s, article, language_hint=feed.language, who=WHO, reason=reason[:500])
    except AlreadyStored as e:  # the same text and date, stored by hand since the last round
        s.execute(
            feed_items.update()
            .where(this_item)
            .values(status="duplicate", content_sha256=None, similarity=1.0, duplicate_of=e.source)
        )
        return Outcome.DUPLICATE
    s.execute(feed_items.update().where(this_item).values(source_id=stored.source))
    fingerprint.save(session=s, source_id=stored.source, text=article.text)
    return Outcome.NEW


class AlreadyStored(Exception):
    """The article (the same date and text) is stored already, as `source`."""

    def __init__(self, source: str) -> None:
        super().__init__(f"already stored as source {source!r}")
        self.source = source


def ingest(
    s: Session, article: Article, *, language_hint: str | None, who: str, reason: str
) -> news.StoredArticle:
    """Store an article through the ingestion service `muster ingest` uses: its Source and its
    proposed statements, for the review queue. Raises AlreadyStored when that article (the
    same date and text) is stored already.

    The one call from feeds into ingestion: re-point it here when the service moves. The
    feed's language is a hint: when the ingester detects the article's language it sets the
    Source's, and the hint is used only where it set none.
    """
    result = news.propose(s, article)
    key = news.source_id(article, result)
    if s.execute(sa.select(_sources.c.id).where(_sources.c.id == key)).first() is not None:
        raise AlreadyStored(key)
    stored = news.store_article(s, article, result, name=article.url or "feed", who=who,
                                reason=reason)  # fmt: skip
    if language_hint is not None:
        source = service.get(session=s, entity=Source, key=stored.source)
        if source.obj.language is None:
            service.update(
                session=s,
                obj=replace(source.obj, language=language_hint),
                expected_version=source.version,
                who=who,
                reason="language: the feed's language (no language detected in the text)",
            )
    return stored


def _claim(s: Session, values: dict[str, Any], retry_of: feed_poll.ItemRecord | None) -> None:
    """Insert the item's row (a unique key taken raises IntegrityError), or take the failed
    row again (someone else did: _Taken)."""
    if retry_of is None:
        feed_poll.insert_item(session=s, **{"attempts": 1, **values})
        return
    again = {k: v for k, v in values.items() if k not in ("feed_id", "guid", "seen_at")}
    if not feed_poll.retry_item(
        session=s, item_id=retry_of.id, attempts=retry_of.attempts, **again
    ):
        raise _Taken


def _record_failure(
    w: Watcher,
    row: dict[str, Any],
    retry_of: feed_poll.ItemRecord | None,
    error: str,
    *,
    permanent: bool,
) -> Outcome:
    values = {**row, "status": "failed", "error": error[:2000]}
    if permanent:
        values["attempts"] = MAX_ATTEMPTS
    try:
        with transaction(w.engine, clock=w.clock) as s:
            _claim(s, values, retry_of)
    except (IntegrityError, _Taken):
        return Outcome.DUPLICATE
    tries = int(values.get("attempts") or (retry_of.attempts + 1 if retry_of else 1))
    return Outcome.FAILED if tries >= MAX_ATTEMPTS else Outcome.RETRY


def _record_duplicate_of_race(
    w: Watcher, row: dict[str, Any], retry_of: feed_poll.ItemRecord | None
) -> Outcome:
    """Record the item as a duplicate of what another watcher stored; if that watcher
    recorded this very item, there is nothing to add."""
    try:
        with transaction(w.engine, clock=w.clock) as s:
            _claim(s, {**row, "status": "duplicate", "error": "taken by another watcher"},
                   retry_of)  # fmt: skip
    except (IntegrityError, _Taken):
        pass
    return Outcome.DUPLICATE
