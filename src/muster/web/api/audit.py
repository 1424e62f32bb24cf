"""The audit log (`GET /api/v1/audit`): every recorded change, newest first, filtered.

The `/audit` page shows the same entries (`readable_log`). An entry whose before or after
record the reader may not read (another delegation's national pledge, a proposal for a
non-reviewer) is left out entirely, who and why included; scenario records lose the ids of
pledges the reader may not read. So the log reveals nothing more than the data does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from muster.app.history import cursor, public_id, readable, resolve_cursor
from muster.auth import User
from muster.domain import ENTITY_NAMES
from muster.errors import InvalidInput, Problem
from muster.store.history import Change, log
from muster.web.api._crud import HistoryEntry
from muster.web.deps import DbSession, HistoryReader

router = APIRouter(prefix="/audit", tags=["history"])


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[Change]
    next_before: str | None


def readable_log(
    db: Session,
    user: User,
    *,
    limit: int,
    who: str | None = None,
    entity: str | None = None,
    key: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    before: str | None = None,
) -> AuditPage:
    """Up to `limit` entries `user` may read, newest first, and the cursor to continue from
    (`app.history.cursor`: it names the last entry shown, never a database id)."""
    if entity and entity not in ENTITY_NAMES.values():
        known = ", ".join(sorted(ENTITY_NAMES.values()))
        raise InvalidInput(Problem(f"no entity {entity!r}: one of {known}", field="entity"))
    start = None if before is None else resolve_cursor(db, user, before)
    changes = log(
        session=db, who=who, entity=entity, key=key, since=since, until=until, before=start
    )
    shown = list(islice(readable(db, user, changes), limit + 1))
    more = len(shown) > limit
    del shown[limit:]
    return AuditPage(shown, cursor(shown[-1]) if more else None)


def shown(change: Change) -> dict[str, Any]:
    """An entry as a reader gets it: under its public id, not the database's sequential one."""
    return change.as_dict() | {"id": public_id(change), "redacted": False}


class AuditLog(BaseModel):
    """A page of the audit log; pass `next_before` as `before` for the next (older) page."""

    items: list[HistoryEntry]
    next_before: str | None = Field(
        description="Pass as `before` for the next (older) page; null at the end."
    )


@router.get("", response_model=AuditLog, summary="Every recorded change, newest first")
def audit_log(
    user: HistoryReader,
    db: DbSession,
    who: Annotated[str | None, Query(max_length=120, description="user:NAME or NAME")] = None,
    entity: Annotated[str | None, Query(max_length=40, description="pledge, statement…")] = None,
    key: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[dt.date | None, Query(description="From this day (UTC)")] = None,
    until: Annotated[dt.date | None, Query(description="To this day (UTC), included")] = None,
    before: Annotated[
        str | None,
        Query(max_length=400, description="Older than this position (a page's next_before)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    found = readable_log(
        db,
        user,
        limit=limit,
        who=who or None,
        entity=entity or None,
        key=key or None,
        since=since,
        until=until,
        before=before,
    )
    return {
        "items": [shown(c) for c in found.entries],
        "next_before": found.next_before,
    }
