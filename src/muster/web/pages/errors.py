"""Error documents (RFC 9457) rendered as pages for browsers, in the site's layout."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from muster.web.pages.render import request_context
from muster.web.templates import render_template


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """The problem as a page: its title, what to do, and each located error."""
    body = render_template(
        "error.html",
        problem=problem,
        title=str(problem.get("title", "Error")),
        section="",
        **request_context(request),
    )
    return HTMLResponse(body, status_code=int(problem.get("status", 500)))
