"""The plan's evaluation compiled (Numba): worlds in tiles, with the block statistics fused in.

`kernels.evaluate_reference` is the same evaluation as numpy passes; this one walks `TILE`
worlds at a time, so a tile's supply, β and flow rows stay in the core's cache instead of
streaming rows of every world through memory pass after pass, and it can add each line's value
into the block's statistics while the value is at hand, without storing a (lines × worlds)
array. It does the reference's operations in the reference's order (sums of types and terms,
minima, each component's program of runs and fair splits, pieces clipped and scaled, then
added), so for finite inputs both give the same bytes, in float32 and in float64 plans; the
tests hold them to it.

Statistics added on the way (per block, `block`):
- coverage[phase, world] += weight[row] · filled, row by row in plan order;
- short[row] counts the worlds where a row with a minimum is below it; viable[phase, world] = 0
  where a critical row is;
- line_sum[row] = Σ filled over the block's worlds: world w adds into lane w mod `LANES`, in
  order, then the lanes in order (a float64 sum fixed by the code, not by how it vectorises).
- `condition_sums`: per uncertain condition, the block's per-world statistics summed over the
  worlds where it holds, in world order, in float64 (not a BLAS product, whose sums depend on
  its thread count and CPU: a serial run and a Dask worker then differed in the last bits).
No randomness, clock or I/O here: the same arrays give the same bytes on any worker.

Numba caches the machine code on disk (`__pycache__`, or `NUMBA_CACHE_DIR`); where nothing is
writable it compiles in each process instead (`_jit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numba
import numpy as np
import numpy.typing as npt

TILE = 512  # worlds per tile: its supply and β rows (~0.5 MB on the benchmark) stay in cache
LANES = 64  # fixed lanes of the line sums (a multiple of any SIMD width; divides TILE)

I64 = npt.NDArray[np.int64]
Arr = npt.NDArray[np.floating]

TYPE, BETA, NOTHING, LP = 0, 1, 2, 3  # where a piece's value comes from (`piece_kind`)
RUN, FAIR = 0, 1  # the steps of a component's program (`op_kind`)


def _jit(fn: Callable[..., Any]) -> Any:
    """Compile `fn` without the GIL or bounds checks (the wrappers check shapes), cached on
    disk; uncached where no cache directory is writable (Numba refuses at decoration)."""
    try:
        return numba.njit(nogil=True, cache=True, boundscheck=False)(fn)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return numba.njit(nogil=True, cache=False, boundscheck=False)(fn)


class FlatPlan(NamedTuple):
    """A Plan's arrays in the form the compiled kernel walks (built by `kernels.build_plan`).

    β rows hold the least of their cut terms (a term is a constant plus a sum of supply types);
    rows without terms are a fair group's rooms, written by its step. A multi-class
    component's program (`comp_ptr` into the ops) carries its flow from step to step: a RUN
    turns its β row into its room, clip(β − flow, 0, capacity); a FAIR group reads its 2^k − 1
    Γ rows from `op_row` and writes its k classes' shares into the rows from `op_room`. Each
    output row (a line) is the sum of its pieces (`piece_ptr`).
    """

    group_ptr: I64  # (groups ≥ 1, + 1): each such group's conditions (sampler rows) in group_row
    group_row: I64
    supply_ptr: I64  # (types + 1,): CSR over groups ≥ 1 (the activity rows)
    supply_group: I64
    supply_value: Arr
    supply_constant: Arr  # (types,)
    beta_ptr: I64  # (β rows + 1,): each β row's terms
    term_ptr: I64  # (terms + 1,): each term's types
    term_type: I64
    term_constant: Arr  # (terms,)
    comp_ptr: I64  # (programs + 1,): each multi-class component's ops
    op_kind: I64  # RUN or FAIR
    op_row: I64  # RUN: its β row; FAIR: its first Γ row
    op_k: I64  # FAIR: classes
    op_room: I64  # FAIR: the first of its k room rows
    op_capacity: Arr  # RUN: the demand of its pieces, in flow units
    op_cap_ptr: I64  # (ops + 1,): FAIR: its classes' capacity per subset U in fair_cap
    fair_cap: Arr
    piece_ptr: I64  # (rows + 1,): each row's pieces (1 or 2)
    piece_kind: I64  # TYPE, BETA, NOTHING or LP
    piece_source: I64  # the type row, β row or row of the LP values
    piece_before: Arr
    piece_capacity: Arr
    piece_scale: Arr


class StatRows(NamedTuple):
    """Per row, what the block statistics need (`block`)."""

    phase_start: I64  # (phases + 1,)
    row_weight: Arr  # (rows,): weight / (required · the phase's total weight)
    has_minimum: npt.NDArray[np.bool_]  # (rows,): short counts only rows with a minimum
    critical: npt.NDArray[np.bool_]  # (rows,): a short critical row makes the phase not viable
    below: Arr  # (rows,): short when filled < below


MAX_K = 4  # classes of a fair group (steps.MAX_FAIR)


@_jit
def _fair2(beta: Any, flow: Any, t: Any, op: int, m: int, zero: Any) -> None:
    """The split of a two-class fair group: the general algorithm's decisions and arithmetic
    (`_fair`) written out, without branches, so the loop over worlds vectorises.

    The scan of `_fair` takes {a, b} when g_b·A = g_a·B, or when the better singleton is no
    better than the pair (cross products in float64); else the better singleton first and the
    other gets what is left."""
    first = t.op_row[op]
    c0 = t.op_cap_ptr[op]
    ca = t.fair_cap[c0]
    cb = t.fair_cap[c0 + 1]
    cc = t.fair_cap[c0 + 2]
    fa, fb, fc = np.float64(ca), np.float64(cb), np.float64(cc)
    room = t.op_room[op]
    ra = beta[first]
    rb = beta[first + 1]
    rc = beta[first + 2]
    xa = beta[room]
    xb = beta[room + 1]
    for w in range(m):
        f = flow[w]
        v = ra[w] - f
        v = v if v > zero else zero
        g1 = v if v < ca else ca
        v = rb[w] - f
        v = v if v > zero else zero
        g2 = v if v < cb else cb
        v = rc[w] - f
        v = v if v > zero else zero
        g3 = v if v < cc else cc
        d1, d2, d3 = np.float64(g1), np.float64(g2), np.float64(g3)
        left = d2 * fa
        right = d1 * fb
        two_better = left < right
        pair = (left == right) | ((d3 * fb <= d2 * fc) if two_better else (d3 * fa <= d1 * fc))
        # a first: a gets g1, b what is left; b first: the mirror; the pair: shares of g3.
        rest_b = g3 - g1
        rest_b = rest_b if rest_b > zero else zero
        rest_a = g3 - g2
        rest_a = rest_a if rest_a > zero else zero
        a_first = d1
        b_second = np.float64(rest_b)
        b_first = d2
        a_second = np.float64(rest_a)
        pa = d3 * fa / fc
        pb = d3 * fb / fc
        ya = pa if pair else (a_second if two_better else a_first)
        yb = pb if pair else (b_first if two_better else b_second)
        xa[w] = ya
        xb[w] = yb
        flow[w] = f + g3  # what the pair takes, exactly (the shares may round)


@_jit
def _fair(
    beta: Any, flow: Any, t: Any, op: int, m: int, g: Any, cap: Any, x: Any, zero: Any
) -> None:
    """A fair group's split, world by world (`kernels.fair_split_reference`, same operations)."""
    k = t.op_k[op]
    full = (1 << k) - 1
    first = t.op_row[op]
    c0 = t.op_cap_ptr[op]
    cap[0] = zero + 1
    for u in range(1, full + 1):
        cap[u] = t.fair_cap[c0 + u - 1]
    room = t.op_room[op]
    for w in range(m):
        f = flow[w]
        g[0] = zero
        for u in range(1, full + 1):
            v = beta[first + u - 1, w] - f
            v = v if v > zero else zero
            g[u] = v if v < cap[u] else cap[u]
        for i in range(k):
            x[i] = 0.0
        done = 0
        base = zero
        for _ in range(k):
            if done == full:
                break
            best = 0
            bnum = zero
            bcap = zero + 1
            for u in range(1, full + 1):
                if done & u:
                    continue
                num = g[done | u] - base
                num = num if num > zero else zero
                if best == 0:
                    best, bnum, bcap = u, num, cap[u]
                    continue
                lhs = np.float64(num) * np.float64(bcap)
                rhs = np.float64(bnum) * np.float64(cap[u])
                if lhs < rhs:
                    best, bnum, bcap = u, num, cap[u]
                elif lhs == rhs:
                    best = best | u
                    jn = g[done | best] - base
                    bnum = jn if jn > zero else zero
                    bcap = cap[best]
            for i in range(k):
                if best == 1 << i:  # the class alone: its room
                    x[i] = np.float64(bnum)
                elif (best >> i) & 1:
                    x[i] = np.float64(bnum) * np.float64(cap[1 << i]) / np.float64(bcap)
            done = done | best
            base = g[done]
        for i in range(k):
            beta[room + i, w] = x[i]
        flow[w] = f + g[full]  # what the group takes, exactly (the shares may round)


@_jit
def _run(
    t: Any,
    active: Any,
    lp: Any,
    out: Any,
    stats: bool,
    rows: Any,
    coverage: Any,
    viable: Any,
    line_sum: Any,
    short: Any,
    tile: int,
) -> None:
    worlds = active.shape[1]
    n_types = t.supply_constant.shape[0]
    n_beta = t.beta_ptr.shape[0] - 1
    n_comps = t.comp_ptr.shape[0] - 1
    n_rows = t.piece_ptr.shape[0] - 1
    keep = out.shape[1]  # columns of `out` to write: every world, or the first ones
    zero = np.zeros(1, dtype=t.piece_before.dtype)[0]
    sup = np.empty((max(n_types, 1), tile), dtype=t.piece_before.dtype)
    beta = np.empty((max(n_beta, 1), tile), dtype=t.piece_before.dtype)
    flow = np.empty(tile, dtype=t.piece_before.dtype)
    term = np.empty(tile, dtype=t.piece_before.dtype)
    value = np.empty(tile, dtype=t.piece_before.dtype)
    part = np.empty(tile, dtype=t.piece_before.dtype)
    g = np.empty(1 << MAX_K, dtype=t.piece_before.dtype)
    cap = np.empty(1 << MAX_K, dtype=t.piece_before.dtype)
    x = np.empty(MAX_K, dtype=np.float64)
    lanes = np.zeros((n_rows if stats else 1, LANES), dtype=np.float64)
    for c0 in range(0, worlds, tile):
        m = min(tile, worlds - c0)
        # Active flow units of every supply type: constant + Σ value · activity.
        for r in range(n_types):
            row = sup[r, :m]
            c = t.supply_constant[r]
            for w in range(m):
                row[w] = c
            for k in range(t.supply_ptr[r], t.supply_ptr[r + 1]):
                v = t.supply_value[k]
                a = active[t.supply_group[k], c0 : c0 + m]
                for w in range(m):
                    row[w] += v * a[w]
        # β and Γ rows: the least of their cut terms (rooms are written by their step).
        tm = term[:m]
        for r in range(n_beta):
            b = beta[r, :m]
            for q in range(t.beta_ptr[r], t.beta_ptr[r + 1]):
                c = t.term_constant[q]
                for w in range(m):
                    tm[w] = c
                for k in range(t.term_ptr[q], t.term_ptr[q + 1]):
                    add = sup[t.term_type[k], :m]
                    for w in range(m):
                        tm[w] += add[w]
                if q == t.beta_ptr[r]:
                    for w in range(m):
                        b[w] = tm[w]
                else:
                    for w in range(m):
                        b[w] = tm[w] if tm[w] < b[w] else b[w]
        # Each multi-class component's program, carrying the flow its earlier steps took.
        f = flow[:m]
        for comp in range(n_comps):
            for w in range(m):
                f[w] = zero
            for op in range(t.comp_ptr[comp], t.comp_ptr[comp + 1]):
                if t.op_kind[op] == RUN:
                    b = beta[t.op_row[op], :m]
                    cp = t.op_capacity[op]
                    for w in range(m):
                        v = b[w] - f[w]
                        v = v if v > zero else zero
                        b[w] = v if v < cp else cp
                    for w in range(m):
                        f[w] += b[w]
                elif t.op_k[op] == 2:
                    _fair2(beta, f, t, op, m, zero)
                else:
                    _fair(beta, f, t, op, m, g, cap, x, zero)
        # Each row: the sum of its pieces, clip(source − before, 0, capacity) · scale.
        vt = value[:m]
        pt = part[:m]
        ph = 0
        for r in range(n_rows):
            for pc in range(t.piece_ptr[r], t.piece_ptr[r + 1]):
                dst = vt if pc == t.piece_ptr[r] else pt
                kind = t.piece_kind[pc]
                if kind == NOTHING:
                    for w in range(m):
                        dst[w] = zero
                elif kind == LP:
                    src = lp[t.piece_source[pc], c0 : c0 + m]
                    for w in range(m):
                        dst[w] = src[w]
                else:
                    src = (
                        sup[t.piece_source[pc], :m]
                        if kind == TYPE
                        else beta[t.piece_source[pc], :m]
                    )
                    bf = t.piece_before[pc]
                    cp = t.piece_capacity[pc]
                    sc = t.piece_scale[pc]
                    for w in range(m):
                        v = src[w] - bf
                        v = v if v > zero else zero
                        dst[w] = (v if v < cp else cp) * sc
                if pc != t.piece_ptr[r]:
                    for w in range(m):
                        vt[w] += pt[w]
            if c0 < keep:
                o = out[r, c0 : min(c0 + m, keep)]
                for w in range(o.shape[0]):
                    o[w] = vt[w]
            if not stats:
                continue
            while r >= rows.phase_start[ph + 1]:
                ph += 1
            cov = coverage[ph, c0 : c0 + m]
            pw = rows.row_weight[r]
            for w in range(m):
                cov[w] += pw * vt[w]
            if rows.has_minimum[r]:
                below = rows.below[r]
                n = 0
                if rows.critical[r]:
                    via = viable[ph, c0 : c0 + m]
                    for w in range(m):
                        is_short = vt[w] < below
                        n += is_short
                        via[w] = zero if is_short else via[w]
                else:
                    for w in range(m):
                        n += vt[w] < below
                short[r] += n
            acc = lanes[r]
            for base in range(0, m, LANES):
                chunk = vt[base : base + LANES]  # a slice: the loop below then vectorises
                for j in range(chunk.shape[0]):
                    acc[j] += chunk[j]
    if stats:
        for r in range(n_rows):
            total = 0.0
            for j in range(LANES):
                total += lanes[r, j]
            line_sum[r] = total


def _check(flat: FlatPlan, active: Arr, lp: Arr, out: Arr, rows: StatRows | None) -> None:
    """The shapes the kernel trusts (it runs without bounds checks): a mismatch is a bug."""
    dtype = flat.piece_before.dtype
    worlds = active.shape[1]
    n_rows = flat.piece_ptr.shape[0] - 1
    n_lp = int(np.count_nonzero(flat.piece_kind == LP))
    for name, array, shape in (
        ("active", active, (flat.group_ptr.shape[0] - 1, worlds)),
        ("lp", lp, (n_lp, worlds)),
        ("out", out, (n_rows, min(out.shape[1], worlds))),
    ):
        if array.dtype != dtype or array.shape != shape or not array.flags.c_contiguous:
            raise ValueError(
                f"{name}: expected a C-contiguous {dtype} array of shape {shape}, "
                f"got {array.dtype} {array.shape}"
            )
    if rows is not None and (rows.phase_start[-1] != n_rows or rows.row_weight.shape[0] != n_rows):
        raise ValueError(f"statistics rows: expected {n_rows} rows")


def _no_stats(dtype: Any) -> StatRows:
    none = np.zeros(0, dtype=dtype)
    flags = np.zeros(0, dtype=np.bool_)
    return StatRows(np.zeros(2, dtype=np.int64), none, flags, flags, none)


def evaluate(flat: FlatPlan, active: Arr, lp: Arr, out: Arr) -> Arr:
    """Filled quantity (rows in plan order × worlds) into `out`; `lp` holds the LP rows' values.

    `active` (groups-1 × worlds), `lp` and `out` are C-contiguous arrays of the plan's dtype.
    """
    _check(flat, active, lp, out, None)
    dtype = flat.piece_before.dtype
    empty = np.zeros((0, 0), dtype=dtype)
    no_rows = np.zeros(0, dtype=np.int64)
    _run(flat, active, lp, out, False, _no_stats(dtype), empty, empty, np.zeros(0), no_rows, TILE)
    return out


def block(
    flat: FlatPlan, rows: StatRows, active: Arr, lp: Arr, sample: Arr
) -> tuple[Arr, Arr, npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """One block's per-world phase coverage and viability, and per-row sums and short counts.

    `sample` (rows × k) receives the filled quantity of the block's first k worlds.
    Returns (coverage, viable) as (phases × worlds) arrays of the plan's dtype, then
    (line_sum, short) per row.
    """
    _check(flat, active, lp, sample, rows)
    dtype = flat.piece_before.dtype
    worlds = active.shape[1]
    phases = rows.phase_start.shape[0] - 1
    coverage = np.zeros((phases, worlds), dtype=dtype)
    viable = np.ones((phases, worlds), dtype=dtype)
    line_sum = np.zeros(flat.piece_ptr.shape[0] - 1)
    short = np.zeros(flat.piece_ptr.shape[0] - 1, dtype=np.int64)
    _run(flat, active, lp, sample, True, rows, coverage, viable, line_sum, short, TILE)
    return coverage, viable, line_sum, short


@_jit
def draw(
    uniform: Any,
    bins: Any,
    factor: Any,
    threshold: Any,
    pre_ptr: Any,
    pre_row: Any,
    pre_of: Any,
    holds: Any,
) -> None:
    """holds[u, w] = uniform[u, w] < threshold[u, bin of u's factor in world w], then each
    condition with prerequisites (`pre_row`, topological) and-ed with them (worlds.sample)."""
    n, worlds = uniform.shape
    for u in range(n):
        h = holds[u]
        x = uniform[u]
        f = factor[u]
        if f < 0:
            cut = threshold[u, 0]
            for w in range(worlds):
                h[w] = x[w] < cut
        else:
            b = bins[f]
            th = threshold[u]
            for w in range(worlds):
                h[w] = x[w] < th[b[w]]
    for i in range(pre_row.shape[0]):
        h = holds[pre_row[i]]
        for k in range(pre_ptr[i], pre_ptr[i + 1]):
            p = holds[pre_of[k]]
            for w in range(worlds):
                h[w] = h[w] and p[w]


@_jit
def activity(group_ptr: Any, group_row: Any, holds: Any, active: Any) -> None:
    """active[g, w] = 1 when every condition of group g + 1 holds in world w (else 0)."""
    worlds = holds.shape[1]
    for g in range(group_ptr.shape[0] - 1):
        a = active[g]
        for w in range(worlds):
            a[w] = 1
        for k in range(group_ptr[g], group_ptr[g + 1]):
            h = holds[group_row[k]]
            for w in range(worlds):
                a[w] = a[w] if h[w] else 0


def warm() -> None:
    """Compile every kernel for both plan dtypes (or load them from Numba's cache) now, on a
    tiny plan, so the first real request does not wait seconds for the compiler."""
    for dtype in (np.float32, np.float64):
        ints = np.zeros(1, dtype=np.int64)
        none: Arr = np.zeros(0, dtype=dtype)
        flat = FlatPlan(
            group_ptr=ints,
            group_row=ints[:0],
            supply_ptr=ints,
            supply_group=ints[:0],
            supply_value=none,
            supply_constant=none,
            beta_ptr=ints,
            term_ptr=ints,
            term_type=ints[:0],
            term_constant=none,
            comp_ptr=ints,
            op_kind=ints[:0],
            op_row=ints[:0],
            op_k=ints[:0],
            op_room=ints[:0],
            op_capacity=none,
            op_cap_ptr=ints,
            fair_cap=none,
            piece_ptr=ints,
            piece_kind=ints[:0],
            piece_source=ints[:0],
            piece_before=none,
            piece_capacity=none,
            piece_scale=none,
        )
        active = np.zeros((0, 1), dtype=dtype)
        evaluate(flat, active, np.zeros((0, 1), dtype=dtype), np.zeros((0, 1), dtype=dtype))
        block(
            flat,
            _no_stats(dtype),
            active,
            np.zeros((0, 1), dtype=dtype),
            np.zeros((0, 1), dtype=dtype),
        )
        holds = np.zeros((0, 1), dtype=np.bool_)
        activity(ints, ints[:0], holds, active)
        histogram(active, 1)
        condition_sums(holds, active)
    draw(
        np.zeros((0, 1), dtype=np.uint32),
        np.zeros((0, 1), dtype=np.uint8),
        np.zeros(0, dtype=np.int64),
        np.zeros((0, 256), dtype=np.uint32),
        np.zeros(1, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros((0, 1), dtype=np.bool_),
    )


@_jit
def _histogram(values: Any, scale: Any, counts: Any) -> None:
    bins = counts.shape[1] - 1
    s = scale[0]  # bins, in the values' dtype: the product is rounded as numpy rounds it
    for i in range(values.shape[0]):
        row = values[i]
        out = counts[i]
        for w in range(row.shape[0]):
            k = np.rint(row[w] * s)
            k = min(k, bins) if k > 0 else 0  # NaN and below 0: bin 0; above 1 (inf too): last
            out[int(k)] += 1


def histogram(values: Arr, bins: int) -> npt.NDArray[np.int64]:
    """Counts per grid point k/bins of each row of `values` (in [0, 1]): k = rint(value · bins)
    in the values' dtype (as numpy computes `np.rint(values * bins)`), clipped to [0, bins]."""
    values = np.ascontiguousarray(values)
    counts = np.zeros((values.shape[0], bins + 1), dtype=np.int64)
    _histogram(values, np.array([bins], dtype=values.dtype), counts)
    return counts


@_jit
def _condition_sums(holds: Any, values: Any, out: Any) -> None:
    where = np.empty(holds.shape[1], dtype=np.int64)
    for u in range(holds.shape[0]):
        row = holds[u]
        n = 0
        for w in range(row.shape[0]):  # the worlds where it holds, without a branch per world
            where[n] = w
            n += 1 if row[w] else 0
        sums = out[u]
        for j in range(n):
            value = values[where[j]]
            for k in range(value.shape[0]):  # separate sums: vectorised, never reordered
                sums[k] += np.float64(value[k])


def condition_sums(holds: npt.NDArray[np.bool_], values: Arr) -> npt.NDArray[np.float64]:
    """(conditions × statistics): Σ values[statistic, world] over the worlds where the condition
    holds (`holds`: conditions × worlds), added in world order in float64, so the same arrays
    give the same bytes whatever the machine, its BLAS or its thread count."""
    if holds.shape[1] != values.shape[1]:
        raise ValueError(f"holds has {holds.shape[1]} worlds, values {values.shape[1]}")
    out = np.zeros((holds.shape[0], values.shape[0]), dtype=np.float64)
    _condition_sums(np.ascontiguousarray(holds), np.ascontiguousarray(values.T), out)
    return out
