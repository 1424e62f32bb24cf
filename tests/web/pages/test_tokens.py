"""API tokens from the browser: made once and shown once, usable at once, revocable."""

import re

from tests.web.pages.conftest import csrf, sign_in


def test_token_made_in_the_page_works_for_the_api_until_revoked(client, app):
    from fastapi.testclient import TestClient

    sign_in(client, "analyst")
    r = client.post(
        "/tokens", data={"csrf_token": csrf(client), "name": "nightly", "scope": "read"}
    )
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-token" value="([^"]+)"', r.text).group(1)
    listed = client.get("/tokens", params={"format": "json"}).json()["tokens"]
    assert [(t["name"], t["scope"], t["revoked_at"]) for t in listed] == [("nightly", "read", None)]
    assert secret not in client.get("/tokens").text  # shown once only
    script = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    assert script.get("/api/v1/session").json()["username"] == "analyst"
    revoke = client.post(
        f"/tokens/{listed[0]['id']}/revoke",
        data={"csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert revoke.status_code == 303
    assert script.get("/api/v1/pledges").status_code == 401


def test_a_token_needs_a_label(client):
    sign_in(client, "analyst")
    r = client.post("/tokens", data={"csrf_token": csrf(client), "name": " ", "scope": "read"})
    assert r.status_code == 422
    assert "a token needs a label" in r.text


def test_anonymous_visitors_have_no_tokens(client):
    assert client.get("/tokens", headers={"accept": "application/json"}).status_code == 401
