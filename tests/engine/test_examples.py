"""The worked examples of docs/engine.md, computed by the engine (so the document stays true)."""

from __future__ import annotations

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
    Substitution,
)
from muster.engine.coverage import coverage
from muster.engine.model import compile_model
from muster.engine.worlds import build_sampler, probability_all


def base(**collections) -> Dataset:
    return Dataset(
        nations=(Nation(iso3="XAA", name="A"), Nation(iso3="XAB", name="B")),
        missions=(Mission(id="m", name="mission"),),
        phases=(Phase(id="p", mission="m", name="phase", seq=0),),
        **collections,
    )


def filled(result) -> dict[str, float]:
    return {line.line: line.filled for line in result.lines}


def test_example_1_a_greedy_fill_would_miss_what_the_exact_allocation_finds():
    ds = base(
        capabilities=(
            Capability(id="inf", name="infantry", unit="bn", domain=CapabilityDomain.LAND),
        ),
        requirement_lines=(
            RequirementLine(id="L1", phase="p", capability="inf", quantity=3),
            RequirementLine(
                id="L2", phase="p", capability="inf", quantity=2, required_tags=("night",)
            ),
        ),
        pledges=(
            Pledge(
                id="A",
                nation="XAA",
                capability="inf",
                quantity=2,
                phases=("p",),
                caveats=("night",),
                entered_by="doc",
            ),
            Pledge(
                id="B", nation="XAB", capability="inf", quantity=3, phases=("p",), entered_by="doc"
            ),
        ),
    )
    result = coverage(ds)
    assert filled(result) == {"L1": 3.0, "L2": 2.0}
    fills = {line.line: {f.pledge: f.quantity for f in line.fills} for line in result.lines}
    assert fills == {"L1": {"B": 3.0}, "L2": {"A": 2.0}}


def test_example_2_priority_is_lexicographic_and_substitution_has_an_efficiency():
    ds = base(
        capabilities=(
            Capability(
                id="air",
                name="air policing",
                unit="det",
                domain=CapabilityDomain.AIR,
                substitutes=(Substitution(capability="isr", efficiency=0.25),),
            ),
            Capability(id="isr", name="ISR", unit="det", domain=CapabilityDomain.AIR),
        ),
        requirement_lines=(
            RequirementLine(id="ISR", phase="p", capability="isr", quantity=4, priority=1),
            RequirementLine(id="AIR", phase="p", capability="air", quantity=4, priority=2),
        ),
        pledges=(
            Pledge(
                id="G", nation="XAA", capability="air", quantity=2, phases=("p",), entered_by="doc"
            ),
        ),
    )
    assert filled(coverage(ds)) == {"ISR": 0.5, "AIR": 0.0}
    # Same priority: the quantity objective prefers the line filled one-for-one.
    same = Dataset(
        **{
            **dict(ds.collections()),
            "requirement_lines": tuple(
                RequirementLine(id=r.id, phase="p", capability=r.capability, quantity=4, priority=1)
                for r in ds.requirement_lines
            ),
        }
    )
    assert filled(coverage(same)) == {"ISR": 0.0, "AIR": 2.0}


def test_example_3_conditions_scenarios_and_prerequisites():
    ds = base(
        conditions=(
            Condition(id="truce", name="truce agreed", probability=0.5),
            Condition(id="peace", name="peace signed", probability=0.35, prerequisites=("truce",)),
        ),
        capabilities=(
            Capability(id="inf", name="infantry", unit="bn", domain=CapabilityDomain.LAND),
        ),
        requirement_lines=(
            RequirementLine(id="L", phase="p", capability="inf", quantity=4, minimum=3),
        ),
        pledges=(
            Pledge(
                id="A",
                nation="XAA",
                capability="inf",
                quantity=3,
                phases=("p",),
                conditions=("peace",),
                entered_by="doc",
            ),
            Pledge(
                id="B", nation="XAB", capability="inf", quantity=1, phases=("p",), entered_by="doc"
            ),
        ),
    )
    assert filled(coverage(ds)) == {"L": 1.0}  # unknown conditions are assumed to fail
    peace = Scenario(id="peace", name="peace", forced={"peace": True})
    assert filled(coverage(ds, peace)) == {"L": 4.0}  # forcing peace forces the truce too
    model = compile_model(ds)
    sampler = build_sampler(model)
    assert probability_all(sampler, [1]) == pytest.approx(0.35, abs=1e-9)


# ---------------------------------------------------------------- December 2026 examples
# docs/engine.md, "Worked examples" 4-8: each number the document prints is asserted here.


def one_capability(*lines: RequirementLine, pledges: tuple[Pledge, ...], **more) -> Dataset:
    return base(
        capabilities=(
            Capability(id="inf", name="infantry", unit="bn", domain=CapabilityDomain.LAND),
        ),
        requirement_lines=lines,
        pledges=pledges,
        **more,
    )


def pledge(pid: str, quantity: float, **fields) -> Pledge:
    return Pledge(
        id=pid,
        nation=fields.pop("nation", "XAA"),
        capability="inf",
        quantity=quantity,
        phases=("p",),
        entered_by="doc",
        **fields,
    )


def test_example_4_lines_that_tie_share_fairly_whatever_their_ids():
    ds = one_capability(
        RequirementLine(id="north", phase="p", capability="inf", quantity=4),
        RequirementLine(id="south", phase="p", capability="inf", quantity=4),
        pledges=(pledge("A", 6),),
    )
    assert filled(coverage(ds)) == {"north": 3.0, "south": 3.0}  # not 4 and 2
    assert coverage(ds).mission == pytest.approx(0.75)


def test_example_5_weights_decide_between_lines_and_weigh_coverage():
    ds = one_capability(
        RequirementLine(id="brigade", phase="p", capability="inf", quantity=4, weight=3),
        RequirementLine(id="escort", phase="p", capability="inf", quantity=4, weight=1),
        pledges=(pledge("A", 4),),
    )
    result = coverage(ds)
    assert filled(result) == {"brigade": 4.0, "escort": 0.0}
    assert result.mission == pytest.approx(0.75)  # (3 × 100 % + 1 × 0 %) / 4


def test_example_6_critical_minimums_come_first_and_decide_viability():
    ds = one_capability(
        RequirementLine(
            id="guard", phase="p", capability="inf", quantity=6, minimum=2, critical=True
        ),
        RequirementLine(id="patrol", phase="p", capability="inf", quantity=2, minimum=2, weight=5),
        pledges=(pledge("A", 3),),
    )
    result = coverage(ds)
    # The critical minimum (2) first, then the heavier line: patrol 1, guard 2.
    assert filled(result) == {"guard": 2.0, "patrol": 1.0}
    assert result.phases[0].viable is True  # patrol is short of 2, but not critical
    assert result.phases[0].critical_lines == 1


def test_example_7_as_of_a_date_a_pledge_counts_only_if_it_arrives_in_time():
    from datetime import date

    ds = one_capability(
        RequirementLine(id="L", phase="p", capability="inf", quantity=4),
        pledges=(
            pledge("A", 3, readiness_days=60),
            pledge("B", 1, nation="XAB", readiness_days=10),
        ),
    )
    ds = Dataset(
        **{
            **dict(ds.collections()),
            "phases": (Phase(id="p", mission="m", name="phase", seq=0, start=date(2026, 3, 1)),),
        }
    )
    assert filled(coverage(ds)) == {"L": 4.0}  # no date: no arrival rule
    on = coverage(ds, as_of=date(2026, 1, 6))
    assert filled(on) == {"L": 1.0}  # A arrives on 2026-03-07, six days late
    assert [(x.pledge, x.arrives) for x in on.lines[0].late] == [("A", date(2026, 3, 7))]
    assert filled(coverage(ds, as_of=date(2026, 1, 6), grace_days=7)) == {"L": 4.0}


def test_example_8_rotation_divides_what_a_pledge_can_sustain():
    ds = one_capability(
        RequirementLine(id="L", phase="p", capability="inf", quantity=3, rotation=3),
        pledges=(pledge("A", 6), pledge("B", 1, nation="XAB", sustained=True)),
    )
    result = coverage(ds)
    assert filled(result) == {"L": 3.0}  # A sustains 6 / 3 = 2, B's 1 is already sustained
    assert {f.pledge: f.quantity for f in result.lines[0].fills} == pytest.approx(
        {"A": 2.0, "B": 1.0}
    )
