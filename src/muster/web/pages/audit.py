"""The audit log (`/audit`) and one entity's history with diffs (`/history/{entity}/{key}`).

Entries whose before or after record the reader may not read (a national pledge of another
delegation) are left out entirely, who and why included, so the log reveals nothing more than
the pages do.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from muster.domain import ENTITY_NAMES
from muster.errors import NotFound
from muster.store import service
from muster.store.history import Change
from muster.web.api.audit import readable, readable_log
from muster.web.deps import DbSession, HistoryReader
from muster.web.pages.render import page
from muster.web.viewmodels.audit import AuditFilters, HistoryView, audit_entry, audit_view

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: HistoryReader,
    db: DbSession,
    who: str | None = None,
    entity: str | None = None,
    key: str | None = None,
    since: date | None = None,
    until: date | None = None,
    before: int | None = None,
) -> Response:
    """Every recorded change, newest first, filtered by user, entity, key and dates."""
    filters = AuditFilters(who or None, entity or None, key or None, since, until)
    found = readable_log(
        db,
        user,
        limit=PAGE,
        who=filters.user,
        entity=filters.entity,
        key=filters.key,
        since=since,
        until=until,
        before=before,
    )
    view = audit_view(
        [_row(c) for c in found.entries],
        filters=filters,
        entities=ENTITY_NAMES.values(),
        next_before=found.next_before,
    )
    older = None
    if view.next_before is not None:
        params = {k: v for k, v in request.query_params.items() if k not in ("before", "format")}
        older = f"/audit?{urlencode({**params, 'before': view.next_before})}"
    return page(request, "audit.html", view, title="Audit log", section="audit", older_url=older)


@router.get("/history/{entity}/{key}", response_class=HTMLResponse)
def history_page(
    request: Request, entity: str, key: str, user: HistoryReader, db: DbSession
) -> Response:
    """Every change to one row, oldest first, with what each changed."""
    changes = service.history(session=db, entity=entity, key=key)
    shown = [_row(c) for c in readable(db, user, changes)]
    if not shown:
        raise NotFound(f"no history for {entity} {key!r}")
    view = HistoryView(changes[0].entity, key, tuple(audit_entry(r) for r in shown))
    return page(request, "history.html", view, title=f"History of {entity} {key}", section="audit")


def _row(change: Change) -> dict[str, Any]:
    return change.as_dict() | {"recorded_at": change.recorded_at}
