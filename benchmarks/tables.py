"""Worked tables (`muster.app.tables`): search, sorted pages and downloads on a large table.

A SQLite database holds `muster synth` data plus `--statements` synthetic statements whose
quotes are 12 words drawn from a 2,000-word vocabulary. Printed, each a median of `--rounds`:

0. the import with the FTS5 triggers against the same import with them dropped, and updating
   `--updates` statements (each trigger finds the row's index entry through the key map of
   migration 465946a86c40) against the same updates with the triggers dropped;
1. search for a rare and a common word through the table function (SQLite FTS5, the index the
   migration keeps) against the same condition written with `LIKE` (a full scan), in the same
   process and database: the ratio is the figure; both counts are printed (LIKE also finds a
   word inside a longer one, so its count may be higher);
2. one sorted, filtered page (limit 50) deep in the table through a keyset cursor, against the
   first page: keyset paging should cost about the same at any depth;
3. the CSV and XLSX download of a query of about a tenth of the rows.

Run: `python -m benchmarks.tables [--statements 20000] [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from muster.app.tables import TableQuery, table_file, table_page, table_rows
from muster.auth.roles import Role
from muster.auth.user import User
from muster.domain import Stance, Statement
from muster.settings import Settings
from muster.store import import_dataset, make_engine, transaction, upgrade
from muster.store.schema import TABLES
from muster.store.search import Fts5Search, LikeSearch
from muster.synth import synth


def median_seconds(fn: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _dataset(statements: int, rng: np.random.Generator) -> Any:
    ds = synth(nations=60, pledges=2000, lines=200, conditions=40, rng=rng)
    vocabulary = [f"w{i:04d}x" for i in range(2000)]
    # a few very common words (Zipf-like draws), most words rare
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)
    weights /= weights.sum()
    nations = [n.iso3 for n in ds.nations]
    start = date(2025, 1, 1)
    extra = []
    for i in range(statements):
        words = rng.choice(vocabulary, size=12, p=weights)
        extra.append(
            Statement(
                id=f"bench-{i:06d}",
                nation=nations[i % len(nations)],
                date=start + timedelta(days=int(rng.integers(0, 365))),
                stance=list(Stance)[i % len(Stance)],
                quote=" ".join(words),
                entered_by="bench",
            )
        )
    return replace(ds, statements=(*ds.statements, *extra)), vocabulary


def _update(engine: Any, keys: list[str]) -> float:
    """Seconds to change the note of each statement in `keys`, one UPDATE each, one commit."""
    start = time.perf_counter()
    with engine.begin() as conn:
        for key in keys:
            conn.execute(
                sa.text("UPDATE statements SET note = :note WHERE id = :id"),
                {"note": f"revised {key}", "id": key},
            )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--updates", type=int, default=500)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(14)
    ds, vocabulary = _dataset(args.statements, rng)
    with tempfile.TemporaryDirectory() as tmp:
        # baseline: the same import into a database whose FTS5 triggers are dropped
        bare = make_engine(Settings(env="test"), url=f"sqlite:///{Path(tmp) / 'bare.db'}")
        upgrade(bare)
        with bare.begin() as conn:
            triggers = conn.execute(
                sa.text(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'trigger' AND name LIKE '%_search_%'"
                )
            ).scalars()
            for name in list(triggers):
                conn.execute(sa.text(f'DROP TRIGGER "{name}"'))
        start = time.perf_counter()
        with transaction(bare) as session:
            import_dataset(session=session, dataset=ds, who="process:bench", reason="bench")
        without = time.perf_counter() - start
        changed = [s.id for s in ds.statements[:: max(1, len(ds.statements) // args.updates)]]
        update_without = _update(bare, changed)
        bare.dispose()
        engine = make_engine(Settings(env="test"), url=f"sqlite:///{Path(tmp) / 'tables.db'}")
        upgrade(engine)
        start = time.perf_counter()
        with transaction(engine) as session:
            import_dataset(session=session, dataset=ds, who="process:bench", reason="bench")
        took = time.perf_counter() - start
        print(
            f"import of {len(ds.statements):,} statements + synth: {took:.1f} s with the FTS5 "
            f"triggers, {without:.1f} s without: {took / without:.2f}x"
        )
        update_with = _update(engine, changed)
        print(
            f"update of {len(changed):,} statements: {update_with * 1000:.0f} ms with the FTS5 "
            f"triggers, {update_without * 1000:.0f} ms without: "
            f"{update_with / update_without:.2f}x"
        )
        planner = User(name="bench", role=Role.PLANNER)
        table = TABLES[Statement].table
        columns = ("id", "quote", "gloss", "evidence", "actor", "note")
        with engine.connect() as conn:
            for label, word in (("rare", vocabulary[-1]), ("common", vocabulary[0])):

                def count(search: Any, word: str = word) -> int:
                    condition = search.match(table, columns, word)
                    query = sa.select(sa.func.count()).select_from(table).where(condition)
                    return int(conn.execute(query).scalar_one())

                fts, n_fts = median_seconds(lambda: count(Fts5Search()), args.rounds)
                like, n_like = median_seconds(lambda: count(LikeSearch()), args.rounds)
                print(
                    f"search {label} word: FTS5 {fts * 1000:.2f} ms ({n_fts} rows), "
                    f"LIKE {like * 1000:.2f} ms ({n_like} rows): LIKE/FTS5 = {like / fts:.1f}x"
                )
        with transaction(engine) as session:
            query = TableQuery(sort="date", descending=True, limit=50)
            first, page = median_seconds(
                lambda: table_page(session=session, user=planner, cls=Statement, query=query),
                args.rounds,
            )
            # walk to about the middle of the table, then time that page
            cursor = page.next_cursor
            for _ in range(len(ds.statements) // 100):
                cursor = table_page(
                    session=session,
                    user=planner,
                    cls=Statement,
                    query=replace(query, cursor=cursor),
                ).next_cursor
            deep_query = replace(query, cursor=cursor)
            deep, _ = median_seconds(
                lambda: table_page(session=session, user=planner, cls=Statement, query=deep_query),
                args.rounds,
            )
            print(
                f"page of 50 by date: first {first * 1000:.1f} ms, middle of the table "
                f"{deep * 1000:.1f} ms: middle/first = {deep / first:.2f}x"
            )
            nation = ds.nations[0].iso3
            some = TableQuery(filters={"nation": (nation,)}, sort="date")
            rows = len(table_rows(session=session, user=planner, cls=Statement, query=some))
            for kind in ("csv", "xlsx"):
                took, body = median_seconds(
                    lambda kind=kind: table_file(
                        session=session, user=planner, cls=Statement, query=some, kind=kind
                    ),
                    args.rounds,
                )
                print(
                    f"download {kind}: {rows:,} rows in {took * 1000:.0f} ms "
                    f"({rows / took:,.0f} rows/s, {len(body) / 1024:.0f} KiB)"
                )
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
