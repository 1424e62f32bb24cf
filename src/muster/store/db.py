"""Engines and transactions: SQLite (WAL, foreign keys, lock retry) or PostgreSQL (psycopg 3).

`make_engine(settings)` builds an engine; nothing connects at import. `transaction(engine)` is
the one unit of work the CLI and the web request use: it yields a `Session`, commits when the
block ends, and rolls back on any error. Service functions never commit.

SQLite lock policy (docs/store.md): a writing transaction starts with `BEGIN IMMEDIATE`, so it
takes the write lock before reading and can never deadlock on a lock upgrade. SQLite itself waits
up to `MUSTER_SQLITE_BUSY_TIMEOUT_MS` for another writer; if the lock is still held, `transaction`
tries `LOCK_RETRIES` more times after short pauses, then raises `Conflict` ("database is busy").
Within one process, writers of a file first queue at a `WriterGate` (a lock), so threads take
turns instead of racing SQLite's busy handler, and none holds a pooled connection while it waits.
Readers never wait in WAL mode.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from muster.errors import Conflict, InvalidInput, Problem
from muster.settings import Settings

Clock = Callable[[], datetime]
CLOCK_KEY = "muster.clock"
WRITE_OPTION = "muster_write"
LOCK_RETRIES = 3
LOCK_PAUSES_S = (0.05, 0.2, 0.5)
# JSON columns (history records, word lists) are stored compact and with characters as
# themselves. orjson writes the same JSON about six times faster than the standard library
# (a bulk import writes one history record per row). What it cannot or, with these options, will
# not encode (an integer beyond 64 bits; dates and dataclasses, which records never hold) goes to
# the standard library's encoder, which writes or refuses exactly as before orjson.
_stdlib_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_ORJSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def to_json(value: Any) -> str:
    """`value` as compact JSON text."""
    try:
        return orjson.dumps(value, option=_ORJSON).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _stdlib_json(value)


def from_json(text: str | bytes) -> Any:
    """A JSON column's value. (orjson reads an integer beyond 64 bits as a float; no column
    holds one: record numbers are quantities, money and ids within 2**53.)"""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # what orjson refuses but the standard library wrote


def utcnow() -> datetime:
    """The record clock: now, in UTC, with microseconds."""
    return datetime.now(UTC)


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3; anything else is kept as given."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases or in-memory SQLite)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def describe_url(url: str) -> str:
    """Where the database is, for messages: a file path or the URL without its password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path.resolve())
    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def make_engine(settings: Settings, *, url: str | None = None) -> Engine:
    """An engine for `settings.database_url` (or `url`), configured for Muster."""
    raw = normalise_url(url or settings.database_url)
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise InvalidInput(
            Problem(
                f"cannot read the database URL {raw!r}; expected sqlite:///path/to/file.db or "
                "postgresql+psycopg://user@host/dbname",
                field="MUSTER_DATABASE_URL",
            )
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        # SQLite connections are cheap file handles: allow many readers (WAL lets them all in);
        # writers take one only once they hold the process's writer gate (see transaction).
        engine = sa.create_engine(
            parsed,
            json_serializer=to_json,
            json_deserializer=from_json,
            pool_size=5,
            max_overflow=45,
            pool_timeout=60,
        )
        _configure_sqlite(engine, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        if parsed.database and parsed.database != ":memory:":
            gate = _GATES.setdefault(str(Path(parsed.database).resolve()), WriterGate())
            gate.budget_s = settings.sqlite_busy_timeout_ms / 1000 * (LOCK_RETRIES + 1) + sum(
                LOCK_PAUSES_S
            )
        return engine
    if backend == "postgresql":
        return sa.create_engine(
            parsed, pool_pre_ping=True, json_serializer=to_json, json_deserializer=from_json
        )
    raise InvalidInput(
        Problem(
            f"unsupported database {backend!r}: Muster runs on SQLite or PostgreSQL",
            field="MUSTER_DATABASE_URL",
        )
    )


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN, so writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_lock_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


class WriterGate:
    """The writers of one SQLite file in this process queue here, one at a time, before they
    take a connection: fair (no busy-polling race among threads) and no pool exhaustion."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # not an RLock: a web request may end on another thread
        self.budget_s = 60.0


_GATES: dict[str, WriterGate] = {}  # SQLite file → its writers' gate in this process


def _gate(engine: Engine) -> WriterGate | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return _GATES.get(str(Path(engine.url.database).resolve()))


def _busy() -> Conflict:
    return Conflict(
        "the database is busy: another process kept it locked for writing too long; try again"
    )


def new_session(engine: Engine, *, clock: Clock | None = None, write: bool = True) -> Session:
    """A session whose history entries are stamped by `clock` (UTC now by default).

    With `write` (the default) every transaction it begins on SQLite is `BEGIN IMMEDIATE`, also
    those after a `commit()`, so a writer never meets a lock it cannot wait for.
    """
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return Session(bind, info={CLOCK_KEY: clock or utcnow}, expire_on_commit=False)


def _begin(session: Session) -> None:
    """Begin now (not at the first statement), retrying while SQLite's write lock is taken."""
    if session.get_bind().dialect.name != "sqlite":
        session.connection()
        return
    for attempt in range(LOCK_RETRIES + 1):
        try:
            session.connection()
            return
        except sa.exc.TimeoutError:
            raise _busy() from None  # no pooled connection came free in time
        except OperationalError as e:
            session.rollback()
            if not is_lock_error(e):
                raise
            if attempt == LOCK_RETRIES:
                raise _busy() from None
            time.sleep(LOCK_PAUSES_S[min(attempt, len(LOCK_PAUSES_S) - 1)])


@contextmanager
def transaction(
    engine: Engine, *, write: bool = True, clock: Clock | None = None
) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back if it raises.

    `write=False` starts a plain read transaction (on SQLite it takes no lock); `clock` stamps
    the history written in it (tests pass a controllable one).
    """
    gate = _gate(engine) if write else None
    if gate is not None and not gate.lock.acquire(timeout=gate.budget_s):
        raise _busy()
    try:
        session = new_session(engine, clock=clock, write=write)
        try:
            _begin(session)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    finally:
        if gate is not None:
            gate.lock.release()
