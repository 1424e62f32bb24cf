"""Signing in and out with a password (cookie session), and who the current user is."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from muster.app.sessions import end_sessions
from muster.auth import Capability, User, has
from muster.web.deps import CurrentUser, DbSession, SettingsDep
from muster.web.security import csrf_token, password_sign_in, sign_out

router = APIRouter(prefix="/session", tags=["session"])


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionInfo(BaseModel):
    """Who the request acts as, what they may do, and the CSRF token for cookie requests."""

    username: str | None
    role: str
    nation: str | None
    signed_in: bool
    capabilities: list[str]
    csrf_token: str


def _info(request: Request, user: User, public_read: bool) -> SessionInfo:
    caps = [c.value for c in Capability if has(user, c, public_read=public_read)]
    return SessionInfo(
        username=user.name if user.signed_in else None,
        role=user.role.value,
        nation=user.nation,
        signed_in=user.signed_in,
        capabilities=caps,
        csrf_token=csrf_token(request),
    )


@router.get("", summary="The current user and the session's CSRF token")
def get_session(request: Request, user: CurrentUser, settings: SettingsDep) -> SessionInfo:
    return _info(request, user, settings.public_read)


@router.post(
    "",
    summary="Sign in with a user name and password",
)
def create_session(
    body: SignIn, request: Request, db: DbSession, settings: SettingsDep
) -> SessionInfo:
    account = password_sign_in(request, db, body.username, body.password)
    return _info(request, account.principal(), settings.public_read)


@router.delete("", status_code=204, summary="Sign out (ends every session of this user)")
def delete_session(request: Request, user: CurrentUser, db: DbSession) -> Response:
    end_sessions(db=db, user=user)  # a copy of the cookie stops working too
    sign_out(request)
    return Response(status_code=204)
