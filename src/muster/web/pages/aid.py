"""`/aid`: the coalition's aid to Ukraine per donor and stage, ranked, with % of GDP (JSON twin:
`?format=json`, and `/api/v1/aid`)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from muster.app.aid import coalition_aid
from muster.web.i18n import N_
from muster.web.pages.clock import today
from muster.web.pages.data import ReadData
from muster.web.pages.render import page

router = APIRouter(include_in_schema=False)


@router.get("/aid", response_class=HTMLResponse)
def aid_page(request: Request, data: ReadData, as_of: date | None = None) -> Response:
    """Aid per donor: committed, allocated, delivered by `as_of` (default today), % of GDP."""
    day = as_of or today()
    view = data.cached(
        "aid", day, make=lambda: coalition_aid(user=data.user, dataset=data.dataset, as_of=day)
    )
    return page(request, "aid.html", view, title=N_("Aid to Ukraine"), section="aid", cache=data)
