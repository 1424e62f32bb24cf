"""Every error leaves the server as RFC 9457 `application/problem+json`, or as a page for browsers.

One mapping: `MusterError` → its `http_status`, with an `errors` list of located problems
(`Problem.as_dict()`); FastAPI's request validation → 422 with each field's location; unknown
routes and methods → 404/405; anything unexpected → 500 with a reference id that is logged with
the traceback, which never reaches the body. Browsers (HTML requests outside `/api`) get the same
document rendered by the page hook `app.state.error_page` (the pages package sets it), and a
401 becomes a redirect to the login page.
"""

from __future__ import annotations

import html
import logging
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from muster.errors import InvalidInput, MusterError, Problem

log = logging.getLogger("muster.web")

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api"
LOGIN_PATH = "/login"

# Renders a problem document as an HTML page: (request, problem) -> Response.
ErrorPage = Callable[[Request, dict[str, Any]], Response]


def _slug(title: str) -> str:
    return "-".join(title.lower().split())


def problem_document(
    *,
    status: int,
    title: str | None = None,
    detail: str | None = None,
    instance: str | None = None,
    kind: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An RFC 9457 problem object. `kind` names a Muster problem type (urn:muster:problem:...)."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    doc: dict[str, Any] = {
        "type": f"urn:muster:problem:{kind}" if kind else "about:blank",
        "title": title or phrase,
        "status": status,
    }
    if detail:
        doc["detail"] = detail
    if instance:
        doc["instance"] = instance
    doc["errors"] = errors or []
    doc.update({k: v for k, v in extra.items() if v is not None})
    return doc


def wants_html(request: Request) -> bool:
    """Whether to answer with a page: a browser's request outside the JSON API."""
    if request.url.path.startswith(API_PREFIX):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept.split(",")[0]


def _default_page(request: Request, problem: dict[str, Any]) -> Response:
    items = "".join(
        f"<li>{html.escape(str(e.get('detail') or e.get('message') or ''))}</li>"
        for e in problem.get("errors", [])
    )
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{problem['status']} {html.escape(problem['title'])} · Muster</title></head>"
        f"<body><main><h1>{html.escape(problem['title'])}</h1>"
        f"<p>{html.escape(str(problem.get('detail', '')))}</p>"
        f"{'<ul>' + items + '</ul>' if items else ''}"
        "<p><a href='/'>Back to the dashboard</a></p></main></body></html>"
    )
    return HTMLResponse(body, status_code=int(problem["status"]))


def render_problem(
    request: Request, problem: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    """The response for `problem`: JSON for the API and scripts, a page (or login) for browsers."""
    status = int(problem["status"])
    if wants_html(request):
        if status == 401:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='')}", 303)
        page: ErrorPage = getattr(request.app.state, "error_page", None) or _default_page
        response = page(request, problem)
        response.status_code = status
        for name, value in (headers or {}).items():
            response.headers[name] = value
        return response
    return JSONResponse(problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _muster_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MusterError)
    errors = [p.as_dict() for p in exc.problems] if isinstance(exc, InvalidInput) else []
    detail = exc.summary() if isinstance(exc, InvalidInput) else str(exc)
    extra: dict[str, Any] = {}
    # 409 (Conflict) and 412 (a stale If-Match) both tell the loser which version is current.
    current_version = getattr(exc, "current_version", None)
    if isinstance(current_version, int):
        extra["current_version"] = current_version
    problem = problem_document(
        status=exc.http_status,
        title=exc.title,
        detail=detail,
        instance=request.url.path,
        kind=_slug(exc.title),
        errors=errors,
        **extra,
    )
    headers: dict[str, str] = {}
    if isinstance(current_version, int):
        headers["ETag"] = f'"{current_version}"'
    if exc.http_status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, int):
        headers["Retry-After"] = str(retry_after)
        problem["retry_after"] = retry_after
    return render_problem(request, problem, headers or None)


def _location(loc: tuple[Any, ...]) -> tuple[str | None, str | None]:
    where = str(loc[0]) if loc else None
    path = ".".join(str(part) for part in loc[1:]) or None
    return where, path


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors: list[dict[str, Any]] = []
    for err in exc.errors():
        where, field = _location(tuple(err.get("loc", ())))
        message = str(err.get("msg", "invalid"))
        entry = Problem(message, field=field).as_dict()
        if where:
            entry["in"] = where
            entry["detail"] = f"{where} {field}: {message}" if field else f"{where}: {message}"
        errors.append(entry)
    detail = "; ".join(e["detail"] for e in errors[:10]) or "the request is not valid"
    problem = problem_document(
        status=422,
        title="Invalid input",
        detail=detail,
        instance=request.url.path,
        kind="invalid-input",
        errors=errors,
    )
    return render_problem(request, problem)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"nothing at {request.url.path}"
    problem = problem_document(status=exc.status_code, detail=detail, instance=request.url.path)
    return render_problem(request, problem, dict(exc.headers or {}))


def internal_error_problem(request: Request, ref: str) -> dict[str, Any]:
    return problem_document(
        status=500,
        title="Internal error",
        detail=f"an unexpected error occurred; it has been logged with reference {ref}. "
        "This is a bug in Muster: please report the reference.",
        instance=request.url.path,
        kind="internal-error",
        reference=ref,
    )


class CatchUnexpected:
    """ASGI middleware: an exception no handler claimed becomes a 500 problem with a reference.

    The traceback goes to the log under that reference and never into the response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            ref = uuid.uuid4().hex[:12]
            log.exception("internal error ref=%s path=%s", ref, scope.get("path"))
            if started:
                raise
            request = Request(scope)
            response = render_problem(request, internal_error_problem(request, ref))
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Register the one mapping of errors to responses on `app`."""
    app.add_exception_handler(MusterError, _muster_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.state.error_page = None
