"""Sessions, CSRF, rate limiting, tokens, headers and error hygiene, against the real app."""

from __future__ import annotations

import logging
import os
from typing import Any

import pytest
from fastapi.testclient import TestClient

from muster.errors import InvalidInput
from muster.settings import Settings
from muster.store import transaction
from muster.store import user as user_store
from muster.web.app import create_app, load_settings
from muster.web.security import SESSION_COOKIE, WORKER_HEADER, LoginLimiter
from tests.web.api.conftest import PASSWORD, World, problem, write

PATCH_URL = "/api/v1/conditions/truce-agreed"


def _anonymous_browser(world: World) -> tuple[TestClient, str]:
    c = world.client(None)
    token = c.get("/api/v1/session").json()["csrf_token"]
    return c, token


def test_cookie_writes_are_checked_by_fetch_metadata(fresh_world: World) -> None:
    c = fresh_world.browser("planner")
    c.headers.pop("X-CSRF-Token")  # no longer needed: the check is by request headers
    body = {"probability": 0.3, "version": 1}
    for site in ("cross-site", "same-site"):
        refused = c.patch(PATCH_URL, json=body, headers=write(**{"Sec-Fetch-Site": site}))
        assert "CSRF" in problem(refused, 403)["title"]
    ok = c.patch(PATCH_URL, json=body, headers=write(**{"Sec-Fetch-Site": "same-origin"}))
    assert ok.status_code == 200, ok.text


def test_forms_are_not_read_for_the_check(fresh_world: World) -> None:
    c, _ = _anonymous_browser(fresh_world)
    # The JSON endpoint refuses a form body (422) only once the cross-site check let it through.
    for body in ({"csrf_token": "forged", "username": "x"}, {"username": "x"}):
        passed = c.post("/api/v1/session", data=body, headers={"Sec-Fetch-Site": "same-origin"})
        assert passed.status_code == 422, passed.text
    multipart = c.post(
        "/api/v1/session", files={"x": (None, "y")}, headers={"Origin": "https://evil.example"}
    )
    assert problem(multipart, 403)


def test_foreign_origins_cannot_write_with_a_cookie(fresh_world: World) -> None:
    c = fresh_world.browser("planner")
    r = c.patch(
        PATCH_URL,
        json={"probability": 0.3, "version": 1},
        headers=write(Origin="https://evil.example"),
    )
    assert "evil.example" in problem(r, 403)["detail"]


def test_bearer_requests_are_exempt_from_csrf(fresh_world: World) -> None:
    c = fresh_world.client("planner")
    c.cookies.set(SESSION_COOKIE, "junk")
    r = c.patch(PATCH_URL, json={"probability": 0.3, "version": 1}, headers=write())
    assert r.status_code == 200, r.text


def test_signing_in_rotates_the_session(fresh_world: World) -> None:
    c, _ = _anonymous_browser(fresh_world)
    before = c.cookies[SESSION_COOKIE]
    r = c.post(
        "/api/v1/session",
        json={"username": "planner", "password": PASSWORD},
        headers={"X-CSRF-Token": c.get("/api/v1/session").json()["csrf_token"]},
    )
    assert r.status_code == 200, r.text
    after = c.cookies[SESSION_COOKIE]
    assert after != before
    # An attacker who planted `before` gains nothing: it is still anonymous.
    planted = fresh_world.client(None)
    planted.cookies.set(SESSION_COOKIE, before)
    assert planted.get("/api/v1/session").json()["signed_in"] is False
    victim = fresh_world.client(None)
    victim.cookies.set(SESSION_COOKIE, after)
    assert victim.get("/api/v1/session").json()["username"] == "planner"


def test_session_cookie_flags(fresh_world: World) -> None:
    c = fresh_world.client(None)
    r = c.post("/api/v1/session", json={"username": "viewer", "password": PASSWORD})
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # test mode over plain HTTP
    prod = Settings(
        database_url=fresh_world.settings.database_url,
        env="prod",
        secret_key="s" * 20 + "-a-long-random-secret-value",
    )
    secure = TestClient(create_app(prod, engine=fresh_world.engine))
    r = secure.post("/api/v1/session", json={"username": "viewer", "password": PASSWORD})
    assert "Secure" in r.headers["set-cookie"]


def test_signing_out_ends_copies_of_the_cookie(fresh_world: World) -> None:
    c = fresh_world.browser("analyst")
    copy = fresh_world.client(None)
    copy.cookies.set(SESSION_COOKIE, c.cookies[SESSION_COOKIE])
    assert copy.get("/api/v1/session").json()["signed_in"] is True
    assert c.delete("/api/v1/session").status_code == 204
    assert c.get("/api/v1/session").json()["signed_in"] is False
    assert copy.get("/api/v1/session").json()["signed_in"] is False


def test_a_password_change_ends_sessions(fresh_world: World) -> None:
    c = fresh_world.browser("viewer")
    with transaction(fresh_world.engine) as s:
        user_store.set_password(session=s, username="viewer", password="another good one 2")
    assert c.get("/api/v1/session").json()["signed_in"] is False


def test_sign_in_is_rate_limited(fresh_world: World) -> None:
    c = fresh_world.client(None)
    for _ in range(5):
        wrong = c.post("/api/v1/session", json={"username": "planner", "password": "nope-nope"})
        assert problem(wrong, 401)["detail"] == "wrong user name or password"
    blocked = c.post("/api/v1/session", json={"username": "planner", "password": PASSWORD})
    body = problem(blocked, 429)
    assert int(blocked.headers["retry-after"]) == body["retry_after"] > 0
    other = c.post("/api/v1/session", json={"username": "viewer", "password": PASSWORD})
    assert other.status_code == 200  # another name from the same address is not blocked yet


def test_unknown_user_and_wrong_password_read_the_same(fresh_world: World) -> None:
    c = fresh_world.client(None)
    a = c.post("/api/v1/session", json={"username": "nobody", "password": "whatever-1"})
    b = c.post("/api/v1/session", json={"username": "planner", "password": "whatever-1"})
    assert problem(a, 401)["detail"] == problem(b, 401)["detail"]


def test_limiter_memory_is_bounded_and_windows_expire() -> None:
    now = [0.0]
    limiter = LoginLimiter(max_failures=2, window_s=10, max_keys=50, clock=lambda: now[0])
    for i in range(500):
        limiter.failed(f"user{i}", f"10.0.0.{i % 7}")
    assert len(limiter) <= 50
    limiter.failed("alice", "1.2.3.4")
    limiter.failed("alice", "1.2.3.4")
    assert limiter.retry_after("alice", "1.2.3.4") == 10
    now[0] = 10.5
    assert limiter.retry_after("alice", "1.2.3.4") is None


def test_tokens_scope_revocation_and_last_use(fresh_world: World) -> None:
    with transaction(fresh_world.engine) as s:
        record, secret = user_store.create_token(
            session=s, username="planner", name="ro", scope="read"
        )
    ro = fresh_world.client(None, token=secret)
    assert ro.get("/api/v1/pledges").status_code == 200
    denied = ro.patch(PATCH_URL, json={"probability": 0.2, "version": 1}, headers=write())
    assert "read-only" in problem(denied, 403)["detail"]
    listed = fresh_world.client("planner").get("/api/v1/tokens").json()
    used = next(t for t in listed if t["id"] == record.id)
    assert used["last_used_at"] is not None
    assert "token" not in used
    gone = fresh_world.client("planner").delete(f"/api/v1/tokens/{record.id}")
    assert gone.status_code == 204
    assert problem(ro.get("/api/v1/pledges"), 401)
    assert problem(fresh_world.client(None, token="mst_" + "x" * 43).get("/api/v1/pledges"), 401)


def test_tokens_via_the_api_are_shown_once(fresh_world: World) -> None:
    c = fresh_world.client("gbr-delegate")
    made = c.post("/api/v1/tokens", json={"name": "sync", "scope": "write"})
    assert made.status_code == 201, made.text
    secret = made.json()["token"]
    assert fresh_world.client(None, token=secret).get("/api/v1/session").json()["username"] == (
        "gbr-delegate"
    )
    assert all("token" not in t for t in c.get("/api/v1/tokens").json())


def test_disabled_users_lose_their_tokens(fresh_world: World) -> None:
    with transaction(fresh_world.engine) as s:
        user_store.set_disabled(session=s, username="analyst", disabled=True)
    assert problem(fresh_world.client("analyst").get("/api/v1/pledges"), 401)


def test_anonymous_reads_only_when_public_read(fresh_world: World) -> None:
    assert fresh_world.client(None).get("/api/v1/pledges").json()["total"] == 11
    private = TestClient(
        create_app(
            fresh_world.settings.model_copy(update={"public_read": False}),
            engine=fresh_world.engine,
        )
    )
    r = private.get("/api/v1/pledges")
    assert problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("path", ["/api/v1/pledges", "/api/docs", "/api/nope", "/api/openapi.json"])
def test_security_headers_everywhere(world: World, path: str) -> None:
    r = world.client(None).get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"


def test_the_answering_worker_is_named_in_test_never_in_prod(fresh_world: World) -> None:
    r = fresh_world.client(None).get("/api/v1/session")
    assert r.headers[WORKER_HEADER] == str(os.getpid())  # TestClient: this process answers
    prod = Settings(
        database_url=fresh_world.settings.database_url,
        env="prod",
        secret_key="s" * 20 + "-a-long-random-secret-value",
    )
    r = TestClient(create_app(prod, engine=fresh_world.engine)).get("/api/v1/session")
    assert r.status_code == 200
    assert WORKER_HEADER not in r.headers


def test_docs_ui_is_served_locally(world: World) -> None:
    c = world.client(None)
    page = c.get("/api/docs").text
    assert "<script>" not in page  # no inline script
    assert "http" not in page.replace("http-equiv", "")  # no CDN
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-init.js"):
        r = c.get(f"/api/docs/assets/{asset}")
        assert r.status_code == 200
        assert len(r.content) > 500
    assert c.get("/api/openapi.json").json()["info"]["title"] == "Muster"


def test_unexpected_errors_are_500_with_a_reference(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(world.settings, engine=world.engine)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR, logger="muster.web"):
        r = TestClient(app, raise_server_exceptions=False).get("/api/v1/boom")
    body = problem(r, 500)
    assert "secret internals" not in r.text
    assert body["reference"] in body["detail"]
    assert body["reference"] in caplog.text
    assert "secret internals" in caplog.text


def test_prod_with_a_weak_secret_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUSTER_ENV", "prod")
    monkeypatch.setenv("MUSTER_SECRET_KEY", "changethis")
    with pytest.raises(InvalidInput) as e:
        load_settings()
    assert "MUSTER_SECRET_KEY" in str(e.value)
    assert "\n" not in str(e.value)


def test_oversized_bodies_are_refused(fresh_world: World) -> None:
    small = create_app(
        fresh_world.settings.model_copy(update={"max_upload_mb": 1}), engine=fresh_world.engine
    )
    bearer = {"Authorization": f"Bearer {fresh_world.tokens['planner']}", **write()}
    big = {"probability": 0.3, "version": 1, "description": "x" * (2 * 1024 * 1024)}
    c = TestClient(small, raise_server_exceptions=False)
    r = c.patch(PATCH_URL, json=big, headers=bearer)
    assert "MUSTER_MAX_UPLOAD_MB" in problem(r, 413)["detail"]

    def chunks() -> Any:
        for _ in range(3):
            yield b"x" * (512 * 1024)

    admin = {
        "Authorization": f"Bearer {fresh_world.tokens['admin']}",
        "Content-Type": "multipart/form-data; boundary=b",
        **write(),
    }
    streamed = c.post("/api/v1/import", content=chunks(), headers=admin)
    assert problem(streamed, 413)
    browser = TestClient(small, raise_server_exceptions=False)
    token = browser.get("/api/v1/session").json()["csrf_token"]
    form = browser.post("/api/v1/session", data={"csrf_token": token, "x": "y" * 2_000_000})
    assert problem(form, 413)
    assert fresh_world.client("planner").get(PATCH_URL).json()["version"] == 1
