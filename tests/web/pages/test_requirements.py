"""The requirements page: lines per phase; planners change figures at the version they saw."""

from tests.web.pages.conftest import csrf, sign_in


def _lines(client):
    view = client.get("/requirements", params={"format": "json"}).json()
    return {r["id"]: r for ph in view["phases"] for r in ph["lines"]}


def test_lines_grouped_by_phase_in_sequence(client):
    view = client.get("/requirements", params={"format": "json"}).json()
    assert [(p["id"], [r["id"] for r in p["lines"]]) for p in view["phases"]] == [
        ("truce-monitoring", ["rl-air"]),
        ("deployment", ["rl-inf"]),
    ]
    assert view["illustrative"] is True
    assert "illustrative" in client.get("/requirements").text


def test_planner_changes_a_quantity(client):
    sign_in(client, "planner")
    r = client.post(
        "/requirements/rl-inf",
        data={
            "csrf_token": csrf(client),
            "version": "1",
            "quantity": "12",
            "minimum": "6",
            "priority": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    line = _lines(client)["rl-inf"]
    assert (line["quantity"], line["version"]) == (12, 2)


def test_minimum_above_quantity_is_refused(client):
    sign_in(client, "planner")
    r = client.post(
        "/requirements/rl-inf",
        data={
            "csrf_token": csrf(client),
            "version": "1",
            "quantity": "5",
            "minimum": "6",
            "priority": "1",
        },
    )
    assert r.status_code == 422
    assert "minimum 6 exceeds quantity 5" in r.text
    assert _lines(client)["rl-inf"]["quantity"] == 10


def test_delegate_may_not_change_requirements(client):
    sign_in(client, "gbr-delegate")
    r = client.post(
        "/requirements/rl-inf",
        data={
            "csrf_token": csrf(client),
            "version": "1",
            "quantity": "1",
            "minimum": "0",
            "priority": "1",
        },
        headers={"accept": "application/json"},
    )
    assert r.status_code == 403
