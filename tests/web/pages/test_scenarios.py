"""The scenario editor: conditions forced or left to chance, probabilities, nations in or out."""

from tests.web.pages.conftest import csrf, sign_in


def _save(client, scenario="baseline", **fields):
    data = {"csrf_token": csrf(client), "version": "1", "name": "Baseline", **fields}
    return client.post(f"/scenarios/{scenario}", data=data, follow_redirects=False)


def test_list_shows_what_each_scenario_assumes(client):
    view = client.get("/scenarios", params={"format": "json"}).json()
    rows = {s["id"]: s for s in view["scenarios"]}
    assert rows["truce"]["forced"] == {"truce": True}
    assert rows["baseline"]["forced"] == {}


def test_planner_forces_a_condition_and_leaves_a_nation_out(client):
    sign_in(client, "planner")
    r = _save(client, **{"cond:truce": "fails", "nation:FRA": "out", "reason": "no truce yet"})
    assert r.status_code == 303, r.text
    view = client.get("/scenarios/baseline", params={"format": "json"}).json()
    assert view["version"] == 2
    [truce] = view["conditions"]
    assert truce["forced"] is False
    assert {n["iso3"]: n["choice"] for n in view["nations"]}["FRA"] == "out"


def test_bad_probability_is_refused_with_its_field(client):
    sign_in(client, "planner")
    r = _save(client, **{"p:truce": "1.5"})
    assert r.status_code == 422
    assert "p:truce: expected a probability between 0 and 1, got 1.5" in r.text
    view = client.get("/scenarios/baseline", params={"format": "json"}).json()
    assert view["version"] == 1


def test_stale_scenario_edit_is_a_conflict(client):
    sign_in(client, "planner")
    assert _save(client, **{"cond:truce": "holds"}).status_code == 303
    r = _save(client, **{"cond:truce": "fails"})
    assert r.status_code == 409
    assert "changed by someone else" in r.text


def test_delegate_may_read_but_not_edit(client):
    sign_in(client, "gbr-delegate")
    page = client.get("/scenarios/baseline").text
    assert "Save scenario" not in page
    r = _save(client, **{"cond:truce": "holds"})
    assert r.status_code == 403


def test_compare_two_scenarios_side_by_side(client):
    sign_in(client, "planner")
    view = client.get(
        "/scenarios/compare", params={"a": "baseline", "b": "truce", "format": "json"}
    ).json()
    rows = {r["line"]: r for r in view["rows"]}
    assert (rows["rl-inf"]["gap_a"], rows["rl-inf"]["gap_b"]) == (7, 5)
    assert rows["rl-inf"]["difference"] == -2
    assert view["rows"][0]["line"] == "rl-inf"  # the line that changes comes first
    page = client.get("/scenarios/compare", params={"a": "baseline", "b": "truce"}).text
    assert "B: Truce agreed" in page


def test_compare_unknown_scenario_is_not_found(client):
    r = client.get(
        "/scenarios/compare",
        params={"a": "baseline", "b": "nope"},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 404
