"""REST routes for force generation: calls for contributions (`/calls`), offers (`/offers`),
decisions on offers, and each call's sourcing and shortfall list.

Calls are ordinary records (planners write them). Offers are read like pledges (by their
classification); they are created and decided only through the use cases in
`muster.app.conference`, which check the call's lines, invitations and deadline and make an
accepted offer a pledge.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from muster.app import conference
from muster.domain import Call, Decision, Offer
from muster.web.api._crud import (
    Options,
    Reason,
    build,
    crud_router,
    etag,
    read_reason,
    to_read,
    with_provenance,
)
from muster.web.api.schemas import entity_models
from muster.web.deps import DbSession, Delegate, Planner, Reader
from muster.web.pages.clock import today

router = APIRouter()
router.include_router(crud_router(Call))
offers = crud_router(Offer, Options(writable=False))


@offers.post(
    "",
    status_code=201,
    response_model=entity_models(Offer).read,
    summary="Offer against a line of a call (a delegate, for its own nation)",
)
def create_offer(
    body: entity_models(Offer).create,  # type: ignore[valid-type]
    user: Delegate,
    db: DbSession,
    reason: Reason,
    response: Response,
) -> dict[str, Any]:
    record = with_provenance(Offer, body.model_dump(mode="json"), user)
    stored = conference.submit_offer(
        session=db, user=user, offer=build(Offer, record), reason=read_reason(reason), today=today()
    )
    response.headers["ETag"] = etag(stored.version)
    response.headers["Location"] = f"/api/v1/offers/{quote(stored.obj.id, safe='')}"
    return to_read(stored)


class DecisionIn(BaseModel):
    """Accept (the offer becomes a confirmed pledge), decline or hold an offer."""

    model_config = ConfigDict(extra="forbid")

    decision: Decision
    version: int | None = Field(None, description="The version you read")


@offers.post(
    "/{key}/decision",
    response_model=entity_models(Offer).read,
    summary="Decide on an offer: accept, decline or hold (planners)",
)
def decide_offer(
    key: str,
    body: DecisionIn,
    user: Planner,
    db: DbSession,
    reason: Reason,
    response: Response,
) -> dict[str, Any]:
    stored = conference.decide(
        session=db,
        user=user,
        offer_id=key,
        decision=body.decision,
        reason=read_reason(reason),
        expected_version=body.version,
    )
    response.headers["ETag"] = etag(stored.version)
    return to_read(stored)


router.include_router(offers)


@router.get("/calls/{key}/sourcing", summary="Per line: need, pledges, offers, suggestions")
def call_sourcing(key: str, user: Reader, db: DbSession) -> dict[str, Any]:
    return conference.as_json(conference.view(session=db, user=user, call_id=key, on=today()))


@router.get(
    "/calls/{key}/shortfalls.xlsx",
    summary="The shortfall list as XLSX (CJSOR-like)",
    response_class=Response,
)
def call_shortfalls(key: str, user: Reader, db: DbSession) -> Response:
    view = conference.view(session=db, user=user, call_id=key, on=today())
    return Response(
        conference.shortfall_xlsx(view),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="shortfalls-{key}.xlsx"'},
    )
