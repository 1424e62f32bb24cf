"""Error documents (RFC 9457) rendered as pages for browsers, in the site's layout."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from muster.store.db import transaction
from muster.web.deps import USER_STATE, app_engine, current_user
from muster.web.i18n import LABELS, gettext_for
from muster.web.pages.render import request_context
from muster.web.security import WebSession
from muster.web.templates import render_template

log = logging.getLogger(__name__)


def _resolve_reader(request: Request, status: int) -> None:
    """Sign the reader in for the page when no dependency did (a 404 or 405 from the router
    runs none), so the page has their name in the layout and their account's language.

    Only a request that says who it is (a signed-in session or a bearer token) costs a look in
    the database, in a read transaction: an anonymous 404 storm takes no lock and no query. A
    5xx may come from the database itself, so it is not asked then; a failure here leaves the
    page anonymous rather than hiding the error being shown."""
    if status >= 500 or USER_STATE in request.scope:
        return
    session = request.scope.get("muster.session")
    signed_in = isinstance(session, WebSession) and session.username is not None
    if not signed_in and "authorization" not in request.headers:
        return
    try:
        with transaction(app_engine(request), write=False) as db:
            current_user(request, db)
    except Exception:
        log.debug("error page: reader not resolved", exc_info=True)


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """The problem as a page: its title, what to do, and each located error."""
    _resolve_reader(request, int(problem.get("status", 500)))
    context = request_context(request)
    title = str(problem.get("title", "Error"))
    body = render_template(
        "error.html",
        problem=problem,
        title=gettext_for(context["locale"], LABELS.get(title, title)),
        section="",
        **context,
    )
    return HTMLResponse(body, status_code=int(problem.get("status", 500)))
