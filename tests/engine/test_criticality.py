"""Shapley criticality: exact enumeration checks the permutation sampler; stance effects."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
import pytest

from muster.domain import Scenario, Stance, Statement, StatementStatus
from muster.engine.criticality import (
    criticality,
    exact_shapley,
    game,
    sampled_shapley,
    stance_effects,
)
from muster.engine.model import compile_model
from muster.engine.worlds import build_sampler, sample
from muster.errors import InvalidInput
from muster.synth import synth
from tests.engine.test_simulate import tiny


@pytest.fixture(scope="module")
def small():
    return synth(nations=7, pledges=70, lines=24, conditions=10, rng=np.random.default_rng(11))


def fixed_world(ds, seed=0):
    """A scenario forcing every condition as one sampled world has it."""
    model = compile_model(ds)
    holds = sample(build_sampler(model), 1, np.random.default_rng(seed))[:, 0]
    forced = {c.id: bool(c.fixed) for c in model.conditions if c.fixed is not None}
    forced |= {model.conditions[c].id: bool(holds[u]) for u, c in enumerate(model.uncertain)}
    return Scenario(id="fixed", name="one world", forced=forced)


def test_exact_values_of_a_known_game():
    # One line of 4. Worlds: a&b → 4 (A:3, B:2: A's Shapley 2.5/4·..., see below); a only → 3;
    # b only → 2. In the a&b world v(A)=3, v(B)=2, v(AB)=4: φA = (3 + (4−2))/2 = 2.5, φB = 1.5.
    sc = Scenario(id="both", name="both", forced={"a": True, "b": True})
    out = criticality(tiny(), sc, seed=1, worlds=10)
    values = {v.nation: v.shapley for v in out.nations}
    assert values == pytest.approx({"XAA": 2.5 / 4, "XAB": 1.5 / 4})
    assert out.method == "exact"
    assert out.coverage_all == pytest.approx(1.0)


def test_exact_values_add_up_to_the_grand_coalition(small):
    g = game(small)
    out = exact_shapley(g, worlds=400, rng=np.random.default_rng(2))
    assert sum(v.shapley for v in out.nations) == pytest.approx(out.coverage_all, abs=1e-9)


def test_sampler_agrees_with_exact_enumeration_in_one_world(small):
    g = game(small, fixed_world(small))
    exact = exact_shapley(g, worlds=2, rng=np.random.default_rng(0))
    sampled = sampled_shapley(g, permutations=4000, seed=3)
    want = {v.nation: v.shapley for v in exact.nations}
    # In one world the sampler's spread is nothing; what is left is float32 rounding (a
    # rotated line is filled a third per flow unit, fair shares are rounded): 1e-7.
    for v in sampled.nations:
        assert abs(v.shapley - want[v.nation]) <= 4 * v.se + 1e-7, v


def test_sampler_agrees_with_exact_enumeration_under_uncertainty(small):
    g = game(small)
    exact = exact_shapley(g, worlds=3000, rng=np.random.default_rng(4))
    sampled = sampled_shapley(g, permutations=3000, seed=5)
    want = {v.nation: v for v in exact.nations}
    for v in sampled.nations:
        w = want[v.nation]
        assert abs(v.shapley - w.shapley) <= 4 * np.hypot(v.se, w.se) + 1e-9, (v, w)
    assert sampled.median_relative_se < 0.05


def test_same_seed_same_values_on_threads(small):
    g = game(small)
    one = sampled_shapley(g, permutations=2200, seed=9)
    with ThreadPoolExecutor(max_workers=2) as pool:
        two = sampled_shapley(g, permutations=2200, seed=9, mapper=pool.map)
    assert one == two
    assert sampled_shapley(g, permutations=2200, seed=10) != one


def test_too_few_permutations_is_refused(small):
    with pytest.raises(InvalidInput, match="permutations ≥ 8"):
        sampled_shapley(game(small), permutations=2, seed=1)


def test_willing_only_coverage_and_what_each_wavering_nation_adds():
    ds = tiny()
    said = [
        Statement(
            id="s1",
            nation="XAA",
            date=date(2025, 3, 2),
            stance=Stance.WILLING,
            quote="yes",
            entered_by="t",
            status=StatementStatus.ACCEPTED,
        ),
        Statement(
            id="s2",
            nation="XAB",
            date=date(2025, 3, 2),
            stance=Stance.UNDECIDED,
            quote="maybe",
            entered_by="t",
        ),
    ]
    ds = ds.merged(type(ds)(statements=tuple(said)))
    sc = Scenario(id="both", name="both", forced={"a": True, "b": True})
    out = stance_effects(ds, sc, as_of=date(2025, 3, 3), worlds=50, seed=1)
    assert out.willing == ("XAA",)
    assert out.willing_coverage == pytest.approx(0.75)
    assert out.all_coverage == pytest.approx(1.0)
    assert [(e.nation, e.stance, e.effect) for e in out.undecided] == [("XAB", "undecided", 0.25)]
    before = stance_effects(ds, sc, as_of=date(2025, 3, 1), worlds=50, seed=1)
    assert before.willing == ()
    assert before.willing_coverage == 0.0


def test_each_value_is_explained_by_the_lines_it_fills(small):
    out = criticality(small, seed=2, worlds=300)
    for v in out.nations:
        assert sum(p.value for p in v.parts) + v.rest == pytest.approx(v.shapley, abs=1e-9)
    top = out.nations[0]
    assert top.parts
    assert abs(top.parts[0].value) >= abs(top.parts[-1].value)
    lines = {r.id for r in small.requirement_lines}
    assert {p.key for v in out.nations for p in v.parts} <= lines


def test_viability_ranks_on_the_minimum_viable_force():
    # One line of 4, minimum 3 (every line critical: none is marked). In the a&b world
    # v(A) = 1 (3 ≥ 3), v(B) = 0 (2 < 3), v(AB) = 1: A's value is 1, B's 0.
    sc = Scenario(id="both", name="both", forced={"a": True, "b": True})
    ds = tiny()
    ds = type(ds)(
        **{
            **dict(ds.collections()),
            "requirement_lines": tuple(
                type(r)(**{**{f: getattr(r, f) for f in r.__dataclass_fields__}, "minimum": 3})
                for r in ds.requirement_lines
            ),
        }
    )
    out = criticality(ds, sc, seed=1, worlds=10, metric="viability")
    values = {v.nation: v.shapley for v in out.nations}
    assert values == pytest.approx({"XAA": 1.0, "XAB": 0.0})
    assert out.metric == "viability"
    assert out.coverage_all == pytest.approx(1.0)
    part = next(v for v in out.nations if v.nation == "XAA").parts[0]
    assert part.value == pytest.approx(1.0)
    with pytest.raises(InvalidInput, match="coverage or viability"):
        criticality(ds, sc, seed=1, worlds=10, metric="bogus")
