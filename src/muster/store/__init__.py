"""Storage: SQLAlchemy tables, service functions, history of every change, replay, migrations.

The caller owns the transaction (`with transaction(engine) as session: ...`); the functions
here never commit. See docs/store.md.
"""

from muster.store.db import Clock, make_engine, new_session, transaction, utcnow
from muster.store.history import Change
from muster.store.importer import Counts, ImportResult, import_dataset
from muster.store.load import Stored, load_dataset
from muster.store.migrate import NotMigrated, head_revision, require_current, upgrade
from muster.store.query import Page, find
from muster.store.service import (
    at_version,
    create,
    delete,
    entity_class,
    get,
    history,
    restore,
    set_pledge_status,
    set_statement_status,
    update,
)

__all__ = [
    "Change",
    "Clock",
    "Counts",
    "ImportResult",
    "NotMigrated",
    "Page",
    "Stored",
    "at_version",
    "create",
    "delete",
    "entity_class",
    "find",
    "get",
    "head_revision",
    "history",
    "import_dataset",
    "load_dataset",
    "make_engine",
    "new_session",
    "require_current",
    "restore",
    "set_pledge_status",
    "set_statement_status",
    "transaction",
    "update",
    "upgrade",
    "utcnow",
]
