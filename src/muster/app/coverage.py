"""Coverage as readers see it: each requirement line filled and its gap, by phase and domain.

The numbers come from `muster.engine` (exact allocation); this module only arranges them with the
names a reader needs and flags illustrative requirement figures. It sits in the application
layer because use cases (`changes`), the CLI's brief and the pages all show it; the web layer
re-exports it as `muster.web.viewmodels.coverage`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from muster.domain import CapabilityDomain, Dataset
from muster.engine.coverage import coverage as exact_coverage


def percent(part: float, whole: float) -> float | None:
    """part / whole in percent, or None when there is no whole to divide by."""
    return None if whole <= 0 else 100.0 * part / whole


@dataclass(frozen=True, slots=True)
class Filler:
    """`quantity` units of requirement line filled by `pledge` of `nation`."""

    nation: str
    pledge: str
    quantity: float


@dataclass(frozen=True, slots=True)
class LineCoverage:
    line: str
    phase: str
    phase_name: str
    capability: str
    capability_name: str
    domain: CapabilityDomain
    unit: str
    priority: int
    required: float
    minimum: float
    filled: float
    gap: float
    percent: float | None
    viable: bool  # filled reaches the minimum viable quantity
    illustrative: bool
    fillers: tuple[Filler, ...]
    weight: float = 1.0
    critical: bool = False  # counts for the phase's minimum viable force
    rotation: float = 1.0
    late: tuple[Filler, ...] = ()  # pledged but late (as of a date): what each could fill


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """Coverage of one phase in one domain.

    Lines count different units (battalions, jets, euros), so `percent` is the mean of the
    lines' fill ratios weighted by line weight, not a ratio of summed quantities.
    """

    phase: str
    phase_name: str
    domain: CapabilityDomain
    lines: int
    percent: float | None
    gaps: int


@dataclass(frozen=True, slots=True)
class NationShare:
    """A nation's part of the mission's coverage, in percentage points (they sum to it)."""

    iso3: str
    name: str
    points: float


@dataclass(frozen=True, slots=True)
class CoverageView:
    scenario: str | None
    scenario_name: str | None
    lines: tuple[LineCoverage, ...]
    cells: tuple[CoverageCell, ...]
    top_gaps: tuple[LineCoverage, ...]
    illustrative: bool  # any requirement figure shown is illustrative
    pledges_counted: int  # pledges filling at least one line
    mission: float | None = None  # weighted mean coverage of all lines, in percent
    nation_shares: tuple[NationShare, ...] = ()
    as_of: date | None = None  # analysed as of this day (None: the latest statuses)
    late: int = 0  # pledge-lines pledged but late


def coverage_view(
    ds: Dataset,
    *,
    filled: Mapping[str, float],
    allocations: Iterable[tuple[str, str, float]],
    scenario: str | None = None,
    pledges_counted: int = 0,
    mission: float | None = None,
    nation_shares: tuple[NationShare, ...] = (),
    top: int = 8,
    weights: Mapping[str, float] | None = None,
    late: Mapping[str, tuple[Filler, ...]] | None = None,
    critical: Iterable[str] = (),
    as_of: date | None = None,
) -> CoverageView:
    """Arrange engine results for display.

    `filled` maps requirement line id → quantity filled; `allocations` lists (pledge id, line id,
    quantity) as the engine assigned them; `late` the pledges that would arrive late per line;
    `critical` the lines that count for the minimum viable force. Lines are ordered by phase
    sequence, then priority.
    """
    critical_ids = set(critical)
    phases = ds.index("phases")
    caps = ds.index("capabilities")
    pledges = ds.index("pledges")
    by_line: dict[str, list[Filler]] = {}
    for pledge_id, line_id, qty in allocations:
        if qty <= 0 or pledge_id not in pledges:
            continue
        by_line.setdefault(line_id, []).append(Filler(pledges[pledge_id].nation, pledge_id, qty))
    lines = []
    ordered = sorted(
        ds.requirement_lines,
        key=lambda r: (phases[r.phase].seq if r.phase in phases else 0, r.priority, r.id),
    )
    for r in ordered:
        cap = caps.get(r.capability)
        got = float(filled.get(r.id, 0.0))
        lines.append(
            LineCoverage(
                line=r.id,
                phase=r.phase,
                phase_name=phases[r.phase].name if r.phase in phases else r.phase,
                capability=r.capability,
                capability_name=cap.name if cap else r.capability,
                domain=cap.domain if cap else CapabilityDomain.ENABLERS,
                unit=cap.unit if cap else "",
                priority=r.priority,
                required=r.quantity,
                minimum=r.minimum,
                filled=got,
                gap=max(r.quantity - got, 0.0),
                percent=percent(got, r.quantity),
                viable=got + 1e-9 >= r.minimum,
                illustrative=r.illustrative,
                fillers=tuple(sorted(by_line.get(r.id, []), key=lambda f: -f.quantity)),
                weight=r.weight,
                critical=r.id in critical_ids,
                rotation=r.rotation,
                late=(late or {}).get(r.id, ()),
            )
        )
    cells = []
    keys = sorted({(x.phase, x.domain) for x in lines}, key=lambda k: (phases[k[0]].seq, k[1]))
    for phase, domain in keys:
        group = [x for x in lines if x.phase == phase and x.domain is domain]
        weighed = [(x.weight, min(x.filled / x.required, 1.0)) for x in group if x.required > 0]
        total = sum(w for w, _ in weighed)
        cells.append(
            CoverageCell(
                phase=phase,
                phase_name=group[0].phase_name,
                domain=domain,
                lines=len(group),
                percent=100.0 * sum(w * r for w, r in weighed) / total if total else None,
                gaps=sum(1 for x in group if x.gap > 1e-9),
            )
        )
    gaps = sorted(
        (x for x in lines if x.gap > 1e-9), key=lambda x: (x.priority, -(x.gap / x.required))
    )
    name = None
    if scenario is not None:
        sc = ds.index("scenarios").get(scenario)
        name = sc.name if sc else scenario
    return CoverageView(
        scenario=scenario,
        scenario_name=name,
        lines=tuple(lines),
        cells=tuple(cells),
        top_gaps=tuple(gaps[:top]),
        illustrative=any(x.illustrative for x in lines),
        pledges_counted=pledges_counted,
        mission=mission,
        nation_shares=nation_shares,
        as_of=as_of,
        late=sum(len(x.late) for x in lines),
    )


def coverage_for(
    ds: Dataset, scenario: str | None, *, as_of: date | None = None
) -> CoverageView | None:
    """Exact coverage of `ds` under `scenario` (None: the data as they stand), from the engine,
    as of a day when given (statuses then, pledges valid then, arriving in time).

    Conditions neither known nor forced count as failing (the engine's rule): a pledge counts
    once what it depends on holds. None when there are no requirement lines to cover.
    """
    if not ds.requirement_lines:
        return None
    chosen = ds.index("scenarios").get(scenario) if scenario is not None else None
    result = exact_coverage(ds, chosen, as_of=as_of)
    filled = {x.line: x.filled for x in result.lines}
    allocations = [(f.pledge, x.line, f.quantity) for x in result.lines for f in x.fills]
    names = {n.iso3: n.name for n in ds.nations}
    shares = tuple(
        NationShare(iso3, names.get(iso3, iso3), 100.0 * share)
        for iso3, share in sorted(result.nations.items(), key=lambda kv: -kv[1])
        if share > 0
    )
    late = {
        x.line: tuple(Filler(f.nation, f.pledge, f.quantity) for f in x.late)
        for x in result.lines
        if x.late
    }
    return coverage_view(
        ds,
        filled=filled,
        allocations=allocations,
        scenario=scenario if chosen is not None else None,
        pledges_counted=len({a[0] for a in allocations}),
        mission=100.0 * result.mission,
        nation_shares=shares,
        late=late,
        critical=[x.line for x in result.lines if x.critical],
        as_of=as_of,
    )
