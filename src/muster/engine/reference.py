"""The naive way, kept as the yardstick: one LP per phase per world, built pledge by pledge.

Written straight from the semantics (docs/engine.md) without the compiler's grouping, merging,
components or closed forms, so the property tests and `muster bench engine` can check the
engine against it. Also the OR-Tools max-flow baseline the benchmark times (plain max-flow is
only defined where no substitution gain differs from 1 around a cycle; it returns the total flow
in scaled units, which every optimal allocation shares).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from muster.domain import Dataset, Pledge, RequirementLine, Scenario
from muster.engine.lp import solve_lex
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


def _efficiency(dataset: Dataset, pledge: Pledge, line: RequirementLine) -> float:
    caveats = set(pledge.caveats)
    if not set(line.required_tags) <= caveats or caveats & set(line.excluded_tags):
        return 0.0
    if pledge.capability == line.capability:
        return 1.0
    cap = dataset.index("capabilities")[pledge.capability]
    return next((s.efficiency for s in cap.substitutes if s.capability == line.capability), 0.0)


def counted_pledges(
    dataset: Dataset, scenario: Scenario, world: Mapping[str, bool]
) -> list[Pledge]:
    """Pledges active in `world` (condition id → holds) under `scenario`."""
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
        if all(world[c] for c in p.conditions):
            out.append(p)
    return out


def phase_problem(
    dataset: Dataset, scenario: Scenario, world: Mapping[str, bool], phase_id: str
) -> PhaseProblem:
    phase = dataset.index("phases")[phase_id]
    lines = tuple(
        sorted((r for r in dataset.requirement_lines if r.phase == phase_id), key=lambda r: r.id)
    )
    pledges = tuple(
        p
        for p in counted_pledges(dataset, scenario, world)
        if phase_id in p.phases and p.covers(phase.start, phase.end)
    )
    es, el, ee = [], [], []
    for i, p in enumerate(pledges):
        for j, r in enumerate(lines):
            e = _efficiency(dataset, p, r)
            if e > 0:
                es.append(i)
                el.append(j)
                ee.append(e)
    return PhaseProblem(
        lines, pledges, np.array(es, dtype=np.int64), np.array(el, dtype=np.int64), np.array(ee)
    )


def reference_levels(
    dataset: Dataset, world: Mapping[str, bool], scenario: Scenario | None = None
) -> dict[tuple[str, int], float]:
    """(phase id, priority) → the optimal filled quantity of that priority's lines, by HiGHS."""
    scenario = scenario or BASELINE
    out: dict[tuple[str, int], float] = {}
    for phase in dataset.phases:
        prob = phase_problem(dataset, scenario, world, phase.id)
        if not prob.lines:
            continue
        alloc = solve_lex(
            capacity=np.array([p.quantity for p in prob.pledges], dtype=np.float64),
            edge_supply=prob.edge_supply,
            edge_line=prob.edge_line,
            edge_efficiency=prob.edge_efficiency,
            demand=np.array([r.quantity for r in prob.lines], dtype=np.float64),
            priority=np.array([r.priority for r in prob.lines], dtype=np.int64),
        )
        for p, v in alloc.levels.items():
            out[(phase.id, p)] = v
    return out
