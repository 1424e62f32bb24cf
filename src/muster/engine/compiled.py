"""The plan's evaluation compiled (Numba): worlds in tiles, with the block statistics fused in.

`kernels.evaluate_reference` is the same evaluation as whole-array numpy passes; this one walks
`TILE` worlds at a time, so a tile's supply, β and flow rows stay in the core's cache instead of
streaming rows of every world through memory pass after pass, and it can add each line's value
into the block's statistics while the value is at hand, without storing a (lines × worlds)
array. It does the reference's operations in the reference's order (sums of types and terms,
minima, carried flow, clip, weight), so for finite inputs both give the same bytes, in float32
and in float64 plans; the tests hold them to it.

Statistics added on the way (per block, `block`):
- coverage[phase, world] += weight[row] · filled, row by row in plan order;
- viable[phase, world] = 0 where a row with a minimum is below it; short[row] counts those worlds;
- line_sum[row] = Σ filled over the block's worlds: world w adds into lane w mod `LANES`, in
  order, then the lanes in order (a float64 sum fixed by the code, not by how it vectorises).
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

TYPE, BETA, NOTHING, LP = 0, 1, 2, 3  # where a row's value comes from (`FlatPlan.source_kind`)


def _jit(fn: Callable[..., Any]) -> Any:
    """Compile `fn` without the GIL or bounds checks (the wrappers check shapes), cached on
    disk; uncached where no cache directory is writable (Numba refuses at decoration)."""
    try:
        return numba.njit(nogil=True, cache=True, boundscheck=False)(fn)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return numba.njit(nogil=True, cache=False, boundscheck=False)(fn)


class FlatPlan(NamedTuple):
    """A Plan's arrays in the form the compiled kernel walks (built by `kernels.build_plan`).

    β rows are in step order, each with its cut terms; a term is a constant plus a sum of
    supply types. Output rows are the plan's rows.
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
    step_first: I64  # (steps + 1,): first β row of each step
    run_capacity: Arr  # (β rows,): the demand of the run's lines, in flow units
    source_kind: I64  # (rows,): TYPE, BETA, NOTHING or LP
    source: I64  # (rows,): the type row, β row or row of the LP values
    before: Arr  # (rows,)
    capacity: Arr  # (rows,)
    weight: Arr  # (rows,)


class StatRows(NamedTuple):
    """Per row, what the block statistics need (`block`)."""

    phase_start: I64  # (phases + 1,)
    row_weight: Arr  # (rows,): 1 / (required · lines of its phase)
    has_minimum: npt.NDArray[np.bool_]  # (rows,)
    below: Arr  # (rows,): short when filled < below


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
    n_steps = t.step_first.shape[0] - 1
    n_rows = t.source_kind.shape[0]
    keep = out.shape[1]  # columns of `out` to write: every world, or the first ones
    zero = np.zeros(1, dtype=t.before.dtype)[0]
    sup = np.empty((max(n_types, 1), tile), dtype=t.before.dtype)
    beta = np.empty((max(n_beta, 1), tile), dtype=t.before.dtype)
    slots = t.step_first[1] - t.step_first[0] if n_steps else 1
    flow = np.empty((max(slots, 1), tile), dtype=t.before.dtype)
    term = np.empty(tile, dtype=t.before.dtype)
    value = np.empty(tile, dtype=t.before.dtype)
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
        # β of every run: the least of its cut terms.
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
        # Carry the flow earlier runs took: a run's room is clip(β − flow, 0, its demand).
        for s in range(n_steps):
            last = s == n_steps - 1
            for r in range(t.step_first[s], t.step_first[s + 1]):
                b = beta[r, :m]
                f = flow[r - t.step_first[s], :m]
                cap = t.run_capacity[r]
                for w in range(m):
                    v = b[w] - f[w] if s else b[w]
                    v = v if v > zero else zero
                    b[w] = v if v < cap else cap
                if not last:
                    if s:
                        for w in range(m):
                            f[w] += b[w]
                    else:
                        for w in range(m):
                            f[w] = b[w]
        # Each row: clip(source − before, 0, capacity) · weight (LP rows: the LP's values).
        vt = value[:m]
        ph = 0
        for r in range(n_rows):
            kind = t.source_kind[r]
            if kind == NOTHING:
                for w in range(m):
                    vt[w] = zero
            elif kind == LP:
                src = lp[t.source[r], c0 : c0 + m]
                for w in range(m):
                    vt[w] = src[w]
            else:
                src = sup[t.source[r], :m] if kind == TYPE else beta[t.source[r], :m]
                bf = t.before[r]
                cap = t.capacity[r]
                wt = t.weight[r]
                for w in range(m):
                    v = src[w] - bf
                    v = v if v > zero else zero
                    vt[w] = (v if v < cap else cap) * wt
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
                via = viable[ph, c0 : c0 + m]
                below = rows.below[r]
                n = 0
                for w in range(m):
                    is_short = vt[w] < below
                    n += is_short
                    via[w] = zero if is_short else via[w]
                short[r] += n
            acc = lanes[r]
            for base in range(0, m, LANES):
                part = vt[base : base + LANES]  # a slice: the loop below then vectorises
                for j in range(part.shape[0]):
                    acc[j] += part[j]
    if stats:
        for r in range(n_rows):
            total = 0.0
            for j in range(LANES):
                total += lanes[r, j]
            line_sum[r] = total


def _check(flat: FlatPlan, active: Arr, lp: Arr, out: Arr, rows: StatRows | None) -> None:
    """The shapes the kernel trusts (it runs without bounds checks): a mismatch is a bug."""
    dtype = flat.before.dtype
    worlds = active.shape[1]
    n_rows = flat.source_kind.shape[0]
    n_lp = int(np.count_nonzero(flat.source_kind == LP))
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


def evaluate(flat: FlatPlan, active: Arr, lp: Arr, out: Arr) -> Arr:
    """Filled quantity (rows in plan order × worlds) into `out`; `lp` holds the LP rows' values.

    `active` (groups-1 × worlds), `lp` and `out` are C-contiguous arrays of the plan's dtype.
    """
    _check(flat, active, lp, out, None)
    dtype = flat.before.dtype
    none = np.zeros(0, dtype=dtype)
    no_stats = StatRows(np.zeros(2, dtype=np.int64), none, np.zeros(0, dtype=np.bool_), none)
    empty = np.zeros((0, 0), dtype=dtype)
    no_rows = np.zeros(0, dtype=np.int64)
    _run(flat, active, lp, out, False, no_stats, empty, empty, np.zeros(0), no_rows, TILE)
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
    dtype = flat.before.dtype
    worlds = active.shape[1]
    phases = rows.phase_start.shape[0] - 1
    coverage = np.zeros((phases, worlds), dtype=dtype)
    viable = np.ones((phases, worlds), dtype=dtype)
    line_sum = np.zeros(flat.source_kind.shape[0])
    short = np.zeros(flat.source_kind.shape[0], dtype=np.int64)
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
            step_first=ints,
            run_capacity=none,
            source_kind=ints[:0],
            source=ints[:0],
            before=none,
            capacity=none,
            weight=none,
        )
        active = np.zeros((0, 1), dtype=dtype)
        evaluate(flat, active, np.zeros((0, 1), dtype=dtype), np.zeros((0, 1), dtype=dtype))
        rows = StatRows(np.zeros(2, dtype=np.int64), none, np.zeros(0, dtype=np.bool_), none)
        block(flat, rows, active, np.zeros((0, 1), dtype=dtype), np.zeros((0, 1), dtype=dtype))
        holds = np.zeros((0, 1), dtype=np.bool_)
        activity(ints, ints[:0], holds, active)
        histogram(active, 1)
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
