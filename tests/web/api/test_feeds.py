"""`/api/v1/feeds` and the feeds page: who may see and change feeds, history, health and items
as a real watcher left them (a loopback feed polled into the database the app serves)."""

from __future__ import annotations

import numpy as np
import pytest

from muster.feeds.fetch import Limits, make_client
from muster.feeds.watch import Watcher, poll_due
from muster.store.db import utcnow
from tests.feeds import samples
from tests.feeds.server import FeedServer, Reply
from tests.web.api.conftest import World, problem, write


@pytest.fixture
def server():
    s = FeedServer().start()
    yield s
    s.stop()


def add(world: World, url: str, who: str = "analyst", **more: str) -> dict:
    r = world.client(who).post("/api/v1/feeds", json={"url": url, **more}, headers=write("news"))
    assert r.status_code == 201, r.text
    return r.json()


def poll(world: World) -> None:
    with make_client(Limits(timeout_s=5, private_ok=True)) as client:
        poll_due(Watcher(world.engine, client, clock=utcnow, rng=np.random.default_rng(0)))


@pytest.mark.parametrize(("who", "status"), [("analyst", 201), ("admin", 201),
    ("planner", 403), ("gbr-delegate", 403), ("viewer", 403), (None, 401)])  # fmt: skip
def test_adding_a_feed_is_for_those_who_may_ingest(fresh_world: World, who, status):
    r = fresh_world.client(who).post(
        "/api/v1/feeds", json={"url": "https://news.example.org/rss"}, headers=write()
    )
    assert r.status_code == status, r.text
    listed = fresh_world.client(who).get("/api/v1/feeds")
    assert listed.status_code == (200 if status == 201 else status)


def test_add_list_remove_with_history(fresh_world: World):
    made = add(
        fresh_world, "https://news.example.org/rss", language="fr", every="1h", name="Le Fil"
    )
    assert (made["name"], made["language"], made["every"], made["health"], made["version"]) == (
        "Le Fil", "fr", "1h", "new", 1,
    )  # fmt: skip
    analyst = fresh_world.client("analyst")
    assert [f["id"] for f in analyst.get("/api/v1/feeds").json()] == [made["id"]]
    again = analyst.post("/api/v1/feeds", json={"url": "https://news.example.org/rss"},
                         headers=write())  # fmt: skip
    assert "already watches" in problem(again, 409)["detail"]
    no_version = analyst.delete(f"/api/v1/feeds/{made['id']}", headers=write("gone"))
    problem(no_version, 428)
    stale = analyst.delete(
        f"/api/v1/feeds/{made['id']}", headers=write("gone", **{"If-Match": '"7"'})
    )
    problem(stale, 412)
    gone = analyst.delete(
        f"/api/v1/feeds/{made['id']}", headers=write("the outlet closed", **{"If-Match": '"1"'})
    )
    assert gone.status_code == 204
    assert analyst.get("/api/v1/feeds").json() == []
    removed = analyst.get("/api/v1/feeds?removed=true").json()
    assert removed[0]["removed_at"] is not None
    audit = fresh_world.client("admin").get("/api/v1/audit?limit=20").json()["items"]
    assert [(e["op"], e["who"], e["why"]) for e in audit if e["entity"] == "feed"] == [
        ("delete", "user:analyst", "the outlet closed"), ("create", "user:analyst", "news"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [({"url": "ftp://x.example/rss"}, "url"), ({"url": "https://x.example", "every": "soon"},
     "every"), ({"url": "https://x.example", "language": "xx1"}, "language")],
)  # fmt: skip
def test_bad_feeds_are_refused_naming_the_field(fresh_world: World, body, field):
    r = fresh_world.client("analyst").post("/api/v1/feeds", json=body, headers=write())
    found = problem(r, 422)
    assert field in {e.get("field") for e in found["errors"]} | {
        loc for e in found["errors"] for loc in (e.get("in") or "").split(".")
    }
    assert fresh_world.client("analyst").get("/api/v1/feeds").json() == []


def test_polls_items_and_the_feeds_page_show_what_the_watcher_did(fresh_world: World, server):
    name, page = samples.real_pages(1)[0]
    server.routes["/a"] = Reply(page, content_type="text/html")
    server.routes["/rss"] = Reply(
        samples.rss([{"title": "Real article", "link": server.url("/a"), "guid": name}])
    )
    server.routes["/down"] = Reply(b"no", status=503, content_type="text/plain")
    good = add(fresh_world, server.url("/rss"), name="Good News")
    bad = add(fresh_world, server.url("/down"), name="Down News")
    poll(fresh_world)
    analyst = fresh_world.client("analyst")
    polls = analyst.get(f"/api/v1/feeds/{good['id']}/polls").json()
    assert [(p["status"], p["fetched"], p["new"]) for p in polls] == [("ok", 1, 1)]
    items = analyst.get(f"/api/v1/feeds/{good['id']}/items").json()
    assert [(i["title"], i["status"], i["text_from"]) for i in items] == [
        ("Real article", "new", "page"),
    ]  # fmt: skip
    source = fresh_world.client("planner").get(f"/api/v1/sources/{items[0]['source']}").json()
    assert source["title"] == "Real article"
    listed = {f["name"]: f for f in analyst.get("/api/v1/feeds").json()}
    assert listed["Good News"]["health"] == "ok"
    assert listed["Down News"]["health"] == "failing"
    assert listed["Down News"]["last_poll"]["error"] == "HTTP 503 Service Unavailable"
    # the page and its JSON twin
    browser = fresh_world.browser("analyst")
    html = browser.get("/feeds", headers={"accept": "text/html"}).text
    assert 'data-health="ok"' in html
    assert 'data-health="failing"' in html
    assert "HTTP 503 Service Unavailable" in html
    assert "Real article" in html
    twin = browser.get("/feeds?format=json").json()
    assert [(f["name"], f["health"]) for f in twin["feeds"]] == [
        ("Good News", "ok"), ("Down News", "failing"),
    ]  # fmt: skip
    assert twin["feeds"][0]["items"][0]["status"] == "new"
    detail = browser.get(f"/feeds/{bad['id']}?format=json").json()
    assert detail["polls"][0]["http_status"] == 503
    assert [(c["op"], c["who"]) for c in detail["history"]] == [("create", "user:analyst")]
    assert browser.get(f"/feeds/{bad['id']}", headers={"accept": "text/html"}).status_code == 200
    # the audit log links a change to /history/{entity}/{key}: a feed's history is on its page
    link = browser.get(f"/history/feed/{bad['id']}", follow_redirects=False)
    assert (link.status_code, link.headers["location"]) == (303, f"/feeds/{bad['id']}#history")
    assert fresh_world.browser("viewer").get("/feeds").status_code == 403


def test_the_page_adds_and_removes_a_feed(fresh_world: World):
    browser = fresh_world.browser("analyst")
    token = browser.headers["X-CSRF-Token"]
    r = browser.post(
        "/feeds",
        data={"url": "https://news.example.org/rss", "every": "30m", "language": "de",
              "reason": "German press", "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    (feed,) = browser.get("/feeds?format=json").json()["feeds"]
    assert (feed["every"], feed["language"]) == ("30m", "de")
    bad = browser.post("/feeds", data={"url": "nope", "csrf_token": token})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text
    stale = browser.post(f"/feeds/{feed['id']}/remove", data={"version": 9, "csrf_token": token})
    assert stale.status_code == 409
    gone = browser.post(
        f"/feeds/{feed['id']}/remove",
        data={"version": feed["version"], "reason": "enough", "csrf_token": token},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert browser.get("/feeds?format=json").json()["feeds"] == []
