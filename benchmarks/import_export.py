"""Store throughput on `muster synth` data (100,000 pledges): import, export; SQLite, PostgreSQL.

For each database, on a fresh one each round: import into the empty database (one transaction:
every reference checked, every row written with its history entry), re-import the same data
(validated and compared; nothing to write), load it back (`load_dataset`), and export it (load +
the canonical JSON writer). Rows are the dataset's rows across all entities (pledges, lines,
conditions, nations, ...), not the link or history rows the store writes for them.

Baseline, in the same process and on the same database: a bare `executemany` of the pledges'
scalar columns into a table without indexes or keys, through the same driver: the floor any
store pays. Muster's import is printed as a multiple of it, which stays meaningful on a busy
machine. CPU seconds are printed too (for SQLite they include the database engine's work).
Target (issue 3): import ≥ 20,000 rows/s on SQLite.
Run: `python -m benchmarks.import_export [--pledges N] [--rounds R] [--backends sqlite,postgresql]`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from muster.domain import Dataset
from muster.interchange import write_dataset
from muster.settings import Settings
from muster.store import import_dataset, load_dataset, make_engine, transaction, upgrade
from muster.synth import synth

TARGET = 20_000  # rows/s, import on SQLite
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def instance(pledges: int) -> Dataset:
    return synth(
        nations=60, pledges=pledges, lines=400, conditions=80, rng=np.random.default_rng(2025)
    )


@contextmanager
def database(backend: str, tmp: Path) -> Iterator[Engine]:
    """A fresh, migrated database, dropped afterwards."""
    name = f"muster_bench_{secrets.token_hex(6)}"
    if backend == "sqlite":
        engine = make_engine(Settings(), url=f"sqlite:///{tmp / (name + '.db')}")
        upgrade(engine)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    admin_url = os.environ.get("MUSTER_TEST_PG_URL", DEFAULT_PG)
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(Settings(), url=url)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def baseline(engine: Engine, ds: Dataset) -> float:
    """Seconds for a bare executemany of the pledges' scalar columns (best of two)."""
    rows = [
        (p.id, p.nation, p.capability, float(p.quantity), p.status.value, p.classification.value)
        for p in ds.pledges
    ]
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    insert = f"INSERT INTO bench_floor VALUES ({', '.join([mark] * 6)})"
    best = float("inf")
    for _ in range(2):
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS bench_floor")
            conn.exec_driver_sql(
                "CREATE TABLE bench_floor (id TEXT, nation TEXT, capability TEXT, "
                "quantity FLOAT, status TEXT, classification TEXT)"
            )
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.exec_driver_sql(insert, rows)
        best = min(best, time.perf_counter() - started)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE bench_floor")
    return best


def one_round(engine: Engine, ds: Dataset, out: Path) -> dict[str, tuple[float, float]]:
    """Import, re-import, load and export on one fresh database."""

    def load_in() -> None:
        with transaction(engine) as s:
            import_dataset(session=s, dataset=ds, who="process:bench", reason="benchmark")

    def load_out() -> None:
        with transaction(engine, write=False) as s:
            assert load_dataset(session=s).size == ds.size

    def export() -> None:
        with transaction(engine, write=False) as s:
            write_dataset(load_dataset(session=s), out)

    return {
        "import (empty database)": timed(load_in),
        "re-import (nothing changes)": timed(load_in),
        "load_dataset": timed(load_out),
        "export (load + JSON)": timed(export),
    }


def stored_rows(engine: Engine) -> int:
    """Rows the store holds: entity, link, child and history rows."""
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return sum(
            conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar_one()
            for n in names
            if n not in ("alembic_version", "bench_floor")
        )


def run_backend(backend: str, ds: Dataset, rounds: int, tmp: Path) -> dict[str, float] | None:
    rows = ds.size
    best: dict[str, tuple[float, float]] = {}
    floor = float("inf")
    written = 0
    try:
        for _ in range(rounds):
            with database(backend, tmp) as engine:
                for label, measured in one_round(engine, ds, tmp / "export.json").items():
                    if label not in best or measured[0] < best[label][0]:
                        best[label] = measured
                written = stored_rows(engine)
                floor = min(floor, baseline(engine, ds))
    except sa.exc.OperationalError as e:
        print(f"  {backend}: skipped, database unreachable ({str(e.orig).splitlines()[0]})")
        return None
    pledges = len(ds.pledges)
    print(
        f"  {backend}: {rows:,} rows ({pledges:,} pledges; {written:,} stored rows with links "
        f"and history), best of {rounds}"
    )
    for label, (wall, cpu) in best.items():
        print(f"    {label:30} {rows / wall:9,.0f} rows/s  ({wall:6.2f} s wall, {cpu:6.2f} s CPU)")
    print(
        f"    {'baseline: bare executemany':30} {pledges / floor:9,.0f} pledges/s ({floor:.2f} s)"
    )
    wall, cpu = best["import (empty database)"]
    print(
        f"    import costs {wall / floor:.1f}x the bare insert of the pledges alone; "
        f"{written / wall:,.0f} stored rows/s; {rows / cpu:,.0f} rows per CPU second"
    )
    return {label: rows / wall for label, (wall, _) in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    started = time.perf_counter()
    ds = instance(args.pledges)
    print(
        f"import/export benchmark: synth instance of {ds.size:,} rows "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            results[backend] = run_backend(backend.strip(), ds, args.rounds, Path(tmp))
    sqlite = results.get("sqlite")
    if sqlite:
        rate = sqlite["import (empty database)"]
        verdict = "met" if rate >= TARGET else "NOT met"
        print(f"  target: import >= {TARGET:,} rows/s on SQLite: {verdict} ({rate:,.0f})")


if __name__ == "__main__":
    main()
