"""News articles into the database: the proposals of `muster.ingest`, stored for review.

One service for every way an article comes in (`muster ingest`, `POST /api/v1/articles`, the
review queue's "Submit an article" form): the database's conditions are read as the
pipeline's catalogue, the article becomes a `Source` (id `news-DATE-HASH`, text kept) and each
proposal a `proposed` Statement citing it, all in the caller's transaction. What the database
lacks (a nation, a speaker, a condition) is kept in the statement's note, never invented.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from muster.data import reference_dataset
from muster.domain import Actor, Condition, Nation, Source
from muster.errors import InvalidInput, NotFound, Problem
from muster.ingest import Gazetteer, IngestResult, ingest_article, to_statements
from muster.ingest.article import Article
from muster.ingest.catalogue import ConditionCatalogue
from muster.store import service
from muster.store.query import find


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What storing one article created: its Source, its statements, and what was left out."""

    source: str
    statements: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The reference nations and actors (with their dated offices) as the pipeline's gazetteer."""
    ref = reference_dataset()
    return Gazetteer.build(ref.nations, ref.actors)


def catalogue(session: Session, gaz: Gazetteer | None = None) -> ConditionCatalogue:
    """The database's Conditions, so proposals name the real ones (what it lacks is new)."""
    conditions: list[Condition] = []
    cursor: str | None = None
    while True:
        page = find(session=session, entity=Condition, limit=1000, cursor=cursor)
        conditions.extend(c.obj for c in page.items)
        if page.next_cursor is None:
            return ConditionCatalogue.build(conditions, gaz or gazetteer())
        cursor = page.next_cursor


def source_id(article: Article, result: IngestResult) -> str:
    """The id an article is stored under: its date and a hash of its text."""
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:12]
    return f"news-{result.date.isoformat()}-{digest}"


def propose(session: Session, article: Article) -> IngestResult:
    """The article's proposals against the database's conditions; stores nothing."""
    gaz = gazetteer()
    return ingest_article(article, gaz, conditions=catalogue(session, gaz))


def store_article(
    session: Session,
    article: Article,
    result: IngestResult,
    *,
    name: str,
    who: str,
    reason: str | None = None,
) -> StoredArticle:
    """Create the Source and the proposed statements in the caller's transaction.

    `name` is the article's file, or `PASTED` for text from the web form or the API. An article
    already stored (the same date and text) is refused, naming it.
    """
    key = source_id(article, result)
    if _exists(session, Source, key):
        found = Problem(f"this article is already stored as source {key!r}")
        raise InvalidInput(found.at(field=name) if name == PASTED else found.at(file=name))
    source = Source(
        id=key,
        title=article.title or _untitled(article.text, name),
        outlet=article.outlet,
        published=result.date,
        url=article.url,
        text=article.text,
        language=None if result.language == "en" else result.language,
    )
    reason = reason or f"news ingestion of {_basename(name)}"
    service.create(session=session, obj=source, who=who, reason=reason)
    done = StoredArticle(source=key)
    for st in to_statements(result, source=key, id_prefix=key):
        if not _exists(session, Nation, st.nation):
            done.skipped.append(f"{st.nation}: not a nation in this database")
            continue
        notes = [st.note or ""]
        if st.actor and not _exists(session, Actor, st.actor):
            notes.append(f"speaker (not in the database): {st.actor}")
            st = replace(st, actor=None)
        known = tuple(c for c in st.conditions if _exists(session, Condition, c))
        named = [c for c in st.conditions if c not in known]
        if named:
            notes.append("conditions not in the database: " + "; ".join(named))
        st = replace(st, conditions=known, note=" | ".join(n for n in notes if n))
        service.create(session=session, obj=st, who=who, reason=reason)
        done.statements.append(st.id)
    return done


def _exists(session: Session, cls: type[Any], key: str) -> bool:
    try:
        service.get(session=session, entity=cls, key=key)
    except NotFound:
        return False
    return True


def _basename(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _untitled(text: str, name: str) -> str:
    """A title for an article that has none: its file's name, or (pasted) its first words."""
    if name != PASTED:
        base = _basename(name)
        return base.rsplit(".", 1)[0] if "." in base else base
    first = " ".join(text.split()[:12])
    return first if len(first) <= 100 else first[:99] + "…"


PASTED = "text"  # the `name` of an article pasted into the web form or sent to the API
