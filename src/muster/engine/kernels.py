"""Exact coverage of many worlds at once: the closed forms, and the LP where they do not apply.

A component whose substitution gains are consistent (kernel "flow") is a max-flow in scaled
units: supply s offers σₛ·qₛ flow units, line j takes up to dⱼ/τⱼ of them and is filled τⱼ per
unit. Its achievable inflows form a polymatroid, and the engine fills it in the canonical order
of steps.py (stages, then value, ties split fairly), which depends on the model alone. The max
flow into a set T of pieces is

    f(T) = min over S ⊆ T of [ Σ_{j∈T∖S} capⱼ + Σ_{supplies s adjacent to S} σₛ·qₛ·activeₛ ]

(max-flow = min-cut), and a minimising S takes whole classes, so every room below is a minimum
of *terms*, each a constant plus a sum of *types* (supplies with the same neighbours). Every
type's active quantity over all worlds is one matrix product: types × groups @ groups × worlds.

- One-type components (most of them): level k's pieces share clip(T − before, 0, its capacity).
- Other flow components run a small program per world: a *run* of one class gets
  room = clip(β − flow, 0, capacity), β the max flow with that class unbounded; a *fair group*
  of k classes gets Fujishige's max-min fair split of its room from the 2^k − 1 values Γ_U
  (`fair_split_reference`); `flow` carries what the component's earlier steps took.
- Each line is the sum of its pieces (a critical line's minimum and its rest): a piece reads its
  source and gets clip(source − before, 0, capacity) · scale (τ, times its share of its level).
- Components whose gains are inconsistent, or whose cuts are too many, go to the LP (lp.py), solved
  once per distinct pattern of active groups and memoised; they are counted.

`evaluate` runs all of this compiled, tile by tile, over the plan's flat arrays (`Plan.flat`,
see compiled.py); `evaluate_reference` runs it as numpy passes, and the tests hold the two to
the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

try:  # scipy's own CSR × dense kernel, which accumulates into a given output
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover - a scipy without it: `Sparse.product` falls back
    _csr_matvecs = None

from muster.engine import compiled
from muster.engine.compiled import BETA, FAIR, LP, NOTHING, RUN, TYPE, FlatPlan
from muster.engine.lp import solve_canonical
from muster.engine.model import Component, Model
from muster.engine.steps import MAX_TERMS, Term, flow_steps, line_classes, single_levels

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
    minimum: F64  # per local line: its minimum when critical, else 0
    priority: I64  # per local line
    value: F64  # per local line: weight / required (weighted coverage per unit filled)


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


Source = tuple[int, int, float, float, float]  # (kind, source row, before, capacity, scale)


@dataclass(frozen=True)
class Plan:
    """Arrays to evaluate every component of a Model for many worlds at once.

    Rows of the output are in *plan order* (`rows[r]` is the model's line index): grouped by
    phase (`phase_start`), and within a phase flow components' lines, then LP components',
    then lines nothing can fill. `supply` (types × groups-1, plus a constant per type: the part
    that needs no condition) gives the active flow units of every supply type; `terms` (term
    rows × types, plus a constant per row) every cut term, grouped by the β row they belong to
    (`flat.beta_ptr`). The rest of the evaluation (programs, pieces) is in `flat`, read by both
    `evaluate` and `evaluate_reference`.
    """

    n_lines: int
    dtype: type[np.floating]
    rows: I64
    phase_start: I64  # (phases + 1,) row where each phase starts
    group_rows: tuple[tuple[int, ...], ...]  # per group ≥ 1: the sampler rows it needs
    supply: Sparse  # types × (groups - 1)
    terms: Sparse  # term rows × types
    lp: tuple[tuple[int, LpComponent], ...]
    fair_groups: int  # tie levels split fairly by the closed form
    flat: FlatPlan
    memo: dict[tuple[int, bytes], F64] = field(default_factory=dict, compare=False)

    @property
    def fallback_components(self) -> int:
        return len(self.lp)

    @property
    def fallback_reasons(self) -> tuple[str, ...]:
        return tuple(c.reason for _, c in self.lp)


@dataclass
class _Builder:
    """The plan while it is assembled: global type rows, β rows, programs, pieces per line."""

    n_groups: int
    type_rows: list[F64] = field(default_factory=list)
    beta_terms: list[list[Term] | None] = field(default_factory=list)  # None: a fair room row
    programs: list[list[tuple[int, int, int, int, float, list[float]]]] = field(
        default_factory=list
    )
    pieces: dict[int, list[Source]] = field(default_factory=dict)
    values: list[float] = field(default_factory=list)  # every figure the kernels sum
    bound: float = 0.0
    fair_groups: int = 0

    def piece(self, line: int, source: Source) -> None:
        self.pieces.setdefault(line, []).append(source)


def _types(comp: Component, builder: _Builder) -> tuple[int, list[int], F64, F64]:
    """Add the component's supply types as global rows: (first row, type per supply, and
    each type's flow units with no / every condition set active)."""
    adjacency, _ = line_classes(comp)
    index = {lines: t for t, lines in enumerate(adjacency)}
    supply_type = [index[frozenset(s.lines)] for s in comp.supplies]
    low = np.zeros(len(adjacency))
    high = np.zeros(len(adjacency))
    base = len(builder.type_rows)
    for _ in adjacency:
        builder.type_rows.append(np.zeros(builder.n_groups))
    for sup, t in zip(comp.supplies, supply_type, strict=True):
        units = sup.quantity * sup.scale
        high[t] += units
        if sup.group == 0:
            low[t] += units
        builder.type_rows[base + t][sup.group] += units
        builder.values.append(units)
    return base, supply_type, low, high


def _add_flow(comp: Component, model: Model, builder: _Builder, max_terms: int) -> bool:
    """Add a flow component's closed form; False when it needs the LP instead."""
    adjacency, line_class = line_classes(comp)
    if len(adjacency) == 1:
        base, _, _low, high = _types(comp, builder)
        before = 0.0
        for level in single_levels(comp, model):
            for p in level.pieces:
                scale = p.tau * (p.capacity / level.capacity)
                builder.piece(p.line, (TYPE, base, before, level.capacity, scale))
            builder.values.extend((before, level.capacity))
            before += level.capacity
        builder.bound = max(builder.bound, float(high.sum()) + before)
        return True
    low = np.zeros(len(adjacency))
    high = np.zeros(len(adjacency))
    for sup in comp.supplies:
        t = adjacency.index(frozenset(sup.lines))
        high[t] += sup.quantity * sup.scale
        if sup.group == 0:
            low[t] += sup.quantity * sup.scale
    steps = flow_steps(comp, model, line_class, (low, high), max_terms)
    if steps is None:
        return False
    base, _, _low, _high = _types(comp, builder)

    def global_terms(terms: tuple[Term, ...]) -> list[Term]:
        builder.values.extend(c for c, _ in terms)
        return [(c, frozenset(base + t for t in u)) for c, u in terms]

    ops: list[tuple[int, int, int, int, float, list[float]]] = []
    total = 0.0
    for step in steps:
        total += step.capacity
        if step.kind == "run":
            row = len(builder.beta_terms)
            builder.beta_terms.append(global_terms(step.terms[0]))
            before = 0.0
            for level in step.levels:
                for p in level.pieces:
                    scale = p.tau * (p.capacity / level.capacity)
                    builder.piece(p.line, (BETA, row, before, level.capacity, scale))
                builder.values.extend((before, level.capacity))
                before += level.capacity
            ops.append((RUN, row, 0, 0, step.capacity, []))
        else:
            first = len(builder.beta_terms)
            for terms in step.terms:
                builder.beta_terms.append(global_terms(terms))
            room = len(builder.beta_terms)
            k = len(step.levels)
            builder.beta_terms.extend([None] * k)
            for i, level in enumerate(step.levels):
                for p in level.pieces:
                    scale = p.tau * (p.capacity / level.capacity)
                    builder.piece(p.line, (BETA, room + i, 0.0, level.capacity, scale))
                builder.values.append(level.capacity)
            caps = [
                float(sum(step.levels[i].capacity for i in range(k) if u >> i & 1))
                for u in range(1, 1 << k)
            ]
            builder.values.extend(caps)
            ops.append((FAIR, first, k, room, 0.0, caps))
            builder.fair_groups += 1
    builder.programs.append(ops)
    builder.bound = max(builder.bound, float(high.sum()) + total)
    return True


def build_plan(model: Model, *, max_terms: int = MAX_TERMS) -> Plan:
    """Prepare the evaluation of `model`: type matrix, closed forms, programs, LPs."""
    cond_rows = {c: u for u, c in enumerate(model.uncertain)}
    group_rows = tuple(tuple(cond_rows[c] for c in g) for g in model.groups[1:])
    n_phases = len(model.phases)
    builder = _Builder(n_groups=len(model.groups))
    flow_lines: list[list[int]] = [[] for _ in range(n_phases)]
    lps: list[list[LpComponent]] = [[] for _ in range(n_phases)]
    empty: list[list[int]] = [[] for _ in range(n_phases)]
    for comp in model.components:
        if comp.kernel == "empty":
            empty[comp.phase].extend(comp.lines)
        elif comp.kernel == "flow" and _add_flow(comp, model, builder, max_terms):
            flow_lines[comp.phase].extend(comp.lines)
        else:
            reason = comp.reason or f"more than {max_terms} cut terms or {_FAIR_LIMIT}"
            lps[comp.phase].append(_lp_component(comp, model, reason))
    dtype = _exact_dtype(builder.values, builder.bound)

    rows: list[int] = []
    phase_start = [0]
    sources: list[list[Source]] = []
    lp_out: list[tuple[int, LpComponent]] = []
    lp_row = 0
    for ph in range(n_phases):
        for j in flow_lines[ph]:
            rows.append(j)
            sources.append(builder.pieces[j])
        for lpc in lps[ph]:
            lp_out.append((len(rows), lpc))
            for _ in lpc.component.lines:
                sources.append([(LP, lp_row, 0.0, 0.0, 1.0)])
                lp_row += 1
            rows.extend(lpc.component.lines)
        for j in empty[ph]:
            rows.append(j)
            sources.append([(NOTHING, 0, 0.0, 0.0, 1.0)])
        phase_start.append(len(rows))

    n_types = len(builder.type_rows)
    matrix = np.array(builder.type_rows).reshape(n_types, len(model.groups))
    supply = Sparse.of(matrix[:, 1:], matrix[:, 0], dtype)
    term_entries: list[tuple[int, int]] = []
    term_constant: list[float] = []
    beta_ptr = [0]
    for terms in builder.beta_terms:
        for const, types in terms or ():
            term_entries.extend((len(term_constant), t) for t in sorted(types))
            term_constant.append(const)
        beta_ptr.append(len(term_constant))
    entries = np.array(term_entries, dtype=np.int64).reshape(-1, 2)
    term_types = np.zeros((len(term_constant), n_types))
    term_types[entries[:, 0], entries[:, 1]] = 1.0
    terms_matrix = Sparse.of(term_types, np.array(term_constant), dtype)
    return Plan(
        n_lines=model.n_lines,
        dtype=dtype,
        rows=np.array(rows, dtype=np.int64),
        phase_start=np.array(phase_start, dtype=np.int64),
        group_rows=group_rows,
        supply=supply,
        terms=terms_matrix,
        lp=tuple(lp_out),
        fair_groups=builder.fair_groups,
        flat=_flat(group_rows, supply, terms_matrix, beta_ptr, builder.programs, sources, dtype),
    )


_FAIR_LIMIT = "a tie level of more than 4 classes"


def _flat(
    group_rows: tuple[tuple[int, ...], ...],
    supply: Sparse,
    terms: Sparse,
    beta_ptr: list[int],
    programs: list[list[tuple[int, int, int, int, float, list[float]]]],
    sources: list[list[Source]],
    dtype: type[np.floating],
) -> FlatPlan:
    """The plan's arrays for `compiled` (and `evaluate_reference`)."""
    ops = [op for program in programs for op in program]
    cap_ptr = [0]
    for op in ops:
        cap_ptr.append(cap_ptr[-1] + len(op[5]))
    pieces = [p for line in sources for p in line]
    return FlatPlan(
        group_ptr=np.cumsum([0] + [len(g) for g in group_rows], dtype=np.int64),
        group_row=np.array([u for g in group_rows for u in g], dtype=np.int64),
        supply_ptr=supply.indptr,
        supply_group=supply.indices,
        supply_value=supply.data,
        supply_constant=np.ascontiguousarray(supply.constant[:, 0]),
        beta_ptr=np.array(beta_ptr, dtype=np.int64),
        term_ptr=terms.indptr,
        term_type=terms.indices,
        term_constant=np.ascontiguousarray(terms.constant[:, 0]),
        comp_ptr=np.cumsum([0] + [len(p) for p in programs], dtype=np.int64),
        op_kind=np.array([op[0] for op in ops], dtype=np.int64),
        op_row=np.array([op[1] for op in ops], dtype=np.int64),
        op_k=np.array([op[2] for op in ops], dtype=np.int64),
        op_room=np.array([op[3] for op in ops], dtype=np.int64),
        op_capacity=np.array([op[4] for op in ops], dtype=dtype),
        op_cap_ptr=np.array(cap_ptr, dtype=np.int64),
        fair_cap=np.array([c for op in ops for c in op[5]], dtype=dtype),
        piece_ptr=np.cumsum([0] + [len(line) for line in sources], dtype=np.int64),
        piece_kind=np.array([p[0] for p in pieces], dtype=np.int64),
        piece_source=np.array([p[1] for p in pieces], dtype=np.int64),
        piece_before=np.array([p[2] for p in pieces], dtype=dtype),
        piece_capacity=np.array([p[3] for p in pieces], dtype=dtype),
        piece_scale=np.array([p[4] for p in pieces], dtype=dtype),
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
        minimum=np.where(model.critical[lines], model.minimum[lines], 0.0),
        priority=model.priority[lines],
        value=model.weight[lines] / model.required[lines],
    )


def _exact_dtype(values: list[float], bound: float) -> type[np.floating]:
    """float32 when sums are exact in it: every quantity in flow units a multiple of 2⁻ᵏ
    (k ≤ 8) and every sum the kernels form (at most `bound`) below 2²⁴·2⁻ᵏ; float64 otherwise.
    (Shares of a level or of a fair split are then rounded to float32: a relative 6e-8.)"""
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
    `compiled` reads for pieces of kind LP."""
    work = work or Workspace()
    n = sum(len(lpc.demand) for _, lpc in plan.lp)
    out = work.get("lp", (n, active.shape[1]), plan.dtype)
    row = 0
    for i, (_, lpc) in enumerate(plan.lp):
        _evaluate_lp(plan, i, lpc, active, out[row : row + len(lpc.demand)])
        row += len(lpc.demand)
    return out


def fair_split_reference(gamma: Arr, flow: Arr, capacity: Arr, k: int) -> npt.NDArray[np.float64]:
    """The max-min fair split of a fair group's room among its k classes, for every world.

    `gamma` (2^k − 1 × worlds): the max flow into what came before plus the classes of U (row
    U − 1, bit i = class i); `flow`: what came before takes; `capacity` (2^k − 1,): the
    classes' capacity in U. g(U) = clip(Γ_U − flow, 0, capacity(U)) is a polymatroid; its
    lexicographically optimal base (Fujishige) gives the classes of the largest set minimising
    g(U)/capacity(U) that share (a class alone takes its room), then contracts it and repeats.
    Ratios are compared by cross products in float64 (exact for float32 plans), ties joined.
    Returns (k × worlds) float64; `compiled` does the same operations world by world.
    """
    full = (1 << k) - 1
    worlds = flow.shape[0]
    dtype = gamma.dtype.type
    g = np.zeros((full + 1, worlds), dtype=dtype)
    for u in range(1, full + 1):
        g[u] = np.clip(gamma[u - 1] - flow, 0, capacity[u - 1])
    cap = np.concatenate([np.ones(1, dtype=dtype), capacity.astype(dtype)])
    cols = np.arange(worlds)
    done = np.zeros(worlds, dtype=np.int64)
    base = np.zeros(worlds, dtype=dtype)
    x = np.zeros((k, worlds))
    zero = dtype(0)
    for _ in range(k):
        open_ = done != full
        best = np.zeros(worlds, dtype=np.int64)
        bnum = np.zeros(worlds, dtype=dtype)
        bcap = np.ones(worlds, dtype=dtype)
        for u in range(1, full + 1):
            ok = open_ & ((done & u) == 0)
            num = np.maximum(g[done | u, cols] - base, zero)
            lhs = num.astype(np.float64) * bcap.astype(np.float64)
            rhs = bnum.astype(np.float64) * np.float64(cap[u])
            first = ok & (best == 0)
            take = first | (ok & ~first & (lhs < rhs))
            tie = ok & ~first & (lhs == rhs)
            best = np.where(take, u, best)
            bnum = np.where(take, num, bnum)
            bcap = np.where(take, cap[u], bcap)
            joined = best | u
            jnum = np.maximum(g[done | joined, cols] - base, zero)
            best = np.where(tie, joined, best)
            bnum = np.where(tie, jnum, bnum)
            bcap = np.where(tie, cap[joined], bcap)
        for i in range(k):
            share = bnum.astype(np.float64) * np.float64(cap[1 << i]) / bcap.astype(np.float64)
            share = np.where(best == 1 << i, bnum.astype(np.float64), share)  # the class alone
            x[i] = np.where(open_ & ((best >> i) & 1 == 1), share, x[i])
        done = np.where(open_, done | best, done)
        base = np.where(open_, g[done, cols], base)
    return x


def evaluate_reference(plan: Plan, active: Arr, work: Workspace | None = None) -> Arr:
    """`evaluate` as numpy passes: the readable form, which the tests hold the compiled
    kernel to (byte for byte)."""
    work = work or Workspace()
    t = plan.flat
    worlds = active.shape[1]
    dtype = plan.dtype
    active = np.ascontiguousarray(active, dtype=dtype)
    supply = plan.supply.product(active, work.get("supply", (plan.supply.shape[0], worlds), dtype))
    n_beta = len(t.beta_ptr) - 1
    beta = np.zeros((n_beta, worlds), dtype=dtype)
    if plan.terms.shape[0]:
        terms = plan.terms.product(supply, work.get("terms", (plan.terms.shape[0], worlds), dtype))
        has = np.flatnonzero(np.diff(t.beta_ptr) > 0)
        if len(has):
            beta[has] = np.minimum.reduceat(terms, t.beta_ptr[has], axis=0)
    # Each component's program: runs take clip(β − flow, 0, capacity); fair groups split.
    for c in range(len(t.comp_ptr) - 1):
        flow = np.zeros(worlds, dtype=dtype)
        for op in range(t.comp_ptr[c], t.comp_ptr[c + 1]):
            if t.op_kind[op] == RUN:
                room = beta[t.op_row[op]]
                room -= flow
                np.clip(room, 0, t.op_capacity[op], out=room)
                flow += room
            else:
                k = int(t.op_k[op])
                first = int(t.op_row[op])
                caps = t.fair_cap[t.op_cap_ptr[op] : t.op_cap_ptr[op + 1]]
                shares = fair_split_reference(beta[first : first + (1 << k) - 1], flow, caps, k)
                for i in range(k):
                    beta[t.op_room[op] + i] = shares[i]
                # The flow carried on is what the whole group takes, g(all classes): exact in
                # a float32 plan, where the sum of rounded shares need not be.
                whole = beta[first + (1 << k) - 2] - flow
                np.clip(whole, 0, caps[-1], out=whole)
                flow += whole
    filled = work.get("filled", (plan.n_lines, worlds), dtype)
    lp = lp_rows(plan, active, work)
    second = np.flatnonzero(np.diff(t.piece_ptr) > 1)
    filled[...] = _pieces(t, t.piece_ptr[:-1], supply, beta, lp, dtype)
    if len(second):
        filled[second] += _pieces(t, t.piece_ptr[second] + 1, supply, beta, lp, dtype)
    return filled


def _pieces(
    t: FlatPlan, index: I64, supply: Arr, beta: Arr, lp: Arr, dtype: type[np.floating]
) -> Arr:
    """The value of the pieces `index` (one per row): clip(source − before, 0, capacity) ·
    scale; an LP piece is the LP's value, a NOTHING piece 0."""
    kind = t.piece_kind[index]
    source = t.piece_source[index]
    out = np.zeros((len(index), supply.shape[1]), dtype=dtype)
    for value, rows in ((TYPE, supply), (BETA, beta)):
        mask = kind == value
        out[mask] = rows[source[mask]]
    out -= t.piece_before[index][:, None]
    np.clip(out, 0, t.piece_capacity[index][:, None], out=out)
    out *= t.piece_scale[index][:, None]
    mask = kind == LP
    out[mask] = lp[source[mask]]
    out[kind == NOTHING] = 0
    return out


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
            plan.memo[key] = solve_canonical(
                capacity=np.where(bits[lpc.supply_group], lpc.quantity, 0.0),
                edge_supply=lpc.edge_supply,
                edge_line=lpc.edge_line,
                edge_efficiency=lpc.edge_efficiency,
                demand=lpc.demand,
                minimum=lpc.minimum,
                priority=lpc.priority,
                value=lpc.value,
            ).filled
        result[:, p] = plan.memo[key]
    out[:] = result[:, inverse]
