"""Reviewing proposed statements as a user: accept, reject, or correct one (the CLI's `muster
review`). Each is one `app.records.update`, so the read rule, `statement:review` /
`statement:edit` for the statement's nation, the version check and history's who/why apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from muster.app import records
from muster.auth import User
from muster.domain import Statement, StatementStatus
from muster.domain.statement import check_statement_transition
from muster.store.load import Stored


def _current(version: int) -> int:
    return version


def decide(
    *,
    db: Session,
    user: User,
    statement_id: str,
    status: StatementStatus,
    reason: str,
    public_read: bool,
    expected_version: records.Expected = _current,
) -> Stored[Statement]:
    """Move a statement to `status` (accepted, rejected, proposed) following the domain's
    transitions; NotFound, Forbidden, InvalidInput (a transition not allowed) or Conflict."""

    def change(old: Statement) -> Statement:
        check_statement_transition(old, status)
        return replace(old, status=status)

    return records.update(
        db=db,
        user=user,
        entity=Statement,
        key=statement_id,
        change=change,
        expected_version=expected_version,
        reason=reason,
        public_read=public_read,
    )


def edit(
    *,
    db: Session,
    user: User,
    statement_id: str,
    changes: Mapping[str, Any],
    reason: str,
    public_read: bool,
    expected_version: records.Expected = _current,
) -> Stored[Statement]:
    """Correct a statement's fields (`changes`: field name → value) as `user`."""
    return records.update(
        db=db,
        user=user,
        entity=Statement,
        key=statement_id,
        change=lambda old: replace(old, **changes),
        expected_version=expected_version,
        reason=reason,
        public_read=public_read,
    )
