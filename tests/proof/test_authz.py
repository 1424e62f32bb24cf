"""Authorisation beyond the web tests' matrix: IDOR through doors the matrix does not walk
(replace, XLSX and zipped exports, scenarios and their history, key collisions), token scope on
every unsafe operation, cross-site refusal on every unsafe route and form, session fixation and
rate limiting on the sign-in page, the password rule through the API, and escalation attempts.

Expected outcomes come from the policy (`tests/auth/matrix.py`, `muster.auth`), never typed in.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.proof.inputs import fingerprint
from muster.auth import Capability, can_read
from muster.data import demo_dataset
from muster.domain.records import to_record
from muster.store import transaction
from muster.store import user as user_store
from muster.web.security import SESSION_COOKIE
from tests.auth.matrix import USERS, Cell, Probe, Target, cells, check
from tests.proof.routes import routes, sample_url
from tests.web.api.conftest import PASSWORD, World, build_world, problem, write

STALE = {"If-Match": '"999"', "Muster-Reason": "authorisation proof"}
# Unsafe operations a read-only token may still call: they change no coalition data (an analysis
# run is a read; signing in and out concern the caller's own session).
READ_TOKEN_MAY = {
    ("POST", "/api/v1/simulations"),
    ("POST", "/api/v1/criticality"),
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
}


@pytest.fixture(scope="module")
def shared(databases: Any) -> Iterator[World]:
    """One demo world per backend for the module: every probe here must change nothing."""
    url = databases.copy()
    w = build_world(url)
    yield w
    w.close()
    w.engine.dispose()
    databases.drop(url)


def _archive_text(response: Any) -> str:
    assert response.status_code == 200, response.text[:300]
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def reveals_in_archive(response: Any, target: Target) -> bool:
    """An XLSX workbook or zipped CSV files: whether the pledge id appears in any member."""
    return target.pledge in _archive_text(response)


def reveals_in_body(response: Any, target: Target) -> bool:
    assert response.status_code in (200, 404), (response.status_code, response.text[:300])
    return target.pledge in response.text


def _replace(c: Any, t: Target) -> Any:
    record = to_record(next(p for p in demo_dataset().pledges if p.id == t.pledge))
    return c.put(f"/api/v1/pledges/{t.pledge}", json={**record, "note": "x"}, headers=STALE)


def _export(query: str) -> Any:
    return lambda c, t: c.get(f"/api/v1/export?{query}")


READS = [
    Probe("GET export xlsx", "read", _export("format=xlsx"), reveals_in_archive),
    Probe("GET export zip", "read", _export("format=zip"), reveals_in_archive),
    Probe("GET export scenarios.csv", "read", _export("format=csv&table=scenarios"),
          reveals_in_body),
    Probe("GET scenario", "read", lambda c, t: c.get("/api/v1/scenarios/sc-matrix"),
          reveals_in_body),
    Probe("GET scenario history", "read",
          lambda c, t: c.get("/api/v1/scenarios/sc-matrix/history"), reveals_in_body,
          capability=Capability.HISTORY_READ),
]  # fmt: skip
EDITS = [Probe("PUT pledge", "edit", _replace, capability=Capability.PLEDGE_EDIT)]


@pytest.mark.parametrize("cell", cells(READS + EDITS), ids=str)
def test_idor_through_the_doors_the_matrix_does_not_walk(shared: World, cell: Cell) -> None:
    client = shared.client(cell.user.name if cell.user.signed_in else None)
    check(cell, cell.probe.request(client, cell.target))


@pytest.mark.parametrize("user", [u for u in USERS if u.role.value == "delegate"], ids=str)
def test_a_taken_key_does_not_confirm_an_unreadable_pledge(shared: World, user: Any) -> None:
    """Creating a pledge under another nation's national pledge's id: refused, and the answer
    must not differ from the one for a readable pledge's id (no existence oracle)."""
    c = shared.client(user.name)
    own = next(p for p in demo_dataset().pledges if p.nation == user.nation)
    answers = {}
    for other in demo_dataset().pledges:
        if other.nation == user.nation:
            continue
        record = {**to_record(own), "id": other.id, "entered_by": None}
        r = c.post("/api/v1/pledges", json=record, headers=write())
        assert r.status_code == 409, r.text
        body = r.json()
        readable = can_read(user, other)
        shown = re.sub(re.escape(other.id), "<id>", body["detail"])
        answers.setdefault(readable, set()).add((shown, body.get("current_version") is None))
    assert answers.get(True) == answers.get(False), answers


def _unsafe_operations(world: World) -> list[tuple[str, str]]:
    doc = world.app.openapi()
    return [
        (method.upper(), path)
        for path, ops in doc["paths"].items()
        for method in ops
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    ]


def _fill(path: str) -> str:
    return sample_url(path) or re.sub(r"\{(\w+)\}", "x", path)


@pytest.mark.parametrize("role", ["admin", "planner", "gbr-delegate", "analyst"])
def test_a_read_only_token_cannot_change_anything(shared: World, role: str) -> None:
    with transaction(shared.engine) as s:
        _, secret = user_store.create_token(session=s, username=role, name="ro", scope="read")
    c = shared.client(None, token=secret)
    before = fingerprint(shared.settings.database_url)
    operations = _unsafe_operations(shared)
    assert len(operations) >= 40
    refused = 0
    for method, path in operations:
        r = c.request(method, _fill(path), json={}, headers={**STALE, "If-Match": '"1"'})
        if (method, path) in READ_TOKEN_MAY:
            continue
        assert r.status_code == 403, f"{method} {path}: {r.status_code} {r.text[:200]}"
        assert "read-only" in r.json()["detail"], f"{method} {path}: {r.text[:200]}"
        refused += 1
    assert refused == len(operations) - len(READ_TOKEN_MAY & set(operations))
    assert fingerprint(shared.settings.database_url) == before
    # and it cannot mint itself a write token
    minted = c.post("/api/v1/tokens", json={"name": "escalate", "scope": "write"})
    assert minted.status_code == 403


def _unsafe_routes(world: World) -> list[tuple[str, str]]:
    found = {
        (method, path)
        for path, methods in routes(world.app.routes)
        for method in methods & {"POST", "PUT", "PATCH", "DELETE"}
    }
    return sorted(found)


def test_every_unsafe_route_refuses_cross_site_requests(shared: World) -> None:
    """Pages' forms and the API alike, signed in or not (login CSRF): a request a browser
    marks as cross-site, or from a foreign origin, is refused before anything runs."""
    browser = shared.browser("admin")
    anonymous = shared.client(None)
    before = fingerprint(shared.settings.database_url)
    unsafe = _unsafe_routes(shared)
    pages = [r for r in unsafe if not r[1].startswith("/api/")]
    assert len(pages) >= 8, pages  # the forms: login, pledge, requirement, review, scenario, ...
    for method, path in unsafe:
        url = _fill(path)
        for client in (browser, anonymous):
            for headers in (
                {"Sec-Fetch-Site": "cross-site"},
                {"Sec-Fetch-Site": "same-site"},
                {"Origin": "https://evil.example"},
            ):
                r = client.request(method, url, data={"note": "x"}, headers=headers)
                assert r.status_code == 403, f"{method} {path} {headers}: {r.status_code}"
                assert "CSRF" in r.text, f"{method} {path}: {r.text[:200]}"
    assert fingerprint(shared.settings.database_url) == before


def test_the_sign_in_page_rotates_the_session(world: World) -> None:
    c = world.client(None)
    form = c.get("/login")
    assert form.status_code == 200
    planted = c.cookies[SESSION_COOKIE]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf is not None, "the sign-in form carries its CSRF token"
    r = c.post(
        "/login",
        data={"username": "planner", "password": PASSWORD, "csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert r.status_code in (302, 303), r.text[:300]
    assert c.cookies[SESSION_COOKIE] != planted
    attacker = world.client(None)
    attacker.cookies.set(SESSION_COOKIE, planted)
    assert attacker.get("/api/v1/session").json()["signed_in"] is False


def test_failed_sign_ins_count_across_the_page_and_the_api(world: World) -> None:
    """The limiter is one: failures through the form and the API add up, so switching door
    does not buy more guesses."""
    c = world.client(None)
    csrf = c.get("/api/v1/session").json()["csrf_token"]
    c.headers["X-CSRF-Token"] = csrf
    wrong = {"username": "viewer", "password": "wrong-guess-1"}
    for i in range(world.settings.login_max_failures):
        if i % 2:
            r = c.post("/api/v1/session", json=wrong)
            assert r.status_code == 401, r.text
        else:
            r = c.post("/login", data={**wrong, "csrf_token": csrf})
            assert r.status_code in (200, 401), r.text[:300]
            assert "wrong user name or password" in r.text
    blocked = c.post("/api/v1/session", json={"username": "viewer", "password": PASSWORD})
    assert problem(blocked, 429)["retry_after"] > 0
    page = c.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf})
    assert page.status_code == 429, page.text[:300]


@pytest.mark.parametrize(
    "weak", ["short1", "password123", "aaaaaaaaaaaaaaa", "1234567890", "the-newbie-2025"]
)
def test_the_api_applies_the_password_rule(world: World, weak: str) -> None:
    admin = world.client("admin")
    made = admin.post(
        "/api/v1/users", json={"username": "newbie", "password": weak, "role": "viewer"}
    )
    body = problem(made, 422)
    assert any(e.get("field") == "password" for e in body["errors"]), body
    assert admin.get("/api/v1/users/newbie").status_code == 404
    as_viewer = weak.replace("newbie", "viewer")
    changed = admin.patch("/api/v1/users/viewer", json={"password": as_viewer})
    assert any(e.get("field") == "password" for e in problem(changed, 422)["errors"])
    signed_in = world.client(None).post(
        "/api/v1/session", json={"username": "viewer", "password": PASSWORD}
    )
    assert signed_in.status_code == 200  # the old password still works: nothing changed


@pytest.mark.parametrize("who", ["planner", "gbr-delegate", "analyst", "viewer"])
def test_no_one_but_an_admin_raises_a_role(world: World, who: str) -> None:
    c = world.client(who)
    assert c.patch(f"/api/v1/users/{who}", json={"role": "admin"}).status_code == 403
    made = c.post(
        "/api/v1/users",
        json={"username": "mole", "password": "a long good passphrase 7", "role": "admin"},
    )
    assert made.status_code == 403
    assert world.client("admin").get(f"/api/v1/users/{who}").json()["role"] != "admin"


def test_history_names_the_real_author_whatever_the_body_claims(world: World) -> None:
    c = world.client("gbr-delegate")
    record = to_record(next(p for p in demo_dataset().pledges if p.id == "p-gbr-inf"))
    made = c.post(
        "/api/v1/pledges",
        json={**record, "id": "p-gbr-spoof", "entered_by": "planner"},
        headers=write(),
    )
    assert made.status_code == 201, made.text
    history = c.get("/api/v1/pledges/p-gbr-spoof/history").json()
    assert history[0]["who"] == "user:gbr-delegate"
