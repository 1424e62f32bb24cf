"""Admins manage users over the API; nobody else can, and passwords never come back."""

from __future__ import annotations

from fastapi.testclient import TestClient

from muster.web.app import create_app
from tests.web.api.conftest import PASSWORD, World, problem


def test_only_admins_manage_users(fresh_world: World) -> None:
    admin = fresh_world.client("admin")
    listed = admin.get("/api/v1/users").json()
    assert {u["username"] for u in listed} >= {"planner", "gbr-delegate", "viewer"}
    assert all("password" not in str(u) for u in listed)
    for who in ("planner", "gbr-delegate", "analyst", "viewer"):
        assert problem(fresh_world.client(who).get("/api/v1/users"), 403)
    assert problem(fresh_world.client(None).get("/api/v1/users"), 401)
    body = {"username": "nld-delegate", "password": PASSWORD, "role": "delegate", "nation": "NLD"}
    made = admin.post("/api/v1/users", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["nation"] == "NLD"
    weak = problem(
        admin.post("/api/v1/users", json=body | {"username": "x2", "password": "a"}), 422
    )
    assert weak["errors"][0]["field"] == "password"
    moved = admin.patch("/api/v1/users/nld-delegate", json={"role": "analyst"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["role"] == "analyst"
    assert moved.json()["nation"] is None


def test_a_disabled_user_cannot_sign_in(fresh_world: World) -> None:
    admin = fresh_world.client("admin")
    assert admin.patch("/api/v1/users/viewer", json={"disabled": True}).status_code == 200
    c = fresh_world.client(None)
    r = c.post("/api/v1/session", json={"username": "viewer", "password": PASSWORD})
    assert problem(r, 401)


def test_browsers_are_sent_to_the_login_page(fresh_world: World) -> None:
    private = TestClient(
        create_app(
            fresh_world.settings.model_copy(update={"public_read": False}),
            engine=fresh_world.engine,
        ),
        follow_redirects=False,
    )
    r = private.get("/nations?x=1", headers={"accept": "text/html"})
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fnations%3Fx%3D1"
    api = private.get("/api/v1/nations", headers={"accept": "text/html"})
    assert problem(api, 401)  # the API always answers problem+json
