"""Signing out: one use case for the API (`DELETE /api/v1/session`) and the pages (`/logout`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from muster.auth import User
from muster.store import user as user_store


def end_sessions(*, db: Session, user: User) -> None:
    """End every cookie session of `user` on the server: the account's version moves on, so a
    copy of a signed-out cookie no longer signs anyone in. A token's user (or an anonymous
    visitor) has no cookie session to end here."""
    if user.signed_in and user.scope is None:
        user_store.end_sessions(session=db, username=user.name)
