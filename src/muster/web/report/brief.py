"""The conference brief's content and its self-contained HTML.

One page a planner can print or mail: the stance map on a date, coverage and the top gaps,
the conditions pledges depend on, each nation's pledges, and every source cited. Built from a
dataset already filtered to what its audience may read. The HTML inlines its stylesheet and the
map, and needs no JavaScript, so headless Chromium prints it as it looks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from importlib import resources

from markupsafe import Markup

from muster.app.conference import Sourcing
from muster.app.coverage import CoverageView
from muster.app.trends import TrendsView
from muster.domain import ConditionStatus, Dataset, PledgeStatus, Scenario, Stance
from muster.engine.coverage import coverage as exact_coverage
from muster.engine.model import BASELINE
from muster.web.i18n import DEFAULT, LABELS, N_, gettext_for
from muster.web.report.svg import Line, step_chart
from muster.web.templates import render_template
from muster.web.viewmodels.charts import PHASE_COLOURS, STATUS_COLOURS
from muster.web.viewmodels.nation import SourceRef, source_ref
from muster.web.viewmodels.stance import StanceMap, stance_map
from muster.web.viewmodels.worldmap import shapes_in


@dataclass(frozen=True, slots=True)
class ConditionRow:
    """A condition, what is assumed about it, how much depends on it, and what it is worth:
    the mission's exact coverage (percent) if it holds and if it fails, all else as assumed."""

    id: str
    name: str
    status: ConditionStatus
    probability: float
    forced: bool | None  # what the scenario forces, if anything
    pledges: int
    nations: tuple[str, ...]
    statements: int
    illustrative: bool
    if_holds: float | None = None
    if_fails: float | None = None

    @property
    def effect(self) -> float:
        if self.if_holds is None or self.if_fails is None:
            return 0.0
        return self.if_holds - self.if_fails


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
    trends: TrendsView | None = None  # the charts over time (muster.app.trends)
    shortfalls: tuple[Sourcing, ...] = ()  # per call for contributions (muster.app.conference)


def _closure(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _effect(ds: Dataset, base: Scenario, condition: str) -> tuple[float | None, float | None]:
    """Exact mission coverage (percent) with `condition` forced to hold, then to fail.

    Holding forces its prerequisites to hold too; failing forces what needs it to fail.
    """
    if not ds.requirement_lines:
        return None, None
    needs = {c.id: set(c.prerequisites) for c in ds.conditions}
    needed_by: dict[str, set[str]] = {}
    for c in ds.conditions:
        for pre in c.prerequisites:
            needed_by.setdefault(pre, set()).add(c.id)
    out = []
    for holds in (True, False):
        linked = _closure(condition, needs if holds else needed_by)
        forced = {**base.forced, **dict.fromkeys(linked, holds)}
        probabilities = {k: v for k, v in base.probabilities.items() if k not in linked}
        what_if = replace(base, forced=forced, probabilities=probabilities)
        out.append(100.0 * exact_coverage(ds, what_if).mission)
    return out[0], out[1]


def _conditions(ds: Dataset, scenario: str | None, as_of: date) -> tuple[ConditionRow, ...]:
    base = ds.index("scenarios")[scenario] if scenario else BASELINE
    forced = base.forced
    rows = []
    for c in ds.conditions:
        dependent = [p for p in ds.pledges if c.id in p.conditions]
        if_holds, if_fails = _effect(ds, base, c.id) if dependent else (None, None)
        rows.append(
            ConditionRow(
                id=c.id,
                name=c.name,
                status=c.status_on(as_of),
                probability=c.probability,
                forced=forced.get(c.id),
                pledges=len(dependent),
                nations=tuple(sorted({p.nation for p in dependent})),
                statements=sum(1 for s in ds.statements if c.id in s.conditions),
                illustrative=c.illustrative,
                if_holds=if_holds,
                if_fails=if_fails,
            )
        )
    return tuple(sorted(rows, key=lambda r: (-abs(r.effect), -r.pledges, r.name)))


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
    trends: TrendsView | None = None,
    shortfalls: tuple[Sourcing, ...] = (),
) -> BriefView:
    """The brief of `ds` (filtered for `audience`) on `as_of` under `scenario`."""
    m = stance_map(ds, as_of=as_of, today=today)
    return BriefView(
        title=N_("Coalition of the willing: conference brief"),
        as_of=m.as_of,
        generated_at=generated_at,
        audience=audience,
        scenario=scenario,
        map=m,
        coverage=coverage,
        conditions=_conditions(ds, scenario, m.as_of),
        nations=_nations(ds, m),
        sources=_cited(ds, m.as_of),
        illustrative=any(r.illustrative for r in ds.requirement_lines)
        or any(p.illustrative for p in ds.pledges),
        trends=trends,
        shortfalls=shortfalls,
    )


def _stylesheet() -> str:
    return (resources.files("muster.web") / "static" / "css" / "muster.css").read_text("utf-8")


def trend_charts(view: TrendsView, locale: str = DEFAULT) -> dict[str, Markup]:
    """The brief's charts over time as static SVG in `locale` (the brief has no script)."""

    def _(message: str) -> str:
        return gettext_for(locale, message)

    statuses = view.statuses
    cov = view.coverage
    aid = view.aid
    phase_lines = []
    for i, ph in enumerate(cov.phases):
        colour = PHASE_COLOURS[i % len(PHASE_COLOURS)]
        phase_lines.append(
            Line(_(N_("%(phase)s: pledged")) % {"phase": ph.name}, ph.pledged, colour, dashed=True)
        )
        phase_lines.append(
            Line(_(N_("%(phase)s: covered")) % {"phase": ph.name}, ph.covered, colour)
        )
    return {
        "statuses": step_chart(
            _(N_("Pledges by status over time")),
            statuses.days,
            [Line(_(LABELS[s.value]), statuses.counts[s], STATUS_COLOURS[s]) for s in PledgeStatus],
        ),
        "coverage": step_chart(
            _(N_("Pledged and covered per phase (%% of the requirement)")).replace("%%", "%"),
            cov.days,
            phase_lines,
            y_max=100.0,
        ),
        "aid": step_chart(
            _(N_("Aid committed by donor (EUR, cumulative)")),
            aid.days,
            [
                Line(d.name, d.values["committed"], PHASE_COLOURS[i % len(PHASE_COLOURS)])
                for i, d in enumerate(aid.donors)
                if any(d.values["committed"])
            ],
        ),
    }


def render_brief(view: BriefView, *, locale: str = DEFAULT) -> str:
    """The brief as one HTML document in `locale`, with its style and map inlined (no script,
    no fetch)."""
    charts = trend_charts(view.trends, locale) if view.trends is not None else None
    return render_template(
        "brief.html",
        locale=locale,
        view=view,
        css=_stylesheet(),
        europe=shapes_in("europe"),
        trend_charts=charts,
    )
