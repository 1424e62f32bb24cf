"""Slots shared by every process on one database (`muster.store.slots`): never more holders
than slots, on SQLite and PostgreSQL, and a killed holder's slot comes free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from muster.settings import Settings
from muster.store import make_engine
from muster.store.slots import shared_slot


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    e = make_engine(Settings(env="test"), url=db_url)
    yield e
    e.dispose()


def test_no_more_holders_than_slots(engine: Engine) -> None:
    holding: set[int] = set()
    most = 0
    lock = threading.Lock()
    problems: list[str] = []

    def use() -> None:
        nonlocal most
        with shared_slot(engine, "test-printer", 2) as slot:
            with lock:
                if slot in holding:
                    problems.append(f"slot {slot} held twice")
                holding.add(slot)
                most = max(most, len(holding))
            time.sleep(0.15)
            with lock:
                holding.discard(slot)

    threads = [threading.Thread(target=use) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not problems
    assert most == 2  # all six ran, two at a time: the cap was reached, never passed
    assert not any(t.is_alive() for t in threads)


def test_another_process_holds_a_slot_and_its_death_frees_it(db_url: str, engine: Engine) -> None:
    """A second process takes the only slot: this one waits; SIGKILL it and the slot is free."""
    child = textwrap.dedent(
        f"""
        import sys, time
        from muster.settings import Settings
        from muster.store import make_engine
        from muster.store.slots import shared_slot
        engine = make_engine(Settings(env="test"), url={db_url!r})
        with shared_slot(engine, "test-printer", 1):
            print("holding", flush=True)
            time.sleep(600)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"holding"
        got: list[int] = []

        def take() -> None:
            with shared_slot(engine, "test-printer", 1) as slot:
                got.append(slot)

        waiter = threading.Thread(target=take, daemon=True)
        waiter.start()
        waiter.join(timeout=1.0)
        assert got == []  # the other process holds the only slot
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        waiter.join(timeout=30)
        assert got == [0]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
