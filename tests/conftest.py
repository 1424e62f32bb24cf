"""Shared fixtures: real databases on both backends, sessions rolled back per test, a clock.

Every fixture that touches a database is parametrised over `sqlite` (a file under tmp) and
`postgresql` (a database `muster_test_<random>` on the server at MUSTER_TEST_PG_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres, dropped afterwards), so a test that asks
for one runs on both. If PostgreSQL is unreachable the tests fail with a message; locally,
MUSTER_TEST_SKIP_PG=1 skips them instead (refused when CI is set).

- `db_engine`: a fresh, migrated, empty database of its own (commits allowed); `db_url` is its URL
  and `settings` the Settings pointing at it (for CLI and web tests).
- `session`: a Session on a database shared by the test run, inside a transaction rolled back
  after the test (`session.commit()` only releases a savepoint); its history clock is `clock`.
- `loaded_demo`: `session` with the reference gazetteer and the London-2025 demo imported.
- `clock`: a controllable record clock (`clock.set(...)`, `clock.advance(...)`).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from muster.data import demo_dataset
from muster.settings import Settings
from muster.store import import_dataset, make_engine, upgrade
from muster.store.db import CLOCK_KEY

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class TestClock:
    """A record clock tests move by hand; starts at 2025-03-01T00:00Z and ticks 1 s per read."""

    __test__ = False

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, tzinfo=UTC)
        self.tick = timedelta(seconds=1)

    def __call__(self) -> datetime:
        now = self.now
        self.now += self.tick
        return now

    def set(self, when: datetime | str) -> None:
        self.now = datetime.fromisoformat(when) if isinstance(when, str) else when

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


def pg_admin_url() -> str:
    return os.environ.get("MUSTER_TEST_PG_URL", DEFAULT_PG_URL)


def _pg_admin() -> Engine:
    """An autocommit engine on the PostgreSQL server; fails (or skips, if allowed) if it is down."""
    url = pg_admin_url()
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as e:
        engine.dispose()
        message = (
            f"PostgreSQL is unreachable at {make_url(url).render_as_string(hide_password=True)} "
            f"({str(e.orig).strip().splitlines()[0]}). Start it, point MUSTER_TEST_PG_URL at "
            "one, or (locally only) set MUSTER_TEST_SKIP_PG=1"
        )
        if os.environ.get("MUSTER_TEST_SKIP_PG") == "1":
            if os.environ.get("CI"):
                pytest.fail("MUSTER_TEST_SKIP_PG is refused in CI: " + message, pytrace=False)
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    return engine


class Databases:
    """Creates and drops the test run's databases on one backend."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.tmp = tmp
        self.admin = _pg_admin() if backend == "postgresql" else None
        self.made: list[str] = []
        self.template = self._new_migrated()

    def _pg_url(self, name: str) -> str:
        return make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)

    def _new_migrated(self) -> str:
        url = self.empty()
        engine = make_engine(Settings(), url=url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        return url

    def empty(self) -> str:
        """The URL of a new, empty database."""
        name = f"muster_test_{secrets.token_hex(6)}"
        if self.admin is None:
            return f"sqlite:///{self.tmp / (name + '.db')}"
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.made.append(name)
        return self._pg_url(name)

    def copy(self) -> str:
        """The URL of a new database migrated like the template (a fast copy of it)."""
        name = f"muster_test_{secrets.token_hex(6)}"
        if self.admin is None:
            source = make_url(self.template).database
            assert source is not None
            target = self.tmp / (name + ".db")
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        template = make_url(self.template).database
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        self.made.append(name)
        return self._pg_url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        if self.admin is None or name not in self.made:
            return
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.made.remove(name)

    def close(self) -> None:
        for name in list(self.made):
            self.drop(self._pg_url(name))
        if self.admin is not None:
            self.admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def databases(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(backend, tmp_path_factory.mktemp(f"db-{backend}"))
    yield dbs
    dbs.close()


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    """A fresh, migrated database for this test alone."""
    url = databases.copy()
    yield url
    databases.drop(url)


@pytest.fixture
def empty_db_url(databases: Databases) -> Iterator[str]:
    """A fresh database with no tables at all (for migration tests)."""
    url = databases.empty()
    yield url
    databases.drop(url)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, env="test")


@pytest.fixture
def db_engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def shared_engine(databases: Databases) -> Iterator[Engine]:
    engine = make_engine(Settings(), url=databases.copy())
    yield engine
    engine.dispose()


@pytest.fixture
def session(shared_engine: Engine, clock: TestClock) -> Iterator[Session]:
    """A session whose work is rolled back after the test, whatever it committed."""
    with shared_engine.connect() as conn:
        outer = conn.begin()
        s = Session(
            bind=conn,
            join_transaction_mode="create_savepoint",
            info={CLOCK_KEY: clock},
            expire_on_commit=False,
        )
        try:
            yield s
        finally:
            s.close()
            outer.rollback()


@pytest.fixture
def loaded_demo(session: Session) -> Session:
    """`session` holding the reference gazetteer and the London-2025 demo coalition."""
    import_dataset(
        session=session, dataset=demo_dataset(), who="process:test", reason="demo fixture"
    )
    return session
