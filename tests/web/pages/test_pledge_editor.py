"""The pledge editor: versions carried for conflicts, inline errors, access through the policy."""

import re

from tests.web.pages.conftest import csrf, sign_in

FORM = {
    "nation": "GBR",
    "capability": "inf-bn",
    "quantity": "3",
    "phases": ["deployment"],
    "status": "offered",
    "classification": "public",
    "sources": ["nyt-2025-03-02"],
    "illustrative": "on",
}


def _post(client, path, **changes):
    data = {**FORM, **changes, "csrf_token": csrf(client)}
    return client.post(path, data=data, follow_redirects=False)


def _quantity(client, pledge="gbr-inf"):
    page = client.get(f"/pledges/{pledge}", params={"format": "json"}).json()
    return page["values"]["quantity"], page["version"]


def test_delegate_edits_own_pledge_and_history_records_it(client):
    sign_in(client, "gbr-delegate")
    r = _post(client, "/pledges/gbr-inf", version="1", quantity="5", reason="more troops")
    assert r.status_code == 303
    assert r.headers["location"] == "/pledges/gbr-inf?saved=2"
    assert _quantity(client) == ("5", 2)
    page = client.get("/pledges/gbr-inf?saved=2").text
    assert "now at version 2" in page


def test_stale_version_is_refused_and_nothing_changes(client):
    sign_in(client, "gbr-delegate")
    assert _post(client, "/pledges/gbr-inf", version="1", quantity="4").status_code == 303
    r = _post(client, "/pledges/gbr-inf", version="1", quantity="9")
    assert r.status_code == 409
    assert "changed by someone else" in r.text
    assert 'name="version" value="1"' in r.text  # saving again conflicts again
    assert _quantity(client) == ("4", 2)


def test_bad_quantity_is_shown_next_to_its_field(client):
    sign_in(client, "gbr-delegate")
    r = _post(client, "/pledges/gbr-inf", version="1", quantity="two battalions")
    assert r.status_code == 422
    assert re.search(r'id="f-quantity"[^>]*aria-invalid="true"', r.text)
    assert 'id="quantity-error"' in r.text
    assert "expected a number" in r.text
    assert _quantity(client) == ("3", 1)


def test_delegate_may_not_edit_another_nations_pledge(client):
    sign_in(client, "fra-delegate")
    page = client.get("/pledges/gbr-inf").text
    assert "You may read this pledge but not edit it" in page
    r = _post(client, "/pledges/gbr-inf", version="1", quantity="1")
    assert r.status_code == 403
    assert _quantity(client) == ("3", 1)


def test_national_pledge_is_invisible_to_another_delegation(client):
    sign_in(client, "gbr-delegate")
    assert client.get("/pledges/fra-inf").status_code == 404
    listed = client.get("/pledges", params={"format": "json"}).json()
    assert [p["id"] for p in listed["pledges"]] == ["gbr-inf"]
    nation = client.get("/nations/FRA", params={"format": "json"}).json()
    assert nation["pledges"] == []


def test_own_delegation_sees_its_national_pledge(client):
    sign_in(client, "fra-delegate")
    listed = client.get("/pledges", params={"format": "json"}).json()
    assert sorted(p["id"] for p in listed["pledges"]) == ["fra-inf", "gbr-inf"]


def test_viewer_may_not_open_the_editor(client):
    sign_in(client, "viewer")
    assert client.get("/pledges/new", headers={"accept": "application/json"}).status_code == 403


def test_new_pledge_created_by_delegate(client):
    sign_in(client, "gbr-delegate")
    r = _post(
        client,
        "/pledges/new",
        id="gbr-air-1",
        capability="fighter",
        phases=["truce-monitoring"],
        quantity="1",
        sources=[],
    )
    assert r.status_code == 303, r.text
    page = client.get("/pledges/gbr-air-1", params={"format": "json"}).json()
    assert page["version"] == 1
    assert page["values"]["capability"] == "fighter"


def test_new_pledge_for_another_nation_is_refused(client):
    sign_in(client, "gbr-delegate")
    r = _post(client, "/pledges/new", id="fra-x", nation="FRA")
    assert r.status_code == 403
