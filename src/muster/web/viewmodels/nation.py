"""A nation's page: stance timeline with quotes and sources, its pledges, and its aid to Ukraine.

Aid follows the Kiel Ukraine Support Tracker: committed, allocated and delivered totals in EUR,
and each as a share of the donor's GDP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from muster.domain import (
    Classification,
    Dataset,
    Pledge,
    PledgeStatus,
    Stance,
    StatementStatus,
    stance_as_of,
    stance_timeline,
)
from muster.errors import NotFound
from muster.web.viewmodels.common import percent, stance_label

PLEDGES_SHOWN = 100  # a nation page lists this many; the pledge list pages through the rest


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: str
    title: str
    outlet: str | None
    published: date | None
    url: str | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One accepted statement; `decides` when it set the nation's stance on its date."""

    statement: str
    date: date
    stance: Stance
    label: str
    quote: str
    speaker: str | None
    office: str | None
    conditions: tuple[str, ...]
    source: SourceRef | None
    entered_by: str | None
    decides: bool


@dataclass(frozen=True, slots=True)
class PledgeRow:
    id: str
    capability: str
    capability_name: str
    quantity: float
    unit: str
    phases: tuple[str, ...]
    conditions: tuple[str, ...]
    caveats: tuple[str, ...]
    status: PledgeStatus
    classification: Classification
    readiness_days: int | None
    illustrative: bool
    sources: tuple[SourceRef, ...]
    entered_by: str | None


@dataclass(frozen=True, slots=True)
class AidStage:
    """Aid that reached `stage` by the day shown: EUR total and share of the donor's GDP."""

    stage: str
    records: int
    value_eur: float
    percent_gdp: float | None


@dataclass(frozen=True, slots=True)
class AidRow:
    id: str
    type: str
    item: str
    value_eur: float | None
    committed: date | None
    allocated: date | None
    delivered: date | None
    stage: str | None
    illustrative: bool
    source: SourceRef | None


@dataclass(frozen=True, slots=True)
class NationView:
    iso3: str
    name: str
    eu: bool
    nato: bool
    gdp_eur_bn: float | None
    gdp_year: int | None
    stance: Stance | None
    stance_label: str
    as_of: date
    timeline: tuple[TimelineEntry, ...]
    pledges: tuple[PledgeRow, ...]  # the first PLEDGES_SHOWN, by id
    pledges_total: int
    aid: tuple[AidStage, ...]
    aid_records: tuple[AidRow, ...]


@dataclass(frozen=True, slots=True)
class NationSummary:
    iso3: str
    name: str
    eu: bool
    nato: bool
    stance: Stance | None
    stance_label: str
    pledges: int
    aid_committed_eur: float


def source_ref(ds: Dataset, key: str | None) -> SourceRef | None:
    if key is None:
        return None
    s = ds.index("sources").get(key)
    if s is None:
        return SourceRef(key, key, None, None, None)
    return SourceRef(s.id, s.title, s.outlet, s.published, s.url)


@dataclass(frozen=True, slots=True)
class Lookup:
    """Key → object maps of the catalogue a table of pledges refers to, built once per view."""

    capabilities: dict[str, Any]
    phases: dict[str, Any]
    conditions: dict[str, Any]
    sources: dict[str, Any]


def lookup(ds: Dataset) -> Lookup:
    return Lookup(
        ds.index("capabilities"), ds.index("phases"), ds.index("conditions"), ds.index("sources")
    )


def _ref(sources: dict[str, Any], key: str) -> SourceRef:
    s = sources.get(key)
    if s is None:
        return SourceRef(key, key, None, None, None)
    return SourceRef(s.id, s.title, s.outlet, s.published, s.url)


def pledge_row(ds: Dataset, p: Pledge, at: Lookup | None = None) -> PledgeRow:
    """A pledge with its catalogue names; pass `at` when making many rows of one dataset."""
    at = at or lookup(ds)
    caps, phases, conds = at.capabilities, at.phases, at.conditions
    cap = caps.get(p.capability)
    return PledgeRow(
        id=p.id,
        capability=p.capability,
        capability_name=cap.name if cap else p.capability,
        quantity=p.quantity,
        unit=cap.unit if cap else "",
        phases=tuple(phases[x].name if x in phases else x for x in p.phases),
        conditions=tuple(conds[c].name if c in conds else c for c in p.conditions),
        caveats=p.caveats,
        status=p.status,
        classification=p.classification,
        readiness_days=p.readiness_days,
        illustrative=p.illustrative,
        sources=tuple(_ref(at.sources, s) for s in p.sources),
        entered_by=p.entered_by,
    )


def _aid(ds: Dataset, iso3: str, gdp_eur_bn: float | None, day: date) -> tuple[AidStage, ...]:
    records = [a for a in ds.aid_records if a.donor == iso3]
    order = ("committed", "allocated", "delivered")
    stages = []
    for i, stage in enumerate(order):
        reached = [a for a in records if (s := a.stage_on(day)) is not None and order.index(s) >= i]
        value = sum(a.value_eur or 0.0 for a in reached)
        share = percent(value, gdp_eur_bn * 1e9) if gdp_eur_bn else None
        stages.append(AidStage(stage, len(reached), value, share))
    return tuple(stages)


def nation_view(ds: Dataset, iso3: str, *, as_of: date) -> NationView:
    """The page of nation `iso3` on `as_of`; raises NotFound for an unknown code."""
    nation = ds.index("nations").get(iso3)
    if nation is None:
        raise NotFound(f"no nation {iso3!r}")
    conds = ds.index("conditions")
    deciding = {ns.statement.id for ns in stance_timeline(ds.statements, iso3)}
    accepted = sorted(
        (
            s
            for s in ds.statements
            if s.nation == iso3 and s.status is StatementStatus.ACCEPTED and s.date <= as_of
        ),
        key=lambda s: (s.date, s.id),
        reverse=True,
    )
    timeline = tuple(
        TimelineEntry(
            statement=s.id,
            date=s.date,
            stance=s.stance,
            label=stance_label(s.stance),
            quote=s.quote,
            speaker=s.actor,
            office=s.office,
            conditions=tuple(conds[c].name if c in conds else c for c in s.conditions),
            source=source_ref(ds, s.source),
            entered_by=s.entered_by,
            decides=s.id in deciding,
        )
        for s in accepted
    )
    current = stance_as_of(ds.statements, iso3, as_of)
    stance = current.stance if current else None
    at = lookup(ds)
    own = sorted((p for p in ds.pledges if p.nation == iso3), key=lambda p: p.id)
    pledges = tuple(pledge_row(ds, p, at) for p in own[:PLEDGES_SHOWN])
    aid_rows = tuple(
        AidRow(
            id=a.id,
            type=a.type.value,
            item=a.item,
            value_eur=a.value_eur,
            committed=a.committed,
            allocated=a.allocated,
            delivered=a.delivered,
            stage=a.stage_on(as_of),
            illustrative=a.illustrative,
            source=source_ref(ds, a.source),
        )
        for a in sorted(ds.aid_records, key=lambda a: (a.committed or date.min, a.id))
        if a.donor == iso3
    )
    return NationView(
        iso3=nation.iso3,
        name=nation.name,
        eu=nation.eu,
        nato=nation.nato,
        gdp_eur_bn=nation.gdp_eur_bn,
        gdp_year=nation.gdp_year,
        stance=stance,
        stance_label=stance_label(stance),
        as_of=as_of,
        timeline=timeline,
        pledges=pledges,
        pledges_total=len(own),
        aid=_aid(ds, iso3, nation.gdp_eur_bn, as_of),
        aid_records=aid_rows,
    )


def nation_list(ds: Dataset, *, as_of: date) -> tuple[NationSummary, ...]:
    """Every nation with its stance on `as_of`, its pledge count and aid committed."""
    out = []
    for n in sorted(ds.nations, key=lambda n: n.name):
        current = stance_as_of(ds.statements, n.iso3, as_of)
        stance = current.stance if current else None
        committed = sum(
            a.value_eur or 0.0
            for a in ds.aid_records
            if a.donor == n.iso3 and a.stage_on(as_of) is not None
        )
        out.append(
            NationSummary(
                iso3=n.iso3,
                name=n.name,
                eu=n.eu,
                nato=n.nato,
                stance=stance,
                stance_label=stance_label(stance),
                pledges=sum(1 for p in ds.pledges if p.nation == n.iso3),
                aid_committed_eur=committed,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class NationsView:
    as_of: date
    nations: tuple[NationSummary, ...]
