"""Site-wide promises: every page has a JSON twin, and nothing is loaded from another site."""

import re

import pytest
from fastapi.routing import APIRoute

from muster.web.pages import ROUTERS
from tests.web.pages.conftest import sign_in

# A value for every path parameter a page may have; a new page with a new parameter fails
# `test_every_page_has_a_json_twin` until it is added here.
SAMPLES = {
    "iso3": "GBR",
    "pledge_id": "gbr-inf",
    "entity": "pledge",
    "key": "gbr-inf",
    "scenario_id": "baseline",
    "job_id": None,  # jobs are created by a POST; covered by the scenario tests
    "feed_id": None,  # feeds are added by a POST; covered by tests/web/api/test_feeds.py
    "call_id": None,  # the seed has no calls; covered by tests/web/api/test_conference.py
}
QUERIES = {"/scenarios/compare": "?a=baseline&b=truce"}  # pages with required query parameters
NOT_PAGES = {"/dashboard/map", "/brief.pdf"}  # a fragment (twin: the dashboard's); a PDF


def page_routes(app):
    """Every GET route of the pages package (its routers have no prefix)."""
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute) and "GET" in route.methods:
                yield route


def _url(route):
    names = re.findall(r"{(\w+)}", route.path)
    missing = [n for n in names if n not in SAMPLES]
    assert not missing, f"{route.path}: add a sample value for {missing} to SAMPLES"
    if any(SAMPLES[n] is None for n in names):
        return None
    return route.path.format(**{n: SAMPLES[n] for n in names}) + QUERIES.get(route.path, "")


def test_every_page_has_a_json_twin(app, client):
    sign_in(client, "admin")
    checked = []
    for route in page_routes(app):
        url = _url(route)
        if url is None or route.path in NOT_PAGES or route.path in ("/login",):
            continue
        html = client.get(url, headers={"accept": "text/html"})
        twin = client.get(url + ("&" if "?" in url else "?") + "format=json")
        assert html.status_code == 200, (url, html.text[:300])
        assert html.headers["content-type"].startswith("text/html"), url
        assert twin.status_code == 200, (url, twin.text[:300])
        assert twin.headers["content-type"] == "application/json", url
        assert isinstance(twin.json(), dict), url
        checked.append(route.path)
    assert {
        "/",
        "/nations",
        "/nations/{iso3}",
        "/pledges",
        "/requirements",
        "/review",
        "/audit",
    } <= set(checked)


EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source|use|image|object|embed)\b[^>]*?"""
    r"""(?:src|href|data)\s*=\s*["']\s*(?:https?:)?//""",
    re.I,
)


@pytest.mark.parametrize("who", [None, "admin"])
def test_no_page_loads_anything_from_another_site(app, client, who):
    if who:
        sign_in(client, who)
    for route in page_routes(app):
        url = _url(route)
        if url is None or route.path in NOT_PAGES:
            continue
        html = client.get(url, headers={"accept": "text/html"}).text
        assert not EXTERNAL.search(html), url
        assert "url(http" not in html, url
        assert "@import" not in html, url


def test_static_code_fetches_nothing_from_another_site(client):
    html = client.get("/").text
    for path in re.findall(r'(?:src|href)="(/static/(?:css|js)/[^"?]+)', html):
        body = client.get(path).text
        assert not re.search(r"https?://", body), path
    css = client.get("/static/css/muster.css").text
    assert "url(" not in css
