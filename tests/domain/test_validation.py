"""Domain validation names what is wrong and why, and records round-trip losslessly."""

from datetime import date

import pytest

from muster.domain import (
    Actor,
    Capability,
    CapabilityDomain,
    Condition,
    Dataset,
    Mission,
    Nation,
    Office,
    Phase,
    Pledge,
    PledgeStatus,
    RequirementLine,
    Scenario,
    Substitution,
    check_pledge_transition,
    from_record,
    to_record,
)
from muster.errors import InvalidInput


def pledge(**kw):
    base = dict(id="P1", nation="GBR", capability="inf", quantity=3, phases=("p1",), entered_by="t")
    base.update(kw)
    return Pledge(**base)


def messages(exc: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_negative_quantity_is_refused_with_the_field_and_value():
    with pytest.raises(InvalidInput) as e:
        pledge(quantity=-2)
    assert messages(e) == ["pledge 'P1' field quantity: expected a number ≥ 0, got -2"]


def test_office_ending_before_it_starts_is_refused():
    with pytest.raises(InvalidInput, match=r"end 2025-01-01 is before start 2025-05-06"):
        Office(title="Chancellor", nation="DEU", start=date(2025, 5, 6), end=date(2025, 1, 1))


@pytest.mark.parametrize(
    ("start", "to", "ok"),
    [
        (PledgeStatus.DRAFT, PledgeStatus.OFFERED, True),
        (PledgeStatus.OFFERED, PledgeStatus.CONFIRMED, True),
        (PledgeStatus.CONFIRMED, PledgeStatus.DEPLOYED, True),
        (PledgeStatus.DEPLOYED, PledgeStatus.WITHDRAWN, True),
        (PledgeStatus.WITHDRAWN, PledgeStatus.OFFERED, True),
        (PledgeStatus.DRAFT, PledgeStatus.DEPLOYED, False),
        (PledgeStatus.DEPLOYED, PledgeStatus.OFFERED, False),
        (PledgeStatus.WITHDRAWN, PledgeStatus.DEPLOYED, False),
    ],
)
def test_status_transitions(start, to, ok):
    p = pledge(status=start)
    if ok:
        check_pledge_transition(p, to)
    else:
        with pytest.raises(InvalidInput, match=f"cannot go from {start.value} to {to.value}"):
            check_pledge_transition(p, to)


def test_pledge_for_an_unknown_phase_is_a_located_reference_error():
    ds = Dataset(
        nations=(Nation(iso3="GBR", name="United Kingdom"),),
        missions=(Mission(id="m", name="M"),),
        phases=(Phase(id="p1", mission="m", name="Truce", seq=1),),
        capabilities=(
            Capability(id="inf", name="Infantry", unit="battalion", domain=CapabilityDomain.LAND),
        ),
        pledges=(pledge(phases=("p1", "p9")),),
    )
    assert [str(p) for p in ds.check()] == ["pledge 'P1' field phases: unknown phase 'p9'"]


def test_prerequisite_cycles_are_found():
    ds = Dataset(
        conditions=(
            Condition(id="a", name="A", prerequisites=("b",)),
            Condition(id="b", name="B", prerequisites=("a",)),
        )
    )
    assert any("cycle" in str(p) for p in ds.check())


def test_actor_speaks_for_the_nation_of_the_office_held_that_day():
    scholz = Actor(
        name="Olaf Scholz",
        gender="m",
        offices=(
            Office(title="Chancellor", nation="DEU", start=date(2021, 12, 8), end=date(2025, 5, 6)),
        ),
    )
    assert scholz.nation_on(date(2025, 3, 3)) == "DEU"
    assert scholz.nation_on(date(2025, 5, 7)) is None


def test_every_entity_round_trips_through_records():
    objs = [
        Nation(
            iso3="FRA", name="France", eu=True, nato=True, gdp_eur_bn=2900.5, aliases=("Paris",)
        ),
        Actor(
            name="Emmanuel Macron",
            offices=(Office(title="President", nation="FRA", start=date(2017, 5, 14)),),
        ),
        Capability(
            id="ad",
            name="Air defence",
            unit="battery",
            domain=CapabilityDomain.AIR,
            substitutes=(Substitution(capability="x", efficiency=0.5),),
        ),
        RequirementLine(id="r", phase="p", capability="ad", quantity=4, minimum=2, priority=2),
        pledge(conditions=("truce",), caveats=("no-combat",), valid_from=date(2025, 4, 1)),
        Condition(id="us", name="US backstop", probability=0.3, group="us", loading=0.6),
        Scenario(id="s", name="S", forced={"truce": True}, probabilities={"us": 0.2}),
    ]
    for obj in objs:
        assert from_record(type(obj), to_record(obj)) == obj


def test_from_record_reports_every_problem_at_once():
    with pytest.raises(InvalidInput) as e:
        from_record(
            Pledge,
            {
                "id": "P2",
                "nation": "gb",
                "capability": "inf",
                "quantity": "two",
                "phases": [],
                "x": 1,
            },
        )
    fields = sorted(p.field for p in e.value.problems)
    assert fields == ["nation", "phases", "quantity", "sources", "x"]


def test_scenario_refuses_probability_outside_unit_interval():
    with pytest.raises(
        InvalidInput, match=r"probabilities.us: expected a number ≥ 0 and ≤ 1, got 1.5"
    ):
        Scenario(id="s", name="S", probabilities={"us": 1.5})
