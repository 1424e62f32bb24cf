"""Concurrency, the quick run: simultaneous saves of one pledge, and 50 writers on SQLite.

The same functions as `make proof` (benchmarks/proof/concurrency.py), smaller.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from benchmarks.proof.common import (
    Server,
    history_problems,
    integrity_problems,
    prepare,
    settings_for,
)
from benchmarks.proof.concurrency import (
    RACE_PLEDGE,
    ConcurrencyPlan,
    many_http_writers,
    many_writers,
    race,
)
from muster import store
from muster.domain import Pledge
from muster.errors import Conflict
from muster.store import make_engine
from muster.store.db import LOCK_RETRIES
from muster.store.rows import delete_objects, update_objects
from tests.proof.conftest import Live
from tests.web.api.conftest import World, write

QUICK = ConcurrencyPlan(writers=50, writes_each=6, processes=False, http_writes_each=3)


def test_two_delegates_saving_at_once_one_wins(live: Live) -> None:
    result = race(live.base, (live.tokens["gbr-delegate"], live.tokens["gbr-delegate-2"]), 8)
    assert result["problems"] == []
    # SQLite serialises writers, so the loser fails the If-Match check (412); on PostgreSQL
    # both pass it and the loser finds the row changed under its update (409). Both name
    # the current version; neither overwrites.
    assert set(result["outcomes"]) <= {"200+409", "200+412"}
    assert sum(result["outcomes"].values()) == 8
    engine = make_engine(settings_for(live.url))
    try:
        assert history_problems(engine) == []
    finally:
        engine.dispose()


def test_a_stale_save_names_the_current_version(world: World) -> None:
    """Regression: a 412 said the current version only in prose; the loser needs it as data."""
    c = world.client("gbr-delegate")
    path = f"/api/v1/pledges/{RACE_PLEDGE}"
    first = c.patch(path, json={"note": "first"}, headers=write(**{"If-Match": '"1"'}))
    assert first.status_code == 200, first.text
    stale = c.patch(path, json={"note": "second"}, headers=write(**{"If-Match": '"1"'}))
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert stale.headers["etag"] == '"2"'
    body_stale = c.patch(path, json={"note": "third", "version": 1}, headers=write())
    assert body_stale.status_code == 409
    assert body_stale.json()["current_version"] == 2
    assert body_stale.headers["etag"] == '"2"'
    assert c.get(path).json()["note"] == "first"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_fifty_sqlite_writers_never_see_a_lock(db_url: str, tmp_path: Path) -> None:
    assert LOCK_RETRIES >= 1  # the policy under test: busy_timeout, then retries
    tokens = prepare(db_url)
    store = many_writers(db_url, QUICK)
    assert store["counts"] == {"ok": QUICK.writers * QUICK.writes_each}
    with Server(db_url, log=tmp_path / "server.log", workers=2) as server:
        http = many_http_writers(server.base, tokens["admin"], replace(QUICK, http_clients=50))
    assert http["statuses"] == {"201": 50 * QUICK.http_writes_each}, http["errors"]
    engine = make_engine(settings_for(db_url))
    try:
        assert integrity_problems(engine) == []
        assert history_problems(engine) == []
    finally:
        engine.dispose()


def test_a_write_that_lost_the_race_is_a_conflict_with_the_current_version(
    loaded_demo: Session,
) -> None:
    """Regression: on PostgreSQL the loser of a race passes the version check, waits for the
    winner's row lock, then updates no row; building its Conflict crashed (a 500)."""
    session = loaded_demo
    read = store.get(session=session, entity=Pledge, key=RACE_PLEDGE)
    store.update(
        session=session,
        obj=replace(read.obj, note="the winner"),
        expected_version=read.version,
        who="user:winner",
        reason="race",
    )
    with pytest.raises(Conflict) as lost:
        update_objects(
            session=session,
            cls=Pledge,
            changes=[(read, replace(read.obj, note="the loser"))],
            who="user:loser",
            why="race",
        )
    assert lost.value.current_version == read.version + 1
    assert f"read version {read.version}, now {read.version + 1}" in str(lost.value)
    with pytest.raises(Conflict) as gone:
        delete_objects(session=session, cls=Pledge, stored=[read], who="user:loser", why="race")
    assert gone.value.current_version == read.version + 1
    assert store.get(session=session, entity=Pledge, key=RACE_PLEDGE).obj.note == "the winner"
