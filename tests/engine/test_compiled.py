"""The compiled kernels give the bytes of the readable numpy forms they replace."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from muster.domain import Dataset
from muster.engine import compiled
from muster.engine.kernels import (
    Plan,
    build_plan,
    evaluate,
    evaluate_reference,
    group_activity,
    lp_rows,
)
from muster.engine.model import compile_model
from muster.engine.montecarlo import make_kernel, prepare
from muster.engine.results import simulate
from muster.engine.worlds import build_sampler, raw_draws, sample
from muster.errors import InvalidInput
from muster.synth import synth
from tests.engine.strategies import coalitions, tie_coalitions

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# More worlds than a tile, and not a multiple of it or of the lanes: every edge of the loops.
WORLDS = compiled.TILE + compiled.LANES + 7


def plan_of(ds: Dataset, **kwargs: int) -> Plan:
    try:
        return build_plan(compile_model(ds), **kwargs)
    except InvalidInput:
        assume(False)  # a condition holds while its prerequisite fails: tested elsewhere
        raise


def random_activity(plan: Plan, seed: int, worlds: int = WORLDS) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.random((len(plan.group_rows), worlds)) < 0.5).astype(plan.dtype)


def scaled(ds: Dataset, factor: float) -> Dataset:
    """Every pledge's quantity times `factor` (0.1: quantities float32 cannot hold exactly)."""
    pledges = tuple(dataclasses.replace(p, quantity=p.quantity * factor) for p in ds.pledges)
    return dataclasses.replace(ds, pledges=pledges)


def assert_same_bytes(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype
    assert a.shape == b.shape
    assert a.tobytes() == b.tobytes()


@SETTINGS
@given(coalitions(), st.integers(0, 2**32 - 1))
def test_evaluate_gives_the_reference_bytes(ds, seed):
    plan = plan_of(ds)
    active = random_activity(plan, seed)
    assert_same_bytes(evaluate(plan, active), evaluate_reference(plan, active))


@SETTINGS
@given(tie_coalitions(), st.integers(0, 2**32 - 1), st.sampled_from([1.0, 0.1]))
def test_fair_groups_give_the_reference_bytes(ds, seed, factor):
    """Tie levels of 2 to 4 classes (and 5: the LP), float32 and float64 plans."""
    plan = plan_of(scaled(ds, factor))
    active = random_activity(plan, seed)
    assert_same_bytes(evaluate(plan, active), evaluate_reference(plan, active))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coalitions(max_pledges=12, max_lines=8), st.integers(0, 2**32 - 1))
def test_a_float64_plan_sums_in_the_reference_order(ds, seed):
    plan = plan_of(scaled(ds, 0.1))
    # Something the closed forms fill, in figures float32 cannot hold (tenths rarely add up
    # to whole numbers; the benchmark-size test checks that scaling gives float64).
    assume(plan.supply.shape[0] and plan.dtype is np.float64)
    active = random_activity(plan, seed)
    assert_same_bytes(evaluate(plan, active), evaluate_reference(plan, active))


def test_the_benchmark_sizes_and_both_dtypes_are_covered():
    ds = synth(nations=20, pledges=400, lines=90, conditions=24, rng=np.random.default_rng(3))
    for data, dtype in ((ds, np.float32), (scaled(ds, 0.1), np.float64)):
        plan = build_plan(compile_model(data))
        assert plan.dtype is dtype
        assert len(plan.flat.comp_ptr) > 1  # multi-class components: their programs run
        assert plan.fair_groups  # and tie levels split fairly
        active = random_activity(plan, 7, worlds=3 * compiled.TILE + 5)
        assert_same_bytes(evaluate(plan, active), evaluate_reference(plan, active))


def test_lp_rows_are_read_from_the_lp():
    ds = synth(nations=12, pledges=150, lines=40, conditions=16, rng=np.random.default_rng(4))
    plan = build_plan(compile_model(ds), max_terms=0)  # every multi-class component to the LP
    assert plan.fallback_components > 0
    active = random_activity(plan, 11, worlds=300)
    out = evaluate(plan, active)
    assert_same_bytes(out, evaluate_reference(plan, active))
    lp = lp_rows(plan, active)
    row = 0
    for start, lpc in plan.lp:
        n = len(lpc.demand)
        assert np.array_equal(out[start : start + n], lp[row : row + n])
        assert np.any(lp[row : row + n] > 0)
        row += n


@SETTINGS
@given(coalitions(), st.integers(0, 2**32 - 1))
def test_block_statistics_are_those_of_the_filled_quantities(ds, seed):
    """Coverage added row by row in plan order, short worlds (every line with a minimum),
    viability (critical lines only), and exact line sums."""
    try:
        kernel = make_kernel(compile_model(ds))
    except InvalidInput:
        assume(False)
        raise
    plan, rows = kernel.plan, kernel.stat_rows
    active = random_activity(plan, seed)
    filled = evaluate_reference(plan, active)
    first = np.full((plan.n_lines, 40), np.nan, dtype=plan.dtype)
    coverage, viable, line_sum, short = compiled.block(
        plan.flat, rows, np.ascontiguousarray(active), lp_rows(plan, active), first
    )
    start = rows.phase_start
    for ph in range(len(start) - 1):
        expected = np.zeros(WORLDS, dtype=plan.dtype)
        is_short = np.zeros(WORLDS, dtype=bool)
        for r in range(start[ph], start[ph + 1]):
            expected += rows.row_weight[r] * filled[r]
            below = filled[r] < rows.below[r]
            if rows.has_minimum[r]:
                if rows.critical[r]:  # only critical lines decide the minimum viable force
                    is_short |= below
                assert short[r] == below.sum()
            else:
                assert short[r] == 0
        assert_same_bytes(coverage[ph], expected)
        assert np.array_equal(viable[ph], (~is_short).astype(plan.dtype))
    # World w adds into lane w % LANES, in order; then the lanes, in order.
    lanes = [filled[:, j :: compiled.LANES].astype(np.float64) for j in range(compiled.LANES)]
    by_lane = np.stack([np.cumsum(lane, axis=1)[:, -1] for lane in lanes], axis=1)
    assert_same_bytes(line_sum, np.cumsum(by_lane, axis=1)[:, -1])
    assert_same_bytes(first, filled[:, :40])


@SETTINGS
@given(coalitions(max_conditions=6), st.integers(0, 2**32 - 1), st.integers(1, 900))
def test_draws_and_activity_follow_the_thresholds_and_prerequisites(ds, seed, worlds):
    try:
        model = compile_model(ds)
    except InvalidInput:
        assume(False)
        raise
    sampler = build_sampler(model)
    plan = build_plan(model)
    holds = sample(sampler, worlds, np.random.default_rng(seed))
    # The same draws by hand: the uniforms, the factor bins, then the prerequisites.
    bits = np.random.default_rng(seed).bit_generator
    n = sampler.n
    expected = np.ones((n, worlds), dtype=bool)
    if n:
        uniform = bits.random_raw((n * worlds + 1) // 2).view(np.uint32)[: n * worlds]
        uniform = uniform.reshape(n, worlds)
        bins = np.zeros((max(sampler.n_factors, 1), worlds), dtype=np.uint8)
        if sampler.n_factors:
            raw = bits.random_raw((sampler.n_factors * worlds + 7) // 8).view(np.uint8)
            bins = raw[: sampler.n_factors * worlds].reshape(sampler.n_factors, worlds)
        for u in range(n):
            f = sampler.factor[u]
            cut = sampler.threshold[u, 0] if f < 0 else sampler.threshold[u][bins[f]]
            expected[u] = uniform[u] < cut
        for u, pre in sampler.prerequisites:
            for p in pre:
                expected[u] &= expected[p]
        assert raw_draws(sampler, worlds) == (n * worlds + 1) // 2 + (
            (sampler.n_factors * worlds + 7) // 8 if sampler.n_factors else 0
        )
    assert np.array_equal(holds, expected[:n])
    active = group_activity(plan, holds)
    for g, rows in enumerate(plan.group_rows):
        want = np.all(holds[list(rows)], axis=0) if rows else np.ones(worlds, dtype=bool)
        assert np.array_equal(active[g], want.astype(plan.dtype))


@pytest.mark.parametrize("worlds", [1, compiled.TILE, compiled.TILE + 1])
def test_tile_edges(worlds):
    ds = synth(nations=8, pledges=80, lines=24, conditions=8, rng=np.random.default_rng(9))
    plan = build_plan(compile_model(ds))
    active = random_activity(plan, 5, worlds=worlds)
    assert_same_bytes(evaluate(plan, active), evaluate_reference(plan, active))


@settings(deadline=None)  # the first call compiles the kernel when Numba's cache is stale
@given(
    st.lists(st.floats(-0.5, 1.5, width=32) | st.sampled_from([np.nan, np.inf, -np.inf]),
             min_size=1, max_size=300),
    st.sampled_from([np.float32, np.float64]),
    st.sampled_from([1, 200, 1000]),
)  # fmt: skip
def test_histogram_rounds_as_numpy_does_and_clamps(values, dtype, bins):
    rows = np.array([values, values[::-1]], dtype=dtype)
    rows[1, 0] = 0.5 / bins  # a tie: rint rounds half to even
    k = np.rint(rows * bins)
    index = np.where(k >= bins, bins, np.where(k > 0, k, 0)).astype(np.int64)  # NaN: bin 0
    expected = np.zeros((2, bins + 1), dtype=np.int64)
    for i in range(2):
        np.add.at(expected[i], index[i], 1)
    assert np.array_equal(compiled.histogram(rows, bins), expected)


def test_condition_sums_add_in_world_order_in_float64():
    rng = np.random.default_rng(3)
    holds = rng.random((5, 300)) < 0.4
    holds[0] = False  # a condition that never holds: zeros
    values = rng.random((7, 300)).astype(np.float32)
    values[2] = 1.0  # a count: the number of worlds where it holds
    expected = np.zeros((5, 7))
    for u in range(5):
        for k in range(7):
            total = 0.0
            for w in range(300):
                if holds[u, w]:
                    total += float(values[k, w])
            expected[u, k] = total
    got = compiled.condition_sums(holds, values)
    assert got.tobytes() == expected.tobytes()
    assert np.array_equal(got[:, 2], holds.sum(axis=1))
    with pytest.raises(ValueError, match="worlds"):
        compiled.condition_sums(holds, values[:, :-1])


def test_block_statistics_with_lp_rows():
    ds = synth(nations=12, pledges=150, lines=40, conditions=16, rng=np.random.default_rng(4))
    model = compile_model(ds)
    kernel = dataclasses.replace(make_kernel(model), plan=build_plan(model, max_terms=0))
    plan = kernel.plan
    assert plan.fallback_components > 0
    active = random_activity(plan, 3, worlds=700)
    lp = lp_rows(plan, active)
    first = np.full((plan.n_lines, 600), np.nan, dtype=plan.dtype)
    coverage, _, line_sum, _ = compiled.block(plan.flat, kernel.stat_rows, active, lp, first)
    filled = evaluate_reference(plan, active)
    assert_same_bytes(first, filled[:, :600])  # more kept worlds than one tile
    assert np.allclose(line_sum, filled.sum(axis=1, dtype=np.float64), rtol=1e-12)
    start = kernel.stat_rows.phase_start
    for ph in range(len(start) - 1):
        rows = slice(start[ph], start[ph + 1])
        expected = kernel.stat_rows.row_weight[rows] @ filled[rows]
        assert np.allclose(coverage[ph], expected, rtol=1e-5, atol=1e-6)


def test_shapes_the_kernel_trusts_are_checked():
    ds = synth(nations=8, pledges=80, lines=24, conditions=8, rng=np.random.default_rng(9))
    plan = build_plan(compile_model(ds))
    active = random_activity(plan, 5, worlds=100)
    lp = lp_rows(plan, active)
    with pytest.raises(ValueError, match="out: expected"):
        compiled.evaluate(plan.flat, active, lp, np.empty((plan.n_lines - 1, 100), plan.dtype))
    with pytest.raises(ValueError, match="active: expected"):
        compiled.evaluate(plan.flat, active[:-1], lp, np.empty((plan.n_lines, 100), plan.dtype))
    wrong = np.asfortranarray(active)
    with pytest.raises(ValueError, match="active: expected"):
        compiled.evaluate(plan.flat, wrong, lp, np.empty((plan.n_lines, 100), plan.dtype))


def test_warm_compiles_what_runs_use():
    """After warm(), simulations on float32 and float64 plans compile nothing new."""
    compiled.warm()
    kernels = (
        compiled._run,
        compiled.draw,
        compiled.activity,
        compiled._histogram,
        compiled._condition_sums,
    )
    before = [len(k.signatures) for k in kernels]
    ds = synth(nations=8, pledges=80, lines=24, conditions=8, rng=np.random.default_rng(9))
    for data in (ds, scaled(ds, 0.1)):
        simulate(prepare(data), worlds=3000, seed=1)
    assert [len(k.signatures) for k in kernels] == before


def test_kernels_compile_uncached_where_no_cache_is_writable(monkeypatch):
    """Numba refuses cache=True when no directory is writable: compile per process instead."""
    real = compiled.numba.njit

    def njit(**options):
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'f': no locator available")
        return real(**options)

    monkeypatch.setattr(compiled.numba, "njit", njit)

    def add(a, b):
        return a + b

    assert compiled._jit(add)(2, 3) == 5
