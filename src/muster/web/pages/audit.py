"""The audit log (`/audit`) and one entity's history with diffs (`/history/{entity}/{key}`).

Entries whose before or after record the reader may not read (a national pledge of another
delegation) are left out entirely, who and why included, so the log reveals nothing more than
the pages do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from muster.auth import User
from muster.auth.policy import can_read_record
from muster.domain import ENTITY_NAMES
from muster.errors import NotFound
from muster.store import service
from muster.store.schema import history
from muster.web.deps import DbSession, HistoryReader
from muster.web.pages.render import page
from muster.web.viewmodels.audit import AuditFilters, HistoryView, audit_entry, audit_view

router = APIRouter(include_in_schema=False)
PAGE = 50
BATCH = 200


def _readable(user: User, row: Mapping[str, Any]) -> bool:
    entity = str(row["entity"])
    return can_read_record(user, entity, row["before"]) and can_read_record(
        user, entity, row["after"]
    )


def _rows(db: Session, f: AuditFilters, before: int | None) -> Iterator[Mapping[str, Any]]:
    """History rows matching `f`, newest first, older than id `before`, in batches."""
    query = sa.select(history).order_by(history.c.id.desc()).limit(BATCH)
    if f.user:
        who = f.user if ":" in f.user else f"user:{f.user}"
        query = query.where(history.c.who == who)
    if f.entity:
        query = query.where(history.c.entity == f.entity)
    if f.key:
        query = query.where(history.c.key == f.key)
    if f.since:
        query = query.where(history.c.recorded_at >= datetime.combine(f.since, time(), UTC))
    if f.until:
        end = datetime.combine(f.until + timedelta(days=1), time(), UTC)
        query = query.where(history.c.recorded_at < end)
    cursor = before
    while True:
        batch = list(
            db.execute(query if cursor is None else query.where(history.c.id < cursor)).mappings()
        )
        for row in batch:
            yield dict(row)
        if len(batch) < BATCH:
            return
        cursor = int(batch[-1]["id"])


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
    shown: list[Mapping[str, Any]] = []
    more = False
    for row in _rows(db, filters, before):
        if not _readable(user, row):
            continue
        if len(shown) == PAGE:
            more = True
            break
        shown.append(row)
    view = audit_view(
        shown,
        filters=filters,
        entities=ENTITY_NAMES.values(),
        next_before=int(shown[-1]["id"]) if more and shown else None,
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
    rows = [c.as_dict() | {"recorded_at": c.recorded_at} for c in changes]
    readable = [r for r in rows if _readable(user, r)]
    if not readable:
        raise NotFound(f"no history for {entity} {key!r}")
    view = HistoryView(changes[0].entity, key, tuple(audit_entry(r) for r in readable))
    return page(request, "history.html", view, title=f"History of {entity} {key}", section="audit")
