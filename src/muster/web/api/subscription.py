"""Subscriptions of the signed-in user: list, create (the webhook secret is shown once), remove,
recent deliveries with every attempt, and retrying parked deliveries (`muster.app.subscription`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from muster.app import subscription as subscriptions
from muster.web.deps import DbSession, HistoryReader, SettingsDep, Subscriber

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="A name to tell it apart")
    events: list[str] = Field(
        min_length=1,
        max_length=5,
        description="stance.changed, pledge.withdrawn, gap.crossed, proposal.created, "
        "condition.changed",
    )
    targets: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="nation:ISO3, condition:ID, line:ID, scenario:ID; none: everything",
    )
    channel: Literal["webhook", "email"]
    address: str = Field(min_length=1, max_length=2000, description="The URL or e-mail address")
    threshold: float | None = Field(
        None, ge=0, le=100, description="gap.crossed: percent of a line covered (default 100)"
    )


class SubscriptionRead(BaseModel):
    id: str
    name: str
    events: list[str]
    targets: list[str]
    threshold: float | None
    channel: str
    address: str
    created_at: str


class SubscriptionCreated(SubscriptionRead):
    secret: str | None = Field(
        description="Webhooks: the signing secret (whsec_...), shown this once"
    )


@router.get("", summary="Your subscriptions")
def list_subscriptions(user: HistoryReader, db: DbSession) -> list[SubscriptionRead]:
    return [SubscriptionRead(**s.as_dict()) for s in subscriptions.mine(session=db, user=user)]


@router.post("", status_code=201, summary="Subscribe to changes")
def create_subscription(
    body: SubscriptionCreate, user: Subscriber, db: DbSession, settings: SettingsDep
) -> SubscriptionCreated:
    made = subscriptions.add(
        session=db,
        user=user,
        name=body.name,
        targets=body.targets,
        events=body.events,
        channel=body.channel,
        address=body.address,
        threshold=body.threshold,
        allow_private=settings.webhooks_to_private,
    )
    return SubscriptionCreated(**made.as_dict())


@router.get("/deliveries", summary="Your recent deliveries, with every attempt")
def recent_deliveries(
    user: HistoryReader, db: DbSession, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> dict[str, Any]:
    return subscriptions.recent(session=db, user=user, limit=limit).as_dict()


@router.get("/{subscription_id}", summary="One of your subscriptions")
def get_subscription(subscription_id: str, user: HistoryReader, db: DbSession) -> SubscriptionRead:
    found = subscriptions.one(session=db, user=user, subscription_id=subscription_id)
    return SubscriptionRead(**found.as_dict())


@router.delete("/{subscription_id}", status_code=204, summary="Remove a subscription")
def delete_subscription(subscription_id: str, user: Subscriber, db: DbSession) -> Response:
    subscriptions.remove(session=db, user=user, subscription_id=subscription_id)
    return Response(status_code=204)


@router.get("/{subscription_id}/deliveries", summary="A subscription's recent deliveries")
def subscription_deliveries(
    subscription_id: str,
    user: HistoryReader,
    db: DbSession,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    found = subscriptions.recent(
        session=db, user=user, subscription_id=subscription_id, limit=limit
    )
    return found.as_dict()


@router.post("/{subscription_id}/retry", summary="Queue parked deliveries again")
def retry_parked(subscription_id: str, user: Subscriber, db: DbSession) -> dict[str, int]:
    return {"queued": subscriptions.retry(session=db, user=user, subscription_id=subscription_id)}
