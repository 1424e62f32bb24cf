"""A small coalition from the seed article (London, 2 March 2025) for page and view-model tests.

Requirement figures are illustrative, as in the demo; the stances and quotes are the article's.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from muster.domain import (
    Actor,
    Capability,
    CapabilityDomain,
    Classification,
    Condition,
    Dataset,
    Mission,
    Nation,
    Office,
    Phase,
    Pledge,
    RequirementLine,
    Scenario,
    Source,
    Stance,
    Statement,
    StatementStatus,
)

SEED = "nyt-2025-03-02"
MELONI = "Italian Prime Minister Giorgia Meloni remains skeptical of a peacekeeping force."
ARTICLE = (
    "Prime Minister Keir Starmer of Britain left those questions unanswered. "
    "Denmark's prime minister, Mette Frederiksen, said she had an \u201copen mind.\u201d " + MELONI
)


def seed_dataset() -> Dataset:
    nations = (
        Nation(iso3="GBR", name="United Kingdom", nato=True, gdp_eur_bn=3200),
        Nation(iso3="FRA", name="France", eu=True, nato=True, gdp_eur_bn=2900),
        Nation(iso3="DNK", name="Denmark", eu=True, nato=True, gdp_eur_bn=380),
        Nation(iso3="ITA", name="Italy", eu=True, nato=True, gdp_eur_bn=2100),
        Nation(iso3="HUN", name="Hungary", eu=True, nato=True, gdp_eur_bn=200),
        Nation(iso3="UKR", name="Ukraine", gdp_eur_bn=170),
    )
    actors = (
        Actor(
            name="Keir Starmer", offices=(Office(title="PM", nation="GBR", start=date(2024, 7, 5)),)
        ),
        Actor(
            name="Mette Frederiksen",
            gender="f",
            offices=(Office(title="PM", nation="DNK", start=date(2019, 6, 27)),),
        ),
        Actor(
            name="Giorgia Meloni",
            offices=(Office(title="PM", nation="ITA", start=date(2022, 10, 22)),),
        ),
    )
    sources = (
        Source(
            id=SEED,
            title="How many countries will step up?",
            outlet="The New York Times",
            published=date(2025, 3, 2),
            text=ARTICLE,
        ),
        Source(id="op-ed-2025-02-16", title="Starmer op-ed", published=date(2025, 2, 16)),
    )
    statements = (
        Statement(
            id="gbr-0216",
            nation="GBR",
            date=date(2025, 2, 16),
            stance=Stance.LEAD,
            quote="ready to put troops on the ground",
            actor="Keir Starmer",
            source="op-ed-2025-02-16",
        ),
        Statement(
            id="dnk-0302",
            nation="DNK",
            date=date(2025, 3, 2),
            stance=Stance.UNDECIDED,
            quote="open mind",
            actor="Mette Frederiksen",
            source=SEED,
        ),
        Statement(
            id="ita-0302",
            nation="ITA",
            date=date(2025, 3, 2),
            stance=Stance.SKEPTICAL,
            quote="has never been on the table",
            actor="Giorgia Meloni",
            source=SEED,
        ),
        Statement(
            id="prop-ita",
            nation="ITA",
            date=date(2025, 3, 2),
            stance=Stance.SKEPTICAL,
            quote="remains skeptical of a peacekeeping force",
            actor="Giorgia Meloni",
            source=SEED,
            status=StatementStatus.PROPOSED,
            evidence=MELONI,
            confidence=0.8,
        ),
    )
    conditions = (Condition(id="truce", name="Truce agreed", probability=0.5, illustrative=True),)
    return Dataset(
        sources=sources,
        nations=nations,
        actors=actors,
        conditions=conditions,
        missions=(Mission(id="mfu", name="Multinational Force Ukraine"),),
        phases=(
            Phase(id="truce-monitoring", mission="mfu", name="Truce monitoring", seq=1),
            Phase(id="deployment", mission="mfu", name="Post-peace deployment", seq=2),
        ),
        capabilities=(
            Capability(
                id="inf-bn",
                name="Infantry battalion",
                unit="battalion",
                domain=CapabilityDomain.LAND,
            ),
            Capability(
                id="fighter", name="Fighter squadron", unit="squadron", domain=CapabilityDomain.AIR
            ),
        ),
        requirement_lines=(
            RequirementLine(
                id="rl-inf",
                phase="deployment",
                capability="inf-bn",
                quantity=10,
                minimum=6,
                illustrative=True,
            ),
            RequirementLine(
                id="rl-air",
                phase="truce-monitoring",
                capability="fighter",
                quantity=4,
                minimum=2,
                illustrative=True,
            ),
        ),
        pledges=(
            Pledge(
                id="gbr-inf",
                nation="GBR",
                capability="inf-bn",
                quantity=3,
                phases=("deployment",),
                sources=(SEED,),
                illustrative=True,
            ),
            Pledge(
                id="fra-inf",
                nation="FRA",
                capability="inf-bn",
                quantity=2,
                phases=("deployment",),
                conditions=("truce",),
                classification=Classification.NATIONAL,
                entered_by="fra-delegate",
            ),
        ),
        statements=statements,
        scenarios=(
            Scenario(id="baseline", name="Baseline"),
            Scenario(id="truce", name="Truce agreed", forced={"truce": True}),
        ),
    ).validate()


@pytest.fixture
def seed() -> Dataset:
    return seed_dataset()


PASSWORD = "correct horse battery staple"
USERS = (
    ("admin", "admin", None),
    ("planner", "planner", None),
    ("gbr-delegate", "delegate", "GBR"),
    ("fra-delegate", "delegate", "FRA"),
    ("analyst", "analyst", None),
    ("viewer", "viewer", None),
)


def prepare_db(db_path, dataset: Dataset) -> None:
    """A fresh SQLite file at the current schema holding `dataset` and one user per role."""
    from muster.settings import Settings
    from muster.store import upgrade
    from muster.store import user as user_store
    from muster.store.db import make_engine, transaction
    from muster.store.importer import import_dataset

    engine = make_engine(Settings(env="test", database_url=f"sqlite:///{db_path}"))
    upgrade(engine)
    with transaction(engine) as session:
        import_dataset(session=session, dataset=dataset, who="process:test", reason="fixture")
        for name, role, nation in USERS:
            user_store.add_user(
                session=session, username=name, password=PASSWORD, role=role, nation=nation
            )
    engine.dispose()


def build_app(db_path, dataset: Dataset | None = None, *, public_read: bool = True):
    """A real app on the SQLite file at `db_path` (filled with `dataset` when given)."""
    from muster.settings import Settings
    from muster.web.app import create_app

    if dataset is not None:
        prepare_db(db_path, dataset)
    settings = Settings(env="test", database_url=f"sqlite:///{db_path}", public_read=public_read)
    return create_app(settings)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory):
    """The seed coalition in a database built once; tests work on copies of it."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    prepare_db(path, seed_dataset())
    return path


@pytest.fixture
def app(tmp_path, seed_db):
    copy = tmp_path / "pages.db"
    shutil.copyfile(seed_db, copy)
    return build_app(copy)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def sign_in(client, username: str) -> None:
    r = client.post(
        "/api/v1/session",
        json={"username": username, "password": PASSWORD},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert r.status_code == 200, r.text


def csrf(client) -> str:
    return client.get("/api/v1/session").json()["csrf_token"]
