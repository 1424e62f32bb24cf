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
