"""Exact coverage of one world: per line filled / gap / who fills it; per phase, domain, nation.

The world is the scenario's: forced conditions as forced, known statuses as known, and unknown
conditions assumed to fail (a pledge counts only when all its conditions hold) unless
`assume_unknown=True`. The per-line answer is the engine's canonical optimal allocation (see
kernels.py); which pledges fill each line is one allocation achieving it, found by an LP.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from muster.domain import Dataset, Scenario
from muster.engine.kernels import Plan, build_plan, evaluate, group_activity
from muster.engine.lp import solve_lex
from muster.engine.model import Component, Model, compile_model
from muster.engine.simulate import SHORT, to_jsonable

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Fill:
    """Part of a line filled by one pledge, in the line's units."""

    nation: str
    pledge: str
    quantity: float


@dataclass(frozen=True, slots=True)
class LineCoverage:
    line: str
    phase: str
    capability: str
    domain: str
    priority: int
    required: float
    minimum: float
    filled: float
    gap: float
    viable: bool  # filled ≥ minimum
    fills: tuple[Fill, ...]


@dataclass(frozen=True, slots=True)
class PhaseCoverage:
    phase: str
    name: str
    coverage: float  # mean of filled / required over the phase's lines
    viable: bool  # every line at its minimum: the minimum viable force
    lines: int
    short_lines: int
    filled_by_priority: dict[int, float]


@dataclass(frozen=True, slots=True)
class Coverage:
    scenario: str
    assume_unknown: bool
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


def _fills(model: Model, comp: Component, filled: F64, active: set[int]) -> dict[int, list[Fill]]:
    """One allocation achieving `filled` on the component's lines, pledge by pledge."""
    pledges: list[tuple[int, float]] = []  # (pledge index, quantity)
    es, el, ee = [], [], []
    local = {j: i for i, j in enumerate(comp.lines)}
    for sup in comp.supplies:
        if sup.group not in active:
            continue
        for k in sup.pledges:
            p = len(pledges)
            pledges.append((k, float(model.pledges[k].quantity)))
            for j, e in zip(sup.lines, sup.efficiency, strict=True):
                es.append(p)
                el.append(local[j])
                ee.append(e)
    out: dict[int, list[Fill]] = defaultdict(list)
    if not es:
        return out
    alloc = solve_lex(
        capacity=np.array([q for _, q in pledges]),
        edge_supply=np.array(es, dtype=np.int64),
        edge_line=np.array(el, dtype=np.int64),
        edge_efficiency=np.array(ee),
        demand=np.array([filled[j] for j in comp.lines]),
        priority=np.ones(len(comp.lines), dtype=np.int64),
    )
    per: dict[tuple[int, int], float] = defaultdict(float)
    for e in range(len(es)):
        amount = float(alloc.flow[e] * ee[e])
        if amount > 1e-9:
            per[(comp.lines[el[e]], pledges[es[e]][0])] += amount
    for (j, k), amount in sorted(per.items()):
        pl = model.pledges[k]
        out[j].append(Fill(nation=pl.nation, pledge=pl.id, quantity=amount))
    return out


def coverage(
    dataset: Dataset, scenario: Scenario | None = None, *, assume_unknown: bool = False
) -> Coverage:
    """Exact coverage under `scenario` (InvalidInput when it names unknown conditions etc.)."""
    model = compile_model(dataset, scenario)
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
                required=float(model.required[j]),
                minimum=float(model.minimum[j]),
                filled=float(filled[j]),
                gap=float(model.required[j] - filled[j]),
                viable=bool(filled[j] >= model.minimum[j] - SHORT * model.required[j]),
                fills=tuple(fills.get(j, [])),
            )
        )
    phases = []
    for i, ph in enumerate(model.phases):
        mask = model.line_phase == i
        idx = [int(j) for j in np.flatnonzero(mask)]
        by_priority: dict[int, float] = defaultdict(float)
        for j in idx:
            by_priority[int(model.priority[j])] += float(filled[j])
        short = sum(1 for j in idx if not lines[j].viable)
        phases.append(
            PhaseCoverage(
                phase=ph,
                name=model.phase_names[i],
                coverage=float(fraction[mask].mean()) if len(idx) else float("nan"),
                viable=short == 0,
                lines=len(idx),
                short_lines=short,
                filled_by_priority=dict(sorted(by_priority.items())),
            )
        )
    domains: dict[str, list[float]] = defaultdict(list)
    for k in range(model.n_lines):
        domains[model.line_domain[k]].append(float(fraction[k]))
    n_lines = max(model.n_lines, 1)
    nations: dict[str, float] = defaultdict(float)
    for line in lines:
        for f in line.fills:
            nations[f.nation] += f.quantity / line.required / n_lines
    return Coverage(
        scenario=model.scenario.id,
        assume_unknown=assume_unknown,
        mission=float(fraction.mean()) if model.n_lines else float("nan"),
        phases=tuple(phases),
        domains={d: float(np.mean(v)) for d, v in sorted(domains.items())},
        lines=tuple(lines),
        nations=dict(sorted(nations.items(), key=lambda kv: (-kv[1], kv[0]))),
        fallback_components=plan.fallback_components,
    )
