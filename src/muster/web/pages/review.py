"""The review queue (`/review`): accept, edit or reject statements proposed from news articles.

Every decision goes through `muster.app.review` (the functions `muster review` calls) with the
version the reviewer saw, and is kept in the history with the reviewer's name and reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from muster.app import articles, review
from muster.auth import Capability
from muster.domain import Stance, Statement, StatementStatus
from muster.errors import InvalidInput, Problem
from muster.ingest.article import MAX_PASTED_CHARS, read_pasted
from muster.store import news
from muster.store.load import load_rows
from muster.web import notices
from muster.web.api.article import ArticleFormat
from muster.web.deps import DbSession, Ingester, Reviewer, SettingsDep
from muster.web.i18n import N_
from muster.web.pages.access import may
from muster.web.pages.data import ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.review import review_view

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=4000)]


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, data: ReadData, db: DbSession) -> Response:
    """Proposed statements with their evidence highlighted in the article."""
    proposed = [s.id for s in data.dataset.statements if s.status is StatementStatus.PROPOSED]
    versions = {s.key: s.version for s in load_rows(session=db, cls=Statement, keys=proposed)}
    view = review_view(data.dataset, versions=versions, notice=notices.received(request))
    return page(
        request,
        "review.html",
        view,
        title=N_("Review queue"),
        section="review",
        may_review=may(request, data.user, Capability.STATEMENT_REVIEW),
        may_ingest=may(request, data.user, Capability.INGEST_RUN),
        formats=[f.value for f in ArticleFormat],
    )


@router.post("/review/articles")
def submit_article(
    request: Request,
    user: Ingester,
    db: DbSession,
    text: Annotated[str, Form(max_length=MAX_PASTED_CHARS)],
    date: Annotated[dt.date, Form()],
    format: Annotated[ArticleFormat, Form()] = ArticleFormat.TXT,
    title: Annotated[str, Form(max_length=500)] = "",
    outlet: Annotated[str, Form(max_length=200)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Read a pasted article and put its proposed statements in the queue."""
    article = read_pasted(text, day=date, kind=format.value, title=title, outlet=outlet, url=url)
    result = news.propose(db, article)
    done = articles.store(
        session=db,
        user=user,
        article=article,
        result=result,
        name=news.PASTED,
        reason=f"news ingestion in the review queue: {title.strip() or 'an article'}"[:500],
    )
    count, source = len(done.statements), done.source
    if done.skipped:
        return notices.redirect(
            request, "/review", "statements-proposed-skipped",
            count=count, source=source, skipped="; ".join(done.skipped),
        )  # fmt: skip
    return notices.redirect(request, "/review", "statements-proposed", count=count, source=source)


def _decide(
    db: DbSession,
    user: Reviewer,
    statement_id: str,
    status: StatementStatus,
    version: int,
    reason: str,
    public_read: bool,
) -> None:
    review.decide(
        db=db,
        user=user,
        statement_id=statement_id,
        status=status,
        expected_version=version,
        reason=reason.strip() or f"{status.value} in the review queue",
        public_read=public_read,
    )


@router.post("/review/{statement_id}/accept")
def accept(
    request: Request,
    statement_id: str,
    user: Reviewer,
    db: DbSession,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    reason: FormText = "",
) -> Response:
    """Accept a proposed statement: from now on it feeds its nation's stance."""
    _decide(db, user, statement_id, StatementStatus.ACCEPTED, version, reason, settings.public_read)
    return notices.redirect(request, "/review", "statement-accepted", statement=statement_id)


@router.post("/review/{statement_id}/reject")
def reject(
    request: Request,
    statement_id: str,
    user: Reviewer,
    db: DbSession,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    reason: FormText = "",
) -> Response:
    """Reject a proposed statement (it stays in the history, never feeds a stance)."""
    _decide(db, user, statement_id, StatementStatus.REJECTED, version, reason, settings.public_read)
    return notices.redirect(request, "/review", "statement-rejected", statement=statement_id)


@router.post("/review/{statement_id}/edit")
def edit_and_accept(
    request: Request,
    statement_id: str,
    user: Reviewer,
    db: DbSession,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    stance: FormText,
    quote: FormText,
    conditions: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    reason: FormText = "",
) -> Response:
    """Correct a proposal's stance, quote or conditions and accept it in one change."""
    try:
        parsed = Stance(stance)
    except ValueError:
        choices = ", ".join(s.value for s in Stance)
        raise InvalidInput(
            Problem(f"expected one of {choices}, got {stance!r}", field="stance")
        ) from None
    # the content edit and the acceptance are one change, checked as both (statement:edit for
    # the statement's nation, statement:review for its status) by app.review → app.records
    review.edit(
        db=db,
        user=user,
        statement_id=statement_id,
        changes={
            "stance": parsed,
            "quote": quote.strip(),
            "conditions": tuple(dict.fromkeys(conditions)),
            "status": StatementStatus.ACCEPTED,
        },
        expected_version=version,
        reason=reason.strip() or "edited and accepted in the review queue",
        public_read=settings.public_read,
    )
    return notices.redirect(request, "/review", "statement-edited", statement=statement_id)
