"""SQLite's search indexes stay the table's mirror through any writes, and writes find their
index entry by key (migration 465946a86c40), from a database migrated with rows already in it.

FTS5 is SQLite's; PostgreSQL searches at query time and has no index to keep (its search is
checked with the tables, tests/web/api/test_tables.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from muster.settings import Settings
from muster.store import make_engine, upgrade
from muster.store.migrate import head_revision

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
