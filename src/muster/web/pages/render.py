"""Renders a view model as an HTML page or as its JSON twin.

`page(request, template, view)` answers JSON when the request asks for it (`?format=json` or an
`Accept: application/json` header) and HTML otherwise; both come from the same `view`. The
templates and their environment live in `muster.web.templates`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from muster.auth import ANONYMOUS, User
from muster.web.deps import USER_STATE
from muster.web.i18n import gettext_for, scope_locale
from muster.web.pages.clock import today
from muster.web.pages.data import PageData
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
    """What the layout needs from the request: the user, the CSRF token, the current path, the
    reader's language."""
    user = request.scope.get(USER_STATE)
    return {
        "request": request,
        "locale": scope_locale(request.scope),
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
    title_args: dict[str, str] | None = None,
    section: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
    scripts: tuple[str, ...] = (),
    cache: PageData | None = None,
    fragment: bool = False,
    **extra: Any,
) -> Response:
    """`view` as JSON (the twin) or rendered with `template` into the site layout.

    With `cache`, the page's content (everything but the layout, which names the user and holds
    the sign-out form's CSRF token) is kept for the data version, the reader's read scope and
    role, the language, and the URL. Only pages whose content holds no CSRF token may pass it.
    A `fragment` (an htmx partial) has no layout.
    """
    if wants_json(request):
        return JSONResponse(jsonable(view), status_code=status, headers=headers)
    context = request_context(request)
    locale = context["locale"]
    # Titles come marked with `N_` (with `%(name)s` for `title_args`); they are translated here,
    # in the reader's language.
    shown_title = gettext_for(locale, title)
    if title_args:  # labels among them (a kind of record) are translated too; names stay
        shown_title %= {k: gettext_for(locale, v) for k, v in title_args.items()}
    common = {"title": shown_title, "section": section, "scripts": scripts, **context}

    def content() -> str:
        layout = "bare.html" if cache is not None and not fragment else "base.html"
        return render_template(template, view=view, layout=layout, **common, **extra)

    if cache is None:
        return HTMLResponse(content(), status_code=status, headers=headers)
    user = context["user"]
    key = (template, request.url.path, request.url.query, user.role, user.nation, locale, today())
    body = cache.cached("html", *key, make=content)
    if not fragment:
        body = render_template("base.html", content=Markup(body), **common)
    return HTMLResponse(body, status_code=status, headers=headers)
