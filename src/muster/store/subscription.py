"""Stored subscriptions, the outbox of changes, deliveries and their attempts (no policy here).

The outbox is written by `history.write` in the change's own transaction (`enqueue`), so an
event exists exactly when its change committed. The delivery worker (`muster.app.delivery`)
consumes it. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.errors import NotFound
from muster.store.bulk import bulk_insert
from muster.store.db import CLOCK_KEY, utcnow
from muster.store.schema import deliveries, delivery_attempts, history, outbox, subscriptions

# History of these entities can make an event (stances, pledges, conditions, proposals, gaps).
EVENT_ENTITIES = frozenset(
    {"pledge", "statement", "condition", "requirement_line", "scenario", "phase", "capability"}
)
OUTBOX_KEY = "muster.outbox_wanted"


def enqueue(*, session: Session, changes: Sequence[Sequence[Any]], recorded_at: datetime) -> None:
    """Put the (entity, key, version, ...) `changes` in the outbox, in the caller's transaction.

    Only while someone subscribes: without a subscription no one is to be told, and bulk
    imports keep their speed (one query per transaction decides).
    """
    current = session.get_transaction()
    known = session.info.get(OUTBOX_KEY)
    if known is not None and known[0] is current:
        wanted = known[1]
    else:
        wanted = session.execute(sa.select(subscriptions.c.id).limit(1)).first() is not None
        session.info[OUTBOX_KEY] = (current, wanted)
    if not wanted:
        return
    rows = [[c[0], c[1], c[2]] for c in changes if c[0] in EVENT_ENTITIES]
    bulk_insert(
        session=session,
        table=outbox,
        columns=("entity", "key", "version"),
        rows=rows,
        constants={"recorded_at": recorded_at},
    )


def now(session: Session) -> datetime:
    """The session's clock (tests pass a controllable one)."""
    clock = session.info.get(CLOCK_KEY, utcnow)
    moment: datetime = clock()
    return moment


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    id: str
    username: str
    name: str
    targets: tuple[str, ...]
    events: tuple[str, ...]
    threshold: float | None
    channel: str
    address: str
    secret: str | None
    state: dict[str, Any]
    created_at: datetime
    last_digest_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """The subscription as its owner sees it (never the secret)."""
        return {
            "id": self.id,
            "name": self.name,
            "targets": list(self.targets),
            "events": list(self.events),
            "threshold": self.threshold,
            "channel": self.channel,
            "address": self.address,
            "created_at": self.created_at.isoformat(),
        }


def _subscription(row: Any) -> SubscriptionRecord:
    return SubscriptionRecord(
        id=row.id,
        username=row.username,
        name=row.name,
        targets=tuple(row.targets),
        events=tuple(row.events),
        threshold=row.threshold,
        channel=row.channel,
        address=row.address,
        secret=row.secret,
        state=dict(row.state or {}),
        created_at=row.created_at,
        last_digest_at=row.last_digest_at,
    )


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(16)}"


def add_subscription(
    *,
    session: Session,
    username: str,
    name: str,
    targets: Sequence[str],
    events: Sequence[str],
    threshold: float | None,
    channel: str,
    address: str,
    secret: str | None,
    state: dict[str, Any] | None = None,
) -> SubscriptionRecord:
    """Store a subscription (already checked by the caller); returns it."""
    key = new_id("sub")
    values: dict[str, Any] = {
        "id": key,
        "username": username,
        "name": name,
        "targets": list(targets),
        "events": list(events),
        "threshold": threshold,
        "channel": channel,
        "address": address,
        "secret": secret,
        "state": state or {},
        "created_at": now(session),
        "last_digest_at": None,
    }
    session.execute(sa.insert(subscriptions).values(**values))
    return get_subscription(session=session, subscription_id=key)


def list_subscriptions(
    *, session: Session, username: str | None = None
) -> list[SubscriptionRecord]:
    """Subscriptions of `username` (everyone's when None), oldest first."""
    query = sa.select(subscriptions).order_by(subscriptions.c.created_at, subscriptions.c.id)
    if username is not None:
        query = query.where(subscriptions.c.username == username)
    return [_subscription(r) for r in session.execute(query)]


def get_subscription(
    *, session: Session, subscription_id: str, username: str | None = None
) -> SubscriptionRecord:
    """One subscription (of `username`, when given); NotFound otherwise, whoever owns it."""
    if "\x00" in subscription_id:  # PostgreSQL refuses to compare text holding a NUL
        raise NotFound(f"no subscription {subscription_id!r}")
    query = sa.select(subscriptions).where(subscriptions.c.id == subscription_id)
    if username is not None:
        query = query.where(subscriptions.c.username == username)
    row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no subscription {subscription_id!r}")
    return _subscription(row)


def remove_subscription(
    *, session: Session, subscription_id: str, username: str | None = None
) -> None:
    """Delete a subscription with its deliveries; NotFound when it is not `username`'s."""
    get_subscription(session=session, subscription_id=subscription_id, username=username)
    session.execute(sa.delete(subscriptions).where(subscriptions.c.id == subscription_id))


def set_state(*, session: Session, subscription_id: str, state: dict[str, Any]) -> None:
    session.execute(
        sa.update(subscriptions).where(subscriptions.c.id == subscription_id).values(state=state)
    )


def set_last_digest(*, session: Session, subscription_id: str, when: datetime) -> None:
    session.execute(
        sa.update(subscriptions)
        .where(subscriptions.c.id == subscription_id)
        .values(last_digest_at=when)
    )


# --- the outbox -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A history entry waiting to be turned into deliveries."""

    id: int
    history_id: int
    entity: str
    key: str
    version: int
    op: str
    recorded_at: datetime
    who: str
    why: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def take_outbox(*, session: Session, limit: int = 500) -> list[OutboxEntry]:
    """Up to `limit` outbox entries, oldest first, with their history records; they are deleted
    in this transaction (a rollback puts them back). On PostgreSQL rows another worker holds
    are skipped, so workers never take the same entry."""
    query = sa.select(outbox).order_by(outbox.c.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    taken = list(session.execute(query))
    if not taken:
        return []
    out: list[OutboxEntry] = []
    for row in taken:
        change = session.execute(
            sa.select(
                history.c.id,
                history.c.op,
                history.c.who,
                history.c.why,
                history.c.before,
                history.c.after,
            ).where(
                history.c.entity == row.entity,
                history.c.key == row.key,
                history.c.version == row.version,
            )
        ).first()
        if change is None:  # history is never deleted; an entry without one tells nothing
            continue
        out.append(
            OutboxEntry(
                row.id,
                change.id,
                row.entity,
                row.key,
                row.version,
                change.op,
                row.recorded_at,
                change.who,
                change.why,
                change.before,
                change.after,
            )
        )
    session.execute(sa.delete(outbox).where(outbox.c.id.in_([r.id for r in taken])))
    return out


def outbox_size(*, session: Session) -> int:
    return int(session.execute(sa.select(sa.func.count()).select_from(outbox)).scalar_one())


# --- deliveries -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    id: str
    subscription_id: str
    event: str
    entity: str | None
    key: str | None
    version: int | None
    scope: str
    payload: dict[str, Any]
    state: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subscription": self.subscription_id,
            "event": self.event,
            "state": self.state,
            "attempts": self.attempts,
            "created_at": self.created_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None,
            "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None,
            "last_error": self.last_error,
            "payload": self.payload,
        }


def _delivery(row: Any) -> DeliveryRecord:
    return DeliveryRecord(
        id=row.id,
        subscription_id=row.subscription_id,
        event=row.event,
        entity=row.entity,
        key=row.key,
        version=row.version,
        scope=row.scope,
        payload=dict(row.payload),
        state=row.state,
        attempts=row.attempts,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        delivered_at=row.delivered_at,
        last_error=row.last_error,
    )


def add_delivery(
    *,
    session: Session,
    delivery_id: str,
    subscription_id: str,
    event: str,
    ref: tuple[str, str, int] | None,
    scope: str,
    payload: dict[str, Any],
    when: datetime,
) -> None:
    """A delivery waiting to be sent from `when` on."""
    entity, key, version = ref if ref is not None else (None, None, None)
    session.execute(
        sa.insert(deliveries).values(
            id=delivery_id,
            subscription_id=subscription_id,
            event=event,
            entity=entity,
            key=key,
            version=version,
            scope=scope,
            payload=payload,
            state="pending",
            attempts=0,
            created_at=when,
            next_attempt_at=when,
            delivered_at=None,
            last_error=None,
        )
    )


def due_deliveries(
    *, session: Session, when: datetime, channel: str, limit: int = 100
) -> list[DeliveryRecord]:
    """Pending deliveries of `channel` subscriptions due at `when`, oldest first; on PostgreSQL
    locked for this transaction (others skip them)."""
    query = (
        sa.select(deliveries)
        .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
        .where(
            deliveries.c.state == "pending",
            deliveries.c.next_attempt_at <= when,
            subscriptions.c.channel == channel,
        )
        .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=deliveries, skip_locked=True)
    return [_delivery(r) for r in session.execute(query)]


def pending_for(*, session: Session, subscription_id: str) -> list[DeliveryRecord]:
    """Every pending delivery of one subscription, oldest first (an e-mail digest's content)."""
    query = (
        sa.select(deliveries)
        .where(deliveries.c.subscription_id == subscription_id, deliveries.c.state == "pending")
        .order_by(deliveries.c.created_at, deliveries.c.id)
    )
    return [_delivery(r) for r in session.execute(query)]


def lease(*, session: Session, delivery_ids: Sequence[str], until: datetime) -> None:
    """Count an attempt and hold the deliveries until `until` (another worker retries them
    then, if this one never reports back)."""
    session.execute(
        sa.update(deliveries)
        .where(deliveries.c.id.in_(list(delivery_ids)))
        .values(attempts=deliveries.c.attempts + 1, next_attempt_at=until)
    )


def record_attempt(
    *,
    session: Session,
    delivery_id: str,
    attempt: int,
    started_at: datetime,
    status: int | None,
    latency_ms: float,
    error: str | None,
) -> None:
    session.execute(
        sa.insert(delivery_attempts).values(
            delivery_id=delivery_id,
            attempt=attempt,
            started_at=started_at,
            status=status,
            latency_ms=latency_ms,
            error=error,
        )
    )


def finish(
    *,
    session: Session,
    delivery_id: str,
    state: str,
    when: datetime,
    next_attempt_at: datetime | None = None,
    error: str | None = None,
) -> None:
    """Set a delivery's outcome: delivered, pending again (retry at `next_attempt_at`), parked
    or withheld."""
    session.execute(
        sa.update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(
            state=state,
            next_attempt_at=next_attempt_at if state == "pending" else None,
            delivered_at=when if state == "delivered" else None,
            last_error=error,
        )
    )


def get_delivery(*, session: Session, delivery_id: str) -> DeliveryRecord:
    row = session.execute(sa.select(deliveries).where(deliveries.c.id == delivery_id)).first()
    if row is None:
        raise NotFound(f"no delivery {delivery_id!r}")
    return _delivery(row)


def recent_deliveries(
    *, session: Session, username: str, limit: int = 50, subscription_id: str | None = None
) -> list[DeliveryRecord]:
    """The newest deliveries of `username`'s subscriptions (withheld ones are never shown)."""
    query = (
        sa.select(deliveries)
        .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
        .where(subscriptions.c.username == username, deliveries.c.state != "withheld")
        .order_by(deliveries.c.created_at.desc(), deliveries.c.id)
        .limit(limit)
    )
    if subscription_id is not None:
        query = query.where(deliveries.c.subscription_id == subscription_id)
    return [_delivery(r) for r in session.execute(query)]


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    delivery_id: str
    attempt: int
    started_at: datetime
    status: int | None
    latency_ms: float
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "delivery": self.delivery_id,
            "attempt": self.attempt,
            "started_at": self.started_at.isoformat(),
            "status": self.status,
            "latency_ms": round(self.latency_ms, 1),
            "error": self.error,
        }


def attempts_of(*, session: Session, delivery_ids: Sequence[str]) -> list[AttemptRecord]:
    if not delivery_ids:
        return []
    rows = session.execute(
        sa.select(delivery_attempts)
        .where(delivery_attempts.c.delivery_id.in_(list(delivery_ids)))
        .order_by(delivery_attempts.c.delivery_id, delivery_attempts.c.attempt)
    )
    return [
        AttemptRecord(r.delivery_id, r.attempt, r.started_at, r.status, r.latency_ms, r.error)
        for r in rows
    ]


def retry_parked(*, session: Session, subscription_id: str, when: datetime) -> int:
    """Put a subscription's parked deliveries back in the queue (attempts count from zero)."""
    result = session.execute(
        sa.update(deliveries)
        .where(deliveries.c.subscription_id == subscription_id, deliveries.c.state == "parked")
        .values(state="pending", attempts=0, next_attempt_at=when, last_error=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
