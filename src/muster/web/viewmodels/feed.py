"""The feeds page and one feed's page: health, last poll, next due, last items, polls, history.

Pure: built from the stored records (`muster.store.feed`), no database or request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from muster.feeds.schedule import DEFAULT_INTERVAL, Health, format_interval
from muster.store.feed_poll import FeedStatus, ItemRecord, PollRecord
from muster.store.history import Change

HEALTH_LABELS = {
    Health.NEW: "not polled yet",
    Health.OK: "healthy",
    Health.FAILING: "failing",
    Health.DOWN: "down",
}


@dataclass(frozen=True, slots=True)
class PollRow:
    id: int
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


@dataclass(frozen=True, slots=True)
class ItemRow:
    title: str
    url: str | None
    status: str
    source: str | None
    duplicate_of: str | None
    similarity: float | None
    text_from: str | None
    error: str | None
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    name: str
    url: str
    language: str | None
    every: str
    version: int
    health: Health
    health_label: str
    failures: int
    removed_at: datetime | None
    next_due_at: datetime | None
    last_success_at: datetime | None
    last_poll: PollRow | None
    items: tuple[ItemRow, ...]


@dataclass(frozen=True, slots=True)
class FeedsView:
    """Every watched feed; the form to add one (for those who may)."""

    feeds: tuple[FeedRow, ...]
    default_every: str
    notice: str | None = None
    errors: dict[str, list[str]] | None = None


@dataclass(frozen=True, slots=True)
class ChangeRow:
    version: int
    op: str
    who: str
    why: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class FeedView:
    """One feed: its polls, its items and who added, moved or removed it, and why."""

    feed: FeedRow
    polls: tuple[PollRow, ...]
    history: tuple[ChangeRow, ...]


def poll_row(p: PollRecord) -> PollRow:
    return PollRow(
        p.id, p.started_at, p.finished_at, p.status, p.http_status, p.fetched, p.new,
        p.duplicates, p.seen, p.failed, p.error,
    )  # fmt: skip


def item_row(i: ItemRecord) -> ItemRow:
    return ItemRow(
        title=i.title or i.url or i.guid,
        url=i.url,
        status=i.status,
        source=i.source_id,
        duplicate_of=i.duplicate_of,
        similarity=i.similarity,
        text_from=i.text_from,
        error=i.error,
        seen_at=i.seen_at,
    )


def feed_row(s: FeedStatus) -> FeedRow:
    f = s.feed
    return FeedRow(
        id=f.id,
        name=f.name,
        url=f.url,
        language=f.language,
        every=format_interval(f.interval),
        version=f.version,
        health=s.health,
        health_label=HEALTH_LABELS[s.health],
        failures=f.failures,
        removed_at=f.removed_at,
        next_due_at=None if f.removed_at else f.next_due_at,
        last_success_at=s.last_success_at,
        last_poll=poll_row(s.last_poll) if s.last_poll else None,
        items=tuple(item_row(i) for i in s.items),
    )


def feeds_view(
    statuses: Iterable[FeedStatus],
    *,
    notice: str | None = None,
    errors: dict[str, list[str]] | None = None,
) -> FeedsView:
    return FeedsView(
        feeds=tuple(feed_row(s) for s in statuses),
        default_every=format_interval(DEFAULT_INTERVAL),
        notice=notice,
        errors=errors,
    )


def feed_view(
    status: FeedStatus, polls: Iterable[PollRecord], changes: Iterable[Change]
) -> FeedView:
    return FeedView(
        feed=feed_row(status),
        polls=tuple(poll_row(p) for p in polls),
        history=tuple(ChangeRow(c.version, c.op, c.who, c.why, c.recorded_at) for c in changes),
    )
