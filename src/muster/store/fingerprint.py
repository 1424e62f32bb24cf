"""Stored articles' fingerprints, and the search for an article a new text repeats.

Every Source with text gets a row in `source_fingerprints` (the digest of its normalised words,
its MinHash signature) and its signature's band keys in `source_bands`, which index the
near-duplicate search (`muster.feeds.fingerprint`). They are derived data, like an index:
written in the caller's transaction, without history; a Source stored by any path (`muster
ingest`, the API, the review queue's form) is fingerprinted by the watcher's next round
(`missing`, then `save`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.domain import Source
from muster.feeds import fingerprint as fp
from muster.store.schema import TABLES, source_bands, source_fingerprints

_sources = TABLES[Source].table


@dataclass(frozen=True, slots=True)
class Match:
    """A stored article a text repeats: its Source id and the (estimated) Jaccard similarity."""

    source: str
    similarity: float


def save(*, session: Session, source_id: str, text: str) -> None:
    """Fingerprint one Source's text (replacing what it had)."""
    signature = fp.signature(text)
    session.execute(
        source_fingerprints.delete().where(source_fingerprints.c.source_id == source_id)
    )
    session.execute(source_bands.delete().where(source_bands.c.source_id == source_id))
    session.execute(
        source_fingerprints.insert().values(
            source_id=source_id,
            scheme=fp.SCHEME,
            content_sha256=fp.content_digest(text),
            signature=signature,
        )
    )
    if signature is not None:
        keys = sorted(set(fp.band_keys(signature)))
        session.execute(
            source_bands.insert(), [{"band_key": k, "source_id": source_id} for k in keys]
        )


def missing(*, session: Session, limit: int = 500) -> list[tuple[str, str]]:
    """Up to `limit` Sources with text and no fingerprint (or an older scheme's), as
    (id, text), by id."""
    query = (
        sa.select(_sources.c.id, _sources.c.text)
        .select_from(
            _sources.outerjoin(
                source_fingerprints, source_fingerprints.c.source_id == _sources.c.id
            )
        )
        .where(
            _sources.c.text.is_not(None),
            sa.or_(
                source_fingerprints.c.source_id.is_(None),
                source_fingerprints.c.scheme != fp.SCHEME,
            ),
        )
        .order_by(_sources.c.id)
        .limit(limit)
    )
    return [(str(i), str(t)) for i, t in session.execute(query)]


def find_repeated(
    *, session: Session, text: str, threshold: float = fp.NEAR_DUPLICATE
) -> Match | None:
    """The stored article `text` repeats: the same normalised words (similarity 1.0), else the
    most similar one at `threshold` or above; None when there is none."""
    digest = fp.content_digest(text)
    same = session.execute(
        sa.select(source_fingerprints.c.source_id)
        .where(source_fingerprints.c.content_sha256 == digest)
        .order_by(source_fingerprints.c.source_id)
        .limit(1)
    ).scalar()
    if same is not None:
        return Match(str(same), 1.0)
    signature = fp.signature(text)
    if signature is None:
        return None
    candidates = (
        sa.select(source_bands.c.source_id)
        .where(source_bands.c.band_key.in_(fp.band_keys(signature)))
        .distinct()
        .subquery()
    )
    rows = session.execute(
        sa.select(source_fingerprints.c.source_id, source_fingerprints.c.signature).where(
            source_fingerprints.c.source_id.in_(sa.select(candidates.c.source_id)),
            source_fingerprints.c.scheme == fp.SCHEME,
        )
    ).all()
    best: Match | None = None
    for source_id, stored in rows:
        if stored is None:
            continue
        score = fp.similarity(signature, bytes(stored))
        # the most similar; among equals the first by id, so the answer never hangs on row order
        if score >= threshold and (
            best is None or (-score, str(source_id)) < (-best.similarity, best.source)
        ):
            best = Match(str(source_id), score)
    return best
