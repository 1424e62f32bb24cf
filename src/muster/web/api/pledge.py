"""REST routes for pledges, and their status transitions (offer, confirm, deploy, withdraw)."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field

from muster.domain import Pledge, PledgeStatus
from muster.web.api._crud import IfMatch, Reason, change_status, crud_router, etag, to_read
from muster.web.api.schemas import entity_models
from muster.web.deps import DbSession, Delegate, SettingsDep

router = crud_router(Pledge)


class PledgeStatusChange(BaseModel):
    """Move a pledge along draft → offered → confirmed → deployed, or withdraw it."""

    model_config = ConfigDict(extra="forbid")

    status: PledgeStatus
    version: int | None = Field(None, description="The version you read (or send If-Match)")


@router.post(
    "/{key}/status",
    response_model=entity_models(Pledge).read,
    summary="Change a pledge's status: offer, confirm, deploy, withdraw",
)
def change_pledge_status(
    key: str,
    body: PledgeStatusChange,
    user: Delegate,
    db: DbSession,
    settings: SettingsDep,
    reason: Reason,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    stored = change_status(
        db=db,
        user=user,
        cls=Pledge,
        key=key,
        status=body.status,
        if_match=if_match,
        body_version=body.version,
        reason=reason,
        public_read=settings.public_read,
    )
    response.headers["ETag"] = etag(stored.version)
    return to_read(stored)
