"""The feeds page (`/feeds`, `/feeds/{id}`): each feed's health, last poll, next poll and items;
analysts add and remove feeds here (with a reason, kept in the feed's history).

The same access as the API (`ingest:run`): a feed's items are articles awaiting review.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.app import feeds
from muster.errors import Conflict, InvalidInput, Problem
from muster.feeds.schedule import parse_interval
from muster.store import feed as feed_store
from muster.store import feed_poll
from muster.web import notices
from muster.web.deps import DbSession, Ingester
from muster.web.i18n import N_
from muster.web.pages.render import page
from muster.web.viewmodels.feed import feed_view, feeds_view
from muster.web.viewmodels.pledge import field_errors

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=2000)]
FeedId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _statuses(db: DbSession) -> list[feed_poll.FeedStatus]:
    return [feed_poll.status(session=db, feed=f) for f in feed_store.list_feeds(session=db)]


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request, user: Ingester, db: DbSession) -> Response:
    """Every watched feed: health, last poll, next poll, last items; a form to add one."""
    view = feeds_view(_statuses(db), notice=notices.received(request))
    return page(request, "feeds.html", view, title=N_("Feeds"), section="feeds")


@router.post("/feeds", response_class=HTMLResponse)
def add_feed(
    request: Request,
    user: Ingester,
    db: DbSession,
    url: FormText,
    name: Annotated[str, Form(max_length=200)] = "",
    language: Annotated[str, Form(max_length=10)] = "",
    every: Annotated[str, Form(max_length=20)] = "15m",
    reason: FormText = "",
) -> Response:
    """Watch a feed; a bad field answers 422 with the problem next to it, a watched one 409."""
    try:
        made = feeds.add(
            session=db,
            user=user,
            url=url,
            name=name.strip() or None,
            language=language.strip().lower() or None,
            interval=parse_interval(every, field="every"),
            reason=reason.strip() or "watch a news feed (feeds page)",
        )
    except (InvalidInput, Conflict) as e:
        problems = e.problems if isinstance(e, InvalidInput) else [Problem(str(e), field="url")]
        errors, general = field_errors(problems)
        if general:
            errors[""] = list(general)
        status = 422 if isinstance(e, InvalidInput) else 409
        view = feeds_view(_statuses(db), errors=errors)
        return page(request, "feeds.html", view, title=N_("Feeds"), section="feeds", status=status)
    return notices.redirect(request, "/feeds", "feed-added", feed=made.id, name=made.name)


@router.post("/feeds/{feed_id}/remove")
def remove_feed(
    request: Request,
    feed_id: FeedId,
    user: Ingester,
    db: DbSession,
    version: Annotated[int, Form()],
    reason: FormText = "",
) -> Response:
    """Stop watching a feed (a stale version answers 409)."""
    gone = feeds.remove(
        session=db,
        user=user,
        feed_id=feed_id,
        reason=reason.strip() or "stop watching a news feed (feeds page)",
        expected_version=version,
    )
    return notices.redirect(request, "/feeds", "feed-removed", feed=gone.id, name=gone.name)


@router.get("/history/feed/{feed_id}")
def feed_history(feed_id: FeedId, user: Ingester) -> Response:
    """The audit log links each change to its row's history: a feed's is on its page."""
    return RedirectResponse(f"/feeds/{feed_id}#history", status_code=303)


@router.get("/feeds/{feed_id}", response_class=HTMLResponse)
def feed_page(request: Request, feed_id: FeedId, user: Ingester, db: DbSession) -> Response:
    """One feed: its last polls and items, and who added, moved or removed it and why."""
    found = feed_store.get_feed(session=db, feed_id=feed_id)
    view = feed_view(
        feed_poll.status(session=db, feed=found, item_limit=50),
        feed_poll.polls(session=db, feed_id=feed_id, limit=30),
        feed_store.changes(session=db, feed_id=feed_id),
    )
    return page(
        request,
        "feed.html",
        view,
        title=N_("Feed %(name)s"),
        title_args={"name": found.name},
        section="feeds",
    )
