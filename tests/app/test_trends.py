"""`muster.app.trends`: the charts over time count only what the reader may read."""

from datetime import UTC, date, datetime

import pytest

from muster.app.changes import coverage_on
from muster.app.trends import aid_trend, coverage_trend, life_points, pledge_life, status_series
from muster.auth import Role, User
from muster.auth.policy import filter_dataset
from muster.domain import PledgeStatus
from muster.errors import NotFound
from muster.store import load_dataset, service
from muster.store.history import Change

ADMIN = User(name="admin", role=Role.ADMIN)
FRA = User(name="fra", role=Role.DELEGATE, nation="FRA")
VIEWER = User(name="viewer", role=Role.VIEWER)
TODAY = date(2027, 1, 1)


@pytest.mark.parametrize("user", [ADMIN, FRA, VIEWER], ids=lambda u: u.name)
def test_pledges_by_status_count_the_readers_pledges_only(loaded_demo, user):
    ds = filter_dataset(user, load_dataset(session=loaded_demo))
    series = status_series(session=loaded_demo, user=user, dataset=ds, today=TODAY)
    on_last_day = {s: counts[-1] for s, counts in series.counts.items()}
    expected = {s: sum(1 for p in ds.pledges if p.status is s) for s in PledgeStatus}
    assert on_last_day == expected
    assert series.days == tuple(sorted(series.days))


def test_a_pledges_life_follows_its_history(loaded_demo, clock):
    loaded_demo.commit()
    clock.set("2026-03-01T10:00:00+00:00")
    service.set_pledge_status(
        session=loaded_demo, pledge_id="p-gbr-inf", status="confirmed", who="user:g", reason="ok"
    )
    loaded_demo.commit()
    clock.set("2026-04-01T10:00:00+00:00")
    service.set_pledge_status(
        session=loaded_demo, pledge_id="p-gbr-inf", status="withdrawn", who="user:g", reason="no"
    )
    ds = load_dataset(session=loaded_demo)
    life = pledge_life(session=loaded_demo, user=ADMIN, dataset=ds, pledge_id="p-gbr-inf")
    # recorded (the test clock: 2025-03-01) before its first source's date (2025-03-27), the
    # pledge starts when it was recorded; otherwise it would start at the source's date
    loaded_at = datetime(2025, 3, 1, tzinfo=UTC)
    assert [(p.status, p.clock) for p in life.points] == [
        (PledgeStatus.OFFERED, "recorded"),
        (PledgeStatus.CONFIRMED, "recorded"),
        (PledgeStatus.WITHDRAWN, "recorded"),
    ]
    assert life.points[0].at == loaded_at
    assert [p.why for p in life.points[1:]] == ["ok", "no"]
    hidden = filter_dataset(VIEWER, ds)
    with pytest.raises(NotFound):  # FRA's national pledge, as if it did not exist
        pledge_life(session=loaded_demo, user=VIEWER, dataset=hidden, pledge_id="p-fra-ad")


def test_coverage_over_time_ends_at_todays_coverage(loaded_demo):
    ds = filter_dataset(FRA, load_dataset(session=loaded_demo))
    trend = coverage_trend(ds, today=TODAY)
    now = coverage_on(ds, TODAY, None)
    assert now is not None
    for ph in trend.phases:
        lines = [x for x in now.lines if x.phase == ph.phase and x.required > 0]
        expected = 100 * sum(min(x.filled / x.required, 1) for x in lines) / len(lines)
        assert ph.covered[-1] == pytest.approx(expected)
        assert all((p or 0) + 1e-9 >= (c or 0) for p, c in zip(ph.pledged, ph.covered, strict=True))
    assert trend.days[-1] == TODAY


def test_aid_by_donor_sums_values_by_stage_date(loaded_demo):
    ds = load_dataset(session=loaded_demo)
    trend = aid_trend(ds)
    for donor in trend.donors:
        records = [a for a in ds.aid_records if a.donor == donor.donor]
        committed = sum(a.value_eur for a in records if a.value_eur and a.committed)
        assert (donor.values["committed"][-1] if trend.days else 0) == committed


def test_a_pledge_recorded_after_its_source_starts_at_the_source_date():
    recorded = datetime(2026, 12, 7, 9, tzinfo=UTC)
    create = Change(1, "pledge", "p", 1, "create", "process:demo", "load", recorded, None,
                    {"status": "offered", "quantity": 2})  # fmt: skip
    [point] = life_points([create], date(2025, 3, 27))
    assert (point.at, point.clock) == (datetime(2025, 3, 27, tzinfo=UTC), "dated")
