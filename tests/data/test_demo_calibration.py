"""The demo's planning figures answer a planner: P(minimum viable force) is informative, scenarios
differ, substitutions are ones a planner accepts, aid is per donor with stages and a source.

Every expectation is a property of the shipped data computed by the engine, not a pasted figure.
"""

from __future__ import annotations

import math

import pytest

from muster.data import demo_dataset
from muster.domain import Dataset
from muster.engine.coverage import coverage
from muster.engine.model import BASELINE
from muster.engine.montecarlo import prepare
from muster.engine.results import Simulation, simulate

WORLDS = 6_000
SEED = 11


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return demo_dataset()


def run(demo: Dataset, scenario_id: str | None) -> Simulation:
    scenario = BASELINE if scenario_id is None else demo.index("scenarios")[scenario_id]
    return simulate(prepare(demo, scenario), worlds=WORLDS, seed=SEED)


@pytest.fixture(scope="module")
def baseline(demo: Dataset) -> Simulation:
    return run(demo, None)


def test_p_viable_is_informative_in_at_least_two_phases(baseline: Simulation) -> None:
    # Strictly inside (5 %, 95 %), by more than four standard errors of the estimate.
    inside = [
        p.name
        for p in baseline.phases
        if not math.isnan(p.p_viable)
        and p.p_viable - 4 * p.p_viable_se > 0.05
        and p.p_viable + 4 * p.p_viable_se < 0.95
    ]
    assert len(inside) >= 2, [(p.name, p.p_viable) for p in baseline.phases]


def test_every_phase_marks_critical_lines_with_minimums(demo: Dataset) -> None:
    for phase in demo.phases:
        lines = [x for x in demo.requirement_lines if x.phase == phase.id]
        critical = [x for x in lines if x.critical]
        assert critical, phase.id
        assert all(0 < x.minimum <= x.quantity for x in critical), phase.id


def _apart(a: Simulation, b: Simulation) -> float:
    """The largest difference in P(viable) between two runs, less four combined errors."""
    gaps = [
        abs(x.p_viable - y.p_viable) - 4 * math.hypot(x.p_viable_se, y.p_viable_se)
        for x, y in zip(a.phases, b.phases, strict=True)
    ]
    return max(gaps)


def test_the_us_backstop_scenarios_differ_visibly(demo: Dataset) -> None:
    with_us = run(demo, "sc-peace-us-backstop")
    without = run(demo, "sc-no-us-backstop")
    assert _apart(with_us, without) > 0.10
    exact_with = coverage(demo, demo.index("scenarios")["sc-peace-us-backstop"])
    exact_without = coverage(demo, demo.index("scenarios")["sc-no-us-backstop"])
    assert exact_with.mission > exact_without.mission


def test_truce_only_differs_from_the_baseline(demo: Dataset, baseline: Simulation) -> None:
    assert _apart(run(demo, "sc-truce-only"), baseline) > 0.10


def test_substitutions_are_one_way_and_never_air_defence_for_air_policing(demo: Dataset) -> None:
    subs = {(c.id, s.capability): s.efficiency for c in demo.capabilities for s in c.substitutes}
    for (a, b), e in subs.items():
        back = subs.get((b, a))
        # Two capabilities standing in for each other at full value would be one capability.
        assert back is None or e * back < 1, (a, b)
        if e == 1:
            pytest.fail(f"{a} stands in for {b} at full value")
    assert ("air-defence", "air-policing") not in subs
    assert 0 < subs[("mech-bn", "inf-bn")] < 1
    assert ("inf-bn", "mech-bn") not in subs
    for c in demo.capabilities:
        if c.substitutes:
            assert "illustrative" in (c.description or ""), c.id


def test_every_aid_record_cites_a_source_or_is_illustrative(demo: Dataset) -> None:
    sources = demo.index("sources")
    for a in demo.aid_records:
        assert (a.source in sources) or a.illustrative, a.id
        if a.source in sources:
            assert sources[a.source].url or sources[a.source].text, a.id


def test_aid_covers_the_main_donors_with_every_stage(demo: Dataset) -> None:
    donors = {a.donor for a in demo.aid_records if a.value_eur}
    assert {"GBR", "FRA", "DEU", "DNK", "NLD", "SWE", "NOR"} <= donors
    for stage in ("committed", "allocated", "delivered"):
        assert any(getattr(a, stage) is not None for a in demo.aid_records), stage
    sources = demo.index("sources")
    kiel = [
        a
        for a in demo.aid_records
        if a.source is not None
        and "Support Tracker" in (sources[a.source].title or "") + (sources[a.source].outlet or "")
    ]
    assert len(kiel) >= len(demo.aid_records) // 2


def test_every_planning_number_is_sourced_or_illustrative(demo: Dataset) -> None:
    sources = demo.index("sources")
    for line in demo.requirement_lines:
        assert line.illustrative or line.source in sources, line.id
    for p in demo.pledges:
        assert p.illustrative or (p.sources and all(s in sources for s in p.sources)), p.id
    for c in demo.conditions:
        assert c.illustrative or c.source in sources, c.id
    for ph in demo.phases:
        assert ph.illustrative, ph.id
