"""The December 2026 migration keeps every condition's known status, as one undated entry."""

import sqlalchemy as sa
from alembic import command

from muster.domain import ConditionStatus, StatusChange
from muster.settings import Settings
from muster.store import load_dataset, make_engine, transaction, upgrade
from muster.store.migrate import config, head_revision

BEFORE = "7b1c0d2e4f60"


def test_a_known_status_becomes_one_undated_entry_and_unknown_none(empty_db_url):
    engine = make_engine(Settings(), url=empty_db_url)
    try:
        upgrade(engine, BEFORE)
        conditions = sa.table(
            "conditions",
            *(sa.column(c) for c in ("id", "name", "status", "probability", "loading")),
            sa.column("illustrative", sa.Boolean),
            sa.column("version", sa.Integer),
        )
        with engine.begin() as conn:
            conn.execute(
                conditions.insert(),
                [
                    {
                        "id": cid,
                        "name": cid,
                        "status": status,
                        "probability": 0.5,
                        "loading": 0.0,
                        "illustrative": False,
                        "version": 1,
                    }
                    for cid, status in (("gov", "holds"), ("vote", "fails"), ("truce", "unknown"))
                ],
            )
            # A reference into the altered table must survive the migration.
            prerequisites = sa.table(
                "condition_prerequisites",
                sa.column("condition_id"),
                sa.column("position", sa.Integer),
                sa.column("prerequisite_id"),
            )
            conn.execute(
                prerequisites.insert(),
                [{"condition_id": "gov", "position": 0, "prerequisite_id": "vote"}],
            )
        assert upgrade(engine).after == head_revision()
        with transaction(engine, write=False) as session:
            found = {c.id: c for c in load_dataset(session=session).conditions}
        assert found["gov"].status_history == (StatusChange(status=ConditionStatus.HOLDS),)
        assert found["vote"].status_history == (StatusChange(status=ConditionStatus.FAILS),)
        assert found["truce"].status_history == ()
        assert found["gov"].status_on(None) is ConditionStatus.HOLDS
        assert found["gov"].prerequisites == ("vote",)
        # And back: the latest entry is the single status again.
        cfg = config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, BEFORE)
        with engine.connect() as conn:
            rows = dict(conn.execute(sa.text("SELECT id, status FROM conditions")).all())
        assert rows == {"gov": "holds", "vote": "fails", "truce": "unknown"}
    finally:
        engine.dispose()
