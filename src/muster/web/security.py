"""Sessions, CSRF, security headers and login rate limiting: the browser-facing defences.

Sessions are signed cookies (itsdangerous, HMAC with MUSTER_SECRET_KEY): HttpOnly, SameSite=Lax,
Secure unless in dev/test over plain HTTP. A session holds a random id, the user id, the time of
sign-in and a CSRF token; signing in issues a new id and a new token (no fixation), signing out
replaces the session with a fresh anonymous one.

CSRF: every unsafe request (POST, PUT, PATCH, DELETE) that carries the session cookie must carry
the session's token, in the `X-CSRF-Token` header (htmx, fetch) or a `csrf_token` form field
(plain forms); a request with a foreign `Origin` is refused too. Requests authenticated with
`Authorization: Bearer` are exempt: a browser never adds that header cross-site.

NOTE for page authors: the Content-Security-Policy below allows scripts only from this origin
(`script-src 'self'`): no inline `<script>` blocks, no `onclick=` attributes, no `javascript:`
URLs, no eval. Put behaviour in files under `web/static/` and wire it with `data-` attributes or
htmx attributes. Inline *styles* are allowed because Plotly and htmx inject them.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from muster.auth import SignInRequired
from muster.errors import MusterError
from muster.store import user as user_store
from muster.store.user import UserRecord
from muster.web.errors import problem_document, render_problem

SESSION_COOKIE = "muster_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)


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
    """Replace the session with a fresh anonymous one (new id, new CSRF token)."""
    session = WebSession.fresh()
    request.scope["muster.session"] = session
    return session


def _same_origin(origin: str, headers: Headers, scheme: str) -> bool:
    parts = urlsplit(origin)
    host = headers.get("host", "")
    return bool(parts.netloc) and parts.netloc == host and parts.scheme in (scheme, "https")


async def _read_body(receive: Receive, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", False
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks), True


async def _form_token(scope: Scope, body: bytes) -> str | None:
    content_type = Headers(scope=scope).get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD)
        return values[0] if values else None
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(scope, receive=replay).form()
    except Exception:  # a malformed multipart body: no token can be read from it
        return None
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    finally:
        await form.close()


class SessionCsrfMiddleware:
    """Decodes the session cookie, enforces CSRF on unsafe requests, sends changed sessions back.

    Form bodies are buffered (at most `max_body_bytes`) to read their `csrf_token`, then replayed
    to the application unchanged.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        codec: SessionCodec,
        secure: bool,
        max_body_bytes: int,
    ) -> None:
        self.app = app
        self.codec = codec
        self.secure = secure
        self.max_body_bytes = max_body_bytes

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
        if request.method in UNSAFE_METHODS and raw is not None:
            refusal, receive = await self._check_csrf(scope, receive, session)
            if refusal is not None:
                response = render_problem(
                    request,
                    problem_document(
                        status=403,
                        title="CSRF check failed",
                        detail=refusal,
                        instance=request.url.path,
                        kind="csrf",
                    ),
                )
                await response(scope, receive, send)
                return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope.get("muster.session")
                if isinstance(current, WebSession) and current.changed:
                    headers = MutableHeaders(scope=message)
                    headers.append("set-cookie", self._cookie(current, scope.get("scheme", "")))
                    headers.append("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _check_csrf(
        self, scope: Scope, receive: Receive, session: WebSession | None
    ) -> tuple[str | None, Receive]:
        headers = Headers(scope=scope)
        if headers.get("authorization", "").lower().startswith("bearer "):
            return None, receive
        origin = headers.get("origin")
        if origin and origin != "null" and not _same_origin(origin, headers, scope["scheme"]):
            return f"requests from {origin} may not change data here", receive
        if session is None:
            return "the session has expired; reload the page and try again", receive
        token = headers.get(CSRF_HEADER)
        content_type = headers.get("content-type", "")
        if token is None and content_type.startswith(_FORM_TYPES):
            body, complete = await _read_body(receive, self.max_body_bytes)
            if not complete:
                return "the form is too large or was cut short", receive
            token = await _form_token(scope, body)
            receive = _replayer(body)
        if not token:
            return (
                f"missing CSRF token: send the {CSRF_FIELD} form field or the X-CSRF-Token "
                "header (reload the page to get one)"
            ), receive
        if not hmac.compare_digest(token.encode(), session.csrf.encode()):
            return "wrong CSRF token; reload the page and try again", receive
        return None, receive


def _replayer(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (and HSTS when served over TLS)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
                if scope.get("scheme") == "https":
                    headers["strict-transport-security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoginLimiter:
    """Counts failed sign-ins per (user name, client address) and per address; bounded memory.

    After `max_failures` failures within `window_s` seconds for one name from one address, or
    ten times as many from one address across names, further attempts are refused until the
    window has passed. A success clears the name's count. At most `max_keys` keys are kept;
    the oldest are forgotten first. In-process: with several workers each keeps its own count.
    """

    def __init__(
        self,
        *,
        max_failures: int = 5,
        window_s: float = 300.0,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_keys = max_keys
        self.clock = clock
        self._failures: OrderedDict[tuple[str, str], list[float]] = OrderedDict()

    def _keys(self, username: str, address: str) -> list[tuple[tuple[str, str], int]]:
        return [
            ((username.strip().lower(), address), self.max_failures),
            (("*", address), self.max_failures * 10),
        ]

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def retry_after(self, username: str, address: str) -> int | None:
        """Seconds to wait before another attempt is allowed, or None when one is allowed now."""
        now = self.clock()
        wait = 0.0
        for key, limit in self._keys(username, address):
            times = self._recent(key, now)
            if len(times) >= limit:
                wait = max(wait, times[-limit] + self.window_s - now)
        return max(1, int(wait + 0.999)) if wait > 0 else None

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        for key, _ in self._keys(username, address):
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def succeeded(self, username: str, address: str) -> None:
        self._failures.pop(self._keys(username, address)[0][0], None)

    def __len__(self) -> int:
        return len(self._failures)


class TooManyAttempts(MusterError):
    """Sign-in refused for a while after repeated failures (HTTP 429 with Retry-After)."""

    http_status = 429
    title = "Too many attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def password_sign_in(request: Request, db: Session, username: str, password: str) -> UserRecord:
    """Check a user name and password, rate limited, and start a fresh session on success.

    Raises `TooManyAttempts` after repeated failures and `SignInRequired` (401) for a wrong name
    or password, without saying which of the two was wrong.
    """
    limiter: LoginLimiter = request.app.state.login_limiter
    address = client_address(request)
    wait = limiter.retry_after(username, address)
    if wait is not None:
        raise TooManyAttempts(
            f"too many failed sign-ins; try again in {wait} seconds", retry_after=wait
        )
    account = user_store.authenticate(session=db, username=username, password=password)
    if account is None:
        limiter.failed(username, address)
        raise SignInRequired("wrong user name or password")
    limiter.succeeded(username, address)
    sign_in(request, account.username, account.version)
    return account


class BodyTooLarge(MusterError):
    """A request body over MUSTER_MAX_UPLOAD_MB (HTTP 413)."""

    http_status = 413
    title = "Request too large"


class BodyLimitMiddleware:
    """Refuses request bodies larger than `max_bytes`: by Content-Length before reading, and by
    counting while reading when the length is not announced (chunked uploads)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return (
            f"the request body is larger than {self.max_bytes // (1024 * 1024)} MiB "
            "(MUSTER_MAX_UPLOAD_MB)"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = Headers(scope=scope).get("content-length")
        if announced is not None and announced.isdigit() and int(announced) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        too_large = False
        started = False

        async def guarded_send(message: Message) -> None:
            # Parsers may turn our exception into their own 400; the answer is still 413.
            nonlocal started
            if too_large:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._refuse(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        async def counting_receive() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_large = True
                    raise BodyTooLarge(self._message())
            return message

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if started:
                raise
            started = True
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        problem = problem_document(
            status=413,
            title=BodyTooLarge.title,
            detail=self._message(),
            instance=request.url.path,
            kind="request-too-large",
        )
        await render_problem(request, problem)(scope, receive, send)
