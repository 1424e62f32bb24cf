"""Monte Carlo as a background job: progress, owner-only results, computed on what the user
may read (a delegate's figures equal the engine's on the delegate's filtered data)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest

from muster.auth import Role, User, filter_dataset
from muster.engine.coverage import coverage
from muster.engine.criticality import criticality
from muster.engine.montecarlo import prepare
from muster.engine.results import simulate
from muster.errors import InvalidInput
from muster.settings import Settings
from muster.store import make_engine, transaction
from muster.web.api.jobs import Busy, JobRunner
from tests.auth.matrix import USERS
from tests.web.api.conftest import World, demo_with_a_proposal, problem

GBR = User(name="gbr-delegate", role=Role.DELEGATE, nation="GBR")


def _finished(world: World, who: str, url: str) -> dict[str, Any]:
    client = world.client(who)
    for _ in range(600):
        job: dict[str, Any] = client.get(url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {url} did not finish")


def _run(world: World, who: str, **body: Any) -> dict[str, Any]:
    r = world.client(who).post("/api/v1/simulations", json=body)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == r.json()["url"]
    return _finished(world, who, r.json()["url"])


def test_a_delegates_figures_come_from_what_it_may_read(world: World) -> None:
    job = _run(world, "gbr-delegate", worlds=2000, seed=7, scenario="sc-baseline")
    assert job["status"] == "done", job
    assert job["done"] == job["total"] == 2000
    assert job["progress"] == 1.0
    demo = demo_with_a_proposal()
    scenario = demo.index("scenarios")["sc-baseline"]
    readable = filter_dataset(GBR, demo)
    expected = simulate(prepare(readable, scenario), worlds=2000, seed=7).to_dict()
    assert job["result"] == json.loads(json.dumps(expected))
    planner = _run(world, "planner", worlds=2000, seed=7, scenario="sc-baseline")
    assert planner["result"] != job["result"]  # the planner also counts national pledges


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.name)
def test_coverage_is_computed_on_what_the_reader_may_read(world: World, user: User) -> None:
    params = {"scenario": "sc-peace-us-backstop", "assume_unknown": "true"}
    client = world.client(user.name if user.signed_in else None)
    r = client.get("/api/v1/coverage", params=params)
    assert r.status_code == 200, r.text
    demo = demo_with_a_proposal()
    readable = filter_dataset(user, demo)
    scenario = readable.index("scenarios")["sc-peace-us-backstop"]
    expected = coverage(readable, scenario, assume_unknown=True).to_dict()
    assert r.json() == json.loads(json.dumps(expected))


def test_coverage_differs_by_what_readers_may_read(world: World) -> None:
    params = {"scenario": "sc-peace-us-backstop", "assume_unknown": "true"}
    seen = {
        who: world.client(who).get("/api/v1/coverage", params=params).json()["mission"]
        for who in ("planner", "gbr-delegate", "viewer")
    }
    assert seen["planner"] > seen["gbr-delegate"] > seen["viewer"]


def test_coverage_as_of_a_date_reads_the_statuses_then(world: World) -> None:
    """Before Merz became chancellor (6 May 2025) Germany's pledges did not count."""
    client = world.client("planner")
    got = {
        day: client.get("/api/v1/coverage", params={"as_of": day}).json()
        for day in ("2025-03-03", "2026-01-06")
    }
    assert got["2025-03-03"]["as_of"] == "2025-03-03"
    assert got["2025-03-03"]["mission"] < got["2026-01-06"]["mission"]
    assert "DEU" not in got["2025-03-03"]["nations"]
    assert "DEU" in got["2026-01-06"]["nations"]
    r = client.get("/api/v1/coverage", params={"as_of": "yesterday"})
    assert r.status_code == 422, r.text


def test_criticality_runs_as_a_job_on_readable_data(world: World) -> None:
    body = {"seed": 3, "worlds": 200, "scenario": "sc-baseline"}
    r = world.client("gbr-delegate").post("/api/v1/criticality", json=body)
    assert r.status_code == 202, r.text
    job = _finished(world, "gbr-delegate", r.json()["url"])
    assert job["status"] == "done", job
    demo = demo_with_a_proposal()
    readable = filter_dataset(GBR, demo)
    scenario = readable.index("scenarios")["sc-baseline"]
    expected = criticality(readable, scenario, seed=3, worlds=200).to_dict()
    assert job["result"] == json.loads(json.dumps(expected))


def test_jobs_belong_to_their_owner(world: World) -> None:
    r = world.client("analyst").post("/api/v1/simulations", json={"worlds": 100})
    url = r.json()["url"]
    assert problem(world.client("viewer").get(url), 404)
    assert world.client("admin").get(url).status_code == 200
    assert problem(world.client(None).post("/api/v1/simulations", json={}), 401)


def test_bad_requests_are_located(world: World) -> None:
    c = world.client("planner")
    bad = problem(c.post("/api/v1/simulations", json={"worlds": 0}), 422)
    assert bad["errors"][0]["field"] == "worlds"
    assert problem(c.post("/api/v1/simulations", json={"scenario": "nope"}), 404)


def test_the_runner_is_bounded_and_reports_failures(db_url: str) -> None:
    release = threading.Event()

    def slow(engine: Any, user: User, params: Any, progress: Any) -> dict[str, Any]:
        progress(1, 2)
        release.wait(5)
        return {"ok": True}

    def bad(engine: Any, user: User, params: Any, progress: Any) -> dict[str, Any]:
        raise InvalidInput("no such thing")

    tasks = {"slow": slow, "bad": bad, "quick": lambda *_: {}}
    engine = make_engine(Settings(database_url=db_url))
    runner = JobRunner(engine=engine, tasks=tasks, max_jobs=1, keep=2, poll_s=0.05)
    owner = User(name="planner", role=Role.PLANNER)

    def submit(task: str) -> str:
        with transaction(engine) as s:
            return runner.submit(session=s, kind="t", user=owner, params={}, task=task).id

    first = submit("slow")
    with pytest.raises(Busy):
        submit("slow")
    release.set()
    runner.wait(first, 5)
    assert runner.get(first, owner).result == {"ok": True}

    failed = submit("bad")
    runner.wait(failed, 5)
    assert runner.get(failed, owner).error == {
        "title": "Invalid input",
        "status": 422,
        "detail": "no such thing",
        "errors": [{"message": "no such thing", "detail": "no such thing"}],
    }
    for _ in range(3):
        done = submit("quick")
        runner.wait(done, 5)
    assert runner.count() <= 3  # finished jobs beyond `keep` are forgotten
    runner.shutdown()
    engine.dispose()
