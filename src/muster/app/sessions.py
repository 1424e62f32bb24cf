"""A signed-in user's session: signing out (the API's `DELETE /api/v1/session`, the pages'
`/logout`) and the language the user picked in the pages' switcher."""

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


def remember_language(*, db: Session, user: User, language: str) -> bool:
    """Remember `language` as `user`'s language for the web interface (on any browser); True
    when it changed. A token's user or an anonymous visitor has no account setting here."""
    if not user.signed_in or user.scope is not None:
        return False
    account = user_store.find_user(session=db, username=user.name)
    if account is None or account.language == language:
        return False
    user_store.set_language(session=db, username=user.name, language=language)
    return True
