"""News articles in (`POST /api/v1/articles`): proposed statements for the review queue.

The same service as `muster ingest` (`muster.store.news`): the article is read and cleaned,
the pipeline proposes one statement per nation it gives a stance for, naming the database's
conditions, and (unless `dry_run`) the article is stored as a Source with its `proposed`
statements, in the request's one transaction. Bad input (empty, binary, an unknown format, an
article already stored) is a 422 problem that names the field, and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field

from muster.app import articles
from muster.ingest.article import MAX_PASTED_CHARS, read_pasted
from muster.store import news
from muster.web.api._crud import REASON_DOC, REASON_HEADER, read_reason
from muster.web.deps import DbSession, Ingester

router = APIRouter(prefix="/articles", tags=["news articles"])
OptionalReason = Annotated[
    str | None,
    Header(alias=REASON_HEADER, max_length=1000, description=REASON_DOC + " (not for a dry run)"),
]


class ArticleFormat(StrEnum):
    TXT = "txt"
    MD = "md"
    HTML = "html"


class ArticleIn(BaseModel):
    """One news article, as text, with its publication date."""

    text: str = Field(min_length=1, max_length=MAX_PASTED_CHARS, description="The article.")
    date: dt.date = Field(description="Its publication date (statements are dated by it).")
    format: ArticleFormat = Field(ArticleFormat.TXT, description="txt, md or html")
    title: str | None = Field(None, max_length=500)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    dry_run: bool = Field(False, description="Propose only; store nothing.")


class ConditionNamed(BaseModel):
    id: str
    name: str
    new: bool


class ProposalOut(BaseModel):
    nation: str
    speaker: str | None
    office: str | None
    stance: str
    quote: str
    evidence: str
    conditions: list[ConditionNamed]
    contributions: list[str]
    confidence: float


class ArticleOut(BaseModel):
    """The proposals (as `muster ingest --json` prints them) and what was stored."""

    date: dt.date
    statements: list[ProposalOut]
    nations: dict[str, str]
    flags: list[str] = Field(description="Notes for the analyst (e.g. a speaker out of office).")
    dry_run: bool
    source: str | None = Field(description="The Source the article was stored as.")
    stored: list[str] = Field(description="Ids of the proposed statements stored.")
    skipped: list[str] = Field(description="Proposals not stored, and why.")


@router.post(
    "",
    response_model=ArticleOut,
    summary="Propose statements from a news article (stored as proposed, unless dry_run)",
)
def submit_article(
    body: ArticleIn, user: Ingester, db: DbSession, reason: OptionalReason = None
) -> dict[str, Any]:
    if not body.dry_run and not (reason or "").strip():
        read_reason("")  # storing is a write: say why, as for every other write
    article = read_pasted(
        body.text,
        day=body.date,
        kind=body.format.value,
        title=body.title,
        outlet=body.outlet,
        url=body.url,
    )
    result = news.propose(db, article)
    out: dict[str, Any] = {
        **result.as_json(),
        "flags": list(result.flags),
        "dry_run": body.dry_run,
        "source": None,
        "stored": [],
        "skipped": [],
    }
    if not body.dry_run:
        done = articles.store(
            session=db,
            user=user,
            article=article,
            result=result,
            name=news.PASTED,
            reason=read_reason(reason or ""),
        )
        out |= {"source": done.source, "stored": done.statements, "skipped": done.skipped}
    return out
