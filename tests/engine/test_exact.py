"""The engine's exact coverage equals a per-world HiGHS LP on thousands of random coalitions:
the same stage optima, and the same canonical per-line answer."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

from muster.domain import Dataset, Pledge, Scenario
from muster.engine.coverage import filled_lines
from muster.engine.kernels import build_plan
from muster.engine.lp import solve_stages
from muster.engine.model import Model, compile_model
from muster.engine.reference import reference_filled, reference_levels
from muster.engine.worlds import build_sampler
from muster.errors import InvalidInput
from tests.engine.strategies import coalitions, tie_coalitions

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def all_worlds(model: Model) -> np.ndarray:
    """Every assignment of the uncertain conditions, prerequisites applied (conditions × worlds)."""
    n = len(model.uncertain)
    if n == 0:
        return np.ones((0, 1), dtype=bool)
    holds = np.array(list(itertools.product([False, True], repeat=n)), dtype=bool).T
    for u, pre in build_sampler(model).prerequisites:
        for p in pre:
            holds[u] &= holds[p]
    return np.unique(holds, axis=1)


def world_dict(model: Model, column: np.ndarray) -> dict[str, bool]:
    world = {c.id: bool(c.fixed) for c in model.conditions}
    for u, c in enumerate(model.uncertain):
        world[model.conditions[c].id] = bool(column[u])
    return world


def compiled(ds: Dataset, scenario: Scenario | None = None) -> Model:
    try:
        return compile_model(ds, scenario)
    except InvalidInput:
        assume(False)  # a condition holds while its prerequisite fails: tested on its own
        raise


def stage_values(model: Model, filled: np.ndarray, phase: int) -> dict[int, float]:
    """Each stage's weighted coverage in one world (stage 0: critical lines' minimums)."""
    out: dict[int, float] = {}
    mask = model.line_phase == phase
    value = model.weight / model.required
    first = np.where(model.critical, np.minimum(filled, model.minimum), 0.0)
    if np.any(mask & model.critical & (model.minimum > 0)):
        out[0] = float((value * first)[mask & model.critical].sum())
    for p in np.unique(model.priority[mask]):
        rest = mask & (model.priority == p)
        out[int(p)] = float((value * (filled - first))[rest].sum())
    return out


def check_against_lp(ds: Dataset) -> None:
    """Every world: the engine's stage optima and per-line answer are the reference LP's."""
    model = compiled(ds)
    plan = build_plan(model)
    holds = all_worlds(model)
    filled = filled_lines(model, plan, holds)
    assert np.all(filled >= -1e-9)
    assert np.all(filled <= model.required[:, None] + 1e-9)
    for w in range(holds.shape[1]):
        world = world_dict(model, holds[:, w])
        for (phase, stage), best in reference_levels(ds, world).items():
            mine = stage_values(model, filled[:, w], model.phases.index(phase)).get(stage, 0.0)
            assert mine == pytest.approx(best, rel=1e-6, abs=1e-6), (phase, stage)
        for line, want in reference_filled(ds, world).items():
            got = filled[model.line_ids.index(line), w]
            assert got == pytest.approx(want, rel=1e-6, abs=1e-6), line
        check_feasible(ds, model, world, filled[:, w])


def check_feasible(ds: Dataset, model: Model, world: dict[str, bool], filled: np.ndarray) -> None:
    """Some allocation of the active pledges achieves the engine's per-line answer."""
    from muster.engine.reference import phase_problem

    for phase in model.phases:
        prob = phase_problem(ds, model.scenario, world, phase)
        if not prob.lines:
            continue
        target = np.array([filled[model.line_ids.index(r.id)] for r in prob.lines])
        alloc = solve_stages(
            capacity=np.array([p.quantity for p in prob.pledges], dtype=float),
            edge_supply=prob.edge_supply,
            edge_line=prob.edge_line,
            edge_efficiency=prob.edge_efficiency,
            demand=target,
            minimum=np.zeros(len(target)),
            priority=np.ones(len(target), dtype=np.int64),
            value=np.ones(len(target)),
        )
        assert alloc.filled.sum() == pytest.approx(target.sum(), rel=1e-6, abs=1e-6), phase


@SETTINGS
@given(coalitions(substitution=False, caveats=False, correlation=False))
def test_plain_max_flow_matches_lp(ds):
    check_against_lp(ds)


@SETTINGS
@given(coalitions(substitution=False))
def test_caveats_match_lp(ds):
    check_against_lp(ds)


@SETTINGS
@given(coalitions())
def test_substitution_caveats_and_correlation_match_lp(ds):
    check_against_lp(ds)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tie_coalitions())
def test_fair_groups_match_lp(ds):
    """Lines that tie are shared max-min fairly, as the reference's progressive filling does."""
    check_against_lp(ds)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coalitions(max_pledges=14, max_lines=9, max_conditions=3))
def test_larger_components_match_lp(ds):
    check_against_lp(ds)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coalitions(), coalitions(max_pledges=3))
def test_an_extra_pledge_never_lowers_coverage(ds, extra):
    """Stage by stage, per phase: more supply never does lexicographically worse."""
    model = compiled(ds)
    added = tuple(
        Pledge(
            id=f"extra{i}",
            nation=p.nation,
            capability=p.capability if p.capability in model.line_capability else "k0",
            quantity=p.quantity,
            phases=tuple(ph for ph in p.phases if ph in model.phases) or (model.phases[0],),
            caveats=p.caveats,
            status=p.status,
            entered_by="test",
        )
        for i, p in enumerate(extra.pledges)
    )
    bigger = Dataset(**{**{n: v for n, v in ds.collections()}, "pledges": ds.pledges + added})
    assert bigger.check() == []
    before = filled_lines(model, build_plan(model), all_worlds(model))
    model2 = compiled(bigger)
    after = filled_lines(model2, build_plan(model2), all_worlds(model2))
    for i in range(len(model.phases)):
        for w in range(before.shape[1]):
            old = stage_values(model, before[:, w], i)
            new = stage_values(model2, after[:, w], i)
            stages = sorted(old)
            assert not _lex_less([new[s] for s in stages], [old[s] for s in stages]), (old, new)


def _lex_less(a: list[float], b: list[float], tol: float = 1e-7) -> bool:
    for x, y in zip(a, b, strict=True):
        if x < y - tol:
            return True
        if x > y + tol:
            return False
    return False


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coalitions())
def test_filled_plus_gap_is_required_and_fills_add_up(ds):
    from muster.engine.coverage import coverage

    try:
        result = coverage(ds)
    except InvalidInput:
        assume(False)
    for line in result.lines:
        assert line.filled + line.gap == pytest.approx(line.required)
        assert 0 <= line.filled <= line.required + 1e-9
        assert sum(f.quantity for f in line.fills) == pytest.approx(line.filled, abs=1e-6)
    assert sum(result.nations.values()) == pytest.approx(result.mission, abs=1e-6)
