"""The read policy as an SQL condition: listings, counts and totals skip what one may not read.

`read_clause(user, Pledge)` is the `WHERE` form of `policy.can_read`: a test checks on real
databases that both agree for every role. None means "no restriction".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.auth.policy import COALITION_ROLES, READS_ALL_NATIONAL, may_see_proposals
from muster.auth.roles import Role
from muster.auth.user import User
from muster.domain import Classification, Offer, Pledge, Statement, StatementStatus
from muster.store.schema import TABLES


def read_clause(user: User, cls: type[Any]) -> sa.ColumnElement[bool] | None:
    """A condition on `cls`'s table selecting the rows `user` may read, or None for all."""
    if cls is Pledge or cls is Offer:  # offers are classified like pledges
        table = TABLES[cls].table
        level = table.c.classification
        if user.role in READS_ALL_NATIONAL:
            return None
        if user.role is Role.DELEGATE:
            return sa.or_(
                level.in_([Classification.PUBLIC.value, Classification.COALITION.value]),
                sa.and_(level == Classification.NATIONAL.value, table.c.nation == user.nation),
            )
        if user.role in COALITION_ROLES:
            return level.in_([Classification.PUBLIC.value, Classification.COALITION.value])
        return level == Classification.PUBLIC.value
    if cls is Statement:
        if may_see_proposals(user):
            return None
        return TABLES[Statement].table.c.status == StatementStatus.ACCEPTED.value
    return None


def hidden_pledges(session: Session, user: User) -> frozenset[str]:
    """The ids of the pledges `user` may not read (to scrub them from scenarios and records)."""
    clause = read_clause(user, Pledge)
    if clause is None:
        return frozenset()
    table = TABLES[Pledge].table
    rows = session.execute(sa.select(table.c.id).where(sa.not_(clause))).scalars()
    return frozenset(rows)


def readable_pledges(session: Session, user: User) -> frozenset[str] | None:
    """The ids of the pledges `user` may read now; None when every pledge is readable."""
    clause = read_clause(user, Pledge)
    if clause is None:
        return None
    table = TABLES[Pledge].table
    return frozenset(session.execute(sa.select(table.c.id).where(clause)).scalars())


def keep_readable(record: Mapping[str, Any] | None, readable: frozenset[str] | None) -> Any:
    """A scenario record (from history) naming only pledges the reader may read now.

    History outlives pledges: an old record may name a pledge since deleted, which no list of
    hidden pledges holds; so what is kept is what is known readable (fail closed).
    """
    if record is None or readable is None:
        return record
    out = dict(record)
    for field in ("pledges_in", "pledges_out"):
        if isinstance(out.get(field), list):
            out[field] = [p for p in out[field] if p in readable]
    return out


def scrub_record(record: Mapping[str, Any] | None, hidden: frozenset[str]) -> Any:
    """A scenario record without the ids of hidden pledges (other records unchanged)."""
    if record is None or not hidden:
        return record
    out = dict(record)
    for field in ("pledges_in", "pledges_out"):
        if isinstance(out.get(field), list):
            out[field] = [p for p in out[field] if p not in hidden]
    return out
