"""The conference brief's content and its self-contained HTML.

One page a planner can print or mail: the stance map on a date, coverage and the top gaps,
the conditions pledges depend on, each nation's pledges, and every source cited. Built from a
dataset already filtered to what its audience may read. The HTML inlines its stylesheet and the
map, and needs no JavaScript, so headless Chromium prints it as it looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

from muster.domain import ConditionStatus, Dataset, Stance
from muster.web.templates import render_template
from muster.web.viewmodels.coverage import CoverageView
from muster.web.viewmodels.nation import SourceRef, source_ref
from muster.web.viewmodels.stance import StanceMap, stance_map
from muster.web.viewmodels.worldmap import shapes_in


@dataclass(frozen=True, slots=True)
class ConditionRow:
    """A condition, what is assumed about it, and how much depends on it."""

    id: str
    name: str
    status: ConditionStatus
    probability: float
    forced: bool | None  # what the scenario forces, if anything
    pledges: int
    nations: tuple[str, ...]
    statements: int
    illustrative: bool


@dataclass(frozen=True, slots=True)
class NationRow:
    """A nation with a stance or a pledge: its stance, pledge count, and units pledged."""

    iso3: str
    name: str
    stance: Stance | None
    stance_label: str
    pledges: int
    conditional_pledges: int


@dataclass(frozen=True, slots=True)
class BriefView:
    title: str
    as_of: date
    generated_at: datetime
    audience: str
    scenario: str | None
    map: StanceMap
    coverage: CoverageView | None
    conditions: tuple[ConditionRow, ...]
    nations: tuple[NationRow, ...]
    sources: tuple[SourceRef, ...]
    illustrative: bool


def _conditions(ds: Dataset, scenario: str | None) -> tuple[ConditionRow, ...]:
    forced = ds.index("scenarios")[scenario].forced if scenario else {}
    rows = []
    for c in ds.conditions:
        dependent = [p for p in ds.pledges if c.id in p.conditions]
        rows.append(
            ConditionRow(
                id=c.id,
                name=c.name,
                status=c.status,
                probability=c.probability,
                forced=forced.get(c.id),
                pledges=len(dependent),
                nations=tuple(sorted({p.nation for p in dependent})),
                statements=sum(1 for s in ds.statements if c.id in s.conditions),
                illustrative=c.illustrative,
            )
        )
    return tuple(sorted(rows, key=lambda r: (-r.pledges, -r.statements, r.name)))


def _nations(ds: Dataset, m: StanceMap) -> tuple[NationRow, ...]:
    out = []
    for e in m.entries:
        pledges = [p for p in ds.pledges if p.nation == e.iso3]
        if e.stance is None and not pledges:
            continue
        out.append(
            NationRow(
                iso3=e.iso3,
                name=e.name,
                stance=e.stance,
                stance_label=e.label,
                pledges=len(pledges),
                conditional_pledges=sum(1 for p in pledges if p.conditions),
            )
        )
    return tuple(sorted(out, key=lambda r: (r.stance.rank if r.stance else 9, r.name)))


def _cited(ds: Dataset, as_of: date) -> tuple[SourceRef, ...]:
    keys: set[str] = set()
    keys.update(s.source for s in ds.statements if s.source and s.date <= as_of)
    keys.update(k for p in ds.pledges for k in p.sources)
    keys.update(r.source for r in ds.requirement_lines if r.source)
    keys.update(c.source for c in ds.conditions if c.source)
    refs = [r for r in (source_ref(ds, k) for k in sorted(keys)) if r is not None]
    return tuple(sorted(refs, key=lambda r: (r.published or date.min, r.title)))


def brief_view(
    ds: Dataset,
    *,
    as_of: date,
    today: date,
    generated_at: datetime,
    audience: str,
    scenario: str | None = None,
    coverage: CoverageView | None = None,
) -> BriefView:
    """The brief of `ds` (filtered for `audience`) on `as_of` under `scenario`."""
    m = stance_map(ds, as_of=as_of, today=today)
    return BriefView(
        title="Coalition of the willing: conference brief",
        as_of=m.as_of,
        generated_at=generated_at,
        audience=audience,
        scenario=scenario,
        map=m,
        coverage=coverage,
        conditions=_conditions(ds, scenario),
        nations=_nations(ds, m),
        sources=_cited(ds, m.as_of),
        illustrative=any(r.illustrative for r in ds.requirement_lines)
        or any(p.illustrative for p in ds.pledges),
    )


def _stylesheet() -> str:
    return (resources.files("muster.web") / "static" / "css" / "muster.css").read_text("utf-8")


def render_brief(view: BriefView) -> str:
    """The brief as one HTML document with its style and map inlined (no script, no fetch)."""
    return render_template("brief.html", view=view, css=_stylesheet(), europe=shapes_in("europe"))
