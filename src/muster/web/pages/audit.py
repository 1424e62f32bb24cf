"""The audit log (`/audit`) and one entity's history with diffs (`/history/{entity}/{key}`).

Entries whose before or after record the reader may not read (a national pledge of another
delegation) are left out entirely, who and why included, so the log reveals nothing more than
the pages do.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from muster.app.history import public_id
from muster.domain import ENTITY_NAMES
from muster.store import service
from muster.store.history import Change
from muster.web import notices
from muster.web.api._crud import check_restore, readable_history, restorable_versions
from muster.web.api.audit import readable_log
from muster.web.deps import DbSession, HistoryReader, SettingsDep, SignedIn
from muster.web.i18n import N_
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
    before: Annotated[str | None, Query(max_length=400)] = None,
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
    return page(
        request, "audit.html", view, title=N_("Audit log"), section="audit", older_url=older
    )


@router.get("/history/{entity}/{key}", response_class=HTMLResponse)
def history_page(
    request: Request,
    entity: str,
    key: str,
    user: HistoryReader,
    db: DbSession,
    settings: SettingsDep,
) -> Response:
    """Every change to one row, oldest first, with what each changed, and a way back."""
    cls = service.entity_class(entity)
    changes = readable_history(db, user, cls, key)  # NotFound when none is readable
    shown = [_row(c) for c in changes]
    last = service.history(session=db, entity=cls, key=key)[-1]  # the row's, maybe not shown
    restorable = restorable_versions(db, user, cls, key, changes, public_read=settings.public_read)
    view = HistoryView(
        changes[0].entity,
        key,
        tuple(audit_entry(r) for r in shown),
        last_version=last.version,
        restorable=restorable,
        notice=notices.received(request),
    )
    return page(
        request,
        "history.html",
        view,
        title=N_("History of %(entity)s %(key)s"),
        title_args={"entity": entity, "key": key},
        section="audit",
    )


@router.post("/history/{entity}/{key}/restore")
def restore_version(
    request: Request,
    entity: str,
    key: str,
    user: SignedIn,
    db: DbSession,
    settings: SettingsDep,
    version: Annotated[int, Form(ge=1)],
    current: Annotated[int, Form(ge=1)],
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Put back an earlier version (the undo of any change), as a new version."""
    cls = service.entity_class(entity)
    last = check_restore(db, user, cls, key, version, public_read=settings.public_read)
    stored = service.restore(
        session=db,
        entity=cls,
        key=key,
        version=version,
        expected_version=current,
        who=f"user:{user.name}",
        reason=reason.strip() or f"restored version {version} from the history page",
    )
    target = f"/history/{quote(entity)}/{quote(key, safe='')}"
    if stored.version != last:
        return notices.redirect(
            request, target, "version-restored", version=version, new=stored.version
        )
    return notices.redirect(request, target, "version-unchanged", version=version)


def _row(change: Change) -> dict[str, Any]:
    return change.as_dict() | {"id": public_id(change), "recorded_at": change.recorded_at}
