"""`/subscriptions`: the signed-in user's subscriptions (add, remove, retry parked deliveries)
and their recent deliveries with every attempt. Everything goes through `muster.app.subscription`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from muster.app import subscription as subscriptions
from muster.app.delivery import describe_event
from muster.auth import User
from muster.errors import InvalidInput
from muster.store.subscription import SubscriptionRecord
from muster.web import notices
from muster.web.deps import DbSession, HistoryReader, SettingsDep, Subscriber
from muster.web.i18n import N_, Message
from muster.web.pages.data import ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.pledge import field_errors

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: str
    subscription: str
    event: str
    summary: str
    state: str
    attempts: int
    created_at: str
    last_error: str | None
    attempt_log: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class SubscriptionsView:
    """The user's subscriptions and deliveries; `secret` only in the answer that made one."""

    subscriptions: tuple[dict[str, Any], ...]
    deliveries: tuple[DeliveryRow, ...]
    events: dict[str, str]
    nations: tuple[tuple[str, str], ...]
    conditions: tuple[tuple[str, str], ...]
    lines: tuple[tuple[str, str], ...]
    scenarios: tuple[tuple[str, str], ...]
    secret: str | None = None
    errors: dict[str, list[str]] | None = None
    notice: str | None = None
    form: dict[str, Any] = field(default_factory=dict)


def _view(db: DbSession, data: Any, user: User, **extra: Any) -> SubscriptionsView:
    mine: list[SubscriptionRecord] = subscriptions.mine(session=db, user=user)
    log = subscriptions.recent(session=db, user=user, limit=50).as_dict()["items"]
    names = {s.id: s.name for s in mine}
    ds = data.dataset
    return SubscriptionsView(
        subscriptions=tuple(s.as_dict() for s in mine),
        deliveries=tuple(
            DeliveryRow(
                d["id"],
                names.get(d["subscription"], d["subscription"]),
                d["event"],
                describe_event(d["payload"]),
                d["state"],
                d["attempts"],
                d["created_at"][:19].replace("T", " "),
                d["last_error"],
                d["attempt_log"],
            )
            for d in log
        ),
        events=subscriptions.EVENTS,
        nations=tuple((n.iso3, n.name) for n in sorted(ds.nations, key=lambda n: n.name)),
        conditions=tuple((c.id, c.name) for c in sorted(ds.conditions, key=lambda c: c.name)),
        lines=tuple((r.id, f"{r.phase}: {r.capability}") for r in ds.requirement_lines),
        scenarios=tuple((s.id, s.name) for s in sorted(ds.scenarios, key=lambda s: s.name)),
        **extra,
    )


@router.get("/subscriptions", response_class=HTMLResponse)
def subscriptions_page(
    request: Request, user: HistoryReader, db: DbSession, data: ReadData
) -> Response:
    """Your subscriptions, a form to add one, and your recent deliveries."""
    view = _view(db, data, user, notice=notices.received(request))
    return page(request, "subscriptions.html", view, title=N_("Subscriptions"), section="")


@router.post("/subscriptions", response_class=HTMLResponse)
def add_subscription(
    request: Request,
    user: Subscriber,
    db: DbSession,
    data: ReadData,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=200)] = "",
    events: Annotated[list[str], Form()] = [],  # noqa: B006  (FastAPI copies defaults)
    nation: Annotated[list[str], Form()] = [],  # noqa: B006
    condition: Annotated[list[str], Form()] = [],  # noqa: B006
    line: Annotated[list[str], Form()] = [],  # noqa: B006
    scenario: Annotated[str, Form(max_length=200)] = "",
    channel: Annotated[str, Form(max_length=10)] = "webhook",
    address: Annotated[str, Form(max_length=2000)] = "",
    threshold: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Subscribe; a webhook's signing secret is shown this once (the answer is never cached)."""
    targets = [
        *(f"nation:{n}" for n in nation if n),
        *(f"condition:{c}" for c in condition if c),
        *(f"line:{x}" for x in line if x),
        *([f"scenario:{scenario}"] if scenario else []),
    ]
    form = {"name": name, "events": events, "targets": targets, "channel": channel,
            "address": address, "threshold": threshold}  # fmt: skip
    try:
        level = float(threshold) if threshold.strip() else None
        made = subscriptions.add(
            session=db,
            user=user,
            name=name,
            targets=targets,
            events=events,
            channel=channel,
            address=address,
            threshold=level,
            allow_private=settings.webhooks_to_private,
        )
    except (InvalidInput, ValueError) as e:
        if isinstance(e, InvalidInput):
            errors, general = field_errors(e.problems)
            if general:
                errors[""] = list(general)
        else:
            errors = {"threshold": ["a percentage from 0 to 100"]}
        view = _view(db, data, user, errors=errors, form=form)
        return page(request, "subscriptions.html", view, title=N_("Subscriptions"), status=422)
    view = _view(
        db,
        data,
        user,
        secret=made.secret,
        notice=Message(N_("Subscription “%(name)s” added."), name=name.strip()),
    )
    return page(
        request,
        "subscriptions.html",
        view,
        title=N_("Subscriptions"),
        headers={"Cache-Control": "no-store"},
    )


@router.post("/subscriptions/{subscription_id}/remove")
def remove_subscription(
    request: Request, subscription_id: str, user: Subscriber, db: DbSession
) -> Response:
    """Remove one of your subscriptions."""
    subscriptions.remove(session=db, user=user, subscription_id=subscription_id)
    return notices.redirect(request, "/subscriptions", "subscription-removed")


@router.post("/subscriptions/{subscription_id}/retry")
def retry_subscription(
    request: Request, subscription_id: str, user: Subscriber, db: DbSession
) -> Response:
    """Queue the parked deliveries of one of your subscriptions again."""
    n = subscriptions.retry(session=db, user=user, subscription_id=subscription_id)
    return notices.redirect(request, "/subscriptions", "deliveries-queued", count=n)
