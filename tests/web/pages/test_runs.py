"""Monte Carlo from the scenario page: a background job, its progress, then its charts."""

import json
import re
import time

from tests.web.pages.conftest import csrf, sign_in


def _finish(client, url):
    for _ in range(300):
        view = client.get(url, params={"format": "json"}).json()
        if view["status"] in ("done", "failed"):
            return view
        time.sleep(0.05)
    raise AssertionError(f"{url} did not finish")


def _figures(html):
    return [json.loads(f.replace("&#34;", '"').replace("&amp;", "&"))
            for f in re.findall(r'data-figure="([^"]+)"', html)]  # fmt: skip


def test_run_shows_progress_then_charts(client):
    sign_in(client, "planner")
    token = csrf(client)
    started = client.post(
        "/scenarios/truce/runs",
        data={"csrf_token": token, "worlds": "4000", "seed": "3"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    url = started.headers["location"]
    view = _finish(client, url)
    assert view["status"] == "done", view["error"]
    result = view["result"]
    # the truce scenario forces the only condition: every world is the same world
    assert result["mission"]["se"] == 0
    assert [p["phase"] for p in result["phases"]] == ["truce-monitoring", "deployment"]
    assert result["criticality"]["nations"][0]["name"] in ("United Kingdom", "France")
    html = client.get(url).text
    titles = [f["layout"]["title"]["text"] for f in _figures(html)]
    assert titles == [
        "Coverage per phase over the sampled worlds",
        "P(minimum viable force) per phase",
        "Conditions that matter most (expected mission coverage)",
        "Nation criticality (Shapley value)",
    ]
    deployment = result["phases"][1]
    assert f"{100 * deployment['coverage']['mean']:,.1f} %" in html


def test_htmx_start_returns_the_polling_fragment(client):
    sign_in(client, "planner")
    r = client.post(
        "/scenarios/baseline/runs",
        data={"csrf_token": csrf(client), "worlds": "2000", "seed": "1"},
        headers={"hx-request": "true"},
    )
    assert r.status_code == 200
    assert "<html" not in r.text
    job = re.search(r'id="run-([0-9a-f]+)"', r.text).group(1)
    url = f"/scenarios/baseline/runs/{job}"
    _finish(client, url)
    fragment = client.get(url, headers={"hx-request": "true"}).text
    assert 'hx-trigger="every 1s"' not in fragment  # finished: polling stops
    assert 'data-testid="mission-mean"' in fragment


def test_bad_run_parameters_name_their_fields(client):
    sign_in(client, "planner")
    r = client.post(
        "/scenarios/baseline/runs",
        data={"csrf_token": csrf(client), "worlds": "0", "seed": "x"},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"worlds", "seed"}


def test_another_users_run_is_not_found(client):
    sign_in(client, "planner")
    started = client.post(
        "/scenarios/baseline/runs",
        data={"csrf_token": csrf(client), "worlds": "1000", "seed": "1"},
        follow_redirects=False,
    )
    url = started.headers["location"]
    sign_in(client, "analyst")
    assert client.get(url, headers={"accept": "application/json"}).status_code == 404
