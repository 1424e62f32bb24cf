"""Response headers every page gets (CSP and friends) and the request body limit.

NOTE for page authors: the Content-Security-Policy below allows scripts only from this origin
(`script-src 'self'`): no inline `<script>` blocks, no `onclick=` attributes, no `javascript:`
URLs, no eval. Put behaviour in files under `web/static/` and wire it with `data-` attributes or
htmx attributes. Inline *styles* are allowed because Plotly and htmx inject them.
"""

from __future__ import annotations

import os

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from muster.errors import MusterError
from muster.web.errors import problem_document, render_problem

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
# The answering worker process's id, in dev and test only: lets a test of `muster serve
# --workers N` see its requests spread over processes. Never in prod (it tells a stranger
# how many processes serve, and when one restarts).
WORKER_HEADER = "x-muster-worker"


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (and HSTS when served over TLS); with
    `worker=True`, also `X-Muster-Worker`: the id of the process that answered."""

    def __init__(self, app: ASGIApp, *, worker: bool = False) -> None:
        self.app = app
        self.worker = worker

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
                if self.worker:
                    headers[WORKER_HEADER] = str(os.getpid())
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
