"""The audit log and an entity's history: filters, diffs, and nothing a reader may not read."""

from tests.web.pages.conftest import csrf, sign_in


def _edit(client):
    sign_in(client, "gbr-delegate")
    data = {
        "csrf_token": csrf(client),
        "version": "1",
        "nation": "GBR",
        "capability": "inf-bn",
        "quantity": "7",
        "phases": ["deployment"],
        "status": "offered",
        "classification": "public",
        "sources": ["nyt-2025-03-02"],
        "illustrative": "on",
        "reason": "battalion added at the conference",
    }
    assert client.post("/pledges/gbr-inf", data=data, follow_redirects=False).status_code == 303


def test_history_shows_who_why_and_the_diff(client):
    _edit(client)
    view = client.get("/history/pledge/gbr-inf", params={"format": "json"}).json()
    assert [e["version"] for e in view["entries"]] == [1, 2]
    last = view["entries"][-1]
    assert last["who"] == "user:gbr-delegate"
    assert last["why"] == "battalion added at the conference"
    assert last["changes"] == [{"field": "quantity", "before": "3", "after": "7"}]


def test_audit_log_filters_by_user(client):
    _edit(client)
    view = client.get("/audit", params={"who": "gbr-delegate", "format": "json"}).json()
    assert [(e["entity"], e["key"]) for e in view["entries"]] == [("pledge", "gbr-inf")]
    assert client.get("/audit", params={"who": "nobody", "format": "json"}).json()["entries"] == []


def test_audit_log_hides_what_the_reader_may_not_read(client):
    sign_in(client, "gbr-delegate")
    keys = {e["key"] for e in client.get("/audit", params={"format": "json"}).json()["entries"]}
    assert "gbr-inf" in keys
    assert "fra-inf" not in keys
    r = client.get("/history/pledge/fra-inf", headers={"accept": "application/json"})
    assert r.status_code == 404


def test_anonymous_visitors_cannot_read_the_audit_log(client):
    r = client.get("/audit", headers={"accept": "application/json"})
    assert r.status_code == 401


def test_a_delegate_restores_an_earlier_version_from_the_history_page(client):
    _edit(client)  # gbr-delegate: quantity 3 → 7 (version 2)
    page = client.get("/history/pledge/gbr-inf")
    assert 'data-testid="restore-1"' in page.text
    assert 'data-testid="restore-2"' not in page.text  # the current version
    r = client.post(
        "/history/pledge/gbr-inf/restore",
        data={"csrf_token": csrf(client), "version": "1", "current": "2", "reason": "undo"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert "Version 1 restored as version 3" in client.get(r.headers["location"]).text
    view = client.get("/history/pledge/gbr-inf", params={"format": "json"}).json()
    last = view["entries"][-1]
    assert (last["version"], last["who"], last["why"]) == (3, "user:gbr-delegate", "undo")
    assert last["changes"] == [{"field": "quantity", "before": "7", "after": "3"}]
    stale = client.post(
        "/history/pledge/gbr-inf/restore",
        data={"csrf_token": csrf(client), "version": "2", "current": "2"},
        headers={"accept": "application/json"},
    )
    assert stale.status_code == 409


def test_no_restore_for_those_who_may_not_change_the_row(client):
    _edit(client)
    sign_in(client, "fra-delegate")
    assert 'data-testid="restore-1"' not in client.get("/history/pledge/gbr-inf").text
    r = client.post(
        "/history/pledge/gbr-inf/restore",
        data={"csrf_token": csrf(client), "version": "1", "current": "2"},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 403
