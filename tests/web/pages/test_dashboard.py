"""The dashboard: the stance map moves with the date, the JSON twin agrees with the page."""

import re

from muster.data import reference_dataset
from muster.web.viewmodels.worldmap import world
from tests.web.pages.conftest import sign_in


def _stances(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-iso3="([A-Z]{3})" data-stance="([a-z]+)"', html))


def test_map_changes_between_dates(client):
    before = client.get("/dashboard/map", params={"as_of": "2025-03-01"})
    after = client.get("/dashboard/map", params={"as_of": "2025-03-03"})
    assert before.status_code == after.status_code == 200
    assert _stances(before.text) == {
        "DNK": "none",
        "FRA": "none",
        "GBR": "lead",
        "HUN": "none",
        "ITA": "none",
        "UKR": "none",
    }
    assert _stances(after.text)["DNK"] == "undecided"
    assert _stances(after.text)["ITA"] == "skeptical"


def test_dashboard_page_and_its_json_twin_agree(client):
    page = client.get("/", params={"as_of": "2025-03-03"})
    twin = client.get("/", params={"as_of": "2025-03-03", "format": "json"})
    assert page.headers["content-type"].startswith("text/html")
    assert twin.headers["content-type"] == "application/json"
    data = twin.json()
    from_json = {e["iso3"]: e["stance"] or "none" for e in data["map"]["entries"]}
    assert from_json == _stances(page.text)
    assert data["map"]["stepped_up"] == 1
    assert 'data-testid="stepped-up">1<' in page.text
    assert data["freshness"]["proposed_waiting"] == 0  # anonymous readers never see proposals


def test_dates_outside_the_statements_are_clamped(client):
    data = client.get("/", params={"as_of": "1990-01-01", "format": "json"}).json()
    assert data["map"]["as_of"] == "2025-02-16"


def test_bad_date_is_a_located_error(client):
    r = client.get("/", params={"as_of": "yesterday"}, headers={"accept": "application/json"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "as_of"


def test_nations_per_stance_over_time(client):
    series = client.get("/", params={"format": "json"}).json()["series"]
    assert series["days"][:3] == ["2025-02-15", "2025-02-16", "2025-03-02"]
    assert series["stepped_up"][:3] == [0, 1, 1]
    assert series["counts"]["skeptical"][:3] == [0, 0, 1]


def test_map_covers_every_reference_nation():
    shapes = {s.iso3 for s in world().shapes}
    missing = [n.iso3 for n in reference_dataset().nations if n.iso3 not in shapes]
    assert missing == []


def test_assets_come_from_this_server(client):
    html = client.get("/").text
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        r = client.get(url)
        assert r.status_code == 200, url
    plotly = re.search(r'src="(/static/vendor/plotly-[^"]+)"', html)
    assert plotly is not None
    r = client.get(plotly.group(1))
    assert r.headers["content-type"].startswith("text/javascript")
    assert len(r.content) > 1_000_000
    assert client.get("/static/vendor/plotly-0.0.0.min.js").status_code == 404


def test_brief_button_and_pdf(client):
    page = client.get("/", params={"as_of": "2025-03-03"}).text
    assert 'href="/brief?as_of=2025-03-03"' in page
    brief = client.get("/brief", params={"as_of": "2025-03-03"})
    assert brief.status_code == 200
    assert "conference brief" in brief.text
    twin = client.get("/brief", params={"as_of": "2025-03-03", "format": "json"}).json()
    assert twin["map"]["stepped_up"] == 1
    # each print starts Chromium: anonymous visitors are sent to sign in first
    anonymous = client.get(
        "/brief.pdf", params={"as_of": "2025-03-03"}, headers={"Accept": "application/json"}
    )
    assert anonymous.status_code == 401
    sign_in(client, "viewer")
    pdf = client.get("/brief.pdf", params={"as_of": "2025-03-03"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert "muster-brief-2025-03-03.pdf" in pdf.headers["content-disposition"]
