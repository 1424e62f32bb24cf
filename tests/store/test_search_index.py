"""SQLite's search indexes stay the table's mirror through any writes, and writes find their
index entry by key (migration 465946a86c40), from a database migrated with rows already in it.

FTS5 is SQLite's; PostgreSQL searches at query time and has no index to keep (its search is
checked with the tables, tests/web/api/test_tables.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from muster.domain import Scenario
from muster.settings import Settings
from muster.store import make_engine, transaction, upgrade
from muster.store.bulk import bulk_insert
from muster.store.migrate import head_revision
from muster.store.schema import TABLES

WORDS = ("alpha", "bravo", "charlie", "delta", "echo")
ids = st.sampled_from([f"s{i}" for i in range(6)])
ops = st.lists(
    st.tuples(st.sampled_from(("insert", "update", "delete")), ids, st.sampled_from(WORDS)),
    max_size=25,
)


def _migrated(path: Path, revision: str) -> sqlite3.Connection:
    engine = make_engine(Settings(), url=f"sqlite:///{path}")
    try:
        upgrade(engine, revision)
    finally:
        engine.dispose()
    return sqlite3.connect(path, isolation_level=None)


def _apply(db: sqlite3.Connection, op: str, key: str, word: str) -> None:
    if op == "insert":
        db.execute(
            "INSERT OR IGNORE INTO scenarios (id, name, description, statuses, version) "
            "VALUES (?, ?, 'a scenario', '{}', 1)",
            (key, f"{word} plan"),
        )
    elif op == "update":
        db.execute("UPDATE scenarios SET name = ? WHERE id = ?", (f"{word} plan", key))
    else:
        db.execute("DELETE FROM scenarios WHERE id = ?", (key,))


def _check_mirror(db: sqlite3.Connection) -> None:
    rows = dict(db.execute("SELECT id, name FROM scenarios").fetchall())
    entries = db.execute("SELECT rowid, row_key, name FROM scenarios_search").fetchall()
    assert sorted((k, n) for _, k, n in entries) == sorted(rows.items())
    keys = dict(db.execute("SELECT row_key, entry FROM scenarios_search_keys").fetchall())
    assert keys == {k: rowid for rowid, k, _ in entries}
    for word in WORDS:
        found = {k for (k,) in db.execute(
            "SELECT row_key FROM scenarios_search WHERE scenarios_search MATCH ?", (f'"{word}"',)
        )}  # fmt: skip
        assert found == {k for k, n in rows.items() if word in n.split()}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=ops, after=ops)
def test_the_index_mirrors_the_table_through_any_writes(tmp_path_factory, before, after):
    path = tmp_path_factory.mktemp("fts") / "search.db"
    db = _migrated(path, "ee3ad140ca5c")  # the index without its key map, rows written there
    for step in before:
        _apply(db, *step)
    db.close()
    db = _migrated(path, head_revision())
    try:
        _check_mirror(db)
        for step in after:
            _apply(db, *step)
            _check_mirror(db)
    finally:
        db.close()


def test_a_write_finds_its_entry_by_key_not_by_a_scan(tmp_path):
    db = _migrated(tmp_path / "plan.db", head_revision())
    try:
        for event in ("update", "delete"):
            (body,) = db.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (f"pledges_search_{event}",)
            ).fetchone()
            plans = []
            for statement in body.split("BEGIN", 1)[1].rsplit("END", 1)[0].split(";"):
                if statement.strip().startswith("DELETE"):
                    sql = statement.replace("old.", "").replace('"id"', "'p-1'")
                    plans += [r[-1] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
            # a B-tree search, or the FTS5 index looked up by rowid (its plan says "0:=", a
            # constraint on the rowid; the row_key column was scanned: "0:")
            scans = [p for p in plans if p.startswith("SCAN") and not p.endswith(":=")]
            assert plans, event
            assert not scans, (event, plans)
    finally:
        db.close()


def _scenario_rows(start: int, n: int) -> list[list[object]]:
    return [
        [f"bulk-{i}", f"{WORDS[i % len(WORDS)]} plan {i}", "bulk", "{}", 1]
        for i in range(start, start + n)
    ]


def test_a_bulk_insert_is_indexed_at_the_end_and_keeps_its_trigger(tmp_path):
    path = tmp_path / "bulk.db"
    db = _migrated(path, head_revision())
    for step in [("insert", "s1", "alpha"), ("insert", "s2", "bravo")]:
        _apply(db, *step)
    trigger = "SELECT sql FROM sqlite_master WHERE name = 'scenarios_search_insert'"
    (before,) = db.execute(trigger).fetchone()
    engine = make_engine(Settings(), url=f"sqlite:///{path}")
    table = TABLES[Scenario].table
    columns = ["id", "name", "description", "statuses", "version"]
    try:
        with transaction(engine) as session:  # large: indexed at the end
            bulk_insert(session=session, table=table, columns=columns, rows=_scenario_rows(0, 1500))
        with transaction(engine) as session:  # small: through the trigger
            bulk_insert(session=session, table=table, columns=columns, rows=_scenario_rows(2000, 5))
        with pytest.raises(RuntimeError), transaction(engine) as session:
            bulk_insert(
                session=session, table=table, columns=columns, rows=_scenario_rows(3000, 1200)
            )
            raise RuntimeError("the import fails after its inserts")
    finally:
        engine.dispose()
    assert db.execute(trigger).fetchone() == (before,)  # restored, and the failure rolled back
    assert db.execute("SELECT count(*) FROM scenarios").fetchone() == (2 + 1500 + 5,)
    _check_mirror(db)
    _apply(db, "update", "bulk-7", "echo")  # the key map of the bulk rows finds their entries
    _apply(db, "delete", "bulk-8", "echo")
    _check_mirror(db)
    db.close()
