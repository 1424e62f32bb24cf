"""`muster bench engine`: the engine's speed against the per-world ways, measured in one run.

On a `muster synth` instance (time, weights, critical lines and rotation on: analysed as of the
synthetic start date, so pledges that cannot arrive in time are left out) it times (1) the
engine: Monte Carlo of N worlds, sampling and statistics included; (2) per-world HiGHS: the
pledge-by-pledge lexicographic LP of `engine.reference` (one LP per phase per world, stage by
stage, the naive way); (3) per-world OR-Tools max-flow on the same pledge-by-pledge graph in
scaled units (it only gives each phase's total flow); and checks every checked world: each
phase's weighted coverage against HiGHS (unique at the optimum), and its total flow per phase
against OR-Tools. Ratios are taken within the run, in wall time (the engine
on all workers) and in CPU time (one core each side, which a busy shared machine skews least).
A shell module: it reads the clock; the engine does not.
"""

from __future__ import annotations

import os
import platform
import time
from typing import Any

import numpy as np

from muster.compute import default_workers, local_mapper
from muster.domain import Dataset
from muster.engine.criticality import game, sampled_shapley
from muster.engine.kernels import evaluate, group_activity
from muster.engine.model import Model
from muster.engine.montecarlo import prepare
from muster.engine.reference import reference_levels
from muster.engine.results import simulate
from muster.engine.worlds import sample
from muster.errors import InvalidInput, Problem
from muster.synth import synth
from muster.synth.vocabulary import START

FLOW_SCALE = 256  # OR-Tools max-flow wants integer capacities: flow units × 256


def _world(model: Model, holds: np.ndarray, w: int) -> dict[str, bool]:
    world = {c.id: bool(c.fixed) for c in model.conditions}
    for u, c in enumerate(model.uncertain):
        world[model.conditions[c].id] = bool(holds[u, w])
    return world


def _maxflow_world(model: Model, active_groups: set[int]) -> dict[int, float]:
    """Per phase: max flow (flow units) of the active pledges, one OR-Tools graph per phase."""
    from ortools.graph.python import max_flow  # a dev extra: only benchmarks need it

    out: dict[int, float] = {}
    for phase in range(len(model.phases)):
        graph = max_flow.SimpleMaxFlow()
        source, sink = 0, 1
        nodes = 2
        line_node: dict[int, int] = {}
        for comp in model.components:
            if comp.phase != phase or comp.kernel != "flow":
                continue
            for i, j in enumerate(comp.lines):
                line_node[j] = nodes
                cap = round(model.required[j] / comp.tau[i] * FLOW_SCALE)
                graph.add_arc_with_capacity(nodes, sink, cap)
                nodes += 1
            for sup in comp.supplies:
                if sup.group not in active_groups:
                    continue
                for k in sup.pledges:  # pledge by pledge, as a per-world model would be built
                    cap = round(model.pledges[k].quantity * sup.scale * FLOW_SCALE)
                    graph.add_arc_with_capacity(source, nodes, cap)
                    for j in sup.lines:
                        graph.add_arc_with_capacity(nodes, line_node[j], cap)
                    nodes += 1
        total = 0.0
        if graph.num_arcs():
            if graph.solve(source, sink) != graph.OPTIMAL:
                raise RuntimeError("OR-Tools max-flow did not reach an optimum")
            total = graph.optimal_flow() / FLOW_SCALE
        out[phase] = total
    return out


def bench_engine(
    *,
    nations: int = 60,
    pledges: int = 2000,
    lines: int = 400,
    conditions: int = 100,
    worlds: int = 100_000,
    seed: int = 1,
    check_worlds: int = 20,
    workers: int = 0,
    shapley_permutations: int = 4000,
    repeat: int = 3,
) -> dict[str, Any]:
    """Run the benchmark and return its figures (what `muster bench engine --json` prints).

    The engine's timed run is repeated `repeat` times and the best is reported (as `timeit`
    does: on a shared machine, slower runs measure the neighbours); every run is listed too.
    """
    if repeat < 1:
        raise InvalidInput(Problem(f"expected repeat ≥ 1, got {repeat}", field="repeat"))
    dataset: Dataset = synth(
        nations=nations,
        pledges=pledges,
        lines=lines,
        conditions=conditions,
        rng=np.random.default_rng(seed),
    )
    workers = workers or default_workers()
    started = time.perf_counter()
    prepared = prepare(dataset, as_of=START)
    compile_s = time.perf_counter() - started
    model, plan = prepared.model, prepared.kernel.plan

    runs: list[float] = []
    cpu_runs: list[float] = []
    with local_mapper(workers) as mapper:
        simulate(prepared, worlds=min(worlds, 20_000), seed=seed + 1, mapper=mapper)  # warm
        for _ in range(repeat):
            started = time.perf_counter()
            simulate(prepared, worlds=worlds, seed=seed, mapper=mapper)
            runs.append(time.perf_counter() - started)
        for _ in range(repeat):
            started = time.process_time()
            simulate(prepared, worlds=min(worlds, 50_000), seed=seed, mapper=None)
            cpu_runs.append((time.process_time() - started) / min(worlds, 50_000))
    engine_s = min(runs)
    cpu_per_world = min(cpu_runs)

    # The checked worlds: drawn like the engine draws them; exact filled per line.
    holds = sample(prepared.kernel.sampler, check_worlds, np.random.default_rng(seed + 2))
    filled = np.empty((model.n_lines, check_worlds))
    filled[plan.rows] = evaluate(plan, group_activity(plan, holds))
    max_diff = 0.0
    started, cpu = time.perf_counter(), time.process_time()
    levels = [
        reference_levels(dataset, _world(model, holds, w), as_of=START) for w in range(check_worlds)
    ]
    lp_s, lp_cpu = time.perf_counter() - started, time.process_time() - cpu
    value = model.weight / model.required
    for w, level in enumerate(levels):
        for ph, phase in enumerate(model.phases):
            mask = model.line_phase == ph
            total = float(model.weight[mask].sum())
            if not total:
                continue
            mine = float(value[mask] @ filled[mask, w]) / total
            best = sum(v for (p, _), v in level.items() if p == phase) / total
            max_diff = max(max_diff, abs(mine - best))

    weight = np.zeros(model.n_lines)
    flow_lines = np.zeros(model.n_lines, dtype=bool)
    for comp in model.components:
        if comp.kernel == "flow":
            for i, j in enumerate(comp.lines):
                weight[j] = comp.tau[i]
                flow_lines[j] = True
    group_rows = [[model.uncertain.index(c) for c in g] for g in model.groups]
    max_diff_flow = 0.0
    started, cpu = time.perf_counter(), time.process_time()
    flows = []
    for w in range(check_worlds):
        active = {g for g, rows in enumerate(group_rows) if all(holds[r, w] for r in rows)}
        flows.append(_maxflow_world(model, active))
    flow_s, flow_cpu = time.perf_counter() - started, time.process_time() - cpu
    for w, per_phase in enumerate(flows):
        for ph, total in per_phase.items():
            mask = flow_lines & (model.line_phase == ph)
            mine = float((filled[mask, w] / weight[mask]).sum())
            # Relative: rotated lines are filled a third per flow unit, and a float32 plan
            # rounds their fill (4/3 has no exact float), so the sum back is within 1e-7.
            max_diff_flow = max(max_diff_flow, abs(mine - total) / max(1.0, total))

    g = game(dataset, as_of=START)
    with local_mapper(workers) as mapper:
        started = time.perf_counter()
        shap = sampled_shapley(g, permutations=shapley_permutations, seed=seed, mapper=mapper)
        shapley_s = time.perf_counter() - started

    worlds_per_s = worlds / engine_s
    lp_rate = check_worlds / lp_s
    flow_rate = check_worlds / flow_s
    return {
        "instance": {
            "nations": nations,
            "pledges": pledges,
            "lines": lines,
            "conditions": conditions,
            "seed": seed,
            "uncertain_conditions": len(model.uncertain),
            "condition_sets": len(model.groups),
            "components": sum(1 for c in model.components if c.kernel != "empty"),
            "as_of": START.isoformat(),
            "late_pledge_phases": len(model.late),
            "critical_lines": int(model.critical.sum()),
            "weighted_lines": int(np.count_nonzero(model.weight != 1)),
            "rotated_lines": int(np.count_nonzero(model.rotation != 1)),
            "sustained_pledges": sum(1 for p in model.pledges if p.sustained),
            "fair_groups": plan.fair_groups,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "workers": workers,
            "python": platform.python_version(),
            "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        },
        "worlds": worlds,
        "compile_s": round(compile_s, 4),
        "engine_s": round(engine_s, 4),
        "worlds_per_s": round(worlds_per_s),
        "worlds_per_s_runs": [round(worlds / r) for r in runs],
        "cpu_us_per_world": round(cpu_per_world * 1e6, 3),
        "worlds_per_cpu_s": round(1 / cpu_per_world),
        "lp_worlds_per_s": round(lp_rate, 3),
        "maxflow_worlds_per_s": round(flow_rate, 3),
        "ratio_vs_lp": round(worlds_per_s / lp_rate),
        "ratio_vs_maxflow": round(worlds_per_s / flow_rate),
        # The same ratios in CPU time, one core each side: what a busy machine does not skew.
        "cpu_ratio_vs_lp": round(lp_cpu / check_worlds / cpu_per_world),
        "cpu_ratio_vs_maxflow": round(flow_cpu / check_worlds / cpu_per_world),
        "checked_worlds": check_worlds,
        "max_abs_diff": max_diff,
        "max_rel_diff_maxflow": max_diff_flow,
        "fallback_components": plan.fallback_components,
        "exact_float32": plan.dtype is np.float32,
        "shapley_nations": len(g.nations),
        "shapley_permutations": shap.permutations,
        "shapley_s": round(shapley_s, 3),
        "shapley_median_relative_se": round(shap.median_relative_se, 5),
    }
