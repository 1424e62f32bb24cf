"""Alembic's entry point for Muster: always run programmatically by `muster.store.migrate`.

The caller passes an open connection in `config.attributes["connection"]` and owns its
transaction; there is no alembic.ini and no URL here.
"""

from __future__ import annotations

from alembic import context

from muster.store.schema import metadata
from muster.store.search import is_search_index

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through muster.store.migrate (muster migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    # SQLite's FTS5 indexes are made by a migration and kept by triggers, not by the models
    include_name=lambda name, kind, _: not (kind == "table" and is_search_index(str(name))),
)
with context.begin_transaction():
    context.run_migrations()
