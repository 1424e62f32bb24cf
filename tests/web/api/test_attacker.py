"""Regression tests for what an attacker found (issue 13): a hidden row must answer exactly as an
absent one, through every way in; history, deletes and creates reveal nothing hidden.

The GBR delegate plays the attacker: FRA's `national` pledges are hidden from it.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from muster.auth import can_read
from muster.domain import Pledge
from muster.store import transaction
from muster.store.load import load_rows
from muster.web.security import SESSION_COOKIE, LoginLimiter
from tests.auth.matrix import USERS
from tests.web.api.conftest import PASSWORD, World, problem, write

ATTACKER = next(u for u in USERS if u.name == "gbr-delegate")


def _pledges(world: World) -> list[Pledge]:
    with transaction(world.engine) as s:
        return [r.obj for r in load_rows(session=s, cls=Pledge)]


def _hidden(world: World) -> Pledge:
    """A pledge of another nation the attacker may not read (computed from the policy)."""
    return next(p for p in _pledges(world) if not can_read(ATTACKER, p))


def _visible_not_mine(world: World) -> Pledge:
    return next(p for p in _pledges(world) if can_read(ATTACKER, p) and p.nation != "GBR")


def _own_record(world: World, pledge_id: str) -> dict[str, Any]:
    """A valid GBR pledge record (one of the attacker's own) under `pledge_id`."""
    mine = next(p for p in _pledges(world) if p.nation == "GBR" and can_read(ATTACKER, p))
    body = world.client("gbr-delegate").get(f"/api/v1/pledges/{mine.id}").json()
    body.pop("version")
    return {**body, "id": pledge_id}


def _same(a: Any, b: Any, a_key: str, b_key: str) -> None:
    """Two answers that must be identical apart from the key the request named."""
    assert a.status_code == b.status_code, (a.text, b.text)
    assert a.text.replace(a_key, "KEY") == b.text.replace(b_key, "KEY")


# 1. Create reveals a hidden row -----------------------------------------------------------------


def test_create_with_a_hidden_id_answers_as_with_an_absent_one(fresh_world: World) -> None:
    client = fresh_world.client("gbr-delegate")
    hidden = _hidden(fresh_world).id
    absent = "p-nobody-has-this"
    # an invalid body: before the fix the hidden id answered 409 (its version), an absent 422
    for bad in ({"phases": ["no-such-phase"]}, {"capability": "no-such-capability"}):
        answers = {}
        for key in (hidden, absent):
            answers[key] = client.post(
                "/api/v1/pledges", json={**_own_record(fresh_world, key), **bad}, headers=write()
            )
        _same(answers[hidden], answers[absent], hidden, absent)
        assert answers[hidden].status_code == 422


def test_create_with_a_taken_id_is_one_refusal_naming_no_version(fresh_world: World) -> None:
    client = fresh_world.client("gbr-delegate")
    hidden, visible = _hidden(fresh_world).id, _visible_not_mine(fresh_world).id
    # move the visible one to another version, so a version in the answer would differ
    admin = fresh_world.client("admin")
    etag = admin.get(f"/api/v1/pledges/{visible}").headers["ETag"]
    r = admin.patch(
        f"/api/v1/pledges/{visible}", json={"note": "moved on"}, headers=write(**{"If-Match": etag})
    )
    assert r.status_code == 200, r.text
    answers = {
        key: client.post("/api/v1/pledges", json=_own_record(fresh_world, key), headers=write())
        for key in (hidden, visible)
    }
    _same(answers[hidden], answers[visible], hidden, visible)
    body = problem(answers[hidden], 409)
    assert "version" not in body["detail"]
    assert "current_version" not in body


def test_create_form_with_a_hidden_id_answers_as_with_a_visible_one(fresh_world: World) -> None:
    browser = fresh_world.browser("gbr-delegate")
    hidden, visible = _hidden(fresh_world).id, _visible_not_mine(fresh_world).id
    record = _own_record(fresh_world, "x")
    form = {
        "nation": "GBR",
        "capability": record["capability"],
        "quantity": str(record["quantity"]),
        "phases": record["phases"],
        "classification": "coalition",
        "sources": record["sources"],
        "reason": "probe",
    }
    answers = {
        key: browser.post("/pledges/new", data={**form, "id": key}) for key in (hidden, visible)
    }
    assert answers[hidden].status_code == answers[visible].status_code == 409
    assert "version" not in answers[hidden].text.split("<main", 1)[-1].lower().split("</main")[0]


# 2. Refused deletes list hidden rows ------------------------------------------------------------


def test_refused_delete_names_only_readable_referrers(fresh_world: World) -> None:
    admin = fresh_world.client("admin")
    hidden = _hidden(fresh_world)
    visible = _visible_not_mine(fresh_world)
    for sid in ("src-only-hidden", "src-both"):
        r = admin.post("/api/v1/sources", json={"id": sid, "title": sid}, headers=write())
        assert r.status_code == 201, r.text
    for pledge, sources in ((hidden, ["src-only-hidden", "src-both"]), (visible, ["src-both"])):
        current = admin.get(f"/api/v1/pledges/{pledge.id}")
        r = admin.patch(
            f"/api/v1/pledges/{pledge.id}",
            json={"sources": [*current.json()["sources"], *sources]},
            headers=write(**{"If-Match": current.headers["ETag"]}),
        )
        assert r.status_code == 200, r.text
    client = fresh_world.client("gbr-delegate")
    only_hidden = problem(
        client.delete("/api/v1/sources/src-only-hidden", headers=write(**{"If-Match": '"1"'})), 409
    )
    both = problem(
        client.delete("/api/v1/sources/src-both", headers=write(**{"If-Match": '"1"'})), 409
    )
    assert hidden.id not in only_hidden["detail"]
    assert hidden.id not in both["detail"]
    assert visible.id in both["detail"]
    # the refusal reads as the one for readable referrers, without their names
    unnamed = re.sub(r" \(among them .*\)(?=; )", "", both["detail"])
    assert only_hidden["detail"].replace("src-only-hidden", "K") == unnamed.replace("src-both", "K")
    # and the integrity holds: both sources are still there
    assert admin.get("/api/v1/sources/src-only-hidden").status_code == 200


# 5. Timing: the hidden 404 does the work of the absent one --------------------------------------


def _statements(world: World, client: TestClient, url: str) -> list[str]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    sa.event.listen(world.engine, "before_cursor_execute", record)
    try:
        r = client.get(url)
    finally:
        sa.event.remove(world.engine, "before_cursor_execute", record)
    assert r.status_code == 404, r.text
    return seen


def test_a_hidden_pledge_costs_the_same_queries_as_an_absent_one(world: World) -> None:
    client = world.client("gbr-delegate")
    hidden, absent = _hidden(world).id, "p-nobody-has-this"
    for path in ("/api/v1/pledges/{}", "/pledges/{}", "/api/v1/pledges/{}/history"):
        client.get(path.format("warm-up"))  # first-use caches out of the comparison
        a = _statements(world, client, path.format(hidden))
        b = _statements(world, client, path.format(absent))
        assert a == b, path
        r_hidden, r_absent = client.get(path.format(hidden)), client.get(path.format(absent))
        _same(r_hidden, r_absent, hidden, absent)


# 6. One answer for the history of a row once hidden ---------------------------------------------


def _history_answers(world: World, key: str) -> tuple[Any, list[int], Any]:
    """The per-row history, the versions the audit log lists for the row, the history page."""
    client = world.client("gbr-delegate")
    per_row = client.get(f"/api/v1/pledges/{key}/history")
    audit = client.get(f"/api/v1/audit?entity=pledge&key={key}&limit=500")
    assert audit.status_code == 200, audit.text
    page = world.browser("gbr-delegate").get(f"/history/pledge/{key}")
    return per_row, sorted(e["version"] for e in audit.json()["items"]), page


def _patch(world: World, key: str, change: dict[str, Any]) -> int:
    admin = world.client("admin")
    etag = admin.get(f"/api/v1/pledges/{key}").headers["ETag"]
    r = admin.patch(f"/api/v1/pledges/{key}", json=change, headers=write(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    return int(r.json()["version"])


def test_history_of_a_once_hidden_row_is_one_answer(fresh_world: World) -> None:
    hidden = _hidden(fresh_world).id
    # made readable to the attacker: its national past (creation, the change) stays hidden
    _patch(fresh_world, hidden, {"classification": "public"})
    per_row, audit, page = _history_answers(fresh_world, hidden)
    assert audit == []
    assert per_row.status_code == page.status_code == 404
    # a readable change after it: all three show that one, and nothing of the past
    last = _patch(fresh_world, hidden, {"note": "now public"})
    per_row, audit, page = _history_answers(fresh_world, hidden)
    assert per_row.status_code == page.status_code == 200
    row_versions = [e["version"] for e in per_row.json()]
    page_versions = [int(v) for v in re.findall(r"<strong>v(\d+) · ", page.text)]
    assert row_versions == audit == page_versions == [last]
    assert not any(e["redacted"] for e in per_row.json())


# 9. entered_by is the server's ----------------------------------------------------------------


def test_entered_by_cannot_be_set_by_the_client(fresh_world: World) -> None:
    client = fresh_world.client("gbr-delegate")
    record = {**_own_record(fresh_world, "p-gbr-new"), "entered_by": "someone-else"}
    r = client.post("/api/v1/pledges", json=record, headers=write())
    assert r.status_code == 201, r.text
    assert r.json()["entered_by"] == "gbr-delegate"
    r = client.patch(
        "/api/v1/pledges/p-gbr-new",
        json={"entered_by": "someone-else"},
        headers=write(**{"If-Match": r.headers["ETag"]}),
    )
    assert r.status_code in (200, 422), r.text
    assert client.get("/api/v1/pledges/p-gbr-new").json()["entered_by"] == "gbr-delegate"


# 10. A lone surrogate is bad input, not a crash -------------------------------------------------


def test_a_lone_surrogate_is_a_422_naming_the_field(fresh_world: World) -> None:
    client = fresh_world.client("admin")
    raw = json.dumps({"id": "src-surrogate", "title": "\ud800"})  # ASCII: "\\ud800"
    r = client.post(
        "/api/v1/sources",
        content=raw,
        headers=write(**{"Content-Type": "application/json"}),
    )
    body = problem(r, 422)
    assert "title" in json.dumps(body)
    assert client.get("/api/v1/sources/src-surrogate").status_code == 404


# 8. Only web addresses are links ----------------------------------------------------------------


def test_a_javascript_url_is_refused(fresh_world: World) -> None:
    client = fresh_world.client("admin")
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x"):
        r = client.post(
            "/api/v1/sources", json={"id": "src-js", "title": "x", "url": url}, headers=write()
        )
        body = problem(r, 422)
        assert "url" in json.dumps(body)
    ok = client.post(
        "/api/v1/sources",
        json={"id": "src-web", "title": "x", "url": "https://example.org/a"},
        headers=write(),
    )
    assert ok.status_code == 201, ok.text


# 3. Signing out in the browser ends the session on the server ---------------------------------


def test_logout_makes_a_copied_cookie_useless(fresh_world: World) -> None:
    browser = fresh_world.browser("planner")
    copied = browser.cookies[SESSION_COOKIE]
    r = browser.post("/logout", follow_redirects=False)
    assert r.status_code == 303, r.text
    thief = fresh_world.client(None)
    thief.cookies.set(SESSION_COOKIE, copied)
    assert thief.get("/api/v1/session").json()["signed_in"] is False


# 4. Login CSRF: cross-site unsafe requests are refused, with or without a cookie ---------------


def test_a_cross_site_login_is_refused(fresh_world: World) -> None:
    form = {"username": "planner", "password": PASSWORD, "next": "/"}
    for headers in (
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "null"},
    ):
        c = fresh_world.client(None)  # no cookie at all
        r = c.post("/login", data=form, headers=headers, follow_redirects=False)
        assert problem(r, 403)["title"] == "CSRF check failed"
        assert SESSION_COOKIE not in r.cookies
        api = c.post(
            "/api/v1/session", json={"username": "planner", "password": PASSWORD}, headers=headers
        )
        assert api.status_code == 403, api.text
    # the same form from this site signs in
    c = fresh_world.client(None)
    ok = c.post(
        "/login",
        data=form,
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert ok.status_code == 303, ok.text


def test_cookie_writes_are_checked_by_headers_not_by_a_token(fresh_world: World) -> None:
    c = fresh_world.browser("planner")
    c.headers.pop("X-CSRF-Token")
    url = "/api/v1/conditions/truce-agreed"
    refused = c.patch(
        url,
        json={"probability": 0.3, "version": 1},
        headers=write(**{"Sec-Fetch-Site": "cross-site"}),
    )
    assert problem(refused, 403)["title"] == "CSRF check failed"
    ok = c.patch(
        url,
        json={"probability": 0.3, "version": 1},
        headers=write(**{"Sec-Fetch-Site": "same-origin"}),
    )
    assert ok.status_code == 200, ok.text


# Also: no caching of what a signed-in user sees; no Chromium for anonymous visitors ------------


def test_authenticated_responses_are_not_stored(world: World) -> None:
    for client in (world.client("planner"), world.browser("planner")):
        for url in ("/api/v1/pledges", "/pledges", "/"):
            r = client.get(url)
            assert r.status_code == 200, url
            assert "no-store" in r.headers.get("cache-control", ""), url


def test_an_anonymous_visitor_cannot_print_the_brief(world: World) -> None:
    r = world.client(None).get("/brief.pdf", headers={"Accept": "application/json"})
    assert r.status_code == 401, r.text


# The login limiter counts before it verifies: concurrent guesses cannot slip past it ----------


def test_the_limiter_counts_an_attempt_as_it_allows_it() -> None:
    """Check and count are one step: guesses in flight (none verified yet) cannot all pass."""
    limiter = LoginLimiter(max_failures=5, window_s=60)
    guesses = 50

    def guess(_: int) -> bool:
        return limiter.attempt("viewer", "192.0.2.1") is None

    with ThreadPoolExecutor(max_workers=16) as pool:
        allowed = list(pool.map(guess, range(guesses)))
    assert sum(allowed) == limiter.max_failures
    # a success takes its attempt back and clears the name's count
    limiter.succeeded("viewer", "192.0.2.1")
    assert limiter.attempt("viewer", "192.0.2.1") is None


# 8. A stored javascript: address (from before the check) is not rendered as a link -------------


def test_a_stored_javascript_url_is_not_a_link(fresh_world: World) -> None:
    with transaction(fresh_world.engine) as s:
        s.execute(sa.text("UPDATE sources SET url = 'javascript:alert(1)'"))
    page = fresh_world.client("planner").get("/about")
    assert page.status_code == 200
    assert "javascript:" not in page.text


# 7. Hidden activity moves nothing a reader sees -----------------------------------------------


def _freshness(client: TestClient) -> dict[str, Any]:
    r = client.get("/?format=json")
    assert r.status_code == 200, r.text
    fresh: dict[str, Any] = r.json()["freshness"]
    return fresh


def _audit_ids(client: TestClient) -> list[int]:
    items = client.get("/api/v1/audit?limit=500").json()["items"]
    return [e["id"] for e in items]


def test_hidden_changes_move_no_version_time_or_id(fresh_world: World) -> None:
    reader = fresh_world.client("gbr-delegate")
    hidden = _hidden(fresh_world).id
    before, ids_before = _freshness(reader), _audit_ids(reader)
    _patch(fresh_world, hidden, {"note": "a hidden change"})
    assert fresh_world.client("admin").get(f"/api/v1/pledges/{hidden}").json()["version"] > 1
    after = _freshness(reader)
    assert (after["data_version"], after["last_change"]) == (
        before["data_version"],
        before["last_change"],
    )
    assert _audit_ids(reader) == ids_before
    # a change the reader may read moves both
    _patch(fresh_world, _visible_not_mine(fresh_world).id, {"note": "a visible change"})
    moved = _freshness(reader)
    assert moved["data_version"] != before["data_version"]
    assert moved["last_change"] != before["last_change"]


def test_audit_ids_and_cursors_reveal_no_gaps(fresh_world: World) -> None:
    reader = fresh_world.client("gbr-delegate")
    ids = _audit_ids(reader)
    # ids are not sequential: neighbours in the log are not neighbours in number
    assert len(ids) > 10
    assert sum(abs(a - b) == 1 for a, b in pairwise(ids)) <= len(ids) // 2
    page = reader.get("/api/v1/audit?limit=1").json()
    assert not str(page["next_before"]).isdigit()
    # a cursor naming a hidden entry is refused as one naming nothing
    hidden = _hidden(fresh_world).id
    for target in (f"pledge:1:{hidden}", "pledge:1:p-nobody-has-this"):
        r = reader.get("/api/v1/audit", params={"before": target})
        assert problem(r, 422)["errors"][0]["field"] == "before"
