"""The dashboard (`/`) and its date-slider fragment (`/dashboard/map`): the stance map, and the
coverage as of the same day (swapped in out of band)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from muster.web.i18n import N_
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
            # Coverage follows the slider: as of its day once one is chosen; the latest
            # statuses (no arrival rule) until then.
            coverage=current_coverage(data, scenario, as_of),
            last_change=data.seen.changed_at,
            data_version=data.seen.tag,
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
        title=N_("Dashboard"),
        section="dashboard",
        scripts=("plotly",),
        cache=data,
        scenarios=sorted(data.dataset.scenarios, key=lambda s: s.name),
    )


@router.get("/dashboard/map", response_class=HTMLResponse)
def dashboard_map(
    request: Request, data: ReadData, as_of: date | None = None, scenario: str | None = None
) -> Response:
    """The stance map, and the coverage as of the same day out of band (htmx swaps both in
    when the date slider moves)."""
    view = _view(data, as_of, scenario or None)
    # htmx puts the dashboard's own address in the location bar, so a reload or a shared link
    # shows the same date.
    chosen = f"&scenario={scenario}" if scenario else ""
    headers = {"HX-Replace-Url": f"/?as_of={view.map.as_of.isoformat()}{chosen}"}
    return page(
        request,
        "partials/dashboard_map.html",
        view,
        title=N_("Stance map"),
        headers=headers,
        cache=data,
        fragment=True,
    )
