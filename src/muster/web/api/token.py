"""API tokens of the signed-in user: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from muster.auth import Capability, TokenScope, has
from muster.store import user as user_store
from muster.store.user import TokenRecord
from muster.web.deps import DbSession, TokenOwner

router = APIRouter(prefix="/tokens", tags=["tokens"])


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="A label to tell tokens apart")
    scope: TokenScope = Field(TokenScope.READ, description="read, or write to change data too")


class TokenRead(BaseModel):
    id: str
    username: str
    name: str
    prefix: str = Field(description="The token's first characters, to recognise it")
    scope: TokenScope
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool

    @classmethod
    def of(cls, token: TokenRecord) -> TokenRead:
        return cls(
            id=token.id,
            username=token.username,
            name=token.name,
            prefix=token.prefix,
            scope=token.scope,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
            active=token.active,
        )


class TokenCreated(TokenRead):
    token: str = Field(description="The secret: shown this once, store it now")


@router.get("", summary="Your API tokens (an admin sees everyone's)")
def list_tokens(user: TokenOwner, db: DbSession, include_revoked: bool = False) -> list[TokenRead]:
    owner = None if has(user, Capability.USER_MANAGE) else user.name
    found = user_store.list_tokens(session=db, username=owner, include_revoked=include_revoked)
    return [TokenRead.of(t) for t in found]


@router.post("", status_code=201, summary="Create an API token for yourself")
def create_token(body: TokenCreate, user: TokenOwner, db: DbSession) -> TokenCreated:
    record, secret = user_store.create_token(
        session=db, username=user.name, name=body.name, scope=body.scope
    )
    return TokenCreated(**TokenRead.of(record).model_dump(), token=secret)


@router.delete("/{token_id}", status_code=204, summary="Revoke a token")
def revoke_token(token_id: str, user: TokenOwner, db: DbSession) -> Response:
    owner = None if has(user, Capability.USER_MANAGE) else user.name
    user_store.revoke_token(session=db, token_id=token_id, username=owner)
    return Response(status_code=204)
