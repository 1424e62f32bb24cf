"""Many workers on one database: jobs and login limits live in the database, not in a process.

Two app instances on one database (SQLite and PostgreSQL) stand for two worker processes; the
last test starts a real `muster serve --workers 4` on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from muster.settings import Settings
from muster.store import make_engine, transaction, utcnow
from muster.store.schema import jobs as jobs_table
from muster.web.app import create_app
from muster.web.pages.brief import PDF_PRINTERS
from muster.web.security import WORKER_HEADER, RedisLoginLimiter, SharedLoginLimiter
from tests.conftest import Databases
from tests.web.api.conftest import PASSWORD, World, build_world

SERVE_PORT = 18210


@pytest.fixture
def two(databases: Databases) -> Iterator[tuple[World, World]]:
    """Two app instances (two "workers") on one fresh demo database."""
    url = databases.copy()
    first = build_world(url, login_max_failures=3)
    engine = make_engine(first.settings)
    second = World(
        app=create_app(first.settings, engine=engine),
        engine=engine,
        settings=first.settings,
        tokens=first.tokens,
    )
    yield first, second
    for w in (first, second):
        w.close()
        w.engine.dispose()
    databases.drop(url)


def _poll(client: TestClient | httpx.Client, url: str, timeout_s: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r = client.get(url)
        assert r.status_code == 200, r.text
        job: dict[str, Any] = r.json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"{url} did not finish")


def test_a_job_submitted_through_one_worker_is_run_and_polled_through_another(
    two: tuple[World, World],
) -> None:
    first, second = two
    first.app.state.jobs.shutdown()  # the first worker takes no job: the second must run it
    r = first.client("analyst").post("/api/v1/simulations", json={"worlds": 500, "seed": 3})
    assert r.status_code == 202, r.text
    url = r.json()["url"]
    assert second.client("analyst").get(url).json()["status"] == "queued"
    second.app.state.jobs.start()
    job = _poll(second.client("analyst"), url)
    assert job["status"] == "done", job
    assert job["done"] == job["total"] == 500
    assert first.client("analyst").get(url).json()["result"] == job["result"]
    # still the owner's only, on every worker
    assert second.client("viewer").get(url).status_code == 404
    assert second.client("admin").get(url).status_code == 200


def test_the_job_limit_counts_jobs_of_every_worker(two: tuple[World, World]) -> None:
    first, second = two
    for w in two:
        w.app.state.jobs.shutdown()  # nothing runs: the jobs stay queued
    limit = first.settings.max_jobs
    for i in range(limit):
        w = two[i % 2]
        assert w.client("analyst").post("/api/v1/simulations", json={}).status_code == 202
    refused = second.client("analyst").post("/api/v1/simulations", json={})
    assert refused.status_code == 429, refused.text
    assert refused.headers["retry-after"] == "5"


def test_a_job_whose_process_died_is_failed_not_left_running(two: tuple[World, World]) -> None:
    first, second = two
    first.app.state.jobs.shutdown()
    url = first.client("analyst").post("/api/v1/simulations", json={}).json()["url"]
    job_id = url.rsplit("/", 1)[1]
    long_ago = utcnow() - timedelta(seconds=first.settings.job_lease_s + 1)
    with transaction(first.engine) as s:  # as a process that claimed it and then died leaves it
        s.execute(
            jobs_table.update()
            .where(jobs_table.c.id == job_id)
            .values(status="running", worker="gone:1", started_at=long_ago, heartbeat_at=long_ago)
        )
    job = second.client("analyst").get(url).json()
    assert job["status"] == "failed"
    assert job["error"]["title"] == "Worker lost"


def test_login_failures_count_across_workers(two: tuple[World, World]) -> None:
    first, second = two
    wrong = {"username": "viewer", "password": "wrong password"}
    for w in (first, second, first):  # 3 = login_max_failures, spread over both
        assert w.client(None).post("/api/v1/session", json=wrong).status_code == 401
    blocked = second.client(None).post("/api/v1/session", json=wrong)
    assert blocked.status_code == 429, blocked.text
    right = {"username": "viewer", "password": PASSWORD}
    assert first.client(None).post("/api/v1/session", json=right).status_code == 429


def test_a_success_clears_the_name_for_every_worker(two: tuple[World, World]) -> None:
    first, second = two
    wrong = {"username": "viewer", "password": "wrong password"}
    for _ in range(2):
        assert first.client(None).post("/api/v1/session", json=wrong).status_code == 401
    right = {"username": "viewer", "password": PASSWORD}
    assert second.client(None).post("/api/v1/session", json=right).status_code == 200
    for _ in range(2):
        assert first.client(None).post("/api/v1/session", json=wrong).status_code == 401
    assert second.client(None).post("/api/v1/session", json=right).status_code == 200


def test_concurrent_attempts_cannot_pass_the_limit(databases: Databases) -> None:
    """Check and count are one step in the database: 60 guesses on 16 threads, over two
    engines (two processes' pools), let exactly `max_failures` through."""
    url = databases.copy()
    engines = [make_engine(Settings(database_url=url, env="test")) for _ in range(2)]
    limiter = SharedLoginLimiter(max_failures=5, window_s=60)

    def guess(i: int) -> bool:
        with transaction(engines[i % 2]) as s:
            return limiter.attempt("viewer", "192.0.2.1", session=s) is None

    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            allowed = list(pool.map(guess, range(60)))
        assert sum(allowed) == limiter.max_failures
        with transaction(engines[0]) as s:
            wait = limiter.retry_after("viewer", "192.0.2.1", session=s)
            assert wait is not None
            assert 0 < wait <= 60
            limiter.succeeded("viewer", "192.0.2.1", session=s)  # clears the name
        with transaction(engines[1]) as s:
            assert limiter.attempt("viewer", "192.0.2.1", session=s) is None
    finally:
        for e in engines:
            e.dispose()
        databases.drop(url)


FAKE_CHROMIUM = """#!/bin/sh
# Prints like Chromium (a PDF at --print-to-pdf=...) and logs when it starts and stops.
for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done
echo "start $(date +%s.%N)" >> "$PRINT_LOG"
sleep 0.4
printf '%%PDF-1.4 fake' > "$out"
echo "stop $(date +%s.%N)" >> "$PRINT_LOG"
"""


def test_two_workers_print_at_most_pdf_printers_at_once(
    databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three PDF requests to each of two workers at once: never more than `PDF_PRINTERS`
    Chromiums run together (the slots are the database's, not each process's)."""
    chromium = tmp_path / "chromium"
    chromium.write_text(FAKE_CHROMIUM)
    chromium.chmod(0o755)
    log = tmp_path / "prints.log"
    monkeypatch.setenv("PRINT_LOG", str(log))
    url = databases.copy()
    first = build_world(url, chromium=str(chromium))
    engine = make_engine(first.settings)
    second = World(
        app=create_app(first.settings, engine=engine), engine=engine, settings=first.settings
    )
    try:
        clients = [w.browser("viewer") for w in (first, second) for _ in range(3)]
        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            answers = list(pool.map(lambda c: c.get("/brief.pdf"), clients))
        assert [r.status_code for r in answers] == [200] * 6, [r.text[:200] for r in answers]
        events = sorted(
            (float(at), +1 if what == "start" else -1)
            for what, at in (line.split() for line in log.read_text().splitlines())
        )
        running, most = 0, 0
        for _, step in events:
            running += step
            most = max(most, running)
        assert len(events) == 12
        assert most == PDF_PRINTERS
    finally:
        for w in (first, second):
            w.close()
            w.engine.dispose()
        databases.drop(url)


def test_serve_with_four_workers_on_postgresql(tmp_path: Path) -> None:
    """A real `muster serve --workers 4`: each request on a new connection (so they land on
    different workers, told apart by `X-Muster-Worker`) polls one job to completion, at least
    two workers answer, and failed sign-ins count across them."""
    dbs = Databases("postgresql", tmp_path)
    url = dbs.copy()
    world = build_world(url)
    world.close()
    world.engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUSTER_")}
    env.update(
        MUSTER_ENV="test",
        MUSTER_DATABASE_URL=url,
        MUSTER_SECRET_KEY="x" * 48,
        MUSTER_LOGIN_MAX_FAILURES="3",
    )
    base = f"http://127.0.0.1:{SERVE_PORT}"
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "muster", "serve", "--port", str(SERVE_PORT), "--workers", "4"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/api/v1/session", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((tmp_path / "serve.log").read_text()[-2000:])
            time.sleep(0.2)
        auth = {"Authorization": f"Bearer {world.tokens['analyst']}"}
        r = httpx.post(base + "/api/v1/simulations", json={"worlds": 20_000}, headers=auth)
        assert r.status_code == 202, r.text
        job_url = base + r.json()["url"]
        seen = set()
        workers: set[str] = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r = httpx.get(job_url, headers=auth)  # a new connection each time
            workers.add(r.headers[WORKER_HEADER])
            job = r.json()
            seen.add(job["status"])
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert job["status"] == "done", job
        assert job["done"] == job["total"] == 20_000
        # Which process accepts a new connection is the kernel's choice: read the finished job
        # on fresh connections until a second worker answers (each must see it done).
        for _ in range(200):
            if len(workers) >= 2:
                break
            r = httpx.get(job_url, headers=auth)
            workers.add(r.headers[WORKER_HEADER])
            assert r.json()["status"] == "done", r.text
        assert len(workers) >= 2, f"every poll was answered by one worker: {workers}"
        assert str(proc.pid) not in workers  # the supervisor serves nothing itself
        wrong = {"username": "viewer", "password": "wrong password"}
        codes = [httpx.post(base + "/api/v1/session", json=wrong).status_code for _ in range(6)]
        assert codes == [401, 401, 401, 429, 429, 429]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        dbs.close()


def test_the_app_warms_itself_at_start_up(databases: Databases) -> None:
    """The data is loaded (and the main routes answered once) before the first request."""
    url = databases.copy()
    app = create_app(Settings(database_url=url, env="test"))
    assert getattr(app.state, "page_caches", None) is None
    try:
        with TestClient(app):
            assert len(app.state.page_caches.datasets) == 1
    finally:
        databases.drop(url)


REDIS_PORT = 18220


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on 127.0.0.1 for this test (Debian's; scripts/test-deps.sh)."""
    proc = subprocess.Popen(
        ["/usr/bin/redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        import socket

        while True:
            try:
                socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_optional_redis_limiter_is_shared_and_atomic(redis_url: str) -> None:
    """Two limiters (two processes) on one Redis: 60 concurrent guesses, 5 pass."""
    limiters = [RedisLoginLimiter(url=redis_url, max_failures=5, window_s=60) for _ in range(2)]

    def guess(i: int) -> bool:
        return limiters[i % 2].attempt("viewer", "192.0.2.1") is None

    with ThreadPoolExecutor(max_workers=16) as pool:
        allowed = list(pool.map(guess, range(60)))
    assert sum(allowed) == 5
    wait = limiters[1].retry_after("viewer", "192.0.2.1")
    assert wait is not None
    assert 0 < wait <= 60
    limiters[0].succeeded("viewer", "192.0.2.1")
    assert limiters[1].attempt("viewer", "192.0.2.1") is None


def test_an_app_counts_sign_ins_in_redis_when_told(redis_url: str, databases: Databases) -> None:
    url = databases.copy()
    try:
        worlds = [
            build_world(url, login_max_failures=2, login_limiter="redis", redis_url=redis_url)
        ]
        settings = worlds[0].settings
        engine = make_engine(settings)
        worlds.append(
            World(app=create_app(settings, engine=engine), engine=engine, settings=settings)
        )
        assert isinstance(worlds[0].app.state.login_limiter, RedisLoginLimiter)
        wrong = {"username": "viewer", "password": "wrong password"}
        codes = [w.client(None).post("/api/v1/session", json=wrong).status_code for w in worlds]
        assert codes == [401, 401]
        assert worlds[0].client(None).post("/api/v1/session", json=wrong).status_code == 429
        for w in worlds:
            w.close()
            w.engine.dispose()
    finally:
        databases.drop(url)
