"""`GET /api/v1/audit`: the audit log, filtered and paged, never showing what a reader may not."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auth.matrix import TARGETS
from tests.web.api.conftest import PROPOSED, World, problem, write


def entries(world: World, reader: str, **params: Any) -> list[dict[str, Any]]:
    r = world.client(reader).get("/api/v1/audit", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_a_change_appears_newest_first_with_who_and_why(fresh_world: World) -> None:
    planner = fresh_world.client("planner")
    current = planner.get("/api/v1/pledges/p-gbr-inf").json()
    r = fresh_world.client("gbr-delegate").patch(
        "/api/v1/pledges/p-gbr-inf",
        json={"quantity": current["quantity"] + 1},
        headers=write("one more battalion", **{"If-Match": f'"{current["version"]}"'}),
    )
    assert r.status_code == 200, r.text
    (newest, *_) = entries(fresh_world, "planner")
    assert (newest["entity"], newest["key"], newest["op"]) == ("pledge", "p-gbr-inf", "update")
    assert newest["who"] == "user:gbr-delegate"
    assert newest["why"] == "one more battalion"
    assert newest["after"]["quantity"] == current["quantity"] + 1
    mine = entries(fresh_world, "planner", who="gbr-delegate")
    assert [e["id"] for e in mine] == [newest["id"]]
    assert entries(fresh_world, "planner", who="nobody") == []


def test_filters_by_entity_key_and_days(world: World) -> None:
    all_pledges = entries(world, "admin", entity="pledge")
    assert all_pledges
    assert {e["entity"] for e in all_pledges} == {"pledge"}
    one = entries(world, "admin", entity="pledge", key="p-fra-air")
    assert [e["key"] for e in one] == ["p-fra-air"]
    day = one[0]["recorded_at"][:10]
    assert entries(world, "admin", key="p-fra-air", since=day, until=day) == one
    assert entries(world, "admin", key="p-fra-air", until="2000-01-01") == []


def test_pages_follow_next_before_without_gaps_or_repeats(world: World) -> None:
    everything = [e["id"] for e in entries(world, "admin")]
    seen: list[int] = []
    times: list[str] = []
    before = None
    while True:
        params = {"limit": 97, **({"before": before} if before else {})}
        page = world.client("admin").get("/api/v1/audit", params=params).json()
        seen.extend(e["id"] for e in page["items"])
        times.extend(e["recorded_at"] for e in page["items"])
        before = page["next_before"]
        if before is None:
            break
    assert seen[: len(everything)] == everything
    assert times == sorted(times, reverse=True)  # newest first
    assert len(set(seen)) == len(seen)
    assert len(seen) > 97  # more than one page


def test_a_delegate_never_sees_another_nations_national_pledge(world: World) -> None:
    keys = {e["key"] for e in entries(world, "gbr-delegate", entity="pledge")}
    for t in TARGETS:
        assert (t.pledge in keys) == (t.classification != "national" or t.nation == "GBR")
    # a scenario naming every classification is shown without the pledges the reader may not read
    (scenario,) = entries(world, "gbr-delegate", entity="scenario", key="sc-matrix")
    hidden = {t.pledge for t in TARGETS if t.classification == "national" and t.nation != "GBR"}
    assert set(scenario["after"]["pledges_in"]).isdisjoint(hidden)
    (full,) = entries(world, "admin", entity="scenario", key="sc-matrix")
    assert hidden <= set(full["after"]["pledges_in"])


def test_proposals_are_only_for_those_who_may_see_them(world: World) -> None:
    assert entries(world, "viewer", key=PROPOSED) == []
    assert [e["key"] for e in entries(world, "analyst", key=PROPOSED)] == [PROPOSED]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"entity": "spaceship"}, "entity"),
        ({"since": "yesterday"}, "since"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_filters_are_located_problems(world: World, params: dict[str, Any], field: str) -> None:
    r = world.client("admin").get("/api/v1/audit", params=params)
    problem(r, 422)
    assert field in r.text


def test_anonymous_visitors_may_not_read_the_log(world: World) -> None:
    problem(world.client(None).get("/api/v1/audit"), 401)


def test_scenario_entries_never_name_a_pledge_deleted_since(fresh_world: World) -> None:
    """Review finding: hiding only pledges that exist now let old records name deleted ones."""
    planner, admin = fresh_world.client("planner"), fresh_world.client("admin")
    scenario = planner.get("/api/v1/scenarios/sc-matrix").json()
    kept = [p for p in scenario["pledges_in"] if p != "p-gbr-training"]
    r = planner.patch(
        "/api/v1/scenarios/sc-matrix",
        json={"pledges_in": kept},
        headers=write(**{"If-Match": f'"{scenario["version"]}"'}),
    )
    assert r.status_code == 200, r.text
    pledge = admin.get("/api/v1/pledges/p-gbr-training").json()
    gone = admin.delete(
        "/api/v1/pledges/p-gbr-training", headers=write(**{"If-Match": f'"{pledge["version"]}"'})
    )
    assert gone.status_code == 204, gone.text
    fra = fresh_world.client("fra-delegate")
    records = [
        side
        for e in entries(fresh_world, "fra-delegate", entity="scenario", key="sc-matrix")
        for side in (e["before"], e["after"])
        if side
    ]
    records += [
        side
        for e in fra.get("/api/v1/scenarios/sc-matrix/history").json()
        for side in (e["before"], e["after"])
        if side
    ]
    assert records
    assert all("p-gbr-training" not in r["pledges_in"] for r in records)
    full = entries(fresh_world, "admin", entity="scenario", key="sc-matrix")
    assert any("p-gbr-training" in (e["after"] or {}).get("pledges_in", []) for e in full)


def test_a_pledge_made_national_since_shows_no_history_to_other_delegations(
    fresh_world: World,
) -> None:
    """Review finding: the history page showed the public past of a now-national pledge."""
    gbr = fresh_world.client("gbr-delegate")
    pledge = gbr.get("/api/v1/pledges/p-gbr-inf").json()
    r = gbr.patch(
        "/api/v1/pledges/p-gbr-inf",
        json={"classification": "national"},
        headers=write(**{"If-Match": f'"{pledge["version"]}"'}),
    )
    assert r.status_code == 200, r.text
    assert entries(fresh_world, "fra-delegate", key="p-gbr-inf") == []
    fra = fresh_world.browser("fra-delegate")
    assert fra.get("/history/pledge/p-gbr-inf").status_code == 404
    assert fra.get("/api/v1/pledges/p-gbr-inf/history").status_code == 404
    assert len(entries(fresh_world, "gbr-delegate", key="p-gbr-inf")) == pledge["version"] + 1


def test_extreme_dates_and_ids_are_answers_not_errors(world: World) -> None:
    assert world.client("admin").get("/api/v1/audit", params={"until": "9999-12-31"}).is_success
    problem(world.client("admin").get("/api/v1/audit", params={"before": 10**20}), 422)
    browser = world.browser("admin")
    assert browser.get("/audit", params={"until": "9999-12-31"}).status_code == 200
    assert browser.get("/audit", params={"before": 10**20}).status_code == 422
