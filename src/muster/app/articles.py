"""Storing a news article's proposals as a user (`muster ingest`): the Source and its proposed
statements, with `ingest:run` checked and history's who/why from the user."""

from __future__ import annotations

from sqlalchemy.orm import Session

from muster.app.records import actor
from muster.auth import Capability, User
from muster.auth.policy import ensure
from muster.ingest import IngestResult
from muster.ingest.article import Article
from muster.store import news


def check_ingest(user: User) -> None:
    """Forbidden unless `user` may store proposals (asked before the articles are read)."""
    ensure(user, Capability.INGEST_RUN)


def store(
    *,
    session: Session,
    user: User,
    article: Article,
    result: IngestResult,
    name: str,
    reason: str | None = None,
) -> news.StoredArticle:
    """Store `article` and its proposed statements as `user`; Forbidden without `ingest:run`,
    InvalidInput when the article is already stored."""
    check_ingest(user)
    return news.store_article(session, article, result, name=name, who=actor(user), reason=reason)
