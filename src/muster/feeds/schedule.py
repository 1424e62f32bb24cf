"""When a feed is polled next: its interval, exponential backoff after errors, jitter; its health.

Pure: the caller passes the time (`now`) and the jitter's generator (`rng`), so schedules are
tested without a clock and without sleeping.

- After a poll that worked (a 304 included), the next is one interval later, ± 10 % so that
  feeds added together drift apart instead of being polled in bursts.
- After the n-th failure in a row, the wait is `interval × 2**n`, capped at `backoff_cap`
  (six hours, or the interval when that is longer), then scaled by a random factor in
  [0.5, 1] ("equal jitter"): never sooner than the usual interval, spread out so that a server
  that came back is not met by every watcher at once. A `Retry-After` the server sent is
  honoured up to the cap.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np

from muster.errors import InvalidInput, Problem, describe

MIN_INTERVAL = timedelta(minutes=1)
MAX_INTERVAL = timedelta(days=7)
DEFAULT_INTERVAL = timedelta(minutes=15)
BACKOFF_CAP = timedelta(hours=6)
JITTER = 0.1  # a successful poll's next one comes after interval × [1 - JITTER, 1 + JITTER]
DOWN_AFTER = 3  # failures in a row after which a feed is shown as down, not only failing
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_INTERVAL = re.compile(r"(\d+)\s*([dhms])")


class Health(StrEnum):
    """A feed's health, from its last polls."""

    NEW = "new"  # never polled yet
    OK = "ok"  # the last poll worked
    FAILING = "failing"  # the last one or two polls failed
    DOWN = "down"  # DOWN_AFTER or more polls in a row failed


def parse_interval(text: str, *, field: str = "--every") -> timedelta:
    """`15m`, `1h`, `1h30m`, `90s`, `1d` as a timedelta between MIN_INTERVAL and MAX_INTERVAL.

    Raises InvalidInput naming `field` for anything else.
    """
    compact = text.strip().lower().replace(" ", "")
    parts = _INTERVAL.findall(compact)
    if not compact or not parts or "".join(n + u for n, u in parts) != compact:
        raise InvalidInput(
            Problem(
                f"expected an interval such as 15m, 1h, 1h30m or 1d, got {describe(text)}",
                field=field,
            )
        )
    seconds = sum(int(n) * _UNITS[u] for n, u in parts)
    interval = timedelta(seconds=seconds)
    if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise InvalidInput(
            Problem(
                f"expected an interval from {format_interval(MIN_INTERVAL)} to "
                f"{format_interval(MAX_INTERVAL)}, got {describe(text)}",
                field=field,
            )
        )
    return interval


def format_interval(interval: timedelta) -> str:
    """`interval` as `parse_interval` reads it: 15m, 1h30m, 1d (whole seconds)."""
    seconds = int(interval.total_seconds())
    if seconds <= 0:
        return "0s"
    out = []
    for unit, size in _UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            out.append(f"{count}{unit}")
    return "".join(out)


def backoff_cap(interval: timedelta) -> timedelta:
    """The longest wait after failures: six hours, or the interval when that is longer."""
    return max(BACKOFF_CAP, interval)


def after_success(now: datetime, interval: timedelta, *, rng: np.random.Generator) -> datetime:
    """When to poll next after a poll that worked: one interval later, ± JITTER."""
    factor = float(rng.uniform(1 - JITTER, 1 + JITTER))
    return now + interval * factor


def after_failure(
    now: datetime,
    interval: timedelta,
    *,
    failures: int,
    rng: np.random.Generator,
    retry_after: timedelta | None = None,
) -> datetime:
    """When to poll next after the `failures`-th failure in a row (≥ 1).

    `interval × 2**failures`, capped, times a random factor in [0.5, 1], and never less than
    the interval; at least `retry_after` (capped too) when the server asked for it. Raises
    ValueError when `failures` < 1.
    """
    if failures < 1:
        raise ValueError("after_failure needs failures ≥ 1")
    cap = backoff_cap(interval)
    # in float seconds: interval × 2**failures would overflow a timedelta long after the cap
    doubled = interval.total_seconds() * 2.0 ** min(failures, 64)
    delay = timedelta(seconds=min(doubled, cap.total_seconds())) * float(rng.uniform(0.5, 1.0))
    delay = max(delay, interval)  # a failing feed is never polled more often than a healthy one
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return now + delay


def health(*, polled: bool, failures: int) -> Health:
    """A feed's health from whether it was ever polled and its failures in a row."""
    if failures >= DOWN_AFTER:
        return Health.DOWN
    if failures > 0:
        return Health.FAILING
    return Health.OK if polled else Health.NEW
