"""`GET /api/v1/changes`: what changed between two moments, as the requesting user may read it.

The same report as `muster changes --json` and the `/changes` page (`muster.app.changes`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from muster.app.changes import changes_since, parse_when
from muster.store.db import utcnow
from muster.web.deps import DbSession, HistoryReader
from muster.web.viewmodels.common import jsonable

router = APIRouter(prefix="/changes", tags=["history"])


@router.get("", summary="What changed since a date: stances, pledges, conditions, coverage")
def changes(
    user: HistoryReader,
    db: DbSession,
    since: Annotated[
        str,
        Query(
            max_length=40,
            description="From this day (YYYY-MM-DD) or moment (ISO 8601; no zone: UTC)",
        ),
    ],
    until: Annotated[
        str | None,
        Query(max_length=40, description="To this day or moment (default: now)"),
    ] = None,
    scenario: Annotated[
        str | None, Query(max_length=200, description="Coverage then and now under it")
    ] = None,
) -> dict[str, Any]:
    report = changes_since(
        session=db,
        user=user,
        since=parse_when(since, field="since"),
        until=parse_when(until, field="until") if until else None,
        scenario=scenario or None,
        now=utcnow(),
    )
    result: dict[str, Any] = jsonable(report)
    return result
