"""Force generation end to end on both databases: a call, offers, decisions, the shortfall list.

Expectations come from the engine run independently on the data (coverage before and after),
from the policy (who may read which offer), and from the demo's own records, never pasted.
"""

from __future__ import annotations

import io
import random
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from muster.app import conference
from muster.auth import Role, User
from muster.auth.policy import can_read
from muster.data import demo_dataset
from muster.domain import Call, Classification, Decision, Offer, Pledge, PledgeStatus, Stance
from muster.domain.conference import PledgeFact, suggest
from muster.engine.coverage import coverage
from muster.errors import Forbidden, InvalidInput, NotFound
from muster.store import service
from muster.store.load import load_dataset

PLANNER = User(name="planner", role=Role.PLANNER)
DEU = User(name="deu", role=Role.DELEGATE, nation="DEU")
GBR = User(name="gbr", role=Role.DELEGATE, nation="GBR")
VIEWER = User(name="viewer", role=Role.VIEWER)
TODAY = date(2026, 2, 1)
LINES = ("rl-pp-inf-bn", "rl-pp-isr")


def open_call(session, **kw) -> Call:
    call = Call(
        id="fsc-test",
        name="Test sourcing",
        lines=LINES,
        deadline=date(2026, 3, 1),
        entered_by="planner",
        **kw,
    )
    return conference.create_call(session=session, user=PLANNER, call=call, reason="round 1")


def offer(nation: str, line: str, qty: float, **kw) -> Offer:
    return Offer(
        id=f"o-{nation.lower()}-{line}",
        call="fsc-test",
        line=line,
        nation=nation,
        quantity=qty,
        **{"entered_by": "x", **kw},
    )


def filled(session, line: str) -> float:
    result = coverage(load_dataset(session=session))
    return next(x.filled for x in result.lines if x.line == line)


def test_accepting_an_offer_makes_a_pledge_that_coverage_counts(loaded_demo):
    open_call(loaded_demo)
    before = filled(loaded_demo, "rl-pp-inf-bn")
    made = conference.submit_offer(
        session=loaded_demo,
        user=DEU,
        offer=offer("DEU", "rl-pp-inf-bn", 2, readiness_days=60, entered_by="someone-else"),
        reason="Berlin offers",
        today=TODAY,
    )
    assert made.obj.entered_by == "deu"  # who acts, not what the client said
    assert made.obj.offered == TODAY
    done = conference.decide(
        session=loaded_demo,
        user=PLANNER,
        offer_id=made.obj.id,
        decision=Decision.ACCEPT,
        reason="fits",
    )
    pledge = service.get(session=loaded_demo, entity=Pledge, key=done.obj.pledge).obj
    assert (pledge.nation, pledge.capability, pledge.quantity) == ("DEU", "inf-bn", 2)
    assert pledge.status is PledgeStatus.CONFIRMED
    assert pledge.phases == ("ph-post-peace",)
    after = filled(loaded_demo, "rl-pp-inf-bn")
    assert after > before
    view = conference.view(session=loaded_demo, user=PLANNER, call_id="fsc-test", on=TODAY)
    line = next(g.sourcing for g in view.lines if g.sourcing.line == "rl-pp-inf-bn")
    assert line.filled == pytest.approx(after)
    assert line.accepted == 2
    # declining it afterwards withdraws the pledge, and coverage falls back
    conference.decide(
        session=loaded_demo,
        user=PLANNER,
        offer_id=made.obj.id,
        decision=Decision.DECLINE,
        reason="Berlin recalled it",
    )
    gone = service.get(session=loaded_demo, entity=Pledge, key=pledge.id).obj
    assert gone.status is PledgeStatus.WITHDRAWN
    assert filled(loaded_demo, "rl-pp-inf-bn") == pytest.approx(before)
    # and accepting again offers it again
    again = conference.decide(
        session=loaded_demo,
        user=PLANNER,
        offer_id=made.obj.id,
        decision=Decision.ACCEPT,
        reason="back on",
    )
    assert again.obj.pledge == pledge.id
    assert filled(loaded_demo, "rl-pp-inf-bn") == pytest.approx(after)


def test_accepting_never_overwrites_a_pledge_that_holds_the_derived_id(loaded_demo):
    open_call(loaded_demo)
    made = conference.submit_offer(
        session=loaded_demo,
        user=DEU,
        offer=offer("DEU", "rl-pp-inf-bn", 2),
        reason="Berlin offers",
        today=TODAY,
    )
    template = next(iter(load_dataset(session=loaded_demo).pledges))
    squatter = replace(
        template, id=f"p-{made.obj.id}", nation="GBR", note="entered by hand", entered_by="x"
    )
    service.create(session=loaded_demo, obj=squatter, who="user:x", reason="by hand")
    before = service.get(session=loaded_demo, entity=Pledge, key=squatter.id)
    done = conference.decide(
        session=loaded_demo,
        user=PLANNER,
        offer_id=made.obj.id,
        decision=Decision.ACCEPT,
        reason="fits",
    )
    assert done.obj.pledge != squatter.id
    after = service.get(session=loaded_demo, entity=Pledge, key=squatter.id)
    assert (after.version, after.obj) == (before.version, before.obj)
    made_pledge = service.get(session=loaded_demo, entity=Pledge, key=done.obj.pledge).obj
    assert (made_pledge.nation, made_pledge.quantity) == ("DEU", 2)
    # declined and accepted again, it finds its own pledge, not a third one
    for decision in (Decision.DECLINE, Decision.ACCEPT):
        again = conference.decide(
            session=loaded_demo,
            user=PLANNER,
            offer_id=made.obj.id,
            decision=decision,
            reason=decision.value,
        )
    assert again.obj.pledge == done.obj.pledge


def test_who_may_do_what(loaded_demo):
    with pytest.raises(Forbidden):  # a delegate opens no call
        conference.create_call(
            session=loaded_demo,
            user=DEU,
            call=Call(id="c", name="c", lines=LINES, entered_by="deu"),
            reason="r",
        )
    open_call(loaded_demo)
    with pytest.raises(Forbidden):  # a delegate offers for its own nation only
        conference.submit_offer(
            session=loaded_demo,
            user=DEU,
            offer=offer("GBR", "rl-pp-isr", 1),
            reason="r",
            today=TODAY,
        )
    made = conference.submit_offer(
        session=loaded_demo, user=GBR, offer=offer("GBR", "rl-pp-isr", 1), reason="r", today=TODAY
    )
    with pytest.raises(Forbidden):  # deciding is the planner's
        conference.decide(
            session=loaded_demo,
            user=GBR,
            offer_id=made.obj.id,
            decision=Decision.ACCEPT,
            reason="self-service",
        )


def test_bad_offers_are_refused_naming_the_field_and_change_nothing(loaded_demo):
    open_call(loaded_demo, invited=("GBR", "FRA"))
    cases = [
        (offer("GBR", "rl-tm-isr", 1), TODAY, "line"),  # not one of the call's lines
        (offer("DEU", "rl-pp-isr", 1), TODAY, "nation"),  # not invited
        (offer("GBR", "rl-pp-isr", 1), date(2026, 3, 2), "call"),  # past the deadline
        (
            offer("GBR", "rl-pp-isr", 1, decision=Decision.HOLD, reason="x"),
            TODAY,
            "decision",
        ),
    ]
    for bad, day, field in cases:
        user = DEU if bad.nation == "DEU" else GBR
        with pytest.raises(InvalidInput) as err:
            conference.submit_offer(
                session=loaded_demo, user=user, offer=bad, reason="r", today=day
            )
        assert field in {p.field for p in err.value.problems}
    assert [o for o in load_dataset(session=loaded_demo).offers if o.call == "fsc-test"] == []
    with pytest.raises(NotFound):
        conference.view(session=loaded_demo, user=PLANNER, call_id="no-such-call", on=TODAY)


def test_a_national_offer_is_read_only_by_its_nation_and_planners(loaded_demo):
    open_call(loaded_demo)
    secret = offer("GBR", "rl-pp-isr", 3, classification=Classification.NATIONAL)
    conference.submit_offer(session=loaded_demo, user=GBR, offer=secret, reason="r", today=TODAY)
    for user in (PLANNER, GBR, DEU, VIEWER):
        view = conference.view(session=loaded_demo, user=user, call_id="fsc-test", on=TODAY)
        seen = {o.id for o in view.offers}
        line = next(g.sourcing for g in view.lines if g.sourcing.line == "rl-pp-isr")
        expected = can_read(user, secret)
        assert (secret.id in seen) is expected
        assert line.offered == (3 if expected else 0)
        rows = conference.shortfall_rows(view)
        assert all(secret.id not in str(r) for r in rows)


def test_the_demo_call_shows_every_decision_and_its_accepted_pledge(loaded_demo):
    demo = demo_dataset()
    [call] = demo.calls
    view = conference.view(session=loaded_demo, user=PLANNER, call_id=call.id, on=TODAY)
    assert {o.decision for o in view.offers} == set(Decision)
    accepted = [o for o in view.offers if o.decision is Decision.ACCEPT]
    assert accepted
    assert all(o.pledge in demo.index("pledges") for o in accepted)
    assert call.illustrative
    assert all(o.illustrative for o in demo.offers)
    # the sourcing's "filled" is the engine's exact coverage of the same data
    result = coverage(demo)
    engine = {x.line: x.filled for x in result.lines}
    for g in view.lines:
        assert g.sourcing.filled == pytest.approx(engine[g.sourcing.line])


def test_the_shortfall_workbook_is_formula_safe(loaded_demo):
    open_call(loaded_demo)
    hostile = replace(
        load_dataset(session=loaded_demo).index("calls")["fsc-test"], name="=HYPERLINK(1)"
    )
    stored = service.get(session=loaded_demo, entity=Call, key="fsc-test")
    service.update(
        session=loaded_demo, obj=hostile, expected_version=stored.version, who="user:p", reason="r"
    )
    view = conference.view(session=loaded_demo, user=PLANNER, call_id="fsc-test", on=TODAY)
    wb = openpyxl.load_workbook(io.BytesIO(conference.shortfall_xlsx(view)))
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    rows = list(wb["shortfalls"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [g.sourcing.line for g in view.shortfalls]


# --- suggestions: a function of the data alone -------------------------------------------

STANCES = list(Stance)


@settings(max_examples=60, deadline=None)
@given(
    facts=st.lists(
        st.tuples(
            st.sampled_from(["AAA", "BBB", "CCC", "DDD"]),
            st.sampled_from(["inf-bn", "mech-bn", "isr"]),
            st.integers(1, 5),
        ),
        max_size=12,
    ),
    stances=st.dictionaries(
        st.sampled_from(["AAA", "BBB", "CCC", "DDD"]), st.sampled_from(STANCES)
    ),
    seed=st.integers(0, 1000),
)
def test_suggestions_do_not_depend_on_order(facts, stances, seed):
    pledges = [PledgeFact(n, c, q, ("ph",), PledgeStatus.OFFERED) for n, c, q in facts]
    nations = ["AAA", "BBB", "CCC", "DDD"]
    kw = {"capability": "inf-bn", "phase": "ph", "stand_ins": {"mech-bn": 0.8}}
    first = suggest(pledges=pledges, stances=stances, nations=nations, **kw)
    rng = random.Random(seed)
    rng.shuffle(pledges)
    rng.shuffle(nations)
    assert suggest(pledges=pledges, stances=stances, nations=nations, **kw) == first
    # nobody opposed is suggested; a nation fielding the capability outranks an equally
    # committed one that fields nothing
    assert all(stances.get(s.nation) is not Stance.OPPOSED for s in first)
    fielding = {n for n, c, _ in facts if c in ("inf-bn", "mech-bn")}
    for a in first:
        for b in first:
            same = stances.get(a.nation) == stances.get(b.nation)
            if same and a.nation in fielding and b.nation not in fielding:
                assert a.score > b.score


def test_every_problem_with_an_offer_is_named_at_once(loaded_demo):
    open_call(loaded_demo, invited=("GBR",))
    with pytest.raises(InvalidInput) as err:
        conference.submit_offer(
            session=loaded_demo,
            user=DEU,
            offer=offer("DEU", "rl-tm-isr", 1),
            reason="r",
            today=date(2026, 3, 2),
        )
    assert {p.field for p in err.value.problems} == {"line", "nation", "call"}


def test_the_brief_prints_each_calls_shortfall_list():
    from datetime import UTC, datetime

    from muster.auth.policy import filter_dataset
    from muster.web.report.brief import brief_view, render_brief

    ds = filter_dataset(VIEWER, demo_dataset())
    lists = conference.shortfall_lists(ds, TODAY)
    assert lists  # the demo's call has lines still short
    html = render_brief(
        brief_view(
            ds,
            as_of=TODAY,
            today=TODAY,
            generated_at=datetime(2026, 2, 1, tzinfo=UTC),
            audience="viewers",
            shortfalls=lists,
        )
    )
    assert "Shortfall lists" in html
    for sv in lists:
        assert sv.call.name in html
        for g in sv.shortfalls:
            assert g.name in html
