"""Exact coverage of one world: per line filled / gap / who fills it; per phase, domain, nation.

The world is the scenario's: forced conditions as forced, known statuses as known (on `as_of`,
when given), and unknown conditions assumed to fail (a pledge counts only when all its
conditions hold) unless `assume_unknown=True`. The per-line answer is the engine's canonical
allocation (steps.py); which pledges fill each line is the unique attribution of `lp.attribute`
(interchangeable pledges share in proportion to their quantity). Every figure is thus a function
of the model, not of ids or order. Coverage figures are weighted means of the lines' fill
(filled / required), by line weight; a phase without lines has none (None in JSON).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from muster.domain import Dataset, Scenario
from muster.engine.kernels import Plan, build_plan, evaluate, group_activity
from muster.engine.lp import attribute
from muster.engine.model import Component, Model, compile_model
from muster.engine.montecarlo import SHORT, to_jsonable

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Fill:
    """Part of a line filled by one pledge, in the line's units."""

    nation: str
    pledge: str
    quantity: float


@dataclass(frozen=True, slots=True)
class LateFill:
    """A pledge that would fill the line but arrives after the phase starts (`as_of` + its
    readiness): `quantity` is what it could fill alone."""

    nation: str
    pledge: str
    quantity: float
    arrives: date


@dataclass(frozen=True, slots=True)
class LineCoverage:
    line: str
    phase: str
    capability: str
    domain: str
    priority: int
    weight: float
    critical: bool  # counts for the phase's minimum viable force
    rotation: float
    required: float
    minimum: float
    filled: float
    gap: float
    viable: bool  # filled ≥ minimum
    fills: tuple[Fill, ...]
    late: tuple[LateFill, ...] = ()  # pledged but late (only with an as-of date)


@dataclass(frozen=True, slots=True)
class PhaseCoverage:
    phase: str
    name: str
    coverage: float  # weighted mean of filled / required over the phase's lines (NaN: none)
    viable: bool | None  # every critical line at its minimum (None: the phase has no lines)
    lines: int
    critical_lines: int
    short_lines: int  # critical lines below their minimum
    filled_by_priority: dict[int, float]


@dataclass(frozen=True, slots=True)
class Coverage:
    scenario: str
    assume_unknown: bool
    as_of: date | None
    grace_days: int
    mission: float
    phases: tuple[PhaseCoverage, ...]
    domains: dict[str, float]
    lines: tuple[LineCoverage, ...]
    nations: dict[str, float]  # each nation's part of mission coverage (they sum to it)
    fallback_components: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out


def scenario_world(model: Model, *, assume_unknown: bool = False) -> npt.NDArray[np.bool_]:
    """The uncertain conditions of the scenario's own world, as a (conditions × 1) column."""
    holds = np.full((len(model.uncertain), 1), assume_unknown, dtype=np.bool_)
    # Prerequisites still hold: an assumed condition holds only if its prerequisites do.
    rows = {c: u for u, c in enumerate(model.uncertain)}
    changed = True
    while changed:
        changed = False
        for c, u in rows.items():
            if holds[u, 0] and any(
                model.conditions[p].fixed is False or (p in rows and not holds[rows[p], 0])
                for p in model.conditions[c].prerequisites
            ):
                holds[u, 0] = False
                changed = True
    return holds


def filled_lines(model: Model, plan: Plan, holds: npt.NDArray[np.bool_]) -> F64:
    """Filled quantity per line in the model's line order (lines × worlds) for given worlds."""
    out = np.empty((model.n_lines, holds.shape[1]))
    out[plan.rows] = evaluate(plan, group_activity(plan, holds))
    return out


def weighted_mean(values: F64, weights: F64) -> float:
    """Σ weight·value / Σ weight (NaN when there is nothing to weigh)."""
    total = float(weights.sum())
    return float(weights @ values) / total if total > 0 else float("nan")


def _fills(model: Model, comp: Component, filled: F64, active: set[int]) -> dict[int, list[Fill]]:
    """Who fills what: supplies by `lp.attribute`, each supply's part shared among its pledges
    in proportion to their quantity."""
    supplies = [s for s in comp.supplies if s.group in active]
    es, el, ee = [], [], []
    local = {j: i for i, j in enumerate(comp.lines)}
    for s, sup in enumerate(supplies):
        for j, e in zip(sup.lines, sup.efficiency, strict=True):
            es.append(s)
            el.append(local[j])
            ee.append(e)
    out: dict[int, list[Fill]] = defaultdict(list)
    if not es:
        return out
    flow = attribute(
        capacity=np.array([s.quantity for s in supplies]),
        edge_supply=np.array(es, dtype=np.int64),
        edge_line=np.array(el, dtype=np.int64),
        edge_efficiency=np.array(ee),
        filled=np.array([filled[j] for j in comp.lines]),
    )
    # Supplies may give 1e-6 more than they have (rounded totals): drop parts below 1e-5 of the
    # line, then scale each line's parts to its exact total.
    edge_line = np.array(el, dtype=np.int64)
    need = np.array([float(model.required[comp.lines[i]]) for i in el])
    amount = flow * np.array(ee)
    amount[amount <= 1e-5 * np.maximum(1.0, need)] = 0.0
    got = np.bincount(edge_line, weights=amount, minlength=len(local))
    want = np.array([filled[j] for j in comp.lines])
    scale = np.divide(want, got, out=np.zeros_like(want), where=got > 0)
    per: dict[tuple[int, int], float] = defaultdict(float)
    for e in range(len(es)):
        if amount[e] <= 0:
            continue
        sup = supplies[es[e]]
        part = float(amount[e] * scale[el[e]])
        for k in sup.pledges:
            per[(comp.lines[el[e]], k)] += part * float(model.pledges[k].quantity) / sup.quantity
    for (j, k), amount in sorted(
        per.items(), key=lambda kv: (kv[0][0], model.pledges[kv[0][1]].id)
    ):
        pl = model.pledges[k]
        out[j].append(Fill(nation=pl.nation, pledge=pl.id, quantity=amount))
    return out


def coverage(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    assume_unknown: bool = False,
    as_of: date | None = None,
    grace_days: int = 0,
) -> Coverage:
    """Exact coverage under `scenario`, as of a date when given (InvalidInput when the scenario
    names unknown conditions etc.)."""
    model = compile_model(dataset, scenario, as_of=as_of, grace_days=grace_days)
    return coverage_of(model, build_plan(model), assume_unknown=assume_unknown)


def coverage_of(model: Model, plan: Plan, *, assume_unknown: bool = False) -> Coverage:
    holds = scenario_world(model, assume_unknown=assume_unknown)
    filled = filled_lines(model, plan, holds)[:, 0]
    active = {0}
    for g, conds in enumerate(model.groups):
        rows = [model.uncertain.index(c) for c in conds]
        if g and all(holds[r, 0] for r in rows):
            active.add(g)
    fills: dict[int, list[Fill]] = {}
    for comp in model.components:
        if comp.supplies:
            fills.update(_fills(model, comp, filled, active))
    late: dict[int, list[LateFill]] = defaultdict(list)
    for entry in model.late:
        pl = model.pledges[entry.pledge]
        for j, amount in entry.fills:
            late[j].append(LateFill(pl.nation, pl.id, amount, entry.arrives))
    fraction = filled / model.required
    lines = []
    for j in range(model.n_lines):
        lines.append(
            LineCoverage(
                line=model.line_ids[j],
                phase=model.phases[int(model.line_phase[j])],
                capability=model.line_capability[j],
                domain=model.line_domain[j],
                priority=int(model.priority[j]),
                weight=float(model.weight[j]),
                critical=bool(model.critical[j]),
                rotation=float(model.rotation[j]),
                required=float(model.required[j]),
                minimum=float(model.minimum[j]),
                filled=float(filled[j]),
                gap=float(model.required[j] - filled[j]),
                viable=bool(filled[j] >= model.minimum[j] - SHORT * model.required[j]),
                fills=tuple(fills.get(j, [])),
                late=tuple(sorted(late.get(j, []), key=lambda x: (x.arrives, x.pledge))),
            )
        )
    phases = []
    for i, ph in enumerate(model.phases):
        mask = model.line_phase == i
        idx = [int(j) for j in np.flatnonzero(mask)]
        by_priority: dict[int, float] = defaultdict(float)
        for j in idx:
            by_priority[int(model.priority[j])] += float(filled[j])
        short = sum(1 for j in idx if model.critical[j] and not lines[j].viable)
        phases.append(
            PhaseCoverage(
                phase=ph,
                name=model.phase_names[i],
                coverage=weighted_mean(fraction[mask], model.weight[mask]),
                viable=short == 0 if idx else None,
                lines=len(idx),
                critical_lines=int(model.critical[mask].sum()),
                short_lines=short,
                filled_by_priority=dict(sorted(by_priority.items())),
            )
        )
    domains: dict[str, float] = {}
    for d in sorted(set(model.line_domain)):
        mask = np.array([x == d for x in model.line_domain], dtype=bool)
        domains[d] = weighted_mean(fraction[mask], model.weight[mask])
    total_weight = float(model.weight.sum())
    nations: dict[str, float] = defaultdict(float)
    for j, line in enumerate(lines):
        for f in line.fills:
            nations[f.nation] += f.quantity / line.required * float(model.weight[j]) / total_weight
    return Coverage(
        scenario=model.scenario.id,
        assume_unknown=assume_unknown,
        as_of=model.as_of,
        grace_days=model.grace_days,
        mission=weighted_mean(fraction, model.weight),
        phases=tuple(phases),
        domains=domains,
        lines=tuple(lines),
        nations=dict(sorted(nations.items(), key=lambda kv: (-kv[1], kv[0]))),
        fallback_components=plan.fallback_components,
    )
