"""Managing accounts as a user (`muster user add|passwd|disable`): each needs `user:manage`
(an admin, or the CLI's local administrator)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from muster.auth import Capability, Role, User
from muster.auth.policy import ensure
from muster.store import user as user_store


def check_manage(user: User) -> None:
    """Forbidden unless `user` may manage accounts (asked before a password is prompted for)."""
    ensure(user, Capability.USER_MANAGE)


def add(
    *,
    session: Session,
    user: User,
    username: str,
    password: str,
    role: Role | str,
    nation: str | None = None,
) -> user_store.UserRecord:
    """Create an account as `user`; Forbidden without `user:manage`, else what
    `store.user.add_user` raises (bad name, role, nation, weak password; Conflict)."""
    check_manage(user)
    return user_store.add_user(
        session=session, username=username, password=password, role=role, nation=nation
    )


def set_password(
    *, session: Session, user: User, username: str, password: str
) -> user_store.UserRecord:
    """Set an account's password as `user` (its sessions end); Forbidden without
    `user:manage`."""
    check_manage(user)
    return user_store.set_password(session=session, username=username, password=password)


def set_disabled(
    *, session: Session, user: User, username: str, disabled: bool
) -> user_store.UserRecord:
    """Disable or enable an account as `user`; Forbidden without `user:manage`."""
    check_manage(user)
    return user_store.set_disabled(session=session, username=username, disabled=disabled)
