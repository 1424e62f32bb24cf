"""`muster.app.changes`: what changed since a date, on both databases, as each reader may see it.

Expected values are derived from the demo dataset here, independently of the code under test.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from muster.app.changes import changes_since, coverage_on, dated_start, reference_dates, window
from muster.auth import Role, User
from muster.auth.policy import can_read
from muster.data import demo_dataset
from muster.domain import Condition, ConditionStatus, PledgeStatus, StatementStatus, stances_as_of
from muster.domain.condition import StatusChange
from muster.errors import InvalidInput
from muster.store import service

ADMIN = User(name="admin", role=Role.ADMIN)
FRA = User(name="fra-delegate", role=Role.DELEGATE, nation="FRA")
VIEWER = User(name="viewer", role=Role.VIEWER)
SINCE = date(2025, 9, 1)
LATER = datetime(2027, 1, 1, tzinfo=UTC)


def expected_stance_changes(since: date) -> set[tuple[str, str, str]]:
    """(nation, date, new stance) for every stance change dated on or after `since`."""
    accepted = [s for s in demo_dataset().statements if s.status is StatementStatus.ACCEPTED]
    days = sorted({s.date for s in accepted if s.date >= since})
    out = set()
    previous = stances_as_of(accepted, date.fromordinal(since.toordinal() - 1))
    for day in days:
        now = stances_as_of(accepted, day)
        for nation, ns in now.items():
            if nation not in previous or previous[nation].stance is not ns.stance:
                out.add((nation, day.isoformat(), ns.stance.value))
        previous = now
    return out


def expected_pledges(user: User, since: date) -> set[str]:
    ds = demo_dataset()
    published = {s.id: s.published for s in ds.sources}
    return {
        p.id
        for p in ds.pledges
        if can_read(user, p)
        and (start := dated_start(p.valid_from, p.sources, published)) is not None
        and start >= since
    }


def test_stance_changes_after_a_date_follow_statement_dates(loaded_demo, clock):
    report = changes_since(session=loaded_demo, user=ADMIN, since=SINCE, now=LATER)
    found = {(s.nation, s.on.isoformat(), s.after.value) for s in report.stances}
    assert found == expected_stance_changes(SINCE)
    assert found  # the demo has stance changes after September 2025
    assert all(s.clock == "dated" for s in report.stances)
    # each change names the statement that made it: one of its nation's, dated that day
    statements = {s.id: s for s in demo_dataset().statements}
    for change in report.stances:
        assert change.before is not change.after
        deciding = statements[change.statement]
        assert (deciding.nation, deciding.date) == (change.nation, change.on)


@pytest.mark.parametrize("user", [ADMIN, FRA, VIEWER], ids=lambda u: u.name)
def test_pledges_added_follow_their_dated_start_and_the_read_policy(loaded_demo, clock, user):
    report = changes_since(session=loaded_demo, user=user, since=SINCE, now=LATER)
    added = {p.pledge for p in report.pledges if p.what == "added"}
    assert added == expected_pledges(user, SINCE)
    assert all(p.clock == "dated" for p in report.pledges)
    backdated = {b.key for b in report.backdated if b.entity == "pledge"}
    assert not backdated & added
    if user is not ADMIN:
        assert "p-deu-inf" not in added | backdated  # Germany's national pledge


def test_recorded_status_changes_are_listed_with_who_and_why(loaded_demo, clock):
    loaded_demo.commit()  # a new transaction: a new record time
    clock.set("2026-02-10T09:00:00+00:00")
    service.set_pledge_status(
        session=loaded_demo,
        pledge_id="p-fra-ad",
        status=PledgeStatus.WITHDRAWN,
        who="user:fra-delegate",
        reason="Paris recalls the battery",
    )
    service.set_pledge_status(
        session=loaded_demo,
        pledge_id="p-gbr-inf",
        status=PledgeStatus.CONFIRMED,
        who="user:gbr-delegate",
        reason="cabinet approval",
    )
    condition = service.get(session=loaded_demo, entity=Condition, key="us-backstop")
    service.update(
        session=loaded_demo,
        obj=replace(
            condition.obj,
            status_history=(
                *condition.obj.status_history,
                StatusChange(status=ConditionStatus.FAILS),
            ),
        ),
        expected_version=condition.version,
        who="user:planner",
        reason="Washington declines",
    )
    since = datetime(2026, 2, 1, tzinfo=UTC)
    report = changes_since(session=loaded_demo, user=ADMIN, since=since, now=LATER)
    lines = {(p.pledge, p.what, p.clock, p.who, p.why) for p in report.pledges}
    assert (
        "p-fra-ad",
        "withdrawn",
        "recorded",
        "user:fra-delegate",
        "Paris recalls the battery",
    ) in lines
    assert ("p-gbr-inf", "confirmed", "recorded", "user:gbr-delegate", "cabinet approval") in lines
    cond = [c for c in report.conditions if c.condition == "us-backstop"]
    assert [(c.after, c.clock, c.who) for c in cond] == [
        (ConditionStatus.FAILS, "recorded", "user:planner")
    ]
    # the FRA national pledge's withdrawal is not told to a viewer, nor to another delegation
    for reader in (VIEWER, User(name="gbr", role=Role.DELEGATE, nation="GBR")):
        seen = changes_since(session=loaded_demo, user=reader, since=since, now=LATER)
        assert "p-fra-ad" not in {p.pledge for p in seen.pledges}
        assert "p-gbr-inf" in {p.pledge for p in seen.pledges}
    # a window that ends before the change does not list it
    before = changes_since(
        session=loaded_demo, user=ADMIN, since=since, until=date(2026, 2, 9), now=LATER
    )
    assert not [p for p in before.pledges if p.clock == "recorded"]


def test_coverage_then_and_now_and_the_gaps_that_moved(loaded_demo, clock):
    report = changes_since(session=loaded_demo, user=ADMIN, since=SINCE, now=LATER)
    ds = demo_dataset()
    then = coverage_on(ds, date(2025, 8, 31), None)
    now = coverage_on(ds, LATER.date(), None)
    assert then is not None
    assert now is not None
    gaps_then = {x.line for x in then.lines if x.gap > 1e-9}
    gaps_now = {x.line for x in now.lines if x.gap > 1e-9}
    assert {g.line for g in report.new_gaps} == gaps_now - gaps_then
    assert {g.line for g in report.closed_gaps} == gaps_then - gaps_now
    assert [c.phase for c in report.coverage] == [
        p.id for p in sorted(ds.phases, key=lambda p: p.seq)
    ]
    # pledges dated later are not counted then: some phase gains coverage over the window
    assert any((c.now or 0) > (c.then or 0) for c in report.coverage)


def test_a_window_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidInput, match="before it starts"):
        window(date(2025, 9, 2), date(2025, 9, 1), now=LATER)


def test_reference_dates_are_named_meetings_up_to_today():
    found = reference_dates(today=date(2025, 9, 10))
    assert found[0].day == date(2025, 9, 4)
    assert all(m.day <= date(2025, 9, 10) for m in found)
    assert [m.day for m in found] == sorted((m.day for m in found), reverse=True)


def test_dated_condition_changes_come_from_the_status_history(loaded_demo):
    """Every dated entry of a condition's status history inside the window is listed on its
    date, from the status in force before it; none outside the window is."""
    ds = demo_dataset()
    dated = [(c, e) for c in ds.conditions for e in c.status_history if e.start is not None]
    assert dated, "the demo dates some condition statuses"
    since = min(e.start for _, e in dated)
    report = changes_since(
        session=loaded_demo, user=ADMIN, since=datetime.combine(since, time(), UTC), now=LATER
    )
    listed = {(c.condition, c.on, c.after) for c in report.conditions if c.clock == "dated"}
    for cond, entry in dated:
        if entry.status is not cond.status_on(entry.start - timedelta(days=1)):
            assert (cond.id, entry.start, entry.status) in listed
    later = changes_since(
        session=loaded_demo,
        user=ADMIN,
        since=datetime.combine(max(e.start for _, e in dated) + timedelta(days=1), time(), UTC),
        now=LATER,
    )
    assert not [c for c in later.conditions if c.clock == "dated"]


def test_a_conference_deadline_is_a_date_to_count_changes_from():
    """Since the last conference: each call's deadline joins the coalition's meetings."""
    calls = demo_dataset().calls
    dated = [c for c in calls if c.deadline is not None]
    assert dated
    last = max(c.deadline for c in dated)
    refs = reference_dates(today=last, calls=calls)
    assert refs[0].day == last
    assert refs[0].label.startswith("Conference: ")
    before = reference_dates(today=last - timedelta(days=1), calls=calls)
    assert all(r.day < last for r in before)
