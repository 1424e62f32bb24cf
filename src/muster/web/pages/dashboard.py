"""The dashboard (`/`) and its stance-map fragment (`/dashboard/map`) for the date slider."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from muster.web.pages.clock import today
from muster.web.pages.coverage import current_coverage
from muster.web.pages.data import ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.dashboard import DashboardView, dashboard

router = APIRouter(include_in_schema=False)


def _view(data: ReadData, as_of: date | None, scenario: str | None) -> DashboardView:
    day = today()
    return data.cached(
        "dashboard",
        as_of,
        scenario,
        day,
        make=lambda: dashboard(
            data.dataset,
            as_of=as_of or day,
            today=day,
            coverage=current_coverage(data, scenario),
            last_change=data.version.changed_at,
            data_version=data.version.tag,
        ),
    )


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request, data: ReadData, as_of: date | None = None, scenario: str | None = None
) -> Response:
    """The stance map on a date, how many have stepped up, coverage and gaps, freshness."""
    view = _view(data, as_of, scenario or None)
    return page(
        request,
        "dashboard.html",
        view,
        title="Dashboard",
        section="dashboard",
        scripts=("plotly",),
        cache=data,
        scenarios=sorted(data.dataset.scenarios, key=lambda s: s.name),
    )


@router.get("/dashboard/map", response_class=HTMLResponse)
def dashboard_map(request: Request, data: ReadData, as_of: date | None = None) -> Response:
    """The stance map alone (htmx swaps it in when the date slider moves)."""
    view = _view(data, as_of, None)
    # htmx puts the dashboard's own address in the location bar, so a reload or a shared link
    # shows the same date.
    headers = {"HX-Replace-Url": f"/?as_of={view.map.as_of.isoformat()}"}
    return page(
        request,
        "partials/stance_map.html",
        view,
        title="Stance map",
        headers=headers,
        cache=data,
        fragment=True,
    )
