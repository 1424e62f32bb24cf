"""Signing in with a password, rate limited per user name and client address.

Two limiters with one interface: `SharedLoginLimiter` (the default) counts failures in the
database's `login_failures` table, so every worker process and machine serving one database
shares the count; `LoginLimiter` counts in this process's memory (`MUSTER_LOGIN_LIMITER=memory`,
one process only). Both check and count in one step before the password is verified.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session
from starlette.requests import Request

from muster.auth import SignInRequired
from muster.errors import MusterError
from muster.store import user as user_store
from muster.store.db import utcnow
from muster.store.schema import login_failures
from muster.store.user import UserRecord
from muster.web.security.sessions import sign_in


class Limiter(Protocol):
    """What `password_sign_in` needs of a login limiter."""

    def attempt(self, username: str, address: str, *, session: Session) -> int | None: ...

    def succeeded(self, username: str, address: str, *, session: Session) -> None: ...


def _keys(username: str, address: str, max_failures: int) -> list[tuple[tuple[str, str], int]]:
    """(key, limit): the name from this address, and the address across names (ten times)."""
    return [
        ((username.strip().lower(), address), max_failures),
        (("*", address), max_failures * 10),
    ]


class LoginLimiter:
    """Counts failed sign-ins per (user name, client address) and per address; bounded memory.

    After `max_failures` failures within `window_s` seconds for one name from one address, or
    ten times as many from one address across names, further attempts are refused until the
    window has passed. A success clears the name's count. At most `max_keys` keys are kept;
    the oldest are forgotten first. In-process: with several workers each keeps its own count
    (use `SharedLoginLimiter` then).

    Atomic: `attempt` checks and counts under one lock *before* the password is verified, so
    concurrent guesses cannot all pass the check before the first failure is counted; a
    success then takes its attempt back (`succeeded`).
    """

    def __init__(
        self,
        *,
        max_failures: int = 5,
        window_s: float = 300.0,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_keys = max_keys
        self.clock = clock
        self._failures: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _keys(self, username: str, address: str) -> list[tuple[tuple[str, str], int]]:
        return _keys(username, address, self.max_failures)

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def attempt(self, username: str, address: str, *, session: Session | None = None) -> int | None:
        """Seconds to wait when an attempt is refused; else None, and the attempt is counted as
        a failure until `succeeded` takes it back (check and count are one step)."""
        with self._lock:
            wait = self._retry_after(username, address)
            if wait is None:
                self._failed(username, address)
            return wait

    def retry_after(self, username: str, address: str) -> int | None:
        """Seconds to wait before another attempt is allowed, or None when one is allowed now."""
        with self._lock:
            return self._retry_after(username, address)

    def _retry_after(self, username: str, address: str) -> int | None:
        now = self.clock()
        wait = 0.0
        for key, limit in self._keys(username, address):
            times = self._recent(key, now)
            if len(times) >= limit:
                wait = max(wait, times[-limit] + self.window_s - now)
        return max(1, int(wait + 0.999)) if wait > 0 else None

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            self._failed(username, address)

    def _failed(self, username: str, address: str) -> None:
        now = self.clock()
        for key, _ in self._keys(username, address):
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def succeeded(self, username: str, address: str, *, session: Session | None = None) -> None:
        """Clear the name's count, and take back the address's count of this attempt."""
        (name_key, _), (address_key, _) = self._keys(username, address)
        with self._lock:
            self._failures.pop(name_key, None)
            times = self._failures.get(address_key)
            if times:
                times.pop()

    def __len__(self) -> int:
        return len(self._failures)


class SharedLoginLimiter:
    """Counts failed sign-ins in the database, shared by every process that serves it.

    The same rule as `LoginLimiter` (a sliding window of `window_s` seconds; `max_failures` per
    name and address, ten times as many per address). `attempt` locks the keys it counts
    (PostgreSQL: a transaction-level advisory lock per key, taken in one order; SQLite: the
    write transaction is the one writer), counts the failures in the window, records this
    attempt, and commits that before the password is verified: concurrent guesses on any
    number of processes queue on the lock, and a request that fails later cannot roll the
    count back. `succeeded` takes it back in the caller's transaction.
    """

    def __init__(
        self,
        *,
        max_failures: int = 5,
        window_s: float = 300.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock

    def _keys(self, username: str, address: str) -> list[tuple[str, int]]:
        return [
            (f"{n}|{a}", limit) for (n, a), limit in _keys(username, address, self.max_failures)
        ]

    def attempt(self, username: str, address: str, *, session: Session) -> int | None:
        """Seconds to wait when an attempt is refused; else None, and the attempt is counted
        (committed in `session`, whose transaction starts afresh) until `succeeded`."""
        keys = self._keys(username, address)
        if session.get_bind().dialect.name == "postgresql":
            for key, _ in sorted(keys):  # one order: two attempts never wait on each other
                session.execute(
                    sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key}
                )
        now = self.clock()
        since = now - timedelta(seconds=self.window_s)
        session.execute(login_failures.delete().where(login_failures.c.at <= since))
        wait = 0.0
        c = login_failures.c
        for key, limit in keys:
            times = session.scalars(
                sa.select(c.at).where(c.key == key, c.at > since).order_by(c.at.desc()).limit(limit)
            ).all()
            if len(times) >= limit:
                wait = max(wait, (times[-1] - since).total_seconds())
        if wait > 0:
            session.commit()  # keep the clean-up; nothing counted
            return max(1, int(wait + 0.999))
        session.execute(login_failures.insert(), [{"key": key, "at": now} for key, _ in keys])
        session.commit()  # the count outlives whatever the rest of the request does
        return None

    def retry_after(self, username: str, address: str, *, session: Session) -> int | None:
        """Seconds to wait before another attempt is allowed, or None (reads only)."""
        since = self.clock() - timedelta(seconds=self.window_s)
        c = login_failures.c
        wait = 0.0
        for key, limit in self._keys(username, address):
            times = session.scalars(
                sa.select(c.at).where(c.key == key, c.at > since).order_by(c.at.desc()).limit(limit)
            ).all()
            if len(times) >= limit:
                wait = max(wait, (times[-1] - since).total_seconds())
        return max(1, int(wait + 0.999)) if wait > 0 else None

    def succeeded(self, username: str, address: str, *, session: Session) -> None:
        """Clear the name's count, and take back the address's count of this attempt."""
        (name_key, _), (address_key, _) = self._keys(username, address)
        c = login_failures.c
        session.execute(login_failures.delete().where(c.key == name_key))
        last = session.scalar(
            sa.select(c.id).where(c.key == address_key).order_by(c.at.desc(), c.id.desc()).limit(1)
        )
        if last is not None:
            session.execute(login_failures.delete().where(c.id == last))


class RedisLoginLimiter:
    """Counts failed sign-ins in Redis with the `limits` library (`MUSTER_LOGIN_LIMITER=redis`).

    The same keys and limits as the others, on limits' moving window: each `hit` checks and
    counts in one Lua script run by Redis, so it is atomic across processes and machines.
    A success clears the name's count; the address's count of that attempt cannot be taken
    back (limits has no "un-hit"), so a success still uses one of the address's attempts.
    """

    def __init__(self, *, url: str, max_failures: int = 5, window_s: float = 300.0) -> None:
        from limits import RateLimitItemPerSecond
        from limits.storage import RedisStorage
        from limits.strategies import MovingWindowRateLimiter

        self.max_failures = max_failures
        seconds = max(1, int(window_s))
        self._limiter = MovingWindowRateLimiter(RedisStorage(url))
        self._items = [
            RateLimitItemPerSecond(max_failures, seconds, namespace="muster-login"),
            RateLimitItemPerSecond(max_failures * 10, seconds, namespace="muster-login"),
        ]

    def _pairs(self, username: str, address: str) -> list[tuple[Any, str]]:
        keys = [f"{n}|{a}" for (n, a), _ in _keys(username, address, self.max_failures)]
        return list(zip(self._items, keys, strict=True))

    def _wait(self, item: Any, key: str) -> int:
        reset = self._limiter.get_window_stats(item, key).reset_time
        return max(1, int(reset - time.time() + 0.999))

    def attempt(self, username: str, address: str, *, session: Session | None = None) -> int | None:
        for item, key in self._pairs(username, address):
            if not self._limiter.hit(item, key):
                return self._wait(item, key)
        return None

    def retry_after(self, username: str, address: str) -> int | None:
        for item, key in self._pairs(username, address):
            if not self._limiter.test(item, key):
                return self._wait(item, key)
        return None

    def succeeded(self, username: str, address: str, *, session: Session | None = None) -> None:
        item, key = self._pairs(username, address)[0]
        self._limiter.clear(item, key)


class TooManyAttempts(MusterError):
    """Sign-in refused for a while after repeated failures (HTTP 429 with Retry-After)."""

    http_status = 429
    title = "Too many attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def password_sign_in(request: Request, db: Session, username: str, password: str) -> UserRecord:
    """Check a user name and password, rate limited, and start a fresh session on success.

    Raises `TooManyAttempts` after repeated failures and `SignInRequired` (401) for a wrong name
    or password, without saying which of the two was wrong.
    """
    limiter: Limiter = request.app.state.login_limiter
    address = client_address(request)
    wait = limiter.attempt(username, address, session=db)  # counted now: guesses queue here
    if wait is not None:
        raise TooManyAttempts(
            f"too many failed sign-ins; try again in {wait} seconds", retry_after=wait
        )
    account = user_store.authenticate(session=db, username=username, password=password)
    if account is None:
        raise SignInRequired("wrong user name or password")
    limiter.succeeded(username, address, session=db)
    sign_in(request, account.username, account.version)
    return account
