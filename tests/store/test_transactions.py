"""Transactions on real databases: history commits or rolls back with the change; SQLite locks."""

import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from muster.domain import Nation
from muster.errors import Conflict, NotFound
from muster.settings import Settings
from muster.store import create, get, history, make_engine, transaction, update
from muster.store.db import sqlite_path
from muster.store.schema import history as history_table

WHO = "user:alice"


def _history_rows(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(history_table)).scalar_one()


def _change_then_fail(engine):
    with transaction(engine) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
        assert len(history(session=s, entity=Nation, key="XAA")) == 1
        raise RuntimeError("the caller fails after the change")


def test_a_rolled_back_change_leaves_no_history(db_engine):
    with pytest.raises(RuntimeError, match="caller fails"):
        _change_then_fail(db_engine)
    assert _history_rows(db_engine) == 0
    with transaction(db_engine, write=False) as s, pytest.raises(NotFound):
        get(session=s, entity=Nation, key="XAA")


def test_a_committed_change_keeps_its_history(db_engine, clock):
    with transaction(db_engine, clock=clock) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    with transaction(db_engine, write=False) as s:
        assert get(session=s, entity=Nation, key="XAA").version == 1
        assert [c.op for c in history(session=s, entity=Nation, key="XAA")] == ["create"]


def test_changes_in_one_transaction_share_one_record_time(db_engine, clock):
    with transaction(db_engine, clock=clock) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
        create(session=s, obj=Nation(iso3="XAB", name="B"), who=WHO, reason="r")
        update(
            session=s, obj=Nation(iso3="XAA", name="A2"), expected_version=1, who=WHO, reason="r"
        )
    with transaction(db_engine, clock=clock) as s:
        create(session=s, obj=Nation(iso3="XAC", name="C"), who=WHO, reason="r")
    with transaction(db_engine, write=False) as s:
        first = {
            c.recorded_at for k in ("XAA", "XAB") for c in history(session=s, entity=Nation, key=k)
        }
        second = history(session=s, entity=Nation, key="XAC")[0].recorded_at
    assert len(first) == 1
    assert second > next(iter(first))


def _hold_write_lock(path, seconds, ready):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_waits_and_retries_when_another_writer_holds_the_lock(db_url):
    path = sqlite_path(db_url)
    engine = make_engine(Settings(database_url=db_url, sqlite_busy_timeout_ms=100))
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 0.4, ready))
    holder.start()
    ready.wait()
    started = time.perf_counter()
    with transaction(engine) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    waited = time.perf_counter() - started
    holder.join()
    assert waited > 0.1  # it did wait for the other writer (not a timing target)
    with transaction(engine, write=False) as s:
        assert get(session=s, entity=Nation, key="XAA").version == 1
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_lock_held_too_long_is_a_clear_conflict(db_url):
    path = sqlite_path(db_url)
    engine = make_engine(Settings(database_url=db_url, sqlite_busy_timeout_ms=20))
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 2.0, ready))
    holder.start()
    ready.wait()
    with pytest.raises(Conflict, match="database is busy"), transaction(engine) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    holder.join()
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_writing_session_takes_the_lock_again_after_commit(db_url):
    engine = make_engine(Settings(database_url=db_url))
    other = sqlite3.connect(sqlite_path(db_url), isolation_level=None, timeout=0)
    with transaction(engine) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
        s.commit()
        s.connection()  # the next transaction has begun: it must hold the write lock already
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    with transaction(engine, write=False) as s:
        get(session=s, entity=Nation, key="XAA")
        other.execute("BEGIN IMMEDIATE")  # a reader takes no lock
        other.execute("ROLLBACK")
    other.close()
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_writers_in_one_process_queue_before_taking_a_connection(db_url):
    engine = make_engine(Settings(database_url=db_url))
    out = {"now": 0, "most": 0, "errors": []}
    guard = threading.Lock()

    @sa.event.listens_for(engine, "checkout")
    def _out(*_args):
        with guard:
            out["now"] += 1
            out["most"] = max(out["most"], out["now"])

    @sa.event.listens_for(engine, "checkin")
    def _in(*_args):
        with guard:
            out["now"] -= 1

    def writer(n):
        try:
            for i in range(3):
                with transaction(engine) as s:
                    create(
                        session=s,
                        obj=Nation(iso3=f"X{chr(65 + n)}{chr(65 + i)}", name="N"),
                        who=WHO,
                        reason="r",
                    )
        except Exception as e:  # collected: the assertion below shows them
            out["errors"].append(repr(e))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out["errors"] == []
    assert out["most"] == 1  # one writer at a time holds a connection; the others wait in line
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM nations").scalar_one() == 60
    engine.dispose()
