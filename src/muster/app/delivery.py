"""Sending what subscribers are owed: signed webhooks, e-mail digests, retries, the worker.

Webhooks follow Standard Webhooks (standardwebhooks.com), so receivers may verify them with
that project's libraries or the few lines in docs/web.md: headers `webhook-id` (the delivery's
id, the same on every retry: deduplicate on it), `webhook-timestamp` (Unix seconds of this
attempt) and `webhook-signature: v1,<base64 HMAC-SHA256>` over `id.timestamp.body` with the
subscription's secret (`whsec_` + base64 key). A receiver refuses timestamps more than five
minutes off, so a captured request cannot be replayed later.

Each attempt is logged (status, latency, error). A failed delivery is retried after
`MUSTER_DELIVERY_BACKOFF_S` × 2^(attempt-1) seconds (at most six hours), jittered by up to
half; after `MUSTER_DELIVERY_MAX_ATTEMPTS` it is parked (`muster subscription retry` queues it
again). E-mail deliveries wait for their subscription's digest (`MUSTER_DIGEST_MINUTES`).

Right before sending, each delivery is checked again against its subscriber as they are now:
an account disabled, a read scope changed, or a history entry no longer readable, and the
delivery is withheld (never sent, never shown).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import random
import smtplib
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from muster import __version__
from muster.app.events import dispatch
from muster.app.history import readable
from muster.app.subscription import private_address, scope_key
from muster.settings import Settings
from muster.store import subscription as store
from muster.store import user as user_store
from muster.store.db import Clock, transaction, utcnow
from muster.store.history import Change, entries

log = logging.getLogger("muster.delivery")
TIMEOUT_S = 10.0
MAX_DELAY_S = 6 * 3600.0
LEASE_S = 60.0  # a claimed delivery is retried by anyone after this, if its worker vanished
TOLERANCE_S = 300  # receivers refuse timestamps further off than this


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    return (
        "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()
    )


def verify(secret: str, headers: Mapping[str, str], body: bytes, *, now: float) -> bool:
    """What a receiver does (docs/web.md shows it): the three headers present, the timestamp
    within five minutes of `now` (Unix seconds), one `v1` signature equal in constant time."""
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        message_id = lower["webhook-id"]
        timestamp = int(lower["webhook-timestamp"])
        given = lower["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > TOLERANCE_S:
        return False
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, g) for g in given)


def backoff(attempt: int, base_s: float, rng: random.Random) -> float:
    """Seconds before attempt `attempt` + 1: base × 2^(attempt-1), capped, minus up to half of
    it at random (equal jitter), so failed receivers are not hit by every retry at once."""
    delay: float = min(MAX_DELAY_S, base_s * 2.0 ** (attempt - 1))
    return delay / 2 + rng.uniform(0, delay / 2)


@dataclass
class Round:
    """What one pass of the worker did."""

    dispatched: int = 0
    deliveries: int = 0
    delivered: int = 0
    failed: int = 0
    parked: int = 0
    withheld: int = 0
    digests: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def still_allowed(session: Session, delivery: store.DeliveryRecord, username: str) -> bool:
    """Whether the subscriber may still be told: active, the same read scope as when the event
    was made, and (for a history entry) the audit log's rule as it applies now."""
    account = user_store.find_user(session=session, username=username)
    if account is None or not account.active:
        return False
    user = account.principal()
    if scope_key(user) != delivery.scope:
        return False
    if delivery.entity is None or delivery.key is None or delivery.version is None:
        return True
    change = _history_entry(session, delivery.entity, delivery.key, delivery.version)
    return change is not None and any(True for _ in readable(session, user, [change]))


def _history_entry(session: Session, entity: str, key: str, version: int) -> Change | None:
    return next(
        (c for c in entries(session=session, entity=entity, key=key) if c.version == version),
        None,
    )


@dataclass(frozen=True, slots=True)
class Claimed:
    delivery: store.DeliveryRecord
    subscription: store.SubscriptionRecord


class Worker:
    """Dispatches the outbox and sends what is due. One per process; safe to run several
    (PostgreSQL skips rows another worker holds; SQLite writers take turns)."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        http: httpx.Client | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.http = http or httpx.Client(
            timeout=TIMEOUT_S,
            follow_redirects=False,
            headers={"user-agent": f"Muster/{__version__} (webhooks)"},
        )
        self.rng = rng or random.Random()

    def close(self) -> None:
        self.http.close()

    # --- one pass ---

    def run_once(self) -> Round:
        """Dispatch the whole outbox, then send every due webhook and digest once."""
        done = Round()
        while True:
            with transaction(self.engine, clock=self.clock) as session:
                step = dispatch(session=session, now=self.clock())
            done.dispatched += step.entries
            done.deliveries += step.deliveries
            if step.entries == 0:
                break
        self._webhooks(done)
        self._digests(done)
        return done

    def _claim(self, channel: str, done: Round) -> list[Claimed]:
        """Due deliveries of `channel`, leased to this worker; withholds those no longer allowed."""
        now = self.clock()
        claimed: list[Claimed] = []
        with transaction(self.engine, clock=self.clock) as session:
            due = store.due_deliveries(session=session, when=now, channel=channel)
            subs: dict[str, store.SubscriptionRecord] = {}
            for d in due:
                if d.subscription_id not in subs:
                    subs[d.subscription_id] = store.get_subscription(
                        session=session, subscription_id=d.subscription_id
                    )
                sub = subs[d.subscription_id]
                if not still_allowed(session, d, sub.username):
                    store.finish(session=session, delivery_id=d.id, state="withheld", when=now)
                    done.withheld += 1
                    continue
                claimed.append(Claimed(d, sub))
            if channel == "email":  # digests wait for their period; the rest is released below
                claimed = [c for c in claimed if self._digest_due(c.subscription, now)]
            store.lease(
                session=session,
                delivery_ids=[c.delivery.id for c in claimed],
                until=now + timedelta(seconds=LEASE_S),
            )
        return claimed

    def _digest_due(self, sub: store.SubscriptionRecord, now: datetime) -> bool:
        last = sub.last_digest_at
        return last is None or now - last >= timedelta(minutes=self.settings.digest_minutes)

    def _outcome(
        self,
        session: Session,
        d: store.DeliveryRecord,
        *,
        started: datetime,
        status: int | None,
        latency_ms: float,
        error: str | None,
        done: Round,
        park_now: bool = False,
    ) -> None:
        attempt = d.attempts + 1
        store.record_attempt(
            session=session,
            delivery_id=d.id,
            attempt=attempt,
            started_at=started,
            status=status,
            latency_ms=latency_ms,
            error=error,
        )
        now = self.clock()
        if error is None:
            store.finish(session=session, delivery_id=d.id, state="delivered", when=now)
            done.delivered += 1
        elif park_now or attempt >= self.settings.delivery_max_attempts:
            store.finish(session=session, delivery_id=d.id, state="parked", when=now, error=error)
            done.parked += 1
            log.warning("delivery %s parked after %d attempts: %s", d.id, attempt, error)
        else:
            wait = backoff(attempt, self.settings.delivery_backoff_s, self.rng)
            store.finish(
                session=session,
                delivery_id=d.id,
                state="pending",
                when=now,
                next_attempt_at=now + timedelta(seconds=wait),
                error=error,
            )
            done.failed += 1

    # --- webhooks ---

    def _webhooks(self, done: Round) -> None:
        for c in self._claim("webhook", done):
            status, latency, error, park = self.post(c.subscription, c.delivery)
            with transaction(self.engine, clock=self.clock) as session:
                self._outcome(
                    session,
                    c.delivery,
                    started=self.clock(),
                    status=status,
                    latency_ms=latency,
                    error=error,
                    done=done,
                    park_now=park,
                )

    def _refused_address(self, url: str) -> str | None:
        if self.settings.webhooks_to_private:
            return None
        host = urlsplit(url).hostname or ""
        try:
            found = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError as e:
            return f"cannot resolve {host}: {e}"
        if any(private_address(str(ip)) for ip in found) or private_address(host):
            return (
                f"{host} resolves to a private or loopback address (MUSTER_WEBHOOK_ALLOW_PRIVATE)"
            )
        return None

    def post(
        self, sub: store.SubscriptionRecord, d: store.DeliveryRecord
    ) -> tuple[int | None, float, str | None, bool]:
        """POST one delivery: (HTTP status, latency ms, error or None, park at once)."""
        refused = self._refused_address(sub.address)
        if refused is not None:
            return None, 0.0, refused, True
        body = json.dumps(d.payload, separators=(",", ":"), ensure_ascii=False).encode()
        timestamp = int(self.clock().timestamp())
        headers = {
            "content-type": "application/json",
            "webhook-id": d.id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(sub.secret or "", d.id, timestamp, body),
        }
        started = time.perf_counter()
        try:
            response = self.http.post(sub.address, content=body, headers=headers)
        except httpx.HTTPError as e:
            return None, (time.perf_counter() - started) * 1000, f"{type(e).__name__}: {e}", False
        latency = (time.perf_counter() - started) * 1000
        if 200 <= response.status_code < 300:
            return response.status_code, latency, None, False
        return response.status_code, latency, f"HTTP {response.status_code}", False

    # --- e-mail digests ---

    def _digests(self, done: Round) -> None:
        if not self.settings.smtp_host:  # digests wait, unsent and unparked, for a server
            return
        claimed = self._claim("email", done)
        by_sub: dict[str, list[Claimed]] = {}
        for c in claimed:
            by_sub.setdefault(c.subscription.id, []).append(c)
        for items in by_sub.values():
            sub = items[0].subscription
            started = self.clock()
            t0 = time.perf_counter()
            error, status = self.send_digest(sub, [c.delivery for c in items])
            latency = (time.perf_counter() - t0) * 1000
            with transaction(self.engine, clock=self.clock) as session:
                for c in items:
                    self._outcome(
                        session,
                        c.delivery,
                        started=started,
                        status=status,
                        latency_ms=latency,
                        error=error,
                        done=done,
                    )
                if error is None:
                    store.set_last_digest(
                        session=session, subscription_id=sub.id, when=self.clock()
                    )
                    done.digests += 1

    def send_digest(
        self, sub: store.SubscriptionRecord, items: list[store.DeliveryRecord]
    ) -> tuple[str | None, int | None]:
        """One e-mail listing `items`: (error or None, SMTP reply code)."""
        s = self.settings
        if not s.smtp_host:
            return "no SMTP server configured (MUSTER_SMTP_HOST)", None
        message = digest_message(sub, items, sender=s.smtp_from)
        try:
            smtp_class: Callable[..., smtplib.SMTP] = (
                smtplib.SMTP_SSL if s.smtp_security == "tls" else smtplib.SMTP
            )
            with smtp_class(s.smtp_host, s.smtp_port, timeout=TIMEOUT_S) as smtp:
                if s.smtp_security == "starttls":
                    smtp.starttls()
                if s.smtp_username:
                    password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                    smtp.login(s.smtp_username, password)
                smtp.send_message(message)
                code = smtp.noop()[0]
        except (smtplib.SMTPException, OSError) as e:
            return f"{type(e).__name__}: {e}", getattr(e, "smtp_code", None)
        return None, code

    # --- running ---

    def run_forever(self, stop: threading.Event, *, interval_s: float = 5.0) -> None:
        """Pass after pass until `stop` is set; an error is logged and the next pass goes on."""
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("delivery pass failed; trying again in %.0f s", interval_s)
            stop.wait(interval_s)


def describe_event(payload: Mapping[str, Any]) -> str:
    """One line saying what a delivery is about (the digest's lines, the deliveries page)."""
    kind = payload.get("type", "")
    d: Mapping[str, Any] = payload.get("data", {})
    if kind == "stance.changed":
        s = d.get("statement") or {}
        quote = f" “{s.get('quote')}”" if s.get("quote") else ""
        return (
            f"{d.get('nation')}: stance {d.get('from') or 'none'} → {d.get('to') or 'none'}{quote}"
        )
    if kind == "pledge.withdrawn":
        return f"{d.get('nation')}: pledge {d.get('pledge')} ({d.get('capability')}) withdrawn"
    if kind == "condition.changed":
        return f"condition {d.get('name') or d.get('condition')}: {d.get('from')} → {d.get('to')}"
    if kind == "proposal.created":
        return f"{d.get('nation')}: proposed statement ({d.get('stance')}) “{d.get('quote')}”"
    if kind == "gap.crossed":
        return (
            f"line {d.get('line')}: coverage {d.get('percent_before')} % → "
            f"{d.get('percent_now')} % ({d.get('direction')} {d.get('threshold')} %)"
        )
    return str(kind)


def digest_message(
    sub: store.SubscriptionRecord, items: list[store.DeliveryRecord], *, sender: str
) -> EmailMessage:
    """The digest: one line per event, with when and by whom it was recorded."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = sub.address
    message["Subject"] = f"Muster: {len(items)} change(s) for “{sub.name}”"
    lines = [f"{len(items)} change(s) you subscribed to in “{sub.name}”:", ""]
    for d in items:
        data = d.payload.get("data", {})
        when = data.get("recorded_at") or d.created_at.isoformat()
        by = f" by {data['who']}: {data.get('why')}" if data.get("who") else ""
        lines.append(f"- {describe_event(d.payload)} ({when}{by})")
    lines += ["", "Manage your subscriptions on Muster's Subscriptions page."]
    message.set_content("\n".join(lines))
    return message


class DeliveryThread:
    """The worker inside `muster serve` (MUSTER_DELIVER_IN_SERVER): a daemon thread."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.stop = threading.Event()
        self.worker = Worker(engine, settings)
        self.thread = threading.Thread(
            target=self.worker.run_forever, args=(self.stop,), name="muster-delivery", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def shutdown(self) -> None:
        self.stop.set()
        self.thread.join(timeout=TIMEOUT_S + 5)
        self.worker.close()


__all__ = ["DeliveryThread", "Round", "Worker", "backoff", "sign", "verify"]
