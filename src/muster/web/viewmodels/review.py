"""The review queue: statements proposed from news articles, with the evidence in its article."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from muster.domain import Dataset, Stance, StatementStatus
from muster.web.viewmodels.common import stance_label
from muster.web.viewmodels.nation import SourceRef, source_ref


@dataclass(frozen=True, slots=True)
class ArticleExcerpt:
    """The article split around the evidence sentence, so a page can highlight it."""

    before: str
    evidence: str
    after: str
    found: bool


@dataclass(frozen=True, slots=True)
class Proposal:
    statement: str
    version: int | None
    nation: str
    nation_name: str
    date: date
    stance: Stance
    label: str
    quote: str
    actor: str | None
    office: str | None
    conditions: tuple[str, ...]
    confidence: float | None
    evidence: str | None
    source: SourceRef | None
    article: ArticleExcerpt | None


@dataclass(frozen=True, slots=True)
class ReviewView:
    proposals: tuple[Proposal, ...]
    total: int
    stances: tuple[Stance, ...]
    conditions: tuple[tuple[str, str], ...]
    notice: str | None = None


def excerpt(text: str | None, evidence: str | None) -> ArticleExcerpt | None:
    """`text` split around the first occurrence of `evidence` (whitespace-insensitive)."""
    if not text:
        return None
    if evidence:
        at = text.find(evidence)
        if at >= 0:
            return ArticleExcerpt(text[:at], evidence, text[at + len(evidence) :], True)
    return ArticleExcerpt(text, "", "", False)


def review_view(
    ds: Dataset,
    *,
    versions: Mapping[str, int],
    limit: int = 50,
    notice: str | None = None,
) -> ReviewView:
    """Proposed statements, most confident first, with their evidence and article."""
    names = {n.iso3: n.name for n in ds.nations}
    sources = ds.index("sources")
    proposed = sorted(
        (s for s in ds.statements if s.status is StatementStatus.PROPOSED),
        key=lambda s: (-(s.confidence or 0.0), s.date, s.id),
    )
    items = []
    for s in proposed[:limit]:
        src = sources.get(s.source) if s.source else None
        items.append(
            Proposal(
                statement=s.id,
                version=versions.get(s.id),
                nation=s.nation,
                nation_name=names.get(s.nation, s.nation),
                date=s.date,
                stance=s.stance,
                label=stance_label(s.stance),
                quote=s.quote,
                actor=s.actor,
                office=s.office,
                conditions=s.conditions,
                confidence=s.confidence,
                evidence=s.evidence,
                source=source_ref(ds, s.source),
                article=excerpt(src.text if src else None, s.evidence),
            )
        )
    return ReviewView(
        proposals=tuple(items),
        total=len(proposed),
        stances=tuple(Stance),
        conditions=tuple((c.id, c.name) for c in sorted(ds.conditions, key=lambda c: c.name)),
        notice=notice,
    )
