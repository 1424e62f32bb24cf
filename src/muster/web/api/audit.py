"""The audit log (`GET /api/v1/audit`): every recorded change, newest first, filtered.

The `/audit` page shows the same entries (`readable_log`). An entry whose before or after
record the reader may not read (another delegation's national pledge, a proposal for a
non-reviewer) is left out entirely, who and why included; scenario records lose the ids of
pledges the reader may not read. So the log reveals nothing more than the data does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from muster.auth import User
from muster.auth.policy import can_read_record
from muster.auth.sql import keep_readable, read_clause, readable_pledges
from muster.domain import ENTITY_NAMES, Pledge, Statement
from muster.errors import InvalidInput, Problem
from muster.store.history import Change, latest, log
from muster.web.api._crud import HistoryEntry
from muster.web.deps import DbSession, HistoryReader

router = APIRouter(prefix="/audit", tags=["history"])
MAX_ID = 2**63 - 1  # history ids are 64-bit integers on both backends


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[Change]
    next_before: int | None


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
    before: int | None = None,
) -> AuditPage:
    """Up to `limit` entries `user` may read, newest first, and the id to continue before."""
    if entity and entity not in ENTITY_NAMES.values():
        known = ", ".join(sorted(ENTITY_NAMES.values()))
        raise InvalidInput(Problem(f"no entity {entity!r}: one of {known}", field="entity"))
    changes = log(
        session=db, who=who, entity=entity, key=key, since=since, until=until, before=before
    )
    shown = list(islice(readable(db, user, changes), limit + 1))
    more = len(shown) > limit
    del shown[limit:]
    return AuditPage(shown, shown[-1].id if more else None)


def readable(db: Session, user: User, changes: Iterable[Change]) -> Iterator[Change]:
    """The changes `user` may read, as the per-entity history routes decide: a row whose
    latest state the user may not read shows no history at all; a change whose before or after
    the user may not read is left out; scenario records keep only pledges readable now."""
    pledges: frozenset[str] | None = None
    scrubbed = False
    visible: dict[tuple[str, str], bool] = {}
    # only where the reader's view is restricted is a row's latest state worth a query
    guarded = {
        ENTITY_NAMES[cls] for cls in (Pledge, Statement) if read_clause(user, cls) is not None
    }
    for change in changes:
        if not (
            can_read_record(user, change.entity, change.before)
            and can_read_record(user, change.entity, change.after)
        ):
            continue
        if change.entity in guarded:
            row = (change.entity, change.key)
            if row not in visible:
                last = latest(session=db, entity=change.entity, key=change.key)
                state = None if last is None else last.after or last.before
                visible[row] = can_read_record(user, change.entity, state)
            if not visible[row]:
                continue
        if change.entity == "scenario":
            if not scrubbed:
                pledges, scrubbed = readable_pledges(db, user), True
            change = replace(
                change,
                before=keep_readable(change.before, pledges),
                after=keep_readable(change.after, pledges),
            )
        yield change


class AuditLog(BaseModel):
    """A page of the audit log; pass `next_before` as `before` for the next (older) page."""

    items: list[HistoryEntry]
    next_before: int | None = Field(description="The id to continue before; null at the end.")


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
        int | None, Query(ge=1, le=MAX_ID, description="Older than this entry id")
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
        "items": [c.as_dict() | {"redacted": False} for c in found.entries],
        "next_before": found.next_before,
    }
