"""The audit log's read rule for history entries, shared by the audit log, per-row history,
`muster changes` and subscriptions: one answer to "may this reader see this change?".

Entries are shown under a public id and paged with a cursor made of what the reader already
sees (entity, key, version): the database's ids are sequential, and a gap between two ids
shown would tell a reader that a change they may not read happened between them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import replace

from sqlalchemy.orm import Session

from muster.auth import User
from muster.auth.policy import can_read_record
from muster.domain import ENTITY_NAMES, Offer, Pledge, Statement
from muster.errors import InvalidInput, Problem
from muster.store.access import keep_readable, read_clause, readable_pledges
from muster.store.history import Change, entries, latest


def public_id(change: Change) -> int:
    """A stable id for an entry, derived only from what the entry shows (entity, key, version):
    not sequential, so ids reveal no gap where a hidden change sits (56 bits, no collision in
    practice)."""
    text = f"{change.entity}\x1f{change.key}\x1f{change.version}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:7], "big")


def cursor(change: Change) -> str:
    """Where a page of the log ends: `entity:version:key` of its last entry."""
    return f"{change.entity}:{change.version}:{change.key}"


def resolve_cursor(db: Session, user: User, text: str, *, field: str = "before") -> int:
    """The database id of the entry a `cursor` names, if `user` may read that entry; an
    unreadable entry is refused exactly as one that does not exist."""
    entity, _, rest = text.partition(":")
    version, _, key = rest.partition(":")
    bad = InvalidInput(
        Problem(f"not a position in the log: {text[:120]!r} (pass next_before)", field=field)
    )
    if not version.isdigit() or not key or "\x00" in text:
        raise bad
    found = [c for c in entries(session=db, entity=entity, key=key) if c.version == int(version)]
    if not found or not list(readable(db, user, found)):
        raise bad
    return found[0].id


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
