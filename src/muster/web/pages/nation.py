"""Nation pages: the list (`/nations`) and one nation (`/nations/{iso3}`)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from muster.auth import Capability
from muster.web.i18n import N_
from muster.web.pages.access import may
from muster.web.pages.clock import today
from muster.web.pages.data import ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.nation import NationsView, nation_list, nation_view

router = APIRouter(include_in_schema=False)


@router.get("/nations", response_class=HTMLResponse)
def nations_page(request: Request, data: ReadData, as_of: date | None = None) -> Response:
    """Every nation with its stance, pledge count and aid committed."""
    day = as_of or today()
    view = data.cached(
        "nations", day, make=lambda: NationsView(day, nation_list(data.dataset, as_of=day))
    )
    return page(request, "nations.html", view, title=N_("Nations"), section="nations", cache=data)


@router.get("/nations/{iso3}", response_class=HTMLResponse)
def nation_page(request: Request, iso3: str, data: ReadData, as_of: date | None = None) -> Response:
    """A nation's stance timeline with quotes and sources, its pledges and its aid."""
    day = as_of or today()
    code = iso3.upper()
    view = data.cached("nation", code, day, make=lambda: nation_view(data.dataset, code, as_of=day))
    return page(
        request,
        "nation.html",
        view,
        title=view.name,
        section="nations",
        cache=data,
        may_edit=may(request, data.user, Capability.PLEDGE_EDIT, nation=view.iso3),
    )
