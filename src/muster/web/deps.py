"""Request dependencies: one transaction per request, the current user, and capability checks.

Routes name what they need with `Annotated` aliases and never check roles themselves:

    def edit(pledge_id: str, user: PledgeEditor, db: DbSession) -> ...

`DbSession` is one transaction that commits when the route function returns (before the
response is sent, so an acknowledged write is durable) and rolls back when it raises.
`require("pledge:edit")` refuses anonymous visitors with 401 and others with 403; object-level
rules (a delegate's own nation, classification) are applied by `muster.auth.policy` in the
service call.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from muster.app.sessions import remember_language
from muster.auth import ANONYMOUS, Capability, SignInRequired, TokenScope, User, ensure
from muster.errors import Conflict
from muster.settings import Settings
from muster.store import user as user_store
from muster.store.db import transaction, utcnow
from muster.web.i18n import apply_account_language
from muster.web.security import UNSAFE_METHODS, WebSession, sign_out

USER_STATE = "muster.user"
WRITER_QUEUE_TIMEOUT_S = 60.0


def app_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


def app_engine(request: Request) -> Engine:
    engine = request.app.state.engine
    assert isinstance(engine, Engine)
    return engine


class WriterQueue:
    """Queues this process's SQLite write transactions on the event loop, one at a time.

    SQLite lets one writer in at a time, and its busy handler polls with growing sleeps while
    holding a worker thread: fifty waiting requests fill the thread pool, and the one holding
    the lock then cannot get a thread to finish (all time out). Waiting here, on the event loop,
    costs no thread, and each writer gets in as soon as the previous one commits. Writers in
    other processes still meet SQLite's busy timeout and the store's retries.
    """

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def lock(self) -> asyncio.Lock:
        """This event loop's lock (an asyncio lock belongs to one loop; tests run several)."""
        loop = asyncio.get_running_loop()
        found = self._locks.get(loop)
        if found is None:
            found = self._locks[loop] = asyncio.Lock()
        return found


async def writer_turn(request: Request) -> AsyncIterator[None]:
    """Wait (without a thread) for this process's turn to write, on SQLite; else nothing."""
    queue = getattr(request.app.state, "sqlite_writer", None)
    if request.method not in UNSAFE_METHODS or not isinstance(queue, WriterQueue):
        yield
        return
    lock = queue.lock()
    try:
        await asyncio.wait_for(lock.acquire(), WRITER_QUEUE_TIMEOUT_S)
    except TimeoutError:
        raise Conflict("the database is busy with other changes; try again in a moment") from None
    try:
        yield
    finally:
        lock.release()


def db_session(
    request: Request, _turn: Annotated[None, Depends(writer_turn, scope="function")]
) -> Iterator[Session]:
    """One transaction for the request: a write transaction for unsafe methods (on SQLite
    only once `writer_turn` has let this request in)."""
    with transaction(app_engine(request), write=request.method in UNSAFE_METHODS) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(app_settings)]
# scope="function": commit before the response leaves, so a 2xx means the write is durable.
DbSession = Annotated[Session, Depends(db_session, scope="function")]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise SignInRequired("the Authorization header must be 'Bearer <token>'")
    return value.strip()


def _token_user(request: Request, db: Session, secret: str) -> User:
    found = user_store.user_for_token(session=db, secret=secret)
    if found is None:
        raise SignInRequired("the API token is unknown, revoked, or its user is disabled")
    account, token = found
    if user_store.token_is_stale(token, utcnow()):
        if request.method in UNSAFE_METHODS:
            user_store.touch_token(session=db, token_id=token.id)
        else:
            # A read transaction must not write; a short transaction of its own records the use.
            with transaction(app_engine(request), write=True) as side:
                user_store.touch_token(session=side, token_id=token.id)
    return account.principal(scope=token.scope)


def _session_user(request: Request, db: Session) -> User:
    session = request.scope.get("muster.session")
    if not isinstance(session, WebSession) or session.username is None:
        return ANONYMOUS
    account = user_store.find_user(session=db, username=session.username)
    if account is None or not account.active or account.version != session.user_version:
        sign_out(request)  # the account changed or went away: this session is over
        return ANONYMOUS
    user = account.principal()
    picked = apply_account_language(request.scope, account.language)
    if picked is not None:  # the switcher: remembered for the account, on any browser
        if request.method in UNSAFE_METHODS:
            remember_language(db=db, user=user, language=picked)
        else:  # a read transaction must not write; a short one of its own does
            with transaction(app_engine(request), write=True) as side:
                remember_language(db=side, user=user, language=picked)
    return user


def current_user(request: Request, db: DbSession) -> User:
    """Who the request acts as: a bearer token's user, the session's user, or anonymous."""
    cached = request.scope.get(USER_STATE)
    if isinstance(cached, User):
        return cached
    secret = _bearer(request)
    user = _token_user(request, db, secret) if secret else _session_user(request, db)
    request.scope[USER_STATE] = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require(capability: Capability | str) -> Callable[[Request, User], User]:
    """A dependency returning the current user if their role grants `capability`."""
    cap = Capability(capability)

    def dependency(request: Request, user: CurrentUser) -> User:
        ensure(user, cap, public_read=app_settings(request).public_read)
        return user

    dependency.__name__ = f"require_{cap.name.lower()}"
    return dependency


Reader = Annotated[User, Depends(require(Capability.DATA_READ))]
Exporter = Annotated[User, Depends(require(Capability.DATA_EXPORT))]
HistoryReader = Annotated[User, Depends(require(Capability.HISTORY_READ))]
Analyst = Annotated[User, Depends(require(Capability.ANALYSIS_RUN))]
TokenOwner = Annotated[User, Depends(require(Capability.TOKEN_MANAGE))]
Subscriber = Annotated[User, Depends(require(Capability.SUBSCRIPTION_MANAGE))]
Delegate = Annotated[User, Depends(require(Capability.PLEDGE_EDIT))]
StatementEditor = Annotated[User, Depends(require(Capability.STATEMENT_EDIT))]
Reviewer = Annotated[User, Depends(require(Capability.STATEMENT_REVIEW))]
Ingester = Annotated[User, Depends(require(Capability.INGEST_RUN))]
Planner = Annotated[User, Depends(require(Capability.REQUIREMENT_EDIT))]
Importer = Annotated[User, Depends(require(Capability.DATA_IMPORT))]
Admin = Annotated[User, Depends(require(Capability.USER_MANAGE))]


def signed_in(user: CurrentUser) -> User:
    """The current user, who must be signed in (any role)."""
    if not user.signed_in:
        raise SignInRequired("sign in first")
    return user


SignedIn = Annotated[User, Depends(signed_in)]

__all__ = [
    "Admin",
    "Analyst",
    "CurrentUser",
    "DbSession",
    "Delegate",
    "Exporter",
    "HistoryReader",
    "Importer",
    "Ingester",
    "Planner",
    "Reader",
    "Reviewer",
    "SettingsDep",
    "SignedIn",
    "StatementEditor",
    "Subscriber",
    "TokenOwner",
    "TokenScope",
    "current_user",
    "db_session",
    "require",
]
