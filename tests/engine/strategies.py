"""Hypothesis strategies: small random coalitions with every feature the engine handles."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from muster.domain import (
    Capability,
    CapabilityDomain,
    Condition,
    ConditionStatus,
    Dataset,
    Mission,
    Nation,
    Phase,
    Pledge,
    PledgeStatus,
    RequirementLine,
    Source,
    StatusChange,
    Substitution,
)

TAGS = ("a", "b", "c")
NATIONS = ("XAA", "XAB", "XAC", "XAD", "XAE", "XAF")


@st.composite
def coalitions(
    draw: st.DrawFn,
    *,
    substitution: bool = True,
    caveats: bool = True,
    correlation: bool = True,
    planning: bool = True,
    max_pledges: int = 9,
    max_lines: int = 6,
    max_conditions: int = 4,
) -> Dataset:
    """A small coalition. `planning` adds line weights, critical flags, rotation, sustained
    pledges and dated condition statuses (the December 2026 features)."""
    n_cond = draw(st.integers(0, max_conditions))
    conditions: list[Condition] = []
    for i in range(n_cond):
        grouped = correlation and draw(st.booleans())
        prereq = (f"c{i - 1}",) if i and draw(st.integers(0, 3)) == 0 else ()
        p = draw(st.sampled_from([0.1, 0.3, 0.5, 0.8, 1.0]))
        if prereq:  # a marginal probability: never above its prerequisite's
            p = conditions[-1].probability * draw(st.sampled_from([0.25, 0.5, 1.0]))
        status = draw(st.sampled_from([ConditionStatus.UNKNOWN] * 4 + list(ConditionStatus)))
        history: tuple[StatusChange, ...] = ()
        if status is not ConditionStatus.UNKNOWN:
            start = draw(st.sampled_from([None, date(2024, 6, 1)])) if planning else None
            history = (StatusChange(status=status, start=start),)
        conditions.append(
            Condition(
                id=f"c{i}",
                name=f"condition {i}",
                probability=p,
                status_history=history,
                group="g" if grouped else None,
                loading=draw(st.sampled_from([0.3, 0.6, 0.9])) if grouped else 0.0,
                prerequisites=prereq,
            )
        )
    n_cap = draw(st.integers(1, 3))
    caps = []
    for i in range(n_cap):
        subs = []
        if substitution:
            for j in range(n_cap):
                if j != i and draw(st.integers(0, 2)) == 0:
                    subs.append(
                        Substitution(
                            capability=f"k{j}",
                            efficiency=draw(st.sampled_from([0.25, 0.5, 0.75, 1.0])),
                        )
                    )
        caps.append(
            Capability(
                id=f"k{i}",
                name=f"cap {i}",
                unit="unit",
                domain=CapabilityDomain.LAND,
                substitutes=tuple(subs),
            )
        )
    n_phase = draw(st.integers(1, 2))
    phases = [
        Phase(
            id=f"p{i}",
            mission="m",
            name=f"phase {i}",
            seq=i,
            start=date(2025, 1 + 3 * i, 1),
            end=date(2025, 3 + 3 * i, 1),
        )
        for i in range(n_phase)
    ]
    tag_sets = st.lists(st.sampled_from(TAGS), unique=True, max_size=2) if caveats else st.just([])
    lines = []
    for i in range(draw(st.integers(1, max_lines))):
        quantity = draw(st.sampled_from([1, 2, 3, 5, 2.5, 8]))
        required = tuple(draw(tag_sets))[:1]
        excluded = tuple(t for t in draw(tag_sets) if t not in required)[:1]
        lines.append(
            RequirementLine(
                id=f"L{i}",
                phase=f"p{draw(st.integers(0, n_phase - 1))}",
                capability=f"k{draw(st.integers(0, n_cap - 1))}",
                quantity=quantity,
                minimum=draw(st.sampled_from([0, 0.5, 1])) * quantity,
                priority=draw(st.integers(1, 3)),
                weight=draw(st.sampled_from([1.0, 1.0, 2.0, 0.5, 3.0])) if planning else 1.0,
                critical=draw(st.integers(0, 2)) == 0 if planning else False,
                rotation=draw(st.sampled_from([1.0, 1.0, 1.0, 2.0, 3.0])) if planning else 1.0,
                required_tags=required,
                excluded_tags=excluded,
            )
        )
    pledges = []
    for i in range(draw(st.integers(0, max_pledges))):
        phase_ids = draw(st.lists(st.sampled_from([p.id for p in phases]), unique=True, min_size=1))
        conds = (
            draw(st.lists(st.sampled_from([c.id for c in conditions]), unique=True, max_size=2))
            if conditions
            else []
        )
        pledges.append(
            Pledge(
                id=f"P{i}",
                nation=draw(st.sampled_from(NATIONS)),
                capability=f"k{draw(st.integers(0, n_cap - 1))}",
                quantity=draw(st.sampled_from([0, 1, 2, 3, 4, 1.5, 6])),
                phases=tuple(phase_ids),
                conditions=tuple(conds),
                caveats=tuple(draw(tag_sets)),
                status=draw(st.sampled_from(list(PledgeStatus))),
                readiness_days=draw(st.sampled_from([None, 0, 30, 90])) if planning else None,
                sustained=draw(st.booleans()) if planning else False,
                valid_to=draw(st.sampled_from([None, None, None, date(2025, 3, 1)])),
                entered_by="test",
            )
        )
    return Dataset(
        sources=(Source(id="s", title="test"),),
        nations=tuple(Nation(iso3=n, name=n) for n in NATIONS),
        conditions=tuple(conditions),
        missions=(Mission(id="m", name="mission"),),
        phases=tuple(phases),
        capabilities=tuple(caps),
        requirement_lines=tuple(lines),
        pledges=tuple(pledges),
    )


@st.composite
def tie_coalitions(draw: st.DrawFn, *, max_classes: int = 5) -> Dataset:
    """One phase whose lines tie (same capability, quantity, weight and priority) but differ in
    the tag they require, so pledges with different tags make fair groups of up to
    `max_classes` classes (more than steps.MAX_FAIR sends the component to the LP)."""
    n = draw(st.integers(2, max_classes))
    tags = [f"t{i}" for i in range(n)]
    quantity = draw(st.sampled_from([2, 3, 4.5]))
    lines = tuple(
        RequirementLine(
            id=f"L{i}",
            phase="p0",
            capability="k0",
            quantity=quantity,
            minimum=draw(st.sampled_from([0, 1])),
            critical=draw(st.booleans()),
            required_tags=(tags[i],),
        )
        for i in range(n)
    )
    conditions = tuple(
        Condition(id=f"c{i}", name=f"condition {i}", probability=0.5) for i in range(2)
    )
    pledges = tuple(
        Pledge(
            id=f"P{i}",
            nation=draw(st.sampled_from(NATIONS)),
            capability="k0",
            quantity=draw(st.sampled_from([1, 2, 3, 5])),
            phases=("p0",),
            conditions=tuple(draw(st.lists(st.sampled_from(["c0", "c1"]), unique=True))),
            caveats=tuple(draw(st.lists(st.sampled_from(tags), min_size=1, unique=True))),
            entered_by="test",
        )
        for i in range(draw(st.integers(1, 6)))
    )
    return Dataset(
        sources=(Source(id="s", title="test"),),
        nations=tuple(Nation(iso3=x, name=x) for x in NATIONS),
        conditions=conditions,
        missions=(Mission(id="m", name="mission"),),
        phases=(Phase(id="p0", mission="m", name="phase", seq=0),),
        capabilities=(Capability(id="k0", name="cap", unit="unit", domain=CapabilityDomain.LAND),),
        requirement_lines=lines,
        pledges=pledges,
    )
