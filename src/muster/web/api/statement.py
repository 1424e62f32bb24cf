"""REST routes for statements, and their review (accept, reject, propose again)."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field

from muster.domain import Statement, StatementStatus
from muster.web.api._crud import IfMatch, Reason, change_status, crud_router, etag, to_read
from muster.web.api.schemas import entity_models
from muster.web.deps import DbSession, SettingsDep, StatementEditor

router = crud_router(Statement)


class StatementReview(BaseModel):
    """Accept or reject a proposed statement (needs statement:review)."""

    model_config = ConfigDict(extra="forbid")

    status: StatementStatus
    version: int | None = Field(None, description="The version you read (or send If-Match)")


@router.post(
    "/{key}/review",
    response_model=entity_models(Statement).read,
    summary="Review a statement: accept, reject or propose again",
)
def review_statement(
    key: str,
    body: StatementReview,
    user: StatementEditor,
    db: DbSession,
    settings: SettingsDep,
    reason: Reason,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    stored = change_status(
        db=db,
        user=user,
        cls=Statement,
        key=key,
        status=body.status,
        if_match=if_match,
        body_version=body.version,
        reason=reason,
        public_read=settings.public_read,
    )
    response.headers["ETag"] = etag(stored.version)
    return to_read(stored)
