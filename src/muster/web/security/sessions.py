"""Sessions: signed cookies naming the user, issued fresh at sign-in and sign-out.

Sessions are signed cookies (itsdangerous, HMAC with MUSTER_SECRET_KEY): HttpOnly, SameSite=Lax,
Secure unless in dev/test over plain HTTP. A session holds a random id, the user id, the account
version it was signed in at, the time of sign-in and a CSRF token (still issued for scripts
that send it; the CSRF defence is `security.csrf`, by request headers). Signing in issues a new
id (no fixation); signing out ends every session of the user server-side (the account's
version moves on: `store.user.end_sessions`), so a copy of the cookie stops working.

Every response to a request that carries credentials (a session cookie or an
`Authorization` header) gets `Cache-Control: no-store` unless it set its own.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "muster_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


@dataclass
class WebSession:
    """The decoded session cookie of one request; `changed` makes the response send it back."""

    sid: str
    csrf: str
    username: str | None = None
    user_version: int | None = None
    signed_in_at: float | None = None
    changed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fresh(cls) -> WebSession:
        return cls(sid=secrets.token_urlsafe(18), csrf=secrets.token_urlsafe(32), changed=True)

    def as_payload(self) -> dict[str, Any]:
        return {
            "sid": self.sid,
            "csrf": self.csrf,
            "uid": self.username,
            "uv": self.user_version,
            "at": self.signed_in_at,
            "x": self.extra,
        }

    @classmethod
    def from_payload(cls, data: Any) -> WebSession | None:
        if not isinstance(data, dict):
            return None
        sid, csrf, uid, at = data.get("sid"), data.get("csrf"), data.get("uid"), data.get("at")
        version = data.get("uv")
        if not isinstance(sid, str) or not isinstance(csrf, str):
            return None
        if uid is not None and not isinstance(uid, str):
            return None
        if version is not None and not isinstance(version, int):
            return None
        if at is not None and not isinstance(at, int | float):
            return None
        raw_extra = data.get("x")
        extra: dict[str, Any] = raw_extra if isinstance(raw_extra, dict) else {}
        return cls(
            sid=sid, csrf=csrf, username=uid, user_version=version, signed_in_at=at, extra=extra
        )


class SessionCodec:
    """Signs and verifies session cookies with the server's secret."""

    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="muster.session")
        self.max_age_s = max_age_s

    def dumps(self, session: WebSession) -> str:
        return self._serializer.dumps(session.as_payload())

    def loads(self, cookie: str) -> WebSession | None:
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age_s)
        except (BadSignature, ValueError, json.JSONDecodeError):
            return None
        return WebSession.from_payload(data)


def web_session(request: Request) -> WebSession:
    """This request's session (an anonymous one is created on first use and sent back)."""
    session = request.scope.get("muster.session")
    if session is None:
        session = WebSession.fresh()
        request.scope["muster.session"] = session
    assert isinstance(session, WebSession)
    return session


def csrf_token(request: Request) -> str:
    """The token forms must send back as `csrf_token` (and scripts as `X-CSRF-Token`)."""
    return web_session(request).csrf


def sign_in(
    request: Request, username: str, user_version: int, *, now: float | None = None
) -> WebSession:
    """Start a new session for `username`: new id and new CSRF token, so none can be fixed.

    The session is valid while the account keeps `user_version` (a password, role or status
    change ends it).
    """
    session = WebSession.fresh()
    session.username = username
    session.user_version = user_version
    session.signed_in_at = time.time() if now is None else now
    request.scope["muster.session"] = session
    return session


def sign_out(request: Request) -> WebSession:
    """Replace the session with a fresh anonymous one (new id, new CSRF token).

    This only changes the browser's cookie; to end the session on the server too (a copy of the
    cookie stops working) call `store.user.end_sessions` as well (`app.sessions.sign_out`)."""
    session = WebSession.fresh()
    request.scope["muster.session"] = session
    return session


class SessionMiddleware:
    """Decodes the session cookie, sends a changed session back, and marks responses to
    requests with credentials as not to be stored by any cache."""

    def __init__(self, app: ASGIApp, *, codec: SessionCodec, secure: bool) -> None:
        self.app = app
        self.codec = codec
        self.secure = secure

    def _cookie(self, session: WebSession, scheme: str) -> str:
        secure = "; Secure" if self.secure or scheme == "https" else ""
        return (
            f"{SESSION_COOKIE}={self.codec.dumps(session)}; Path=/; HttpOnly; SameSite=Lax"
            f"; Max-Age={self.codec.max_age_s}{secure}"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        raw = request.cookies.get(SESSION_COOKIE)
        session = self.codec.loads(raw) if raw else None
        if session is not None:
            scope["muster.session"] = session
        credentials = session is not None and session.username is not None
        credentials = credentials or "authorization" in Headers(scope=scope)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                current = scope.get("muster.session")
                if isinstance(current, WebSession) and current.changed:
                    headers.append("set-cookie", self._cookie(current, scope.get("scheme", "")))
                    headers["cache-control"] = "no-store"
                elif credentials and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_cookie)
