"""Exact coverage of many worlds at once: the closed forms, and the LP where they do not apply.

A component whose substitution gains are consistent (kernel "flow") is a max-flow in scaled
units: supply s offers σₛ·qₛ flow units, line j takes up to dⱼ/τⱼ of them and is filled τⱼ per
unit. Its achievable inflows form a polymatroid, so filling lines greedily in canonical order
(priority, larger τ, class, id) is optimal for the lexicographic-by-priority objective, and line
k of that order receives exactly f(Tₖ) − f(Tₖ₋₁), where f(T) is the max flow into the first k
lines:

    f(T) = min over S ⊆ T of [ Σ_{j∈T∖S} dⱼ/τⱼ + Σ_{supplies s adjacent to S} σₛ·qₛ·activeₛ ]

(max-flow = min-cut). Lines with the same neighbours are a *class*; a minimising S takes whole
classes. Consecutive lines of one class form a *run*, and within a run only β (the max flow with
that class unbounded) is needed: see `_run_terms`. Each β term is a constant plus a sum of
*types* (supplies with the same neighbours), and every type's active quantity over all worlds is
one matrix product: types × groups @ groups × worlds. Single-class components (most of them)
reduce to clip(T − D_before, 0, d/τ)·τ. Components whose gains are inconsistent, or whose cuts
are too many, go to the LP (lp.py), solved once per distinct pattern of active groups and
memoised; they are counted.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np
import numpy.typing as npt

from muster.engine.lp import solve_lex
from muster.engine.model import Component, Model

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
Arr = npt.NDArray[np.floating]


@dataclass(frozen=True, slots=True)
class Runs:
    """A multi-class flow component, evaluated run by run (see `_run_terms`)."""

    lines: I64  # in canonical order
    weight: F64 | None  # τ per line (None when all are 1)
    run: I64  # run index per line
    offset: F64  # flow units the run's earlier lines take before this one
    capacity: F64  # the line's demand in flow units
    run_capacity: F64  # per run: the demand of all its lines, in flow units
    types: I64  # global type rows this component reads
    adjacency: F64  # (terms × local types) 0/1: the β terms, runs grouped by their term count
    constant: F64  # (terms,)
    buckets: tuple[tuple[int, int, int], ...]  # (first term row, runs, terms per run)
    position: I64  # per run: its row in the β array (bucket order)
    line_row: I64  # per line: the β row of its run


@dataclass(frozen=True, slots=True)
class LpComponent:
    """A component evaluated by the LP, once per distinct pattern of active groups."""

    component: Component
    reason: str
    groups: I64  # distinct groups of its supplies (the pattern's bits, in this order)
    supply_group: I64  # position of each supply's group in `groups`
    quantity: F64  # per supply
    edge_supply: I64
    edge_line: I64  # local line index (position in component.lines)
    edge_efficiency: F64
    demand: F64  # per local line
    priority: I64  # per local line


@dataclass(frozen=True, slots=True)
class Simple:
    """Single-class lines of one phase: filled = clip(T − before, 0, capacity)·weight."""

    start: int
    end: int
    types: I64
    before: Arr
    capacity: Arr
    weight: Arr | None  # None when every weight is 1


@dataclass(frozen=True)
class Plan:
    """Arrays to evaluate every component of a Model for many worlds at once.

    Rows of the output are in *plan order* (`rows[r]` is the model's line index): grouped by
    phase (`phase_start`), and within a phase single-class lines, then multi-class components,
    then LP components, then lines nothing can fill; so every kernel writes a contiguous slice.
    """

    n_lines: int
    dtype: type[np.floating]
    rows: I64
    phase_start: I64  # (phases + 1,) row where each phase starts
    group_rows: tuple[tuple[int, ...], ...]  # per group ≥ 1: the sampler rows it needs
    type_matrix: Arr  # (types × groups-1): active quantity of each type, in flow units
    type_constant: Arr  # (types,): the part of each type that needs no condition
    simple: tuple[Simple, ...]
    runs: tuple[tuple[int, Runs], ...]  # (first row, component)
    lp: tuple[tuple[int, LpComponent], ...]
    empty: tuple[tuple[int, int], ...]  # row ranges of lines nothing can fill (always 0)
    memo: dict[tuple[int, bytes], F64] = field(default_factory=dict, compare=False)

    @property
    def fallback_components(self) -> int:
        return len(self.lp)

    @property
    def fallback_reasons(self) -> tuple[str, ...]:
        return tuple(c.reason for _, c in self.lp)


def _classes_and_types(
    comp: Component,
) -> tuple[list[frozenset[int]], dict[int, frozenset[int]], list[int]]:
    """Types (distinct neighbour sets of supplies), each line's class, each supply's type."""
    types: dict[frozenset[int], int] = {}
    supply_type = []
    for s in comp.supplies:
        key = frozenset(s.lines)
        supply_type.append(types.setdefault(key, len(types)))
    adjacency = list(types)
    line_class: dict[int, frozenset[int]] = {}
    for j in comp.lines:
        line_class[j] = frozenset(t for t, lines in enumerate(adjacency) if j in lines)
    return adjacency, line_class, supply_type


Term = tuple[float, frozenset[int]]

# Beyond these a component goes to the LP (counted): enumerating cuts would cost more to compile
# (2^classes subsets per run) and to evaluate (each term is a row per world) than it saves.
MAX_CLASSES = 12
MAX_TERMS = 1024


def _pruned(candidates: dict[frozenset[int], float], low: F64, high: F64) -> list[Term]:
    """The terms that can be the minimum in some world.

    Drops (types, c) when a term with types' ⊆ types and c' ≤ c exists (supplies are ≥ 0), and
    any term whose least possible value is no smaller than the greatest possible value of the
    best term (`low`/`high`: each type's quantity with no / every condition set active).
    """
    items = sorted(candidates.items(), key=lambda kv: (len(kv[0]), kv[1], sorted(kv[0])))
    kept: list[Term] = []
    for types, const in items:
        if not any(t2 <= types and c2 <= const for c2, t2 in kept):
            kept.append((const, types))
    lo = [c + float(sum(low[t] for t in u)) for c, u in kept]
    hi = [c + float(sum(high[t] for t in u)) for c, u in kept]
    best = int(np.argmin(hi))
    return [term for i, term in enumerate(kept) if i == best or lo[i] < hi[best]]


def _run_terms(
    comp: Component,
    demand: F64,
    line_class: dict[int, frozenset[int]],
    bounds: tuple[F64, F64],
    max_terms: int,
) -> tuple[list[list[Term]], list[int], list[float], list[float]] | None:
    """Split the ordered lines into runs of one class and give each run its β terms.

    Within a run of class c the other classes' demands D are fixed, so the max flow into the
    prefix is f(x) = min(α + x, β) in the class-c demand x, where
    β = min over S ∋ c of [Σ_{P∖S} D + N(S)] is the max flow with class c unbounded (P: the
    classes present so far, N(S): the supplies adjacent to S). So with f the flow the earlier
    lines already take, line k of the run gets clip(β − f − (run demand before k), 0, dₖ/τₖ)
    flow units: only β is needed, and f is carried from run to run. None over `max_terms`.
    """
    runs: list[list[Term]] = []
    run_of: list[int] = []
    offset: list[float] = []
    capacity: list[float] = []
    class_demand: dict[frozenset[int], float] = {}
    total = 0
    current: frozenset[int] | None = None
    in_run = 0.0
    for i, j in enumerate(comp.lines):
        c = line_class[j]
        if c != current:
            current = c
            in_run = 0.0
            others = sorted((k for k in class_demand if k != c), key=sorted)
            if len(others) > MAX_CLASSES:
                return None
            beta: dict[frozenset[int], float] = {}
            for r in range(len(others) + 1):
                for chosen in combinations(others, r):
                    taken = frozenset().union(c, *chosen)
                    rest = sum(class_demand[k] for k in others if k not in chosen)
                    if rest < beta.get(taken, np.inf):
                        beta[taken] = rest
            terms = _pruned(beta, *bounds)
            total += len(terms)
            if total > max_terms:
                return None
            runs.append(terms)
        scaled = float(demand[j] / comp.weight[i])
        run_of.append(len(runs) - 1)
        offset.append(in_run)
        capacity.append(scaled)
        in_run += scaled
        class_demand[c] = class_demand.get(c, 0.0) + scaled
    return runs, run_of, offset, capacity


def build_plan(model: Model, *, max_terms: int = MAX_TERMS) -> Plan:
    """Prepare the evaluation of `model`: type matrix, single-class lines, cut terms, LPs."""
    cond_rows = {c: u for u, c in enumerate(model.uncertain)}
    group_rows = tuple(tuple(cond_rows[c] for c in g) for g in model.groups[1:])
    n_groups = len(model.groups)
    demand = model.required
    n_phases = len(model.phases)
    type_rows: list[F64] = []
    simple: list[list[tuple[int, int, float, float, float]]] = [[] for _ in range(n_phases)]
    multi: list[list[tuple[Component, Runs]]] = [[] for _ in range(n_phases)]
    lps: list[list[LpComponent]] = [[] for _ in range(n_phases)]
    empty: list[list[int]] = [[] for _ in range(n_phases)]
    values: list[float] = []
    bound = 0.0

    for comp in model.components:
        if comp.kernel == "empty":
            empty[comp.phase].extend(comp.lines)
            continue
        adjacency, line_class, supply_type = _classes_and_types(comp)
        low = np.zeros(len(adjacency))
        high = np.zeros(len(adjacency))
        for sup, t in zip(comp.supplies, supply_type, strict=True):
            high[t] += sup.quantity * sup.scale
            if sup.group == 0:
                low[t] += sup.quantity * sup.scale
        terms = None
        if comp.kernel == "flow":
            terms = _run_terms(comp, demand, line_class, (low, high), max_terms)
        if terms is None:
            reason = comp.reason or f"more than {max_terms} cut terms"
            lps[comp.phase].append(_lp_component(comp, model, reason))
            continue
        runs, run_of, offset_of, capacity_of = terms
        bound = max(bound, float(high.sum()) + float(sum(capacity_of)))
        base = len(type_rows)
        for _ in adjacency:
            type_rows.append(np.zeros(n_groups))
        for sup, t in zip(comp.supplies, supply_type, strict=True):
            type_rows[base + t][sup.group] += sup.quantity * sup.scale
            values.append(sup.quantity * sup.scale)
        values.extend(offset_of)
        values.extend(capacity_of)
        if len(adjacency) == 1:  # one type, hence one class: the closed form needs no terms
            for i, j in enumerate(comp.lines):
                simple[comp.phase].append((j, base, offset_of[i], capacity_of[i], comp.weight[i]))
            continue
        # Runs with the same number of terms are evaluated as one block: min over its axis 1.
        by_count = sorted(range(len(runs)), key=lambda r: (len(runs[r]), r))
        flat: list[Term] = []
        buckets: list[tuple[int, int, int]] = []
        position = np.empty(len(runs), dtype=np.int64)
        for k, group in itertools.groupby(by_count, key=lambda r: len(runs[r])):
            members = list(group)
            buckets.append((len(flat), len(members), k))
            for r in members:
                position[r] = sum(b[1] for b in buckets[:-1]) + members.index(r)
                flat.extend(runs[r])
        adj = np.zeros((len(flat), len(adjacency)))
        for r, (const, types) in enumerate(flat):
            adj[r, sorted(types)] = 1.0
            values.append(const)
        run_capacity = np.zeros(len(runs))
        np.add.at(run_capacity, run_of, capacity_of)
        multi[comp.phase].append(
            (
                comp,
                Runs(
                    lines=np.array(comp.lines, dtype=np.int64),
                    weight=np.array(comp.weight),
                    run=np.array(run_of, dtype=np.int64),
                    offset=np.array(offset_of),
                    capacity=np.array(capacity_of),
                    run_capacity=run_capacity,
                    types=np.arange(base, base + len(adjacency), dtype=np.int64),
                    adjacency=adj,
                    constant=np.array([c for c, _ in flat]),
                    buckets=tuple(buckets),
                    position=position,
                    line_row=position[np.array(run_of, dtype=np.int64)],
                ),
            )
        )
    dtype = _exact_dtype(values, bound)
    rows: list[int] = []
    phase_start = [0]
    simple_out: list[Simple] = []
    runs_out: list[tuple[int, Runs]] = []
    lp_out: list[tuple[int, LpComponent]] = []
    empty_out: list[tuple[int, int]] = []
    for ph in range(n_phases):
        if simple[ph]:
            arr = np.array(simple[ph], dtype=np.float64)
            weight = arr[:, 4].astype(dtype)
            simple_out.append(
                Simple(
                    start=len(rows),
                    end=len(rows) + len(arr),
                    types=arr[:, 1].astype(np.int64),
                    before=arr[:, 2].astype(dtype)[:, None],
                    capacity=arr[:, 3].astype(dtype)[:, None],
                    weight=None if bool(np.all(weight == 1)) else weight[:, None],
                )
            )
            rows.extend(int(j) for j in arr[:, 0])
        for _comp, runs_comp in multi[ph]:
            runs_out.append((len(rows), _typed(runs_comp, dtype)))
            rows.extend(int(j) for j in runs_comp.lines)
        for lpc in lps[ph]:
            lp_out.append((len(rows), lpc))
            rows.extend(lpc.component.lines)
        if empty[ph]:
            empty_out.append((len(rows), len(rows) + len(empty[ph])))
            rows.extend(empty[ph])
        phase_start.append(len(rows))
    matrix = np.array(type_rows).reshape(len(type_rows), n_groups)
    return Plan(
        n_lines=model.n_lines,
        dtype=dtype,
        rows=np.array(rows, dtype=np.int64),
        phase_start=np.array(phase_start, dtype=np.int64),
        group_rows=group_rows,
        type_matrix=np.ascontiguousarray(matrix[:, 1:], dtype=dtype),
        type_constant=np.ascontiguousarray(matrix[:, 0], dtype=dtype)[:, None],
        simple=tuple(simple_out),
        runs=tuple(runs_out),
        lp=tuple(lp_out),
        empty=tuple(empty_out),
    )


def _typed(r: Runs, dtype: type[np.floating]) -> Runs:
    """The same Runs with its evaluation arrays in `dtype`, shaped for broadcasting."""
    return replace(
        r,
        weight=None
        if r.weight is None or bool(np.all(r.weight == 1))
        else r.weight.astype(dtype)[:, None],
        offset=r.offset.astype(dtype)[:, None],
        capacity=r.capacity.astype(dtype)[:, None],
        run_capacity=r.run_capacity.astype(dtype),
        adjacency=r.adjacency.astype(dtype),
        constant=r.constant.astype(dtype)[:, None],
    )


def _lp_component(comp: Component, model: Model, reason: str) -> LpComponent:
    groups = np.unique([s.group for s in comp.supplies]).astype(np.int64)
    position = {int(g): i for i, g in enumerate(groups)}
    local = {j: i for i, j in enumerate(comp.lines)}
    edges = [
        (s, local[j], e)
        for s, sup in enumerate(comp.supplies)
        for j, e in zip(sup.lines, sup.efficiency, strict=True)
    ]
    lines = np.array(comp.lines, dtype=np.int64)
    return LpComponent(
        component=comp,
        reason=reason,
        groups=groups,
        supply_group=np.array([position[s.group] for s in comp.supplies], dtype=np.int64),
        quantity=np.array([s.quantity for s in comp.supplies]),
        edge_supply=np.array([e[0] for e in edges], dtype=np.int64),
        edge_line=np.array([e[1] for e in edges], dtype=np.int64),
        edge_efficiency=np.array([e[2] for e in edges]),
        demand=model.required[lines],
        priority=model.priority[lines],
    )


def _exact_dtype(values: list[float], bound: float) -> type[np.floating]:
    """float32 when it is exact: every quantity in flow units a multiple of 2⁻ᵏ (k ≤ 8) and
    every sum the kernels form (at most `bound`) below 2²⁴·2⁻ᵏ; float64 otherwise."""
    arr = np.abs(np.asarray(values, dtype=np.float64))
    for k in range(9):
        scaled = arr * 2.0**k
        if bool(np.all(scaled == np.floor(scaled))):
            return np.float32 if bound * 2.0**k < 2.0**24 else np.float64
    return np.float64


def group_activity(plan: Plan, holds: Bool) -> Arr:
    """(groups-1 × worlds) in the plan's dtype: 1 where the condition set holds in the world."""
    worlds = holds.shape[1]
    out = np.empty((len(plan.group_rows), worlds), dtype=np.bool_)
    for g, rows in enumerate(plan.group_rows):
        if not rows:  # a nation's unconditional pledges, when groups are split by nation
            out[g] = True
        elif len(rows) == 1:
            out[g] = holds[rows[0]]
        else:
            np.logical_and(holds[rows[0]], holds[rows[1]], out=out[g])
            for r in rows[2:]:
                out[g] &= holds[r]
    return out.astype(plan.dtype)


def evaluate(plan: Plan, active: Arr) -> Arr:
    """Filled quantity (rows in plan order × worlds) from `group_activity`'s output."""
    worlds = active.shape[1]
    filled = np.empty((plan.n_lines, worlds), dtype=plan.dtype)
    supply = plan.type_matrix @ active
    supply += plan.type_constant
    for sim in plan.simple:
        out = filled[sim.start : sim.end]
        np.take(supply, sim.types, axis=0, out=out, mode="clip")
        _clip_into(out, sim.before, sim.capacity, sim.weight)
    for start, comp in plan.runs:
        terms = comp.adjacency @ supply[comp.types]
        terms += comp.constant
        beta = np.empty((len(comp.run_capacity), worlds), dtype=plan.dtype)
        done = 0
        for first, count, k in comp.buckets:
            block = terms[first : first + count * k].reshape(count, k, worlds)
            np.min(block, axis=1, out=beta[done : done + count])
            done += count
        # Carry the flow the earlier runs took: run r has room clip(β − flow, 0, its demand).
        # Rows of `beta` become that room, which is what its lines share out in order.
        flow = np.zeros(worlds, dtype=plan.dtype)
        for r in range(len(comp.run_capacity)):
            room = beta[comp.position[r]]
            if r:
                room -= flow
            np.clip(room, 0, comp.run_capacity[r], out=room)
            if r < len(comp.run_capacity) - 1:
                flow += room
        out = filled[start : start + len(comp.lines)]
        np.take(beta, comp.line_row, axis=0, out=out, mode="clip")
        _clip_into(out, comp.offset, comp.capacity, comp.weight)
    for i, (start, lpc) in enumerate(plan.lp):
        _evaluate_lp(plan, i, lpc, active, filled[start : start + len(lpc.demand)])
    for start, end in plan.empty:
        filled[start:end] = 0
    return filled


def _clip_into(out: Arr, before: Arr, capacity: Arr, weight: Arr | None) -> None:
    out -= before
    np.clip(out, 0, capacity, out=out)
    if weight is not None:
        out *= weight


def _evaluate_lp(plan: Plan, index: int, lpc: LpComponent, active: Arr, out: Arr) -> None:
    """Solve the component's LP once per distinct activity pattern (memoised across chunks)."""
    on = np.ones((len(lpc.groups), active.shape[1]), dtype=np.bool_)
    for r, g in enumerate(lpc.groups):
        if g > 0:
            on[r] = active[g - 1] > 0
    packed = np.packbits(on, axis=0)
    patterns, inverse = np.unique(packed, axis=1, return_inverse=True)
    inverse = inverse.reshape(-1)
    result = np.empty((len(lpc.demand), patterns.shape[1]))
    for p in range(patterns.shape[1]):
        key = (index, patterns[:, p].tobytes())
        if key not in plan.memo:
            bits = np.unpackbits(patterns[:, p])[: len(lpc.groups)].astype(bool)
            plan.memo[key] = solve_lex(
                capacity=np.where(bits[lpc.supply_group], lpc.quantity, 0.0),
                edge_supply=lpc.edge_supply,
                edge_line=lpc.edge_line,
                edge_efficiency=lpc.edge_efficiency,
                demand=lpc.demand,
                priority=lpc.priority,
            ).filled
        result[:, p] = plan.memo[key]
    out[:] = result[:, inverse]
