"""`/api/v1/changes`, `/api/v1/subscriptions`, the `/changes` and `/subscriptions` pages, and the
delivery worker inside the server (MUSTER_DELIVER_IN_SERVER) reaching a real receiver."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from muster.app.delivery import verify
from tests.web.api.conftest import World, build_world, problem, write


def test_changes_since_lists_what_each_reader_may_read(world: World) -> None:
    def pledges(who: str) -> set[str]:
        r = world.client(who).get("/api/v1/changes", params={"since": "2025-09-01"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert {s["nation"] for s in body["stances"]} >= {"DEU"}
        return {p["pledge"] for p in body["pledges"] if p["what"] == "added"}

    admin, gbr, viewer = pledges("admin"), pledges("gbr-delegate"), pledges("viewer")
    assert "p-deu-inf" in admin  # Germany's national pledge, dated 4 September 2025
    assert "p-deu-inf" not in gbr
    assert "p-gbr-training" in gbr  # Britain's own national pledge
    assert viewer < gbr <= admin
    assert world.client(None).get("/api/v1/changes?since=2025-09-01").status_code == 401


def test_a_bad_date_is_a_clear_422(world: World) -> None:
    r = world.client("admin").get("/api/v1/changes", params={"since": "last tuesday"})
    body = problem(r, 422)
    assert body["errors"][0]["field"] == "since"
    assert "2025-09-01" in body["errors"][0]["message"]


def test_the_changes_page_offers_the_meetings_and_has_a_twin(world: World) -> None:
    c = world.browser("planner")
    html = c.get("/changes", params={"since": "2025-09-01"})
    assert html.status_code == 200
    assert "Since Paris Declaration (6 January 2026)" in html.text  # the day in the locale's form
    assert 'href="/changes?since=2026-01-06"' in html.text
    twin = c.get("/changes", params={"since": "2025-09-01", "format": "json"}).json()
    assert twin["since"].startswith("2025-09-01")
    days = [m["day"] for m in twin["references"]]
    assert days == sorted(days, reverse=True)
    assert "2026-01-06" in days


def test_subscriptions_through_the_api_belong_to_their_owner(fresh_world: World) -> None:
    planner = fresh_world.client("planner")
    r = planner.post(
        "/api/v1/subscriptions",
        json={
            "name": "Germany",
            "events": ["stance.changed"],
            "targets": ["nation:DEU"],
            "channel": "webhook",
            "address": "http://127.0.0.1:9/hook",
        },
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["secret"].startswith("whsec_")
    listed = planner.get("/api/v1/subscriptions").json()
    assert [s["id"] for s in listed] == [made["id"]]
    assert "secret" not in listed[0]
    other = fresh_world.client("viewer")
    assert other.get(f"/api/v1/subscriptions/{made['id']}").status_code == 404
    assert other.delete(f"/api/v1/subscriptions/{made['id']}").status_code == 404
    bad = planner.post(
        "/api/v1/subscriptions",
        json={"name": "x", "events": ["weather"], "channel": "email", "address": "nobody"},
    )
    fields = {e["field"] for e in problem(bad, 422)["errors"]}
    assert fields == {"events", "address"}
    assert planner.delete(f"/api/v1/subscriptions/{made['id']}").status_code == 204
    assert planner.get("/api/v1/subscriptions").json() == []


def test_the_subscriptions_page_adds_and_removes(fresh_world: World) -> None:
    c = fresh_world.browser("fra-delegate")
    page = c.get("/subscriptions")
    assert page.status_code == 200
    assert "pledge.withdrawn" in page.text
    r = c.post(
        "/subscriptions",
        data={
            "name": "Our pledges",
            "events": ["pledge.withdrawn", "gap.crossed"],
            "nation": ["FRA"],
            "channel": "email",
            "address": "cell@example.org",
            "threshold": "50",
        },
    )
    assert r.status_code == 200, r.text
    assert "Subscription “Our pledges” added." in r.text
    assert r.headers["cache-control"] == "no-store"
    twin = c.get("/subscriptions?format=json").json()
    [sub] = twin["subscriptions"]
    assert (sub["targets"], sub["threshold"], sub["channel"]) == (["nation:FRA"], 50.0, "email")
    bad = c.post("/subscriptions", data={"name": "", "channel": "webhook", "address": "x"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text
    gone = c.post(f"/subscriptions/{sub['id']}/remove", follow_redirects=False)
    assert gone.status_code == 303
    assert c.get("/subscriptions?format=json").json()["subscriptions"] == []


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", got
    server.shutdown()
    server.server_close()


def test_the_server_delivers_when_told_to(db_url: str, receiver: Any) -> None:
    url, got = receiver
    world = build_world(db_url, deliver_in_server=True)
    try:
        with TestClient(world.app) as client:  # runs the app's lifespan: the delivery thread
            client.headers["Authorization"] = f"Bearer {world.tokens['planner']}"
            made = client.post(
                "/api/v1/subscriptions",
                json={
                    "name": "Italy",
                    "events": ["stance.changed"],
                    "targets": ["nation:ITA"],
                    "channel": "webhook",
                    "address": url,
                },
            ).json()
            analyst = world.client("analyst")
            r = analyst.post(
                "/api/v1/statements",
                json={
                    "id": "st-test-ita",
                    "nation": "ITA",
                    "date": "2026-02-01",
                    "stance": "willing",
                    "quote": "Italy will send engineers",
                    "entered_by": "analyst",
                },
                headers=write("press conference"),
            )
            assert r.status_code == 201, r.text
            for _ in range(300):  # the thread passes every 5 s
                if got:
                    break
                time.sleep(0.1)
    finally:
        world.close()
        world.engine.dispose()
    [(headers, body)] = got
    assert verify(made["secret"], headers, body, now=time.time())
    event = json.loads(body)
    assert (event["type"], event["data"]["nation"], event["data"]["to"]) == (
        "stance.changed",
        "ITA",
        "willing",
    )
