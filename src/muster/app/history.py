"""The audit log's read rule for history entries, shared by the audit log, per-row history,
`muster changes` and subscriptions: one answer to "may this reader see this change?".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from sqlalchemy.orm import Session

from muster.auth import User
from muster.auth.policy import can_read_record
from muster.auth.sql import keep_readable, read_clause, readable_pledges
from muster.domain import ENTITY_NAMES, Offer, Pledge, Statement
from muster.store.history import Change, latest


def readable(db: Session, user: User, changes: Iterable[Change]) -> Iterator[Change]:
    """The changes `user` may read, as the per-entity history routes decide: a row whose
    latest state the user may not read shows no history at all; a change whose before or after
    the user may not read is left out; scenario records keep only pledges readable now."""
    pledges: frozenset[str] | None = None
    scrubbed = False
    visible: dict[tuple[str, str], bool] = {}
    # only where the reader's view is restricted is a row's latest state worth a query
    guarded = {
        ENTITY_NAMES[cls]
        for cls in (Pledge, Statement, Offer)
        if read_clause(user, cls) is not None
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
