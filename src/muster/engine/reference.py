"""The naive way, kept as the yardstick: one LP per phase per world, built pledge by pledge.

Written straight from the semantics (docs/engine.md) without the compiler's grouping, merging,
components, classes or closed forms, so the property tests and `muster bench engine` can check
the engine against it: `reference_levels` gives each stage's optimum (the unique weighted
coverage a lexicographic LP finds), `reference_filled` the canonical per-line answer (the same
LPs, then the max-min fair shares of `lp.solve_canonical`). Also the OR-Tools max-flow baseline
the benchmark times (plain max-flow is only defined where no substitution gain differs from 1
around a cycle; it returns the total flow in scaled units, which every optimal allocation shares).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from muster.domain import Dataset, Pledge, PledgeStatus, RequirementLine, Scenario
from muster.engine.lp import Allocation, solve_canonical, solve_stages
from muster.engine.model import BASELINE

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PhaseProblem:
    """One phase's LP for one world: active pledges × compatible lines, as edge arrays."""

    lines: tuple[RequirementLine, ...]
    pledges: tuple[Pledge, ...]
    edge_supply: npt.NDArray[np.int64]
    edge_line: npt.NDArray[np.int64]
    edge_efficiency: F64
    critical: npt.NDArray[np.bool_]


def _efficiency(dataset: Dataset, pledge: Pledge, line: RequirementLine) -> float:
    caveats = set(pledge.caveats)
    if not set(line.required_tags) <= caveats or caveats & set(line.excluded_tags):
        return 0.0
    if pledge.capability == line.capability:
        e = 1.0
    else:
        cap = dataset.index("capabilities")[pledge.capability]
        e = next((s.efficiency for s in cap.substitutes if s.capability == line.capability), 0.0)
    return e if pledge.sustained else e / line.rotation


def counted_pledges(
    dataset: Dataset, scenario: Scenario, world: Mapping[str, bool], as_of: date | None = None
) -> list[Pledge]:
    """Pledges active in `world` (condition id → holds) under `scenario`, valid on `as_of`."""
    out = []
    for p in dataset.pledges:
        if p.id in scenario.pledges_out or p.quantity <= 0:
            continue
        if scenario.nations_in and p.nation not in scenario.nations_in:
            continue
        if p.nation in scenario.nations_out:
            continue
        if p.id not in scenario.pledges_in and p.status not in scenario.statuses:
            continue
        if as_of is not None and (
            (p.valid_from is not None and p.valid_from > as_of)
            or (p.valid_to is not None and p.valid_to < as_of)
        ):
            continue
        if all(world[c] for c in p.conditions):
            out.append(p)
    return out


def _arrives(pledge: Pledge, as_of: date, start: date | None, grace: int) -> bool:
    if start is None or pledge.status is PledgeStatus.DEPLOYED or pledge.readiness_days is None:
        return True
    return as_of + timedelta(days=pledge.readiness_days) <= start + timedelta(days=grace)


def phase_problem(
    dataset: Dataset,
    scenario: Scenario,
    world: Mapping[str, bool],
    phase_id: str,
    as_of: date | None = None,
    grace_days: int = 0,
) -> PhaseProblem:
    phase = dataset.index("phases")[phase_id]
    lines = tuple(
        sorted((r for r in dataset.requirement_lines if r.phase == phase_id), key=lambda r: r.id)
    )
    pledges = tuple(
        p
        for p in counted_pledges(dataset, scenario, world, as_of)
        if phase_id in p.phases
        and p.covers(phase.start, phase.end)
        and (as_of is None or _arrives(p, as_of, phase.start, grace_days))
    )
    es, el, ee = [], [], []
    for i, p in enumerate(pledges):
        for j, r in enumerate(lines):
            e = _efficiency(dataset, p, r)
            if e > 0:
                es.append(i)
                el.append(j)
                ee.append(e)
    marked = [r.critical for r in lines]
    critical = np.array(marked if any(marked) else [True] * len(lines), dtype=np.bool_)
    return PhaseProblem(
        lines,
        pledges,
        np.array(es, dtype=np.int64),
        np.array(el, dtype=np.int64),
        np.array(ee),
        critical,
    )


def _solve(prob: PhaseProblem, *, canonical: bool) -> Allocation:
    demand = np.array([r.quantity for r in prob.lines], dtype=np.float64)
    minimum = np.array([r.minimum for r in prob.lines], dtype=np.float64)
    solve = solve_canonical if canonical else solve_stages
    return solve(
        capacity=np.array([p.quantity for p in prob.pledges], dtype=np.float64),
        edge_supply=prob.edge_supply,
        edge_line=prob.edge_line,
        edge_efficiency=prob.edge_efficiency,
        demand=demand,
        minimum=np.where(prob.critical, minimum, 0.0),
        priority=np.array([r.priority for r in prob.lines], dtype=np.int64),
        value=np.array([r.weight for r in prob.lines]) / demand,
    )


def reference_levels(
    dataset: Dataset,
    world: Mapping[str, bool],
    scenario: Scenario | None = None,
    *,
    as_of: date | None = None,
    grace_days: int = 0,
) -> dict[tuple[str, int], float]:
    """(phase id, stage) → the optimum of that stage (weighted coverage Σ weight·filled /
    required of its pieces; stage 0: the critical lines' minimums), by HiGHS."""
    scenario = scenario or BASELINE
    out: dict[tuple[str, int], float] = {}
    for phase in dataset.phases:
        prob = phase_problem(dataset, scenario, world, phase.id, as_of, grace_days)
        if prob.lines:
            for stage, v in _solve(prob, canonical=False).levels.items():
                out[(phase.id, stage)] = v
    return out


def reference_filled(
    dataset: Dataset,
    world: Mapping[str, bool],
    scenario: Scenario | None = None,
    *,
    as_of: date | None = None,
    grace_days: int = 0,
) -> dict[str, float]:
    """Line id → the canonical filled quantity (stages, then max-min fair shares), by HiGHS."""
    scenario = scenario or BASELINE
    out: dict[str, float] = {}
    for phase in dataset.phases:
        prob = phase_problem(dataset, scenario, world, phase.id, as_of, grace_days)
        if prob.lines:
            filled = _solve(prob, canonical=True).filled
            out.update({r.id: float(f) for r, f in zip(prob.lines, filled, strict=True)})
    return out
