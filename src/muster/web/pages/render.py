"""Renders a view model as an HTML page or as its JSON twin.

`page(request, template, view)` answers JSON when the request asks for it (`?format=json` or an
`Accept: application/json` header) and HTML otherwise; both come from the same `view`. The
templates and their environment live in `muster.web.templates`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from muster.auth import ANONYMOUS, User
from muster.web.deps import USER_STATE
from muster.web.security import csrf_token
from muster.web.templates import render_template
from muster.web.viewmodels.common import jsonable

JSON_MEDIA = "application/json"


def wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].strip().startswith(JSON_MEDIA)


def request_context(request: Request) -> dict[str, Any]:
    """What the layout needs from the request: the user, the CSRF token, the current path."""
    user = request.scope.get(USER_STATE)
    return {
        "request": request,
        "user": user if isinstance(user, User) else ANONYMOUS,
        "csrf_token": lambda: csrf_token(request),
        "path": request.url.path,
        "is_htmx": request.headers.get("hx-request") == "true",
    }


def page(
    request: Request,
    template: str,
    view: Any,
    *,
    title: str,
    section: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """`view` as JSON (the twin) or rendered with `template` into the site layout."""
    if wants_json(request):
        return JSONResponse(jsonable(view), status_code=status, headers=headers)
    body = render_template(
        template,
        view=view,
        title=title,
        section=section,
        **request_context(request),
        **extra,
    )
    return HTMLResponse(body, status_code=status, headers=headers)
