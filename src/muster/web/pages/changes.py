"""`/changes`: what changed since a date (or the last coalition meeting), and its JSON twin.

The report is `muster.app.changes` for the signed-in reader, cached per data version and read
scope like every page figure. Each line says which clock placed it (dated or recorded).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from muster.app.changes import changes_since, parse_when, reference_dates
from muster.store.db import utcnow
from muster.web.deps import DbSession, HistoryReader
from muster.web.i18n import N_
from muster.web.pages.clock import today
from muster.web.pages.data import ReadData
from muster.web.pages.render import page

router = APIRouter(include_in_schema=False)


@router.get("/changes", response_class=HTMLResponse)
def changes_page(
    request: Request,
    _: HistoryReader,
    data: ReadData,
    db: DbSession,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    scenario: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """What changed since a date: stances, pledges, conditions, proposals, aid, coverage, gaps."""
    day = today()
    meetings = reference_dates(today=day, calls=data.dataset.calls)
    start = parse_when(since, field="since") if since else (meetings[0].day if meetings else day)
    end = parse_when(until, field="until") if until else None
    scenario = scenario or None
    report = data.cached(
        "changes",
        str(start),
        str(end),
        scenario,
        day,
        make=lambda: changes_since(
            session=db,
            user=data.user,
            since=start,
            until=end,
            scenario=scenario,
            now=utcnow(),
            dataset=data.dataset,
        ),
    )
    return page(
        request,
        "changes.html",
        report,
        title=N_("Changes"),
        section="changes",
        since_value=start.isoformat()[:10] if isinstance(start, date) else str(start),
        until_value=end.isoformat()[:10] if end is not None else "",
        scenarios=sorted(data.dataset.scenarios, key=lambda s: s.name),
    )
