"""Error documents (RFC 9457) rendered as pages for browsers, in the site's layout."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from muster.web.i18n import LABELS, gettext_for
from muster.web.pages.render import request_context
from muster.web.templates import render_template


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """The problem as a page: its title, what to do, and each located error."""
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
