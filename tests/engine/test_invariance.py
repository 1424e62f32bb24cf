"""Every reported figure is a function of the model: not of ids, order, or the path taken.

- Renaming and reordering lines, pledges, nations, conditions, capabilities, phases and tags
  changes no figure of `coverage` (mission, phases, domains, lines, viability, nation shares),
  and no line's fill in any world. With conditions kept in their order (the sampler draws one
  stream per condition row), `simulate` and `criticality` give the same figures too; reordering
  conditions permutes the streams, and the sampler's thresholds per condition stay the same.
- `coverage` with every condition forced, `simulate` with every probability 0 or 1 and the
  criticality game agree on every world; the game's masked nations equal nations left out.
- The two repro cases of ../shared/repro/engine (tests/engine/data) agree as they must.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from muster.domain import Dataset, Scenario, Substitution
from muster.engine.coverage import Coverage, coverage, filled_lines
from muster.engine.criticality import criticality, game
from muster.engine.kernels import build_plan, group_activity
from muster.engine.model import compile_model
from muster.engine.montecarlo import prepare
from muster.engine.results import simulate
from muster.engine.worlds import build_sampler
from muster.errors import InvalidInput
from muster.interchange import read_dataset
from tests.engine.strategies import coalitions, tie_coalitions
from tests.engine.test_exact import all_worlds, world_dict

DATA = Path(__file__).parent / "data"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = [f"Q{a}{b}" for a in "MNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


class Renaming:
    """A random bijective renaming of every id, and a random order of every collection."""

    def __init__(self, ds: Dataset, rng: np.random.Generator, *, conditions_in_order: bool):
        self.rng = rng

        def fresh(keys: list[str], prefix: str) -> dict[str, str]:
            names = [f"{prefix}{i}" for i in rng.permutation(len(keys) * 3)[: len(keys)]]
            return dict(zip(keys, names, strict=True))

        self.line = fresh([r.id for r in ds.requirement_lines], "row-")
        self.pledge = fresh([p.id for p in ds.pledges], "offer-")
        self.condition = fresh([c.id for c in ds.conditions], "if-")
        self.capability = fresh([c.id for c in ds.capabilities], "cap-")
        self.phase = fresh([p.id for p in ds.phases], "stage-")
        codes = [CODES[i] for i in rng.permutation(len(CODES))[: len(ds.nations)]]
        self.nation = dict(zip([n.iso3 for n in ds.nations], codes, strict=True))
        tags = sorted(
            {t for r in ds.requirement_lines for t in (*r.required_tags, *r.excluded_tags)}
            | {t for p in ds.pledges for t in p.caveats}
        )
        self.tag = fresh(tags, "tag-")
        self.conditions_in_order = conditions_in_order

    def shuffled(self, items: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(items[i] for i in self.rng.permutation(len(items)))

    def __call__(self, ds: Dataset) -> Dataset:
        c, tag = self.condition, self.tag
        conditions = tuple(
            replace(x, id=c[x.id], prerequisites=tuple(c[p] for p in x.prerequisites))
            for x in ds.conditions
        )
        return replace(
            ds,
            nations=self.shuffled(tuple(replace(n, iso3=self.nation[n.iso3]) for n in ds.nations)),
            conditions=conditions if self.conditions_in_order else self.shuffled(conditions),
            phases=self.shuffled(tuple(replace(p, id=self.phase[p.id]) for p in ds.phases)),
            capabilities=self.shuffled(
                tuple(
                    replace(
                        k,
                        id=self.capability[k.id],
                        substitutes=tuple(
                            Substitution(
                                capability=self.capability[s.capability], efficiency=s.efficiency
                            )
                            for s in k.substitutes
                        ),
                    )
                    for k in ds.capabilities
                )
            ),
            requirement_lines=self.shuffled(
                tuple(
                    replace(
                        r,
                        id=self.line[r.id],
                        phase=self.phase[r.phase],
                        capability=self.capability[r.capability],
                        required_tags=tuple(tag[t] for t in r.required_tags),
                        excluded_tags=tuple(tag[t] for t in r.excluded_tags),
                    )
                    for r in ds.requirement_lines
                )
            ),
            pledges=self.shuffled(
                tuple(
                    replace(
                        p,
                        id=self.pledge[p.id],
                        nation=self.nation[p.nation],
                        capability=self.capability[p.capability],
                        phases=tuple(self.phase[x] for x in p.phases),
                        conditions=tuple(c[x] for x in p.conditions),
                        caveats=tuple(tag[t] for t in p.caveats),
                    )
                    for p in ds.pledges
                )
            ),
        )


def close(a: float, b: float, tol: float = 1e-7) -> bool:
    return (a != a and b != b) or abs(a - b) <= tol


def assert_same_coverage(a: Coverage, b: Coverage, r: Renaming) -> None:
    assert close(a.mission, b.mission), (a.mission, b.mission)
    phases_b = {p.phase: p for p in b.phases}
    for p in a.phases:
        q = phases_b[r.phase[p.phase]]
        assert close(p.coverage, q.coverage), (p, q)
        assert p.viable == q.viable, (p, q)
        assert (p.lines, p.critical_lines, p.short_lines) == (
            q.lines,
            q.critical_lines,
            q.short_lines,
        )
    assert a.domains.keys() == b.domains.keys()
    assert all(close(a.domains[d], b.domains[d]) for d in a.domains)
    lines_b = {x.line: x for x in b.lines}
    for x in a.lines:
        y = lines_b[r.line[x.line]]
        assert close(x.filled, y.filled, 1e-6), (x, y)
        assert x.viable == y.viable, (x, y)
        mine = {r.pledge[f.pledge]: f.quantity for f in x.fills}
        theirs = {f.pledge: f.quantity for f in y.fills}
        assert mine.keys() == theirs.keys(), (mine, theirs)
        assert all(close(mine[k], theirs[k], 1e-6) for k in mine)
    shares = {r.nation[n]: v for n, v in a.nations.items()}
    assert shares.keys() == b.nations.keys()
    assert all(close(shares[n], b.nations[n], 1e-6) for n in shares)


def covered(ds: Dataset, scenario: Scenario | None = None) -> Coverage:
    try:
        return coverage(ds, scenario)
    except InvalidInput:
        assume(False)  # contradictory statuses: tested on their own
        raise


@SETTINGS
@given(coalitions() | tie_coalitions(), st.integers(0, 2**32 - 1))
def test_renaming_and_reordering_change_no_coverage_figure(ds, seed):
    r = Renaming(ds, np.random.default_rng(seed), conditions_in_order=False)
    assert_same_coverage(covered(ds), covered(r(ds)), r)


@SETTINGS
@given(coalitions() | tie_coalitions(), st.integers(0, 2**32 - 1))
def test_renaming_and_reordering_change_no_line_in_any_world(ds, seed):
    r = Renaming(ds, np.random.default_rng(seed), conditions_in_order=False)
    try:
        model = compile_model(ds)
    except InvalidInput:
        assume(False)
        raise
    other = compile_model(r(ds))
    holds = all_worlds(model)
    mine = filled_lines(model, build_plan(model), holds)
    # The same worlds for the renamed model, condition by condition.
    rows = [other.conditions[c].id for c in other.uncertain]
    theirs_holds = np.array(
        [
            [world_dict(model, holds[:, w])[_back(r.condition, cid)] for w in range(holds.shape[1])]
            for cid in rows
        ],
        dtype=bool,
    ).reshape(len(rows), holds.shape[1])
    theirs = filled_lines(other, build_plan(other), theirs_holds)
    for j, line in enumerate(model.line_ids):
        k = other.line_ids.index(r.line[line])
        assert np.allclose(mine[j], theirs[k], rtol=1e-6, atol=1e-6), line
    # The sampler draws each condition with the same thresholds, whatever its row.
    a, b = build_sampler(model), build_sampler(other)
    for u, c in enumerate(model.uncertain):
        v = rows.index(r.condition[model.conditions[c].id])
        assert np.array_equal(a.threshold[u], b.threshold[v])


def _back(mapping: dict[str, str], value: str) -> str:
    return next(k for k, v in mapping.items() if v == value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coalitions(max_conditions=3), st.integers(0, 2**32 - 1))
def test_renaming_changes_no_monte_carlo_or_shapley_figure(ds, seed):
    """Conditions in their order (one random stream per condition row): the same worlds."""
    r = Renaming(ds, np.random.default_rng(seed), conditions_in_order=True)
    try:
        a = simulate(prepare(ds), worlds=3000, seed=5)
    except InvalidInput:
        assume(False)
        raise
    b = simulate(prepare(r(ds)), worlds=3000, seed=5)
    assert close(a.mission.mean, b.mission.mean, 1e-5)
    phases_b = {p.phase: p for p in b.phases}
    for p in a.phases:
        q = phases_b[r.phase[p.phase]]
        assert close(p.coverage.mean, q.coverage.mean, 1e-5)
        assert close(p.p_viable, q.p_viable, 0)
    lines_b = {x.line: x for x in b.lines}
    for x in a.lines:
        y = lines_b[r.line[x.line]]
        assert close(x.filled_mean, y.filled_mean, 1e-5)
        assert close(x.p_minimum, y.p_minimum, 0)
    effects = {r.condition[e.condition]: e for e in a.sensitivity}
    for e in b.sensitivity:
        assert close(effects[e.condition].effect, e.effect, 1e-5)
    one = criticality(ds, seed=3, worlds=200)
    two = criticality(r(ds), seed=3, worlds=200)
    values = {r.nation[v.nation]: v.shapley for v in one.nations}
    assert values.keys() == {v.nation for v in two.nations}
    assert all(close(values[v.nation], v.shapley, 1e-6) for v in two.nations)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coalitions(max_conditions=2))
def test_coverage_simulate_and_criticality_agree_on_every_world(ds):
    try:
        model = compile_model(ds)
        build_sampler(model)
    except InvalidInput:
        assume(False)
        raise
    holds = all_worlds(model)
    g = game(ds)
    active = group_activity(
        g.plan,
        np.array(
            [
                [
                    world_dict(model, holds[:, w])[g.model.conditions[c].id]
                    for w in range(holds.shape[1])
                ]
                for c in g.model.uncertain
            ],
            dtype=bool,
        ).reshape(len(g.model.uncertain), holds.shape[1]),
    )
    everyone = np.ones((len(g.nations), holds.shape[1]), dtype=bool)
    game_all = g.coverage(active, everyone)
    for w in range(holds.shape[1]):
        world = world_dict(model, holds[:, w])
        exact = coverage(ds, Scenario(id="w", name="w", forced=world))
        # Every probability 0 or 1: each sampled world is this one.
        fixed = Scenario(
            id="p",
            name="p",
            probabilities={
                model.conditions[c].id: float(world[model.conditions[c].id])
                for c in model.uncertain
            },
        )
        sim = simulate(prepare(ds, fixed), worlds=64, seed=1)
        assert close(sim.mission.mean, exact.mission, 1e-6), (sim.mission.mean, exact.mission)
        for p, q in zip(exact.phases, sim.phases, strict=True):
            assert close(p.coverage, q.coverage.mean, 1e-6), (p, q)
            assert (p.viable is None and q.p_viable != q.p_viable) or q.p_viable == float(p.viable)
        assert close(float(game_all[w]), exact.mission, 1e-6)
        # A coalition in the game (nations masked) is the data with the others left out.
        if len(g.nations) >= 2:
            members = np.zeros((len(g.nations), 1), dtype=bool)
            members[::2] = True
            kept = {g.nations[i] for i in range(0, len(g.nations), 2)}
            out = tuple(n for n in g.nations if n not in kept)
            masked = g.coverage(active[:, w : w + 1], members)
            dropped = coverage(ds, Scenario(id="w", name="w", forced=world, nations_out=out))
            assert close(float(masked[0]), dropped.mission, 1e-6)


# ---------------------------------------------------------------- the repro cases


def test_tiebreak_cases_report_the_same_figures_whatever_the_line_id():
    a = read_dataset(DATA / "tiebreak-a.json")
    b = read_dataset(DATA / "tiebreak-b.json")
    ca, cb = coverage(a), coverage(b)
    assert ca.mission == pytest.approx(cb.mission) == pytest.approx((7 / 12 + 2 / 4) / 2)
    assert [p.viable for p in ca.phases] == [p.viable for p in cb.phases] == [True]
    assert ca.nations == pytest.approx(cb.nations)
    sa = simulate(prepare(a), worlds=1000, seed=1)
    sb = simulate(prepare(b), worlds=1000, seed=1)
    assert sa.phases[0].p_viable == sb.phases[0].p_viable == 1.0
    xa = {v.nation: v.shapley for v in criticality(a, seed=1, worlds=50).nations}
    xb = {v.nation: v.shapley for v in criticality(b, seed=1, worlds=50).nations}
    assert xa == pytest.approx(xb)
    # Each nation's Shapley value: alone AAA fills 7 of 12 (7/24), BBB 2 of the mech line and
    # could fill the infantry one (2/8): together 7/24 + 1/4; both orders average.
    assert sum(xa.values()) == pytest.approx(ca.mission)


def test_forcing_a_condition_to_fail_is_simulating_it_at_probability_0():
    ds = read_dataset(DATA / "split.json")
    forced = coverage(ds, Scenario(id="f", name="f", forced={"c": False}))
    sim = simulate(
        prepare(ds, Scenario(id="p", name="p", probabilities={"c": 0.0})), worlds=500, seed=2
    )
    assert forced.mission == pytest.approx(5 / 6)
    assert sim.mission.mean == pytest.approx(forced.mission, abs=1e-6)
    assert forced.phases[0].viable is True
    assert sim.phases[0].p_viable == 1.0


def test_a_phase_without_lines_has_no_coverage_anywhere():
    ds = read_dataset(DATA / "split.json")
    from muster.domain import Phase

    ds = replace(ds, phases=(*ds.phases, Phase(id="empty", mission="m", name="Empty", seq=2)))
    exact = coverage(ds)
    sim = simulate(prepare(ds), worlds=200, seed=1)
    empty = next(p for p in exact.phases if p.phase == "empty")
    assert empty.coverage != empty.coverage
    assert empty.viable is None
    other = next(p for p in sim.phases if p.phase == "empty")
    assert other.coverage.mean != other.coverage.mean
    assert other.p_viable != other.p_viable
    assert exact.to_dict()["phases"][1]["coverage"] is None
    assert sim.to_dict()["phases"][1]["p_viable"] is None
    # The mission is the lines' weighted mean: the empty phase takes no part.
    assert exact.mission == pytest.approx(coverage(read_dataset(DATA / "split.json")).mission)
