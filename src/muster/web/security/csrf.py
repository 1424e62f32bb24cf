"""Cross-site request forgery: refuse unsafe requests a browser sent from another site.

Decided by the request's headers, as Go's `net/http.CrossOriginProtection` (1.25), Django
(`CSRF_TRUSTED_ORIGINS` with Origin checks) and Datasette do, on every unsafe method (POST, PUT,
PATCH, DELETE), signed in or not: the login form too (login CSRF), and no body is read.

1. `Sec-Fetch-Site` (every current browser sends it): `same-origin` or `none` (the user's own
   action, such as a bookmark) passes; `same-site` and `cross-site` are refused.
2. Without it, an `Origin` header must name this host (a browser always sends Origin on a
   cross-origin POST); `Origin: null` (a sandboxed or privacy-redirected page) is refused.
3. With neither, the request did not come from a browser's cross-site form or script (curl,
   the CLI, the test client): it passes.

Requests authenticated with `Authorization: Bearer` pass: a browser never adds that header on
its own. Written here rather than taken from a library: asgi-csrf (Datasette's) checks a
double-submit token and must buffer form bodies; the header-only packages are 0.x releases of
one author; the rule above fits in one function.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from muster.web.errors import problem_document, render_problem

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _same_origin(origin: str, headers: Headers, scheme: str) -> bool:
    parts = urlsplit(origin)
    host = headers.get("host", "")
    return bool(parts.netloc) and parts.netloc == host and parts.scheme in (scheme, "https")


def cross_site_refusal(method: str, headers: Headers, scheme: str) -> str | None:
    """Why this request must be refused as cross-site, or None when it may go on."""
    if method not in UNSAFE_METHODS:
        return None
    if headers.get("authorization", "").lower().startswith("bearer "):
        return None
    site = headers.get("sec-fetch-site")
    if site is not None:
        if site.strip().lower() in ("same-origin", "none"):
            return None
        return f"a {site} request may not change data here (Sec-Fetch-Site)"
    origin = headers.get("origin")
    if origin is None:
        return None
    if origin != "null" and _same_origin(origin, headers, scheme):
        return None
    return f"requests from {origin} may not change data here"


class CrossOriginMiddleware:
    """Answers 403 (problem+json, or a page for browsers) to cross-site unsafe requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = cross_site_refusal(
                scope["method"], Headers(scope=scope), scope.get("scheme", "http")
            )
            if refusal is not None:
                request = Request(scope)
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
        await self.app(scope, receive, send)
