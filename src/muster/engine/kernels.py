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

`evaluate` runs all of this compiled, tile by tile, over the plan's flat arrays (`Plan.flat`,
see compiled.py); `evaluate_reference` runs it as whole-array numpy passes, and the tests hold
the two to the same bytes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

try:  # scipy's own CSR × dense kernel, which accumulates into a given output
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover - a scipy without it: `Sparse.product` falls back
    _csr_matvecs = None

from muster.engine import compiled
from muster.engine.compiled import FlatPlan
from muster.engine.lp import solve_lex
from muster.engine.model import Component, Model

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
Arr = npt.NDArray[np.floating]


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
class Sparse:
    """A sparse matrix (CSR) and a constant per row: y = constant + matrix @ x, for x ≥ 0.

    In a float32 plan the sums the kernels form are exact (see `_exact_dtype`); a float64 plan
    sums in CSR order, which the compiled kernel follows too.
    """

    shape: tuple[int, int]
    indptr: I64
    indices: I64
    data: Arr
    constant: Arr  # (rows, 1)

    @staticmethod
    def of(matrix: F64, constant: F64, dtype: type[np.floating]) -> Sparse:
        csr = sparse.csr_array(matrix)
        csr.sort_indices()
        return Sparse(
            shape=(int(matrix.shape[0]), int(matrix.shape[1])),
            indptr=csr.indptr.astype(np.int64),
            indices=csr.indices.astype(np.int64),
            data=csr.data.astype(dtype),
            constant=constant.astype(dtype).reshape(-1, 1),
        )

    def product(self, x: Arr, out: Arr) -> Arr:
        """constant + matrix @ x into `out` (C-contiguous, rows × x's columns)."""
        out[...] = self.constant
        if _csr_matvecs is not None and x.flags.c_contiguous and out.flags.c_contiguous:
            rows, cols = self.shape
            _csr_matvecs(
                rows,
                cols,
                x.shape[1],
                self.indptr,
                self.indices,
                self.data,
                x.ravel(),
                out.ravel(),
            )  # accumulates into out, in place
        else:
            csr = sparse.csr_array((self.data, self.indices, self.indptr), shape=self.shape)
            out += csr @ x
        return out


class Workspace:
    """Buffers reused from one evaluation to the next (one per thread: never shared).

    Fresh large arrays cost page faults on every block; reusing them does not.
    """

    def __init__(self) -> None:
        self._buffers: dict[str, npt.NDArray[Any]] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: type[np.generic]) -> npt.NDArray[Any]:
        size = int(np.prod(shape))
        buf = self._buffers.get(name)
        if buf is None or buf.dtype != dtype or buf.size < size:
            buf = np.empty(max(size, 1), dtype=dtype)
            self._buffers[name] = buf
        return buf[:size].reshape(shape)


@dataclass(frozen=True, slots=True)
class _Multi:
    """A multi-class flow component while the plan is assembled (global type indices)."""

    phase: int
    lines: tuple[int, ...]
    weight: tuple[float, ...]
    runs: list[list[Term]]
    run_of: list[int]
    offset: list[float]
    capacity: list[float]


@dataclass(frozen=True)
class Plan:
    """Arrays to evaluate every component of a Model for many worlds at once.

    Rows of the output are in *plan order* (`rows[r]` is the model's line index): grouped by
    phase (`phase_start`), and within a phase single-class lines, then multi-class components,
    then LP components, then lines nothing can fill; so every kernel writes a contiguous slice.

    `evaluate_reference` is a few whole-array passes over these, not one per component (the
    compiled `evaluate` walks the same in tiles, from `flat`). The fields before `flat` are
    the form the reference reads:

    - `supply` (sparse, types × groups-1, plus a constant per type: the part that needs no
      condition): the active flow units of every supply type from the groups' activity.
    - `terms` (sparse, terms × types, plus a constant per term): every β term of every run of
      every multi-class component (a constant plus some types), grouped by the runs' term counts
      (`buckets`: first term row, runs, terms per run), so β is one minimum per bucket. β rows
      are then put in *step* order (`beta_order`): by the run's position in its component, then
      component, so step s's runs are the rows `steps[s] = (first, count)`: a prefix of the
      components (sorted by run count, most first), which carries the flow that earlier runs
      take for all components at once.
    - Each line then reads its source row (`simple_take`: a type row; `run_take`: a β row) and
      gets clip(source − before, 0, capacity)·weight.
    """

    n_lines: int
    dtype: type[np.floating]
    rows: I64
    phase_start: I64  # (phases + 1,) row where each phase starts
    group_rows: tuple[tuple[int, ...], ...]  # per group ≥ 1: the sampler rows it needs
    supply: Sparse  # types × (groups - 1)
    terms: Sparse  # terms × types
    buckets: tuple[tuple[int, int, int], ...]  # (first term row, runs, terms per run)
    beta_order: I64  # (runs,): per β row in step order, its row in bucket order
    steps: tuple[tuple[int, int], ...]  # per step: (first β row, runs)
    run_capacity: Arr  # (runs, 1): the demand of all of a run's lines, in flow units
    simple_take: tuple[tuple[int, I64], ...]  # (first row, type row per line), one per phase
    run_take: tuple[tuple[int, I64], ...]  # (first row, β row per line), one per phase
    before: Arr  # (lines, 1): flow units taken before the line (0 outside the closed forms)
    capacity: Arr  # (lines, 1): the line's demand in flow units (0 outside the closed forms)
    weight: Arr | None  # (lines, 1): τ per line; None when every τ is 1
    lp: tuple[tuple[int, LpComponent], ...]
    empty: tuple[tuple[int, int], ...]  # row ranges of lines nothing can fill (always 0)
    flat: FlatPlan  # the same, in the form the compiled kernel walks (`_flat`)
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
    multi: list[_Multi] = []
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
        values.extend(const for run in runs for const, _ in run)
        multi.append(
            _Multi(
                phase=comp.phase,
                lines=comp.lines,
                weight=comp.weight,
                runs=[[(c, frozenset(base + t for t in u)) for c, u in run] for run in runs],
                run_of=run_of,
                offset=offset_of,
                capacity=capacity_of,
            )
        )
    dtype = _exact_dtype(values, bound)
    n_types = len(type_rows)

    # β rows: step by step; within a step, the components with that many runs (most runs first).
    order = sorted(range(len(multi)), key=lambda m: -len(multi[m].runs))
    beta_row: dict[tuple[int, int], int] = {}
    steps: list[tuple[int, int]] = []
    run_terms: list[list[Term]] = []  # per β row (step order)
    run_capacity: list[float] = []
    for step in range(max((len(m.runs) for m in multi), default=0)):
        present = [m for m in order if len(multi[m].runs) > step]
        steps.append((len(beta_row), len(present)))
        for m in present:
            comp_m = multi[m]
            beta_row[m, step] = len(beta_row)
            run_terms.append(comp_m.runs[step])
            run_capacity.append(
                sum(c for c, r in zip(comp_m.capacity, comp_m.run_of, strict=True) if r == step)
            )
    # Terms grouped by their run's term count: β is then one minimum per count.
    by_count = sorted(range(len(run_terms)), key=lambda r: (len(run_terms[r]), r))
    beta_order = np.empty(len(run_terms), dtype=np.int64)
    beta_order[by_count] = np.arange(len(run_terms))
    buckets: list[tuple[int, int, int]] = []
    term_entries: list[tuple[int, int]] = []  # (term row, type row)
    term_constant: list[float] = []
    n_terms = 0
    for k, members in itertools.groupby(by_count, key=lambda r: len(run_terms[r])):
        runs_k = list(members)
        buckets.append((n_terms, len(runs_k), k))
        for r in runs_k:
            for const, types in run_terms[r]:
                term_entries.extend((n_terms, t) for t in sorted(types))
                term_constant.append(const)
                n_terms += 1

    line_before = np.zeros(model.n_lines)
    line_capacity = np.zeros(model.n_lines)
    line_weight = np.ones(model.n_lines)
    rows: list[int] = []
    phase_start = [0]
    simple_take: list[tuple[int, I64]] = []
    run_take: list[tuple[int, I64]] = []
    lp_out: list[tuple[int, LpComponent]] = []
    empty_out: list[tuple[int, int]] = []
    for ph in range(n_phases):
        if simple[ph]:
            simple_take.append((len(rows), np.array([s[1] for s in simple[ph]], dtype=np.int64)))
            for j, _, before, cap, tau in simple[ph]:
                r = len(rows)
                line_before[r], line_capacity[r], line_weight[r] = before, cap, tau
                rows.append(j)
        sources: list[int] = []
        first = len(rows)
        for m, comp_m in enumerate(multi):
            if comp_m.phase != ph:
                continue
            for i, j in enumerate(comp_m.lines):
                r = len(rows)
                sources.append(beta_row[m, comp_m.run_of[i]])
                line_before[r], line_capacity[r] = comp_m.offset[i], comp_m.capacity[i]
                line_weight[r] = comp_m.weight[i]
                rows.append(j)
        if sources:
            run_take.append((first, np.array(sources, dtype=np.int64)))
        for lpc in lps[ph]:
            lp_out.append((len(rows), lpc))
            rows.extend(lpc.component.lines)
        if empty[ph]:
            empty_out.append((len(rows), len(rows) + len(empty[ph])))
            rows.extend(empty[ph])
        phase_start.append(len(rows))

    matrix = np.array(type_rows).reshape(n_types, n_groups)
    entries = np.array(term_entries, dtype=np.int64).reshape(-1, 2)
    term_types = np.zeros((n_terms, n_types))
    term_types[entries[:, 0], entries[:, 1]] = 1.0
    supply = Sparse.of(matrix[:, 1:], matrix[:, 0], dtype)
    term_matrix = Sparse.of(term_types, np.array(term_constant), dtype)
    lp = tuple(lp_out)
    row_before = line_before.astype(dtype)
    row_capacity = line_capacity.astype(dtype)
    return Plan(
        n_lines=model.n_lines,
        dtype=dtype,
        rows=np.array(rows, dtype=np.int64),
        phase_start=np.array(phase_start, dtype=np.int64),
        group_rows=group_rows,
        supply=supply,
        terms=term_matrix,
        buckets=tuple(buckets),
        beta_order=beta_order,
        steps=tuple(steps),
        run_capacity=np.array(run_capacity, dtype=dtype).reshape(-1, 1),
        simple_take=tuple(simple_take),
        run_take=tuple(run_take),
        before=row_before[:, None],
        capacity=row_capacity[:, None],
        weight=None if bool(np.all(line_weight == 1)) else line_weight.astype(dtype)[:, None],
        lp=lp,
        empty=tuple(empty_out),
        flat=_flat(
            group_rows=group_rows,
            supply=supply,
            terms=term_matrix,
            buckets=buckets,
            beta_order=beta_order,
            steps=steps,
            run_capacity=np.array(run_capacity, dtype=dtype),
            takes=(simple_take, run_take),
            lp=lp,
            before=row_before,
            capacity=row_capacity,
            weight=line_weight.astype(dtype),
        ),
    )


Takes = list[tuple[int, I64]]  # (first row, source row per line)


def _flat(
    *,
    group_rows: tuple[tuple[int, ...], ...],
    supply: Sparse,
    terms: Sparse,
    buckets: list[tuple[int, int, int]],
    beta_order: I64,
    steps: list[tuple[int, int]],
    run_capacity: Arr,
    takes: tuple[Takes, Takes],  # (simple_take, run_take)
    lp: tuple[tuple[int, LpComponent], ...],
    before: Arr,
    capacity: Arr,
    weight: Arr,
) -> FlatPlan:
    """The plan's arrays for `compiled`: β rows in step order, each with its own terms."""
    dtype = supply.data.dtype
    first_term = [first + i * k for first, count, k in buckets for i in range(count)]
    n_terms = [k for _, count, k in buckets for _ in range(count)]
    beta_ptr = [0]
    term_rows: list[int] = []
    for b in beta_order:  # β row in step order → its row in bucket order
        term_rows.extend(range(first_term[b], first_term[b] + n_terms[b]))
        beta_ptr.append(len(term_rows))
    order = np.array(term_rows, dtype=np.int64)
    counts = np.diff(terms.indptr)[order]
    term_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    term_type = (
        np.concatenate([terms.indices[terms.indptr[r] : terms.indptr[r + 1]] for r in order])
        if len(order)
        else np.zeros(0, dtype=np.int64)
    )
    simple_take, run_take = takes
    kind = np.full(len(before), compiled.NOTHING, dtype=np.int64)
    source = np.zeros(len(before), dtype=np.int64)
    for rows_kind, pairs in ((compiled.TYPE, simple_take), (compiled.BETA, run_take)):
        for start, index in pairs:
            kind[start : start + len(index)] = rows_kind
            source[start : start + len(index)] = index
    lp_row = 0
    for start, lpc in lp:
        n = len(lpc.demand)
        kind[start : start + n] = compiled.LP
        source[start : start + n] = np.arange(lp_row, lp_row + n)
        lp_row += n
    return FlatPlan(
        group_ptr=np.cumsum([0] + [len(g) for g in group_rows], dtype=np.int64),
        group_row=np.array([u for g in group_rows for u in g], dtype=np.int64),
        supply_ptr=supply.indptr,
        supply_group=supply.indices,
        supply_value=supply.data,
        supply_constant=np.ascontiguousarray(supply.constant[:, 0]),
        beta_ptr=np.array(beta_ptr, dtype=np.int64),
        term_ptr=term_ptr,
        term_type=term_type.astype(np.int64),
        term_constant=np.ascontiguousarray(terms.constant[order, 0], dtype=dtype),
        step_first=np.array([f for f, _ in steps] + [len(beta_order)], dtype=np.int64)
        if steps
        else np.zeros(1, dtype=np.int64),
        run_capacity=run_capacity.astype(dtype),
        source_kind=kind,
        source=source,
        before=np.ascontiguousarray(before, dtype=dtype),
        capacity=np.ascontiguousarray(capacity, dtype=dtype),
        weight=np.ascontiguousarray(weight, dtype=dtype),
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


def group_activity(plan: Plan, holds: Bool, work: Workspace | None = None) -> Arr:
    """(groups-1 × worlds) in the plan's dtype: 1 where the condition set holds in the world.

    With `work`, the result lives in its buffers (valid until the next call with it).
    """
    work = work or Workspace()
    active = work.get("active", (len(plan.group_rows), holds.shape[1]), plan.dtype)
    compiled.activity(plan.flat.group_ptr, plan.flat.group_row, holds, active)
    return active


def evaluate(plan: Plan, active: Arr, work: Workspace | None = None) -> Arr:
    """Filled quantity (rows in plan order × worlds) from `group_activity`'s output.

    The compiled kernel (`compiled.evaluate`); `evaluate_reference` gives the same bytes.
    With `work`, the result lives in its buffers: valid until the next call with it.
    """
    work = work or Workspace()
    active = np.ascontiguousarray(active, dtype=plan.dtype)
    out = work.get("filled", (plan.n_lines, active.shape[1]), plan.dtype)
    return compiled.evaluate(plan.flat, active, lp_rows(plan, active, work), out)


def lp_rows(plan: Plan, active: Arr, work: Workspace | None = None) -> Arr:
    """The LP components' filled quantity (their rows, in plan order × worlds): what
    `compiled` reads for rows of kind LP."""
    work = work or Workspace()
    n = sum(len(lpc.demand) for _, lpc in plan.lp)
    out = work.get("lp", (n, active.shape[1]), plan.dtype)
    row = 0
    for i, (_, lpc) in enumerate(plan.lp):
        _evaluate_lp(plan, i, lpc, active, out[row : row + len(lpc.demand)])
        row += len(lpc.demand)
    return out


def evaluate_reference(plan: Plan, active: Arr, work: Workspace | None = None) -> Arr:
    """`evaluate` as whole-array numpy passes: the readable form, which the tests hold the
    compiled kernel to (byte for byte).
    """
    work = work or Workspace()
    worlds = active.shape[1]
    dtype = plan.dtype
    active = np.ascontiguousarray(active, dtype=dtype)
    supply = plan.supply.product(active, work.get("supply", (plan.supply.shape[0], worlds), dtype))
    filled = work.get("filled", (plan.n_lines, worlds), dtype)
    for start, index in plan.simple_take:
        np.take(supply, index, axis=0, out=filled[start : start + len(index)], mode="clip")
    if plan.steps:
        terms = plan.terms.product(supply, work.get("terms", (plan.terms.shape[0], worlds), dtype))
        by_count = work.get("by_count", (len(plan.beta_order), worlds), dtype)
        done = 0
        for first, count, k in plan.buckets:
            block = terms[first : first + count * k].reshape(count, k, worlds)
            np.min(block, axis=1, out=by_count[done : done + count])
            done += count
        beta = work.get("beta", by_count.shape, dtype)
        np.take(by_count, plan.beta_order, axis=0, out=beta, mode="clip")
        # Carry the flow the earlier runs of each component took: run r has room
        # clip(β − flow, 0, its demand); rows of `beta` become that room, which its lines share.
        flow = work.get("flow", (plan.steps[0][1], worlds), dtype)
        flow[...] = 0
        last = len(plan.steps) - 1
        for s, (first, count) in enumerate(plan.steps):
            room = beta[first : first + count]
            if s:
                room -= flow[:count]
            np.clip(room, 0, plan.run_capacity[first : first + count], out=room)
            if s < last:
                flow[:count] += room
        for start, index in plan.run_take:
            np.take(beta, index, axis=0, out=filled[start : start + len(index)], mode="clip")
    for start, lpc in plan.lp:
        filled[start : start + len(lpc.demand)] = 0
    for start, end in plan.empty:
        filled[start:end] = 0
    filled -= plan.before
    np.clip(filled, 0, plan.capacity, out=filled)
    if plan.weight is not None:
        filled *= plan.weight
    for i, (start, lpc) in enumerate(plan.lp):
        _evaluate_lp(plan, i, lpc, active, filled[start : start + len(lpc.demand)])
    return filled


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
