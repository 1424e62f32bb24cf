"""Alembic's entry point for Muster: always run programmatically by `muster.store.migrate`.

The caller passes an open connection in `config.attributes["connection"]` and owns its
transaction; there is no alembic.ini and no URL here.
"""

from __future__ import annotations

from alembic import context

from muster.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through muster.store.migrate (muster migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
