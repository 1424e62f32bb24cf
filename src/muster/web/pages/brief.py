"""The conference brief from the dashboard: `/brief` (HTML, printable) and `/brief.pdf`.

Built from what the signed-in reader may read, like every other page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from muster.app.conference import shortfall_lists
from muster.app.trends import trends
from muster.store.slots import shared_slot
from muster.web.deps import DbSession, SettingsDep, SignedIn
from muster.web.i18n import N_, scope_locale
from muster.web.pages.clock import today
from muster.web.pages.coverage import current_coverage
from muster.web.pages.data import PageData, ReadData
from muster.web.pages.render import wants_json
from muster.web.report import BriefView, brief_view, render_brief
from muster.web.report.pdf import print_pdf
from muster.web.viewmodels.common import jsonable

router = APIRouter(include_in_schema=False)


def _view(data: PageData, as_of: date | None, scenario: str | None, db: Session) -> BriefView:
    day = today()
    if scenario is not None and scenario not in data.dataset.index("scenarios"):
        scenario = None
    over_time = data.cached(
        "trends",
        day,
        scenario,
        make=lambda: trends(
            session=db, user=data.user, dataset=data.dataset, today=day, scenario=scenario
        ),
    )
    return brief_view(
        data.dataset,
        as_of=as_of or day,
        today=day,
        generated_at=datetime.now(UTC),
        audience=data.user.label if data.user.signed_in else N_("the public"),
        scenario=scenario,
        coverage=current_coverage(data, scenario),
        trends=over_time,
        shortfalls=shortfall_lists(data.dataset, as_of or day),
    )


@router.get("/brief", response_class=HTMLResponse)
def brief_page(
    request: Request,
    data: ReadData,
    db: DbSession,
    as_of: date | None = None,
    scenario: str | None = None,
) -> Response:
    """The conference brief as one printable page."""
    view = _view(data, as_of, scenario, db)
    if wants_json(request):
        return JSONResponse(jsonable(view))
    return HTMLResponse(render_brief(view, locale=scope_locale(request.scope)))


# Chromiums printing at once for the whole database, whatever the number of workers or
# machines serving it (slots shared through the database); more requests wait their turn.
PDF_PRINTERS = 2


@router.get("/brief.pdf")
def brief_pdf(
    request: Request,
    user: SignedIn,
    data: ReadData,
    settings: SettingsDep,
    db: DbSession,
    as_of: date | None = None,
    scenario: str | None = None,
) -> Response:
    """The conference brief printed to PDF by headless Chromium (a few at a time).

    Signed-in users only: each print starts a browser, which an anonymous visitor must not be
    able to do at will (the HTML brief stays public, and prints from the browser)."""
    view = _view(data, as_of, scenario, db)
    html = render_brief(view, locale=scope_locale(request.scope))
    with shared_slot(request.app.state.engine, "pdf-printer", PDF_PRINTERS):
        pdf = print_pdf(html, chromium=settings.chromium)
    name = f"muster-brief-{view.as_of.isoformat()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
