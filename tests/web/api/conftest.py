"""A real app on a real database (SQLite and PostgreSQL) holding the London-2025 demo coalition.

`world` is shared by a test module (read-only tests); `fresh_world` is a database of the test's
own (tests that write). Each has one user per role with a write token; `world.client("planner")`
is an HTTP client acting as that user through `Authorization: Bearer`, `world.client(None)` an
anonymous one, and `world.browser("planner")` a client signed in with the session cookie.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from muster.data import demo_dataset
from muster.domain import Dataset, Scenario, StatementStatus
from muster.settings import Settings
from muster.store import import_dataset, make_engine, transaction
from muster.store import user as user_store
from muster.web.app import create_app

PASSWORD = "correct horse battery staple"
USERS: dict[str, tuple[str, str | None]] = {
    "admin": ("admin", None),
    "planner": ("planner", None),
    "gbr-delegate": ("delegate", "GBR"),
    "fra-delegate": ("delegate", "FRA"),
    "analyst": ("analyst", None),
    "viewer": ("viewer", None),
}
PROPOSED = "st-proposed-ita"


MATRIX_PLEDGES = (
    "p-gbr-inf",
    "p-gbr-mech",
    "p-gbr-training",
    "p-fra-inf",
    "p-fra-air",
    "p-fra-ad",
)


def demo_with_a_proposal() -> Dataset:
    """The demo coalition plus one proposed (unreviewed) statement and a scenario naming pledges
    of every classification (so a scenario could leak a pledge id)."""
    ds = demo_dataset()
    first = next(s for s in ds.statements if s.nation == "ITA")
    proposed = replace(first, id=PROPOSED, status=StatementStatus.PROPOSED, confidence=0.7)
    scenario = Scenario(id="sc-matrix", name="Every classification", pledges_in=MATRIX_PLEDGES)
    return replace(ds, statements=(*ds.statements, proposed), scenarios=(*ds.scenarios, scenario))


@dataclass
class World:
    app: FastAPI
    engine: Engine
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)
    clients: list[TestClient] = field(default_factory=list)

    def client(self, who: str | None, *, token: str | None = None) -> TestClient:
        c = TestClient(self.app, raise_server_exceptions=False)
        secret = token or (self.tokens[who] if who else None)
        if secret:
            c.headers["Authorization"] = f"Bearer {secret}"
        self.clients.append(c)
        return c

    def browser(self, who: str) -> TestClient:
        """A client signed in with a password, holding the session cookie and its CSRF token."""
        c = TestClient(self.app, raise_server_exceptions=False)
        r = c.post("/api/v1/session", json={"username": who, "password": PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        self.clients.append(c)
        return c

    def close(self) -> None:
        self.app.state.jobs.shutdown()
        for c in self.clients:
            c.close()


def build_world(
    url: str, *, public_read: bool = True, dataset: Dataset | None = None, **more: Any
) -> World:
    settings = Settings(database_url=url, env="test", public_read=public_read, **more)
    engine = make_engine(settings)
    world = World(app=create_app(settings, engine=engine), engine=engine, settings=settings)
    with transaction(engine) as session:
        import_dataset(
            session=session,
            dataset=dataset or demo_with_a_proposal(),
            who="process:test",
            reason="fixture",
        )
        for name, (role, nation) in USERS.items():
            user_store.add_user(
                session=session, username=name, password=PASSWORD, role=role, nation=nation
            )
            _, world.tokens[name] = user_store.create_token(
                session=session, username=name, name="tests", scope="write"
            )
    return world


@pytest.fixture(scope="module")
def world(databases: Any) -> Iterator[World]:
    url = databases.copy()
    w = build_world(url)
    yield w
    w.close()
    w.engine.dispose()
    databases.drop(url)


@pytest.fixture
def fresh_world(db_url: str) -> Iterator[World]:
    w = build_world(db_url)
    yield w
    w.close()
    w.engine.dispose()


def problem(response: Any, status: int) -> dict[str, Any]:
    """The problem document of `response`, after checking its status and media type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert "Traceback" not in response.text
    return body


def write(reason: str = "testing", **headers: str) -> dict[str, str]:
    return {"Muster-Reason": reason, **headers}
