"""Migrations: upgrade from empty on both databases; the migrated schema matches the models."""

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import muster.store
from muster.settings import Settings
from muster.store import make_engine, require_current, upgrade
from muster.store.migrate import NotMigrated, head_revision
from muster.store.schema import metadata
from muster.store.search import is_search_index

VERSIONS = Path(muster.store.__file__).parent / "migrations" / "versions"


def _fts(name, kind):
    return kind == "table" and is_search_index(str(name))


def test_upgrade_from_empty_matches_the_models(empty_db_url):
    engine = make_engine(Settings(), url=empty_db_url)
    try:
        with pytest.raises(NotMigrated, match="muster init"):
            require_current(engine, where="here")
        done = upgrade(engine)
        assert (done.before, done.after) == (None, head_revision())
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": lambda name, kind, _: not _fts(name, kind)}
            )
            diff = compare_metadata(context, metadata)
        assert diff == []
        require_current(engine, where="here")
        assert not upgrade(engine).changed
    finally:
        engine.dispose()


def test_missing_sqlite_file_is_not_created_by_a_check(tmp_path):
    path = tmp_path / "nowhere" / "muster.db"
    engine = make_engine(Settings(), url=f"sqlite:///{path}")
    with pytest.raises(NotMigrated, match="no database"):
        require_current(engine, where=str(path))
    assert not path.exists()


def test_migration_files_are_date_prefixed():
    names = [p.name for p in VERSIONS.glob("*.py")]
    assert names
    for name in names:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_[0-9a-f]{12}_[a-z0-9_]+\.py", name), name
