"""Schema migrations with Alembic, configured in code so they run from an installed package.

The scripts live in `muster/store/migrations/versions/`, named `YYYY-MM-DD_<rev>_<slug>.py`.
`upgrade(engine)` brings a database (empty or older) to the newest revision; `require_current`
is what every command runs first, so an old or missing database gets a message saying what to
run instead of an SQL error.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from muster.errors import MusterError
from muster.store.db import WRITE_OPTION, sqlite_path

SCRIPT_LOCATION = "muster.store:migrations"
FILE_TEMPLATE = "%%(year)d-%%(month).2d-%%(day).2d_%%(rev)s_%%(slug)s"


class NotMigrated(MusterError):
    """The database is missing, empty or at an older schema than this Muster."""


@dataclass(frozen=True, slots=True)
class Upgrade:
    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    cfg.set_main_option("file_template", FILE_TEMPLATE)
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None, "Muster ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> Upgrade:
    """Migrate the database to `revision` in one transaction; returns the revisions before/after."""
    before = current_revision(engine)
    cfg = config()
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    after = current_revision(engine)
    assert after is not None
    return Upgrade(before, after)


def require_current(engine: Engine, *, where: str) -> None:
    """Raise NotMigrated (saying what to run) unless the database is at the newest revision."""
    head = head_revision()
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None and not path.exists():
        # connecting would create an empty file; say what to run instead
        raise NotMigrated(f"no database at {where}: run `muster init` (or set MUSTER_DATABASE_URL)")
    try:
        current = current_revision(engine)
    except sa.exc.OperationalError as e:
        raise NotMigrated(f"cannot open the database at {where}: {e.orig}") from None
    if current == head:
        return
    if current is None:
        raise NotMigrated(f"the database at {where} is not set up yet: run `muster init`")
    known = {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}
    if current not in known:
        raise NotMigrated(
            f"the database at {where} is at revision {current}, which this Muster does not "
            "know (made by a newer version?); upgrade Muster"
        )
    raise NotMigrated(
        f"the database at {where} is at revision {current}, older than this Muster's {head}: "
        "run `muster migrate`"
    )
