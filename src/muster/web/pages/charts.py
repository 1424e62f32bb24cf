"""`/charts`: pledges by status, pledged vs required per phase, aid by donor, over time; and
`/pledges/{id}/life`, one pledge's life. Each answers `?format=json` with its data.

Built by `muster.app.trends` for the signed-in reader (hidden pledges are never counted) and
cached per data version and read scope.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from muster.app.trends import pledge_life, trends
from muster.web.deps import DbSession, HistoryReader
from muster.web.i18n import N_
from muster.web.pages.clock import today
from muster.web.pages.data import ReadData
from muster.web.pages.render import page

router = APIRouter(include_in_schema=False)


@router.get("/charts", response_class=HTMLResponse)
def charts_page(
    request: Request,
    _: HistoryReader,
    data: ReadData,
    db: DbSession,
    scenario: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The charts over time, each with a table beside it."""
    day = today()
    scenario = scenario if scenario in data.dataset.index("scenarios") else None
    view = data.cached(
        "trends",
        day,
        scenario,
        make=lambda: trends(
            session=db, user=data.user, dataset=data.dataset, today=day, scenario=scenario
        ),
    )
    return page(
        request,
        "charts.html",
        view,
        title=N_("Charts"),
        section="charts",
        scripts=("plotly",),
        scenarios=sorted(data.dataset.scenarios, key=lambda s: s.name),
        scenario=scenario,
    )


@router.get("/pledges/{pledge_id}/life", response_class=HTMLResponse)
def pledge_life_page(
    request: Request, pledge_id: str, _: HistoryReader, data: ReadData, db: DbSession
) -> Response:
    """One pledge's life: each status it went through, when, who and why."""
    view = pledge_life(session=db, user=data.user, dataset=data.dataset, pledge_id=pledge_id)
    return page(
        request,
        "pledge_life.html",
        view,
        title=N_("Life of pledge %(id)s"),
        title_args={"id": pledge_id},
        section="pledges",
        scripts=("plotly",),
    )
