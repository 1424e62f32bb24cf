"""The schedule: intervals, backoff with jitter and a cap, health. Pure: no clock, no sleeping."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from muster.errors import InvalidInput
from muster.feeds.schedule import (
    BACKOFF_CAP,
    Health,
    after_failure,
    after_success,
    backoff_cap,
    format_interval,
    health,
    parse_interval,
)

NOW = datetime(2025, 3, 3, 12, tzinfo=UTC)
QUARTER = timedelta(minutes=15)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("1h", 3600), ("1h30m", 5400), ("90s", 90), ("1d", 86400), (" 2H ", 7200)],
)
def test_intervals_read_as_written(text, seconds):
    assert parse_interval(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15", "m", "15 minutes", "1h-5m", "30s", "8d", "0m"])
def test_bad_intervals_are_refused_naming_the_option(text):
    with pytest.raises(InvalidInput) as e:
        parse_interval(text)
    assert e.value.problems[0].field == "--every"


def test_intervals_print_as_they_are_read():
    for text in ("15m", "1h30m", "1d", "2h", "1d1h1m1s"):
        assert format_interval(parse_interval(text)) == text


def test_after_success_is_one_interval_give_or_take_ten_percent():
    rng = np.random.default_rng(1)
    waits = [after_success(NOW, QUARTER, rng=rng) - NOW for _ in range(500)]
    assert min(waits) >= QUARTER * 0.9
    assert max(waits) <= QUARTER * 1.1
    assert len({w.total_seconds() for w in waits}) > 400  # jittered, not one fixed delay


def test_backoff_doubles_from_the_interval_within_equal_jitter():
    rng = np.random.default_rng(2)
    for failures, full in ((1, 2 * QUARTER), (2, 4 * QUARTER), (3, 8 * QUARTER)):
        waits = [after_failure(NOW, QUARTER, failures=failures, rng=rng) - NOW for _ in range(200)]
        assert min(waits) >= full / 2
        assert max(waits) <= full
        assert min(waits) < full * 0.6  # the jitter spreads the whole range
        assert max(waits) > full * 0.9


def test_backoff_is_capped_and_never_sooner_than_the_interval():
    rng = np.random.default_rng(3)
    waits = [after_failure(NOW, QUARTER, failures=50, rng=rng) - NOW for _ in range(200)]
    assert max(waits) <= BACKOFF_CAP
    assert min(waits) >= BACKOFF_CAP / 2
    daily = timedelta(days=1)
    assert backoff_cap(daily) == daily  # a daily feed is never polled more than daily
    assert after_failure(NOW, daily, failures=1, rng=rng) - NOW >= daily / 2


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a shared, busy machine
@given(
    failures=st.integers(min_value=1, max_value=10_000),
    minutes=st.integers(min_value=1, max_value=7 * 24 * 60),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_backoff_bounds_hold_for_any_failure_count(failures, minutes, seed):
    interval = timedelta(minutes=minutes)
    wait = after_failure(NOW, interval, failures=failures, rng=np.random.default_rng(seed)) - NOW
    assert interval <= wait <= backoff_cap(interval)


def test_retry_after_is_honoured_up_to_the_cap():
    rng = np.random.default_rng(4)
    asked = timedelta(hours=2)
    assert after_failure(NOW, QUARTER, failures=1, rng=rng, retry_after=asked) - NOW == asked
    huge = timedelta(days=30)
    assert after_failure(NOW, QUARTER, failures=1, rng=rng, retry_after=huge) - NOW == BACKOFF_CAP


def test_same_seed_same_schedule():
    a = [after_failure(NOW, QUARTER, failures=2, rng=np.random.default_rng(9)) for _ in range(3)]
    b = [after_failure(NOW, QUARTER, failures=2, rng=np.random.default_rng(9)) for _ in range(3)]
    assert a == b


def test_health_from_failures_in_a_row():
    assert health(polled=False, failures=0) is Health.NEW
    assert health(polled=True, failures=0) is Health.OK
    assert health(polled=True, failures=1) is Health.FAILING
    assert health(polled=True, failures=2) is Health.FAILING
    assert health(polled=True, failures=3) is Health.DOWN
    assert health(polled=False, failures=4) is Health.DOWN
