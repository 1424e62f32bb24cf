"""A few numbered slots shared by every process serving one database: "at most N at once"
across all workers and machines (the PDF printers of `/brief.pdf`).

PostgreSQL: slot i of `name` is the session advisory lock (hashtext(name), i), held on a
connection of its own while the slot is used. SQLite: slot i is an exclusive `flock` on the file
`<database>.<name>-<i>.lock` beside the database. Either way the operating system or the server
releases a slot whose process died (the connection closes, the file is unlocked): a crash never
leaves a slot taken, so no lease needs to expire.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

POLL_S = 0.1  # how often a waiter tries the slots again
_MEMORY: dict[tuple[int, str], threading.BoundedSemaphore] = {}
_MEMORY_LOCK = threading.Lock()


@contextlib.contextmanager
def shared_slot(engine: Engine, name: str, count: int) -> Iterator[int]:
    """Wait until one of `count` slots called `name` is free in every process using `engine`'s
    database; yields its number (0 … count-1) and frees it on leaving."""
    if count < 1:
        raise ValueError(f"shared_slot {name!r}: count must be ≥ 1, got {count}")
    if engine.dialect.name == "postgresql":
        with _advisory_slot(engine, name, count) as slot:
            yield slot
        return
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        with _file_slot(Path(database), name, count) as slot:
            yield slot
        return
    with _memory_slot(engine, name, count):  # an in-memory database lives in one process
        yield 0


@contextlib.contextmanager
def _advisory_slot(engine: Engine, name: str, count: int) -> Iterator[int]:
    take = sa.text("SELECT pg_try_advisory_lock(hashtext(:name), :slot)")
    while True:  # a waiter holds no connection between tries: waiters cannot drain the pool
        conn = engine.connect()
        try:
            slot = next(
                (i for i in range(count) if conn.execute(take, {"name": name, "slot": i}).scalar()),
                None,
            )
            conn.commit()  # no transaction left open while waiting or working
        except BaseException:
            conn.close()
            raise
        if slot is not None:
            break
        conn.close()
        time.sleep(POLL_S)
    try:
        yield slot
    finally:
        try:
            conn.execute(
                sa.text("SELECT pg_advisory_unlock(hashtext(:name), :slot)"),
                {"name": name, "slot": slot},
            )
            conn.commit()
        except Exception:
            conn.invalidate()  # closing the connection frees the lock
        finally:
            conn.close()


@contextlib.contextmanager
def _file_slot(database: Path, name: str, count: int) -> Iterator[int]:
    files = [database.with_name(f"{database.name}.{name}-{i}.lock") for i in range(count)]
    while True:
        for i, path in enumerate(files):
            handle = path.open("a+b")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield i
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        time.sleep(POLL_S)


@contextlib.contextmanager
def _memory_slot(engine: Engine, name: str, count: int) -> Iterator[None]:
    with _MEMORY_LOCK:
        slots = _MEMORY.setdefault((id(engine), name), threading.BoundedSemaphore(count))
    with slots:
        yield
