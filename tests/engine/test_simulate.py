"""Monte Carlo: reproducible on any number of workers, and right against exact enumeration."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np
import pytest

from muster.domain import (
    Capability,
    CapabilityDomain,
    Condition,
    Dataset,
    Mission,
    Nation,
    Phase,
    Pledge,
    RequirementLine,
    Scenario,
)
from muster.engine.results import simulate
from muster.engine.simulate import BLOCK, BLOCKS, CHUNK, ChunkJob, chunk_jobs, prepare, run_chunk
from muster.engine.worlds import raw_draws, sample
from muster.errors import InvalidInput
from muster.synth import synth


@pytest.fixture(scope="module")
def synthetic():
    return synth(nations=12, pledges=150, lines=40, conditions=16, rng=np.random.default_rng(4))


def tiny() -> Dataset:
    """Two nations, one line of 4: A gives 3 if 'a' holds; B gives 2 if 'b' holds."""
    return Dataset(
        nations=(Nation(iso3="XAA", name="A"), Nation(iso3="XAB", name="B")),
        conditions=(
            Condition(id="a", name="a", probability=0.5),
            Condition(id="b", name="b", probability=0.25),
        ),
        missions=(Mission(id="m", name="m"),),
        phases=(Phase(id="p", mission="m", name="p", seq=0),),
        capabilities=(Capability(id="k", name="k", unit="u", domain=CapabilityDomain.LAND),),
        requirement_lines=(
            RequirementLine(id="L", phase="p", capability="k", quantity=4, minimum=3),
        ),
        pledges=(
            Pledge(
                id="P1",
                nation="XAA",
                capability="k",
                quantity=3,
                phases=("p",),
                conditions=("a",),
                entered_by="t",
            ),
            Pledge(
                id="P2",
                nation="XAB",
                capability="k",
                quantity=2,
                phases=("p",),
                conditions=("b",),
                entered_by="t",
            ),
        ),
    )


def test_statistics_match_exact_enumeration():
    # Worlds: a&b (1/8) → 4; a only (3/8) → 3; b only (1/8) → 2; neither (3/8) → 0.
    sim = simulate(prepare(tiny()), worlds=400_000, seed=1)
    line = sim.lines[0]
    expected = (4 * 1 / 8 + 3 * 3 / 8 + 2 * 1 / 8) / 4
    assert abs(line.coverage.mean - expected) < 4 * line.coverage.se
    assert line.coverage.se < 0.002
    # Viable (≥ 3) exactly when 'a' holds.
    assert abs(sim.phases[0].p_viable - 0.5) < 4 * sim.phases[0].p_viable_se
    assert (line.coverage.q05, line.coverage.q50, line.coverage.q95) == (0.0, 0.75, 1.0)
    effects = {e.condition: e for e in sim.sensitivity}
    assert sim.sensitivity[0].condition == "a"
    # If a holds: 3 or 4 → (3·3/4 + 4·1/4)/4; if it fails: 0 or 2 → (2·1/4)/4.
    assert effects["a"].if_holds == pytest.approx((3 * 0.75 + 4 * 0.25) / 4, abs=0.003)
    assert effects["a"].if_fails == pytest.approx(0.5 / 4, abs=0.003)
    assert effects["a"].p_viable_if_holds["p"] == 1.0
    assert effects["a"].p_viable_if_fails["p"] == 0.0


def test_same_seed_same_bytes_on_one_or_many_workers(synthetic):
    prepared = prepare(synthetic)
    serial = simulate(prepared, worlds=3 * CHUNK + 123, seed=42)
    with ThreadPoolExecutor(max_workers=3) as pool:
        threaded = simulate(prepared, worlds=3 * CHUNK + 123, seed=42, mapper=pool.map)
    assert pickle.dumps(serial) == pickle.dumps(threaded)
    other = simulate(prepared, worlds=3 * CHUNK + 123, seed=43)
    assert other.mission != serial.mission


def test_chunks_depend_on_worlds_and_seed_only(synthetic):
    kernel = prepare(synthetic).kernel
    jobs = chunk_jobs(kernel, worlds=2 * CHUNK + 5, seed=7)
    assert [j.worlds for j in jobs] == [BLOCK] * (2 * BLOCKS) + [5]
    assert [j.index for j in jobs] == [*range(2 * BLOCKS), 2 * BLOCKS]
    assert len({j.seed.entropy for j in jobs}) == 1
    assert len({tuple(j.seed.spawn_key) for j in jobs}) == 3


def test_blocks_of_a_chunk_draw_what_the_chunk_draws_in_one_go(synthetic):
    """Block b starts where block b − 1's draws end: the same worlds as drawing them in a row."""
    kernel = prepare(synthetic).kernel
    seed = np.random.SeedSequence(3)
    rng = np.random.default_rng(seed)
    in_a_row = [sample(kernel.sampler, BLOCK, rng) for _ in range(3)]
    for b in range(3):
        bits = np.random.PCG64(seed)
        bits.advance(raw_draws(kernel.sampler, BLOCK) * b)
        alone = sample(kernel.sampler, BLOCK, np.random.Generator(bits))
        assert np.array_equal(alone, in_a_row[b])
    stats = run_chunk(ChunkJob(kernel, 2, seed, BLOCK))
    assert stats.worlds == BLOCK


def test_progress_reports_every_chunk(synthetic):
    seen = []
    simulate(
        prepare(synthetic), worlds=CHUNK + 10, seed=1, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(CHUNK, CHUNK + 10), (CHUNK + 10, CHUNK + 10)]


@pytest.mark.parametrize("worlds", [0, -5, 1.5, True])
def test_bad_number_of_worlds_is_refused(synthetic, worlds):
    with pytest.raises(InvalidInput, match="expected a whole number of worlds > 0"):
        simulate(prepare(synthetic), worlds=worlds, seed=1)


def test_forcing_a_condition_moves_coverage(synthetic):
    base = simulate(prepare(synthetic), worlds=20_000, seed=5)
    top = base.sensitivity[0]
    holds = simulate(
        prepare(synthetic, Scenario(id="h", name="h", forced={top.condition: True})),
        worlds=20_000,
        seed=5,
    )
    fails = simulate(
        prepare(synthetic, Scenario(id="f", name="f", forced={top.condition: False})),
        worlds=20_000,
        seed=5,
    )
    assert fails.mission.mean < base.mission.mean < holds.mission.mean
    assert top.if_fails < base.mission.mean < top.if_holds


def test_forcing_an_independent_condition_is_conditioning_on_it(synthetic):
    """Forcing is not conditioning in general (a condition holding also says its correlation
    group's factor is high, and its prerequisites held); for a condition with no group, no
    prerequisites and no dependants the two are the same, up to Monte Carlo error."""
    top = simulate(prepare(synthetic), worlds=20_000, seed=5).sensitivity[0].condition
    alone = replace(
        synthetic,
        conditions=tuple(
            replace(c, group=None, loading=0.0, prerequisites=())
            if c.id == top
            else replace(c, prerequisites=tuple(p for p in c.prerequisites if p != top))
            for c in synthetic.conditions
        ),
    )
    base = simulate(prepare(alone), worlds=20_000, seed=5)
    [mine] = [x for x in base.sensitivity if x.condition == top]
    holds = simulate(
        prepare(alone, Scenario(id="h", name="h", forced={top: True})), worlds=20_000, seed=5
    )
    assert holds.mission.mean == pytest.approx(
        mine.if_holds, abs=6 * (mine.if_holds_se + holds.mission.se) + 0.002
    )


def test_the_lp_fallback_agrees_with_the_closed_forms(synthetic):
    """Forcing every multi-class component onto the LP gives the same canonical answer."""
    from muster.engine.kernels import build_plan, evaluate, group_activity
    from muster.engine.model import compile_model
    from muster.engine.worlds import build_sampler, sample

    model = compile_model(synthetic)
    closed = build_plan(model)
    forced = build_plan(model, max_terms=0)
    assert closed.fallback_components == 0
    assert forced.fallback_components > 0
    holds = sample(build_sampler(model), 300, np.random.default_rng(8))
    a = np.empty((model.n_lines, 300))
    b = np.empty((model.n_lines, 300))
    a[closed.rows] = evaluate(closed, group_activity(closed, holds))
    b[forced.rows] = evaluate(forced, group_activity(forced, holds))
    for j in range(model.n_lines):
        assert np.allclose(a[j], b[j], rtol=1e-6, atol=1e-6), model.line_ids[j]
    assert len(forced.memo) > 0
