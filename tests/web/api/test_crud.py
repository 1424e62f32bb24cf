"""The REST API's common conventions on real databases: pages, filters, versions, reasons."""

from __future__ import annotations

from urllib.parse import quote

from muster.data import demo_dataset
from muster.domain import stance_timeline
from tests.web.api.conftest import World, demo_with_a_proposal, problem, write


def test_pages_walk_every_readable_row_once(world: World) -> None:
    c = world.client("planner")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        body = c.get("/api/v1/pledges", params=params).json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == body["total"] == len(demo_dataset().pledges)
    assert seen == sorted(seen)


def test_sort_descending_and_filter(world: World) -> None:
    c = world.client("planner")
    body = c.get("/api/v1/pledges", params={"sort": "-quantity", "nation": "FRA"}).json()
    quantities = [item["quantity"] for item in body["items"]]
    assert quantities == sorted(quantities, reverse=True)
    assert {item["nation"] for item in body["items"]} == {"FRA"}
    nations = [p.nation for p in demo_dataset().pledges]
    assert body["total"] == nations.count("FRA")
    two = c.get("/api/v1/pledges", params=[("nation", "FRA"), ("nation", "GBR")]).json()
    assert two["total"] == nations.count("FRA") + nations.count("GBR")


def test_bad_list_parameters_are_located(world: World) -> None:
    c = world.client("planner")
    bad = problem(c.get("/api/v1/pledges", params={"sort": "colour"}), 422)
    assert bad["errors"][0]["field"] == "sort"
    assert "quantity" in bad["detail"]
    unknown = problem(c.get("/api/v1/pledges", params={"colour": "red"}), 422)
    assert unknown["errors"][0] == {
        "message": "Extra inputs are not permitted",
        "field": "colour",
        "in": "query",
        "detail": "query colour: Extra inputs are not permitted",
    }
    assert problem(c.get("/api/v1/pledges", params={"cursor": "nope"}), 422)["errors"][0][
        "field"
    ] == ("cursor")


def test_get_gives_an_etag_and_unknown_is_404(world: World) -> None:
    c = world.client("planner")
    r = c.get("/api/v1/pledges/p-gbr-inf")
    assert r.status_code == 200
    assert r.headers["etag"] == '"1"'
    assert r.json()["version"] == 1
    assert problem(c.get("/api/v1/pledges/p-nope"), 404)["detail"] == "no pledge 'p-nope'"


def test_create_records_who_and_why(fresh_world: World) -> None:
    c = fresh_world.client("gbr-delegate")
    body = {
        "id": "p-gbr-eng",
        "nation": "GBR",
        "capability": "inf-bn",
        "quantity": 1,
        "phases": ["ph-post-peace"],
    }
    reason = "offered at the Paris summit — 27 März"
    r = c.post("/api/v1/pledges", json=body, headers=write(quote(reason)))
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/api/v1/pledges/p-gbr-eng"
    assert r.json()["entered_by"] == "gbr-delegate"  # provenance: the named user
    history = c.get("/api/v1/pledges/p-gbr-eng/history").json()
    assert [(h["op"], h["who"], h["why"]) for h in history] == [
        ("create", "user:gbr-delegate", reason)
    ]
    again = problem(c.post("/api/v1/pledges", json=body, headers=write()), 409)
    assert "it is taken" in again["detail"]


def test_writes_need_a_reason(fresh_world: World) -> None:
    c = fresh_world.client("planner")
    r = c.patch("/api/v1/conditions/truce-agreed", json={"probability": 0.4, "version": 1})
    assert problem(r, 422)["errors"][0]["field"] == "Muster-Reason"


def test_stale_versions_never_overwrite(fresh_world: World) -> None:
    gbr = fresh_world.client("gbr-delegate")
    url = "/api/v1/pledges/p-gbr-inf"
    first = gbr.patch(url, json={"quantity": 4}, headers=write("more", **{"If-Match": '"1"'}))
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"2"'
    stale = problem(gbr.patch(url, json={"quantity": 5}, headers=write(**{"If-Match": '"1"'})), 412)
    assert "current version is 2" in stale["detail"]
    assert (
        problem(gbr.patch(url, json={"quantity": 5, "version": 1}, headers=write()), 409)[
            "current_version"
        ]
        == 2
    )
    assert problem(gbr.patch(url, json={"quantity": 5}, headers=write()), 428)
    assert gbr.get(url).json()["quantity"] == 4


def test_put_replaces_and_keeps_the_key(fresh_world: World) -> None:
    c = fresh_world.client("planner")
    url = "/api/v1/conditions/truce-agreed"
    current = c.get(url).json()
    body = {k: v for k, v in current.items() if k != "version"} | {"probability": 0.25}
    ok = c.put(url, json=body, headers=write(**{"If-Match": '"1"'}))
    assert ok.status_code == 200, ok.text
    assert ok.json()["probability"] == 0.25
    moved = body | {"id": "other"}
    bad = problem(c.put(url, json=moved, headers=write(**{"If-Match": '"2"'})), 422)
    assert bad["errors"][0]["field"] == "id"


def test_domain_rules_come_back_located(fresh_world: World) -> None:
    c = fresh_world.client("gbr-delegate")
    body = {
        "id": "p-bad",
        "nation": "GBR",
        "capability": "no-such-capability",
        "quantity": 1,
        "phases": ["ph-post-peace"],
    }
    bad = problem(c.post("/api/v1/pledges", json=body, headers=write()), 422)
    assert bad["errors"][0]["field"] == "capability"
    assert "unknown capability 'no-such-capability'" in bad["errors"][0]["message"]
    wrong_type = problem(c.post("/api/v1/pledges", json=body | {"quantity": "two"}), 422)
    assert any(e["field"] == "quantity" for e in wrong_type["errors"])


def test_delete_refuses_what_others_refer_to(fresh_world: World) -> None:
    c = fresh_world.client("admin")
    used = problem(c.delete("/api/v1/nations/GBR", headers=write(**{"If-Match": '"1"'})), 409)
    assert "still referred to" in used["detail"]
    gone = c.delete("/api/v1/pledges/p-pol-hub", headers=write("duplicate", **{"If-Match": '"1"'}))
    assert gone.status_code == 204
    assert c.get("/api/v1/pledges/p-pol-hub").status_code == 404
    ops = [h["op"] for h in c.get("/api/v1/pledges/p-pol-hub/history").json()]
    assert ops == ["create", "delete"]


def test_pledge_withdrawal_follows_the_transitions(fresh_world: World) -> None:
    c = fresh_world.client("gbr-delegate")
    url = "/api/v1/pledges/p-gbr-inf/status"
    r = c.post(url, json={"status": "withdrawn", "version": 1}, headers=write("politics"))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "withdrawn"
    bad = problem(c.post(url, json={"status": "deployed", "version": 2}, headers=write()), 422)
    assert "cannot go from withdrawn to deployed" in bad["detail"]


def test_statement_review_needs_a_reviewer(fresh_world: World) -> None:
    url = "/api/v1/statements/st-proposed-ita/review"
    body = {"status": "accepted", "version": 1}
    denied = fresh_world.client("planner").post(url, json=body, headers=write())
    assert problem(denied, 403)
    ok = fresh_world.client("analyst").post(url, json=body, headers=write("checked the quote"))
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "accepted"


def test_stances_as_of_a_date(world: World) -> None:
    c = world.client(None)
    before = c.get("/api/v1/stances", params={"as_of": "2025-03-01"}).json()
    after = c.get("/api/v1/stances", params={"as_of": "2025-03-03"}).json()
    assert before["as_of"] == "2025-03-01"
    assert sum(after["counts"].values()) == len(after["stances"])
    assert len(after["stances"]) > len(before["stances"])
    today = c.get("/api/v1/stances").json()  # no date: today, after every demo statement
    assert today["as_of"] >= "2026-01-06"
    assert len(today["stances"]) >= len(after["stances"])
    gbr = c.get("/api/v1/stances/GBR/timeline").json()
    expected = stance_timeline(demo_with_a_proposal().statements, "GBR")
    assert [s["stance"] for s in gbr] == [s.stance.value for s in expected]
    assert gbr[-1]["stance"] == "lead"
    assert [s["statement"]["date"] for s in gbr] == sorted(s["statement"]["date"] for s in gbr)


def test_a_nul_in_a_filter_or_key_is_a_clear_answer_on_both_backends(world: World) -> None:
    """Regression (make proof's fuzzing): a NUL in a filter was a 500 on PostgreSQL."""
    c = world.client("planner")
    bad = c.get("/api/v1/requirement-lines", params={"phase": ["a\x00b", "x"]})
    assert problem(bad, 422)["errors"][0]["field"] == "phase"
    problem(c.get("/api/v1/pledges/p%00x"), 404)
    problem(c.get("/api/v1/audit", params={"key": "k\x00"}), 422)
