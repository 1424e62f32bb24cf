"""Crash safety, the quick run: writers while the server and an importer are SIGKILLed.

The same harness as `make proof` (benchmarks/proof/crash.py) with a small target, on SQLite and
PostgreSQL: no acknowledged write lost, nothing half-written, history = data, integrity holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.proof.crash import CrashPlan, run_on

pytestmark = pytest.mark.slow

QUICK = CrashPlan(
    writes=30,
    api_threads=3,
    importers=1,
    import_rows=40,
    kill_after_s=(0.3, 1.2),
    import_pause_s=(0.1, 0.5),
    import_kill_chance=0.5,
    min_server_kills=2,
    max_seconds=150,
)


def test_sigkill_loses_no_acknowledged_write(backend: str, db_url: str, tmp_path: Path) -> None:
    result = run_on(db_url, QUICK, tmp_path, backend=backend)
    assert result["problems"] == []
    assert result["lost"] == result["half_present"] == result["leaked"] == 0
    # the run really did what it claims: writes acknowledged across several kills
    assert result["acknowledged_writes"] >= QUICK.writes
    assert result["server_kills"] >= QUICK.min_server_kills
    assert result["imports_acknowledged"] >= 1
    assert result["imports_killed"] >= 1
