"""Sampling worlds: marginals, correlation, prerequisites, and the same seed gives the same bits."""

from __future__ import annotations

import numpy as np
import pytest

from muster.domain import Condition, ConditionStatus, Dataset, Scenario, StatusChange
from muster.engine.model import compile_model
from muster.engine.worlds import build_sampler, sample
from muster.errors import InvalidInput

HOLDS = ConditionStatus.HOLDS


def dataset(*conditions: Condition) -> Dataset:
    return Dataset(conditions=conditions)


def draw(ds: Dataset, n: int = 200_000, seed: int = 3, scenario: Scenario | None = None):
    model = compile_model(ds, scenario)
    return model, sample(build_sampler(model), n, np.random.default_rng(seed))


def test_marginal_probabilities_are_the_data_ones():
    ds = dataset(
        Condition(id="a", name="a", probability=0.2),
        Condition(id="b", name="b", probability=0.7, group="g", loading=0.8),
        Condition(id="c", name="c", probability=0.05, group="g", loading=0.5),
    )
    _, holds = draw(ds)
    n = holds.shape[1]
    for row, p in zip(holds, (0.2, 0.7, 0.05), strict=True):
        assert abs(row.mean() - p) < 4 * np.sqrt(p * (1 - p) / n)


def test_a_shared_factor_correlates_conditions_and_independent_ones_are_not():
    ds = dataset(
        Condition(id="a", name="a", probability=0.5, group="us", loading=0.9),
        Condition(id="b", name="b", probability=0.5, group="us", loading=0.9),
        Condition(id="c", name="c", probability=0.5),
    )
    _, holds = draw(ds)
    corr = np.corrcoef(holds.astype(float))
    # Latent correlation 0.81 gives a 0/1 correlation of about 0.6 at p = 0.5.
    assert 0.5 < corr[0, 1] < 0.7
    assert abs(corr[0, 2]) < 0.02


def test_prerequisites_hold_in_every_world():
    ds = dataset(
        Condition(id="truce", name="truce", probability=0.6),
        Condition(id="peace", name="peace", probability=0.5, prerequisites=("truce",)),
        Condition(id="un", name="un", probability=0.3, prerequisites=("peace",)),
    )
    _, holds = draw(ds)
    truce, peace, un = holds
    assert not np.any(peace & ~truce)
    assert not np.any(un & ~peace)
    # A probability is the marginal P(holds), prerequisites included.
    n = holds.shape[1]
    for row, p in ((truce, 0.6), (peace, 0.5), (un, 0.3)):
        assert abs(row.mean() - p) < 4 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize(
    ("pre_group", "own_group"),
    [(None, None), ("peace", "peace"), ("peace", "us"), (None, "peace"), ("peace", None)],
)
def test_the_sampled_marginal_is_the_entered_probability_with_prerequisites(pre_group, own_group):
    """Whatever the correlation between a condition and its prerequisites, it holds in the
    entered share of worlds (the scenario page and the sensitivity table show that figure)."""
    ds = dataset(
        Condition(
            id="truce",
            name="truce",
            probability=0.5,
            group=pre_group,
            loading=0.6 * bool(pre_group),
        ),
        Condition(
            id="peace",
            name="peace",
            probability=0.35,
            group=own_group,
            loading=0.7 * bool(own_group),
            prerequisites=("truce",),
        ),
        Condition(id="un", name="un", probability=0.1, prerequisites=("peace", "truce")),
    )
    _, holds = draw(ds, 400_000, seed=12)
    n = holds.shape[1]
    for row, p in zip(holds, (0.5, 0.35, 0.1), strict=True):
        assert abs(row.mean() - p) < 4 * np.sqrt(p * (1 - p) / n)


def test_a_probability_above_its_prerequisites_is_refused_naming_both():
    ds = dataset(
        Condition(id="truce", name="truce", probability=0.5),
        Condition(id="peace", name="peace", probability=0.6, prerequisites=("truce",)),
    )
    with pytest.raises(InvalidInput) as e:
        build_sampler(compile_model(ds))
    assert str(e.value) == (
        "condition 'peace' field probability: P(holds) 0.6 is more than P(its prerequisites "
        "hold) 0.5: a condition's probability counts the worlds where its prerequisites hold too"
    )
    # Known to hold, the prerequisite no longer limits it.
    held = dataset(
        Condition(
            id="truce", name="truce", probability=0.5, status_history=(StatusChange(status=HOLDS),)
        ),
        Condition(id="peace", name="peace", probability=0.6, prerequisites=("truce",)),
    )
    build_sampler(compile_model(held))


def test_same_seed_same_bits_other_seed_other_bits():
    ds = dataset(
        Condition(id="a", name="a", probability=0.4, group="g", loading=0.5),
        Condition(id="b", name="b", probability=0.4),
    )
    _, one = draw(ds, 5000, seed=9)
    _, two = draw(ds, 5000, seed=9)
    _, three = draw(ds, 5000, seed=10)
    assert one.tobytes() == two.tobytes()
    assert one.tobytes() != three.tobytes()


def test_scenario_forcing_a_condition_forces_its_prerequisites():
    ds = dataset(
        Condition(id="truce", name="truce", probability=0.5),
        Condition(id="peace", name="peace", probability=0.5, prerequisites=("truce",)),
    )
    model = compile_model(ds, Scenario(id="s", name="s", forced={"peace": True}))
    assert [c.fixed for c in model.conditions] == [True, True]
    model = compile_model(ds, Scenario(id="s", name="s", forced={"truce": False}))
    assert [c.fixed for c in model.conditions] == [False, False]


def test_contradictory_scenario_is_refused_naming_both_conditions():
    ds = dataset(
        Condition(id="truce", name="truce", probability=0.5),
        Condition(id="peace", name="peace", probability=0.5, prerequisites=("truce",)),
    )
    with pytest.raises(InvalidInput, match=r"'peace' holds but its prerequisite 'truce' fails"):
        compile_model(ds, Scenario(id="s", name="s", forced={"peace": True, "truce": False}))


def test_unknown_condition_in_a_scenario_is_named_with_a_suggestion():
    ds = dataset(Condition(id="us-backstop", name="US backstop", probability=0.5))
    with pytest.raises(InvalidInput) as e:
        compile_model(ds, Scenario(id="s", name="s", forced={"us-backstep": True}))
    assert str(e.value) == (
        "scenario 's' field forced: unknown condition 'us-backstep' (did you mean 'us-backstop'?)"
    )


def test_exact_probability_that_a_set_of_conditions_holds_matches_sampling():
    from muster.engine.worlds import probability_all

    ds = dataset(
        Condition(id="truce", name="truce", probability=0.6, group="peace", loading=0.7),
        Condition(
            id="peace",
            name="peace",
            probability=0.45,
            group="peace",
            loading=0.8,
            prerequisites=("truce",),
        ),
        Condition(id="us", name="us", probability=0.4, group="us", loading=0.6),
        Condition(id="nl", name="nl", probability=0.55),
    )
    model, holds = draw(ds, 400_000, seed=8)
    sampler = build_sampler(model)
    n = holds.shape[1]
    for rows in ([0], [1], [1, 2], [0, 2, 3], [1, 3]):
        exact = probability_all(sampler, rows)
        seen = holds[rows].all(axis=0).mean()
        assert abs(seen - exact) < 4 * np.sqrt(exact * (1 - exact) / n), rows
    # Prerequisites are in the closure: P(peace) = P(truce and peace), the entered 0.45.
    assert probability_all(sampler, [1]) == pytest.approx(probability_all(sampler, [0, 1]))
    assert probability_all(sampler, [1]) == pytest.approx(0.45, abs=1e-9)
