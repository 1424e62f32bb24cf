"""News feeds (`/api/v1/feeds`): list, add and remove the feeds the watcher polls; their polls.

The same access as articles: `ingest:run` (analysts and admins), for reading too, since a
feed's items are articles awaiting review. Adding and removing are writes like any other: a
`Muster-Reason`, history with who and why; removing names the version read (If-Match).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from muster.app import feeds
from muster.feeds.schedule import DEFAULT_INTERVAL, format_interval, parse_interval
from muster.store import feed as feed_store
from muster.store import feed_poll
from muster.web.api._crud import IfMatch, Reason, etag, expected_version, read_reason
from muster.web.deps import DbSession, Ingester

router = APIRouter(prefix="/feeds", tags=["news feeds"])
FeedId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The feed's id.")]


class FeedIn(BaseModel):
    """A feed to watch."""

    url: str = Field(max_length=2000, description="The feed's address (http:// or https://).")
    name: str | None = Field(None, max_length=200, description="Default: the address's host.")
    language: str | None = Field(
        None, max_length=2, description="Its articles' language, ISO 639-1 (a hint)."
    )
    every: str = Field(
        format_interval(DEFAULT_INTERVAL),
        max_length=20,
        description="How often to poll it: 15m, 1h, 1h30m, 1d (1m to 7d).",
    )


class PollOut(BaseModel):
    id: int
    feed: int
    started_at: str
    finished_at: str | None
    status: str = Field(description="running, ok, not_modified or failed")
    http_status: int | None
    fetched: int = Field(description="Items in the feed document.")
    new: int = Field(description="Articles stored for review.")
    duplicates: int = Field(description="New to this feed, but already stored.")
    seen: int = Field(description="Taken by an earlier poll of this feed.")
    failed: int = Field(description="Malformed items, or items without readable text.")
    error: str | None = Field(description="Why the poll failed, or a warning.")


class ItemOut(BaseModel):
    id: int
    feed: int
    poll: int
    guid: str
    url: str | None
    title: str | None
    published_at: str | None
    status: str = Field(description="new, duplicate or failed")
    source: str | None = Field(description="The Source it was stored as (status new).")
    duplicate_of: str | None
    similarity: float | None
    text_from: str | None = Field(description="page or feed")
    error: str | None
    attempts: int
    seen_at: str


class FeedOut(BaseModel):
    """A feed, its health and its last poll and items."""

    id: int
    url: str
    name: str
    language: str | None
    every: str
    version: int
    added_at: str
    removed_at: str | None
    health: str = Field(description="new, ok, failing or down")
    failures: int = Field(description="Failed polls in a row.")
    next_due_at: str
    last_success_at: str | None
    last_poll: PollOut | None
    items: list[ItemOut]


@router.get("", response_model=list[FeedOut], summary="Watched feeds, their health and last items")
def list_feeds(
    user: Ingester,
    db: DbSession,
    removed: Annotated[bool, Query(description="Also removed feeds.")] = False,
) -> list[dict[str, Any]]:
    return [
        feed_poll.status(session=db, feed=f).as_dict()
        for f in feed_store.list_feeds(session=db, removed=removed)
    ]


@router.post("", response_model=FeedOut, status_code=201, summary="Watch a feed")
def add_feed(
    body: FeedIn, user: Ingester, db: DbSession, reason: Reason, response: Response
) -> dict[str, Any]:
    made = feeds.add(
        session=db,
        user=user,
        url=body.url,
        name=body.name,
        language=body.language,
        interval=parse_interval(body.every, field="every"),
        reason=read_reason(reason),
    )
    response.headers["ETag"] = etag(made.version)
    response.headers["Location"] = f"/api/v1/feeds/{made.id}"
    return feed_poll.status(session=db, feed=made).as_dict()


@router.get("/{feed_id}", response_model=FeedOut, summary="One feed (also a removed one)")
def get_feed(feed_id: FeedId, user: Ingester, db: DbSession, response: Response) -> dict[str, Any]:
    found = feed_store.get_feed(session=db, feed_id=feed_id)
    response.headers["ETag"] = etag(found.version)
    return feed_poll.status(session=db, feed=found, item_limit=20).as_dict()


@router.delete("/{feed_id}", status_code=204, summary="Stop watching a feed (send If-Match)")
def remove_feed(
    feed_id: FeedId,
    user: Ingester,
    db: DbSession,
    reason: Reason,
    if_match: IfMatch = None,
    version: Annotated[int | None, Query(description="The version you read")] = None,
) -> Response:
    current = feed_store.get_feed(session=db, feed_id=feed_id, removed=False)
    feeds.remove(
        session=db,
        user=user,
        feed_id=feed_id,
        reason=read_reason(reason),
        expected_version=expected_version(if_match, version, current.version),
    )
    return Response(status_code=204)


@router.get(
    "/{feed_id}/polls", response_model=list[PollOut], summary="A feed's polls, newest first"
)
def list_polls(
    feed_id: FeedId,
    user: Ingester,
    db: DbSession,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    feed_store.get_feed(session=db, feed_id=feed_id)
    return [p.as_dict() for p in feed_poll.polls(session=db, feed_id=feed_id, limit=limit)]


@router.get(
    "/{feed_id}/items", response_model=list[ItemOut], summary="A feed's items, newest first"
)
def list_items(
    feed_id: FeedId,
    user: Ingester,
    db: DbSession,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    feed_store.get_feed(session=db, feed_id=feed_id)
    return [i.as_dict() for i in feed_poll.items(session=db, feed_id=feed_id, limit=limit)]
