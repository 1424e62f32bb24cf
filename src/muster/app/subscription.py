"""Subscriptions as their owner manages them: add, list, remove, recent deliveries, retry.

A signed-in user subscribes to targets (nations, conditions, requirement lines, scenarios; none
means everything) and events, delivered by a signed webhook or an e-mail digest. What is sent,
and to whom, is decided per subscriber with the read policy (`muster.app.events`,
`muster.app.delivery`). A subscription belongs to its owner: anyone else gets "not found".
"""

from __future__ import annotations

import base64
import ipaddress
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from muster.app.changes import line_percents
from muster.auth import Capability, User, ensure
from muster.auth.policy import filter_dataset, read_scope
from muster.domain import Condition, Nation, RequirementLine, Scenario
from muster.errors import InvalidInput, Problem, describe
from muster.store import subscription as store
from muster.store.load import load_dataset, load_rows

EVENTS: dict[str, str] = {
    "stance.changed": "a nation's current stance changed (a statement was accepted, edited or "
    "withdrawn)",
    "pledge.withdrawn": "a pledge was withdrawn",
    "gap.crossed": "a requirement line's coverage crossed the threshold (percent), either way",
    "proposal.created": "a statement was proposed for the review queue",
    "condition.changed": "a condition's status changed (holds, fails, unknown)",
}
TARGET_KINDS: dict[str, type[Any]] = {
    "nation": Nation,
    "condition": Condition,
    "line": RequirementLine,
    "scenario": Scenario,
}
CHANNELS = ("webhook", "email")
EMAIL = re.compile(r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")
NAME_MAX = 100
MAX_TARGETS = 50


@dataclass(frozen=True, slots=True)
class NewSubscription:
    """A subscription just made, with its webhook signing secret: shown this once."""

    subscription: store.SubscriptionRecord
    secret: str | None

    def as_dict(self) -> dict[str, Any]:
        return {**self.subscription.as_dict(), "secret": self.secret}


def new_secret() -> str:
    """A webhook signing secret as Standard Webhooks writes it: `whsec_` + base64 of 32 bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def scope_key(user: User) -> str:
    """The reader's read scope as one string (stored with each delivery and gap state)."""
    return "|".join(read_scope(user))


def _ensure_owner(user: User, *, writes: bool) -> None:
    """Reading one's subscriptions needs `history:read`; changing them `subscription:manage`
    (refused to anonymous visitors and read-only tokens)."""
    ensure(user, Capability.SUBSCRIPTION_MANAGE if writes else Capability.HISTORY_READ)


def private_address(host: str) -> bool:
    """Whether `host` is a literal loopback, private, link-local or reserved IP address."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.lower() in ("localhost", "localhost.localdomain")
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved


def unstorable(field: str, values: Sequence[str]) -> list[Problem]:
    """Text no database can hold: a NUL character, or a lone surrogate (not UTF-8)."""
    for value in values:
        if "\x00" in value:
            return [Problem("text may not contain a NUL character (0x00)", field=field)]
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return [Problem("text must be valid Unicode (a lone surrogate)", field=field)]
    return []


def check_address(channel: str, address: str, *, allow_private: bool) -> list[Problem]:
    """Problems with a webhook URL or an e-mail address."""
    if channel == "email":
        if not EMAIL.match(address):
            return [
                Problem(f"expected an e-mail address, got {describe(address)}", field="address")
            ]
        return []
    try:
        parts = urlsplit(address)
        host = parts.hostname
    except ValueError:  # an unbalanced IPv6 bracket, say
        host = None
    if host is None or parts.scheme not in ("http", "https"):
        return [
            Problem(
                "expected an http(s) URL such as https://example.org/hook, "
                f"got {describe(address)}",
                field="address",
            )
        ]
    if parts.username or parts.password:
        return [Problem("a webhook URL may not hold a user name or password", field="address")]
    if not allow_private and private_address(host):
        return [
            Problem(
                "webhooks to private or loopback addresses are off here "
                "(MUSTER_WEBHOOK_ALLOW_PRIVATE)",
                field="address",
            )
        ]
    return []


def _check_targets(session: Session, user: User, targets: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    if len(targets) > MAX_TARGETS:
        problems.append(Problem(f"at most {MAX_TARGETS} targets", field="targets"))
    for target in targets:
        kind, _, key = target.partition(":")
        cls = TARGET_KINDS.get(kind)
        if cls is None or not key:
            problems.append(
                Problem(
                    f"expected KIND:KEY with KIND one of {', '.join(TARGET_KINDS)}, "
                    f"got {describe(target)}",
                    field="targets",
                )
            )
            continue
        found = load_rows(session=session, cls=cls, keys=[key])
        if not found:  # nations, conditions, lines and scenarios are readable by every reader
            problems.append(Problem(f"no {kind} {key!r}", field="targets"))
    return problems


def add(
    *,
    session: Session,
    user: User,
    name: str,
    targets: Sequence[str],
    events: Sequence[str],
    channel: str,
    address: str,
    threshold: float | None = None,
    allow_private: bool = False,
) -> NewSubscription:
    """Subscribe `user`; returns the subscription and (webhooks) its signing secret, once.

    Raises InvalidInput listing every problem (unknown event or target, bad address, threshold
    outside 0-100), SignInRequired for anonymous visitors, Forbidden for a read-only token.
    """
    _ensure_owner(user, writes=True)
    name = (name or "").strip()
    targets = [t.strip() for t in targets if t.strip()]
    events = list(dict.fromkeys(e.strip() for e in events if e.strip()))
    address = (address or "").strip()
    problems = [
        *unstorable("name", [name]),
        *unstorable("targets", targets),
        *unstorable("events", events),
        *unstorable("address", [address]),
    ]
    if problems:
        raise InvalidInput(problems)
    if not name or len(name) > NAME_MAX:
        problems.append(Problem(f"a name of 1 to {NAME_MAX} characters", field="name"))
    if not events:
        problems.append(Problem(f"name at least one event: {', '.join(EVENTS)}", field="events"))
    for e in events:
        if e not in EVENTS:
            problems.append(Problem(f"no event {e!r}; one of {', '.join(EVENTS)}", field="events"))
    if channel not in CHANNELS:
        problems.append(
            Problem(f"expected webhook or email, got {describe(channel)}", field="channel")
        )
    else:
        problems.extend(check_address(channel, address, allow_private=allow_private))
    if threshold is not None and not (0 <= threshold <= 100):
        problems.append(
            Problem(f"a percentage from 0 to 100, got {threshold:g}", field="threshold")
        )
    problems.extend(_check_targets(session, user, targets))
    if problems:
        raise InvalidInput(problems)
    state: dict[str, Any] = {}
    if "gap.crossed" in events:
        threshold = 100.0 if threshold is None else threshold
        state = gap_state(session=session, user=user, targets=targets)
    record = store.add_subscription(
        session=session,
        username=user.name,
        name=name,
        targets=targets,
        events=events,
        threshold=threshold,
        channel=channel,
        address=address,
        secret=new_secret() if channel == "webhook" else None,
        state=state,
    )
    return NewSubscription(record, record.secret)


def gap_state(*, session: Session, user: User, targets: Sequence[str]) -> dict[str, Any]:
    """The coverage (percent) of each watched line now, as `user` may see it: the baseline the
    next crossing is measured from."""
    ds = filter_dataset(user, load_dataset(session=session))
    scenario = next((t.split(":", 1)[1] for t in targets if t.startswith("scenario:")), None)
    return {"scope": scope_key(user), "lines": line_percents(ds, scenario, targets)}


def mine(*, session: Session, user: User) -> list[store.SubscriptionRecord]:
    """`user`'s subscriptions, oldest first."""
    _ensure_owner(user, writes=False)
    return store.list_subscriptions(session=session, username=user.name)


def one(*, session: Session, user: User, subscription_id: str) -> store.SubscriptionRecord:
    """One of `user`'s subscriptions; NotFound for anyone else's."""
    _ensure_owner(user, writes=False)
    return store.get_subscription(
        session=session, subscription_id=subscription_id, username=user.name
    )


def remove(*, session: Session, user: User, subscription_id: str) -> None:
    """Delete one of `user`'s subscriptions and its deliveries; NotFound for anyone else's."""
    _ensure_owner(user, writes=True)
    store.remove_subscription(session=session, subscription_id=subscription_id, username=user.name)


@dataclass(frozen=True, slots=True)
class DeliveryLog:
    deliveries: list[store.DeliveryRecord]
    attempts: list[store.AttemptRecord]

    def as_dict(self) -> dict[str, Any]:
        by_delivery: dict[str, list[dict[str, Any]]] = {}
        for a in self.attempts:
            by_delivery.setdefault(a.delivery_id, []).append(a.as_dict())
        return {
            "items": [
                {**d.as_dict(), "attempt_log": by_delivery.get(d.id, [])} for d in self.deliveries
            ]
        }


def recent(
    *, session: Session, user: User, subscription_id: str | None = None, limit: int = 50
) -> DeliveryLog:
    """`user`'s newest deliveries (of one subscription, when given) with every attempt."""
    _ensure_owner(user, writes=False)
    if subscription_id is not None:
        one(session=session, user=user, subscription_id=subscription_id)
    found = store.recent_deliveries(
        session=session, username=user.name, limit=limit, subscription_id=subscription_id
    )
    return DeliveryLog(
        found, store.attempts_of(session=session, delivery_ids=[d.id for d in found])
    )


def retry(*, session: Session, user: User, subscription_id: str) -> int:
    """Queue `user`'s parked deliveries of one subscription again; returns how many."""
    _ensure_owner(user, writes=True)
    one(session=session, user=user, subscription_id=subscription_id)
    return store.retry_parked(
        session=session, subscription_id=subscription_id, when=store.now(session)
    )


__all__ = [
    "CHANNELS",
    "EVENTS",
    "TARGET_KINDS",
    "NewSubscription",
    "add",
    "mine",
    "one",
    "recent",
    "remove",
    "retry",
]
