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
    assert all_pledges and {e["entity"] for e in all_pledges} == {"pledge"}
    one = entries(world, "admin", entity="pledge", key="p-fra-air")
    assert [e["key"] for e in one] == ["p-fra-air"]
    day = one[0]["recorded_at"][:10]
    assert entries(world, "admin", key="p-fra-air", since=day, until=day) == one
    assert entries(world, "admin", key="p-fra-air", until="2000-01-01") == []


def test_pages_follow_next_before_without_gaps_or_repeats(world: World) -> None:
    everything = [e["id"] for e in entries(world, "admin")]
    seen: list[int] = []
    before = None
    while True:
        params = {"limit": 97, **({"before": before} if before else {})}
        page = world.client("admin").get("/api/v1/audit", params=params).json()
        seen.extend(e["id"] for e in page["items"])
        before = page["next_before"]
        if before is None:
            break
    assert seen[: len(everything)] == everything
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)
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
