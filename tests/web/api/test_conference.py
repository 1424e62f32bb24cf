"""Force generation over HTTP: `/api/v1/calls`, `/api/v1/offers`, decisions, the sourcing and
its XLSX, and the `/conference` pages, which call the same use cases and agree with the API."""

from __future__ import annotations

import io

import openpyxl

from muster.data import demo_dataset
from tests.web.api.conftest import World, problem, write

CALL = demo_dataset().calls[0].id


def test_a_delegate_offers_a_planner_accepts_and_coverage_counts_it(fresh_world: World) -> None:
    gbr, planner = fresh_world.client("gbr-delegate"), fresh_world.client("planner")
    line = demo_dataset().calls[0].lines[0]
    # the demo's call closed in February 2026: offers to it are refused, naming the call
    late = gbr.post(
        "/api/v1/offers",
        json={"id": "o-late", "call": CALL, "line": line, "nation": "GBR", "quantity": 1},
        headers=write(),
    )
    assert "call" in {e["field"] for e in problem(late, 422)["errors"]}
    r = planner.post(
        "/api/v1/calls",
        json={"id": "fsc-2", "name": "Second round", "lines": [line]},
        headers=write("second round"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["entered_by"] == "planner"
    before = planner.get("/api/v1/calls/fsc-2/sourcing").json()
    short = next(x for x in before["lines"] if x["line"] == line)["shortfall"]
    r = gbr.post(
        "/api/v1/offers",
        json={
            "id": "o-gbr-1",
            "call": "fsc-2",
            "line": line,
            "nation": "GBR",
            "quantity": 1,
            "entered_by": "somebody-else",
        },
        headers=write("London offers"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["entered_by"] == "gbr-delegate"
    # a delegate cannot decide; the planner can
    problem(
        gbr.post("/api/v1/offers/o-gbr-1/decision", json={"decision": "accept"}, headers=write()),
        403,
    )
    r = planner.post(
        "/api/v1/offers/o-gbr-1/decision",
        json={"decision": "accept"},
        headers=write("fits the need"),
    )
    assert r.status_code == 200, r.text
    pledge = r.json()["pledge"]
    assert planner.get(f"/api/v1/pledges/{pledge}").json()["status"] == "confirmed"
    after = planner.get("/api/v1/calls/fsc-2/sourcing").json()
    now = next(x for x in after["lines"] if x["line"] == line)["shortfall"]
    assert now == max(0.0, short - 1)
    history = planner.get("/api/v1/offers/o-gbr-1/history").json()
    assert [h["who"] for h in history][-1] == "user:planner"


def test_offers_against_a_line_not_in_the_call_are_refused_naming_the_field(
    fresh_world: World,
) -> None:
    gbr = fresh_world.client("gbr-delegate")
    body = problem(
        gbr.post(
            "/api/v1/offers",
            json={"id": "o-bad", "call": CALL, "line": "rl-tm-isr", "nation": "GBR", "quantity": 1},
            headers=write(),
        ),
        422,
    )
    assert "line" in {e["field"] for e in body["errors"]}
    assert gbr.get("/api/v1/offers/o-bad").status_code == 404


def test_the_page_and_the_api_agree_and_hide_what_the_reader_may_not_read(world: World) -> None:
    demo = demo_dataset()
    for who in ("planner", "gbr-delegate", "viewer"):
        api = world.client(who).get(f"/api/v1/calls/{CALL}/sourcing").json()
        twin = world.browser(who).get(f"/conference/{CALL}", params={"format": "json"}).json()
        assert api["lines"] == twin["lines"]
        listed = {o["id"] for o in world.client(who).get("/api/v1/offers").json()["items"]}
        assert {o["id"] for o in api["offers"]} == listed
    national = [o.id for o in demo.offers if o.classification.value == "national"]
    seen = {o["id"] for o in world.client("gbr-delegate").get("/api/v1/offers").json()["items"]}
    assert national
    assert not set(national) & seen
    html = world.browser("planner").get(f"/conference/{CALL}")
    assert html.status_code == 200
    assert "Illustrative" in html.text
    assert "Decide" in html.text
    assert world.browser("planner").get("/conference").status_code == 200


def test_the_shortfall_workbook_lists_the_lines_still_short(world: World) -> None:
    c = world.client("planner")
    r = c.get(f"/api/v1/calls/{CALL}/shortfalls.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    rows = list(wb["shortfalls"].iter_rows(values_only=True))
    sourcing = c.get(f"/api/v1/calls/{CALL}/sourcing").json()
    assert [r[0] for r in rows[1:]] == [x["line"] for x in sourcing["lines"] if x["shortfall"] > 0]


def test_a_planner_decides_on_the_page(fresh_world: World) -> None:
    c = fresh_world.browser("planner")
    pending = [o for o in demo_dataset().offers if o.decision.value == "pending"]
    target = pending[0].id
    r = c.post(
        f"/conference/{CALL}/offers/{target}/decision",
        data={"decision": "hold", "reason": ""},
        follow_redirects=False,
    )
    assert r.status_code == 422
    assert "say why" in r.text
    r = c.post(
        f"/conference/{CALL}/offers/{target}/decision",
        data={"decision": "hold", "reason": "waiting for the cabinet"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    found = fresh_world.client("planner").get(f"/api/v1/offers/{target}").json()
    assert (found["decision"], found["reason"]) == ("hold", "waiting for the cabinet")
