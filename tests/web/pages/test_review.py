"""The review queue: evidence highlighted in its article; accepting changes the stance."""

from tests.web.pages.conftest import MELONI, csrf, sign_in


def test_proposals_are_hidden_from_the_public(client):
    assert client.get("/review", params={"format": "json"}).json()["proposals"] == []


def test_evidence_is_highlighted_in_the_article(client):
    sign_in(client, "analyst")
    page = client.get("/review").text
    assert f'<mark data-testid="evidence">{MELONI}</mark>' in page
    twin = client.get("/review", params={"format": "json"}).json()
    [proposal] = twin["proposals"]
    assert proposal["statement"] == "prop-ita"
    assert proposal["article"]["found"] is True
    assert proposal["version"] == 1


def test_accepting_moves_the_statement_into_the_timeline(client):
    sign_in(client, "analyst")
    r = client.post(
        "/review/prop-ita/accept",
        data={"version": "1", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get("/review", params={"format": "json"}).json()["total"] == 0
    timeline = client.get("/nations/ITA", params={"format": "json"}).json()["timeline"]
    assert "prop-ita" in [t["statement"] for t in timeline]


def test_edit_then_accept_changes_the_stance(client):
    sign_in(client, "analyst")
    r = client.post(
        "/review/prop-ita/edit",
        data={"version": "1", "stance": "opposed", "quote": "never", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get("/nations/ITA", params={"format": "json"}).json()["stance"] == "opposed"


def test_stale_review_is_a_conflict(client):
    sign_in(client, "analyst")
    token = csrf(client)
    ok = client.post("/review/prop-ita/reject", data={"version": "1", "csrf_token": token})
    assert ok.status_code == 200
    r = client.post(
        "/review/prop-ita/accept",
        data={"version": "1", "csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 409


def test_a_delegate_may_not_review(client):
    sign_in(client, "gbr-delegate")
    r = client.post(
        "/review/prop-ita/accept",
        data={"version": "1", "csrf_token": csrf(client)},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 403
