"""Users and API tokens: the stored side of `muster.auth` (passwords argon2id, tokens SHA-256).

Service functions take the caller's session and never commit. A user's `version` rises with
every change to the account (password, role, disabling); a signed session remembers the
version it was issued for, so such a change ends every existing session of that user.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.auth.passwords import (
    DUMMY_HASH,
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from muster.auth.roles import Role
from muster.auth.tokens import digests_equal, looks_like_token, new_token, token_digest
from muster.auth.user import LOCAL_ADMIN, TokenScope, User, check_role_nation
from muster.domain import Nation
from muster.errors import Conflict, InvalidInput, NotFound, Problem, describe
from muster.store.db import CLOCK_KEY, utcnow
from muster.store.schema import TABLES, api_tokens, users

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
USERNAME_RULE = (
    "2 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
)
TOKEN_NAME_MAX = 100
# A token's last use is written at most this often, so reading with a token rarely writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A stored user account (never carries the password hash out of this module)."""

    username: str
    role: Role
    nation: str | None
    created_at: datetime
    disabled_at: datetime | None
    version: int
    language: str | None = None  # the web interface's language the user picked

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    def principal(self, scope: TokenScope | None = None) -> User:
        """The `User` a request acts as when it signed in as this account."""
        return User(name=self.username, role=self.role, nation=self.nation, scope=scope)

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "role": self.role.value,
            "nation": self.nation,
            "created_at": self.created_at.isoformat(),
            "disabled_at": self.disabled_at.isoformat() if self.disabled_at else None,
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A stored API token: its label, scope and use; the secret itself is never stored."""

    id: str
    username: str
    name: str
    prefix: str
    scope: TokenScope
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "name": self.name,
            "prefix": self.prefix,
            "scope": self.scope.value,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "active": self.active,
        }


def _now(session: Session) -> datetime:
    clock = session.info.get(CLOCK_KEY, utcnow)
    now = clock()
    assert isinstance(now, datetime)
    return now


def _user(row: Any) -> UserRecord:
    return UserRecord(
        username=row.username,
        role=Role(row.role),
        nation=row.nation,
        created_at=row.created_at,
        disabled_at=row.disabled_at,
        version=row.version,
        language=row.language,
    )


def _token(row: Any) -> TokenRecord:
    return TokenRecord(
        id=row.id,
        username=row.username,
        name=row.name,
        prefix=row.prefix,
        scope=TokenScope(row.scope),
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def check_username(username: str) -> None:
    if not isinstance(username, str) or not USERNAME.match(username):
        raise InvalidInput(
            Problem(f"expected {USERNAME_RULE}, got {describe(username)}", field="username")
        )


def _check_role(role: Role | str, nation: str | None, session: Session) -> Role:
    try:
        parsed = Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role if r.assignable)
        raise InvalidInput(
            Problem(f"expected one of {names}, got {describe(role)}", field="role")
        ) from None
    if not parsed.assignable:
        raise InvalidInput(Problem("anonymous is not a role a user can have", field="role"))
    problems = check_role_nation(parsed, nation)
    if problems:
        raise InvalidInput(problems)
    if nation is not None:
        nations = TABLES[Nation].table
        known = session.execute(sa.select(nations.c.iso3).where(nations.c.iso3 == nation)).first()
        if known is None:
            raise InvalidInput(
                Problem(f"unknown nation {nation!r}: import or add it first", field="nation")
            )
    return parsed


def find_user(*, session: Session, username: str) -> UserRecord | None:
    if "\x00" in username:
        return None  # no name holds one (check_username), and PostgreSQL refuses to compare it
    row = session.execute(sa.select(users).where(users.c.username == username)).first()
    return _user(row) if row is not None else None


def get_user(*, session: Session, username: str) -> UserRecord:
    found = find_user(session=session, username=username)
    if found is None:
        raise NotFound(f"no user {username!r}")
    return found


def list_users(*, session: Session) -> list[UserRecord]:
    rows = session.execute(sa.select(users).order_by(users.c.username)).all()
    return [_user(r) for r in rows]


def add_user(
    *,
    session: Session,
    username: str,
    password: str,
    role: Role | str,
    nation: str | None = None,
) -> UserRecord:
    """Create a user; raises InvalidInput (bad name, role, nation, weak password) or Conflict."""
    check_username(username)
    if username == LOCAL_ADMIN.name:
        raise InvalidInput(
            Problem(
                f"{username!r} is reserved for the CLI's --local-admin; choose another name",
                field="username",
            )
        )
    parsed = _check_role(role, nation, session)
    check_password(password, username=username)
    if find_user(session=session, username=username) is not None:
        raise Conflict(f"a user named {username!r} already exists")
    session.execute(
        users.insert().values(
            username=username,
            password_hash=hash_password(password),
            role=parsed.value,
            nation=nation,
            created_at=_now(session),
            disabled_at=None,
            version=1,
        )
    )
    return get_user(session=session, username=username)


def _bump(session: Session, username: str, **values: Any) -> UserRecord:
    get_user(session=session, username=username)
    session.execute(
        users.update()
        .where(users.c.username == username)
        .values(version=users.c.version + 1, **values)
    )
    return get_user(session=session, username=username)


def set_language(*, session: Session, username: str, language: str | None) -> UserRecord:
    """Remember the web interface's language `language` ("fr"; None forgets it) for a user.
    Unlike the other changes it keeps the user's sessions. Raises NotFound, or InvalidInput
    for a code that is not a language tag's first part."""
    if language is not None and not (
        language.isascii() and language.isalpha() and 2 <= len(language) <= 3
    ):
        raise InvalidInput(
            Problem(f"expected a language code such as 'fr', got {language!r}", field="language")
        )
    get_user(session=session, username=username)
    session.execute(users.update().where(users.c.username == username).values(language=language))
    return get_user(session=session, username=username)


def set_password(*, session: Session, username: str, password: str) -> UserRecord:
    """Change a password (ending the user's sessions)."""
    check_password(password, username=username)
    return _bump(session, username, password_hash=hash_password(password))


def set_role(
    *, session: Session, username: str, role: Role | str, nation: str | None = None
) -> UserRecord:
    """Change a user's role and nation (ending the user's sessions)."""
    parsed = _check_role(role, nation, session)
    return _bump(session, username, role=parsed.value, nation=nation)


def end_sessions(*, session: Session, username: str) -> UserRecord:
    """End every browser session of a user (signing out signs out everywhere)."""
    return _bump(session, username)


def set_disabled(*, session: Session, username: str, disabled: bool) -> UserRecord:
    """Disable (or enable again) a user: a disabled user cannot sign in or use tokens."""
    return _bump(session, username, disabled_at=_now(session) if disabled else None)


def authenticate(*, session: Session, username: str, password: str) -> UserRecord | None:
    """The active user with this name and password, or None (taking as long either way)."""
    if "\x00" in username:
        verify_password(DUMMY_HASH, password)
        return None
    row = session.execute(
        sa.select(users.c.username, users.c.password_hash).where(users.c.username == username)
    ).first()
    if row is None:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    user = get_user(session=session, username=username)
    if not user.active:
        return None
    if needs_rehash(row.password_hash):
        session.execute(
            users.update()
            .where(users.c.username == username)
            .values(password_hash=hash_password(password))
        )
    return user


def create_token(
    *,
    session: Session,
    username: str,
    name: str,
    scope: TokenScope | str = TokenScope.READ,
) -> tuple[TokenRecord, str]:
    """A new token for `username`: (its record, the secret to show once; never stored)."""
    user = get_user(session=session, username=username)
    if not user.active:
        raise InvalidInput(Problem(f"user {username!r} is disabled", field="username"))
    if not isinstance(name, str) or not name.strip() or len(name) > TOKEN_NAME_MAX:
        raise InvalidInput(
            Problem(f"a token needs a label of 1 to {TOKEN_NAME_MAX} characters", field="name")
        )
    try:
        parsed = TokenScope(scope)
    except ValueError:
        raise InvalidInput(
            Problem(f"expected read or write, got {describe(scope)}", field="scope")
        ) from None
    clash = session.execute(
        sa.select(api_tokens.c.id).where(
            api_tokens.c.username == username,
            api_tokens.c.name == name,
            api_tokens.c.revoked_at.is_(None),
        )
    ).first()
    if clash is not None:
        raise Conflict(f"{username} already has an active token named {name!r}")
    made = new_token()
    token_id = secrets.token_hex(8)
    session.execute(
        api_tokens.insert().values(
            id=token_id,
            username=username,
            name=name,
            prefix=made.prefix,
            token_sha256=made.digest,
            scope=parsed.value,
            created_at=_now(session),
            last_used_at=None,
            revoked_at=None,
        )
    )
    return get_token(session=session, token_id=token_id), made.secret


def get_token(*, session: Session, token_id: str) -> TokenRecord:
    row = session.execute(sa.select(api_tokens).where(api_tokens.c.id == token_id)).first()
    if row is None:
        raise NotFound(f"no token {token_id!r}")
    return _token(row)


def list_tokens(
    *, session: Session, username: str | None = None, include_revoked: bool = False
) -> list[TokenRecord]:
    query = sa.select(api_tokens).order_by(api_tokens.c.username, api_tokens.c.created_at)
    if username is not None:
        query = query.where(api_tokens.c.username == username)
    if not include_revoked:
        query = query.where(api_tokens.c.revoked_at.is_(None))
    return [_token(r) for r in session.execute(query).all()]


def revoke_token(*, session: Session, token_id: str, username: str | None = None) -> TokenRecord:
    """Revoke a token (by id; when `username` is given, only that user's token)."""
    token = get_token(session=session, token_id=token_id)
    if username is not None and token.username != username:
        raise NotFound(f"no token {token_id!r}")
    if token.revoked_at is None:
        session.execute(
            api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=_now(session))
        )
    return get_token(session=session, token_id=token_id)


def user_for_token(*, session: Session, secret: str) -> tuple[UserRecord, TokenRecord] | None:
    """The active user and token a bearer secret belongs to, or None."""
    if not looks_like_token(secret):
        return None
    digest = token_digest(secret)
    row = session.execute(sa.select(api_tokens).where(api_tokens.c.token_sha256 == digest)).first()
    if row is None or row.revoked_at is not None or not digests_equal(row.token_sha256, digest):
        return None
    user = find_user(session=session, username=row.username)
    if user is None or not user.active:
        return None
    return user, _token(row)


def touch_token(*, session: Session, token_id: str) -> bool:
    """Record that a token was used now, unless that was recorded within the last minute."""
    now = _now(session)
    result = session.execute(
        api_tokens.update()
        .where(
            api_tokens.c.id == token_id,
            sa.or_(
                api_tokens.c.last_used_at.is_(None),
                api_tokens.c.last_used_at < now - LAST_USED_RESOLUTION,
            ),
        )
        .values(last_used_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


def token_is_stale(token: TokenRecord, now: datetime) -> bool:
    """Whether the token's last use is older than the resolution (so touching it would write)."""
    return token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION
