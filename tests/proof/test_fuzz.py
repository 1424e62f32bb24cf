"""API fuzzing on PostgreSQL (the every-role run on SQLite is tests/web/api/test_schema_fuzz.py,
the same mechanism): what PostgreSQL refuses and SQLite stores (NUL in text, out-of-range
numbers) must come back as 4xx, and history must still agree with the data afterwards.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI, HTTPException

from benchmarks.proof.common import history_problems, integrity_problems
from benchmarks.proof.fuzz import fuzz
from muster.web.app import OPENAPI_URL
from tests.web.api.conftest import World

pytestmark = pytest.mark.slow


def _fuzz(world: World, role: str | None, examples: int) -> None:
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role else {}
    stats = fuzz(world.app, headers=headers, max_examples=examples, label=f"{role}: ")
    assert stats.failures == []
    assert stats.operations >= 50  # the whole document, not a corner of it
    assert stats.requests >= stats.operations
    assert not any(code >= 500 for code in stats.statuses)
    assert integrity_problems(world.engine) == []
    assert history_problems(world.engine) == []


@pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_no_request_breaks_the_api_on_postgresql(world: World) -> None:
    """PostgreSQL refuses what SQLite stores (NUL in text, out-of-range numbers): fuzz it too."""
    _fuzz(world, "admin", examples=2)


def test_the_fuzzer_reports_server_errors_and_leaked_tracebacks() -> None:
    """The mechanism can fail: an API that 500s with a traceback on some inputs is caught."""
    app = FastAPI(openapi_url=OPENAPI_URL)

    @app.get("/api/v1/echo")
    def echo(n: int = 0) -> dict[str, int]:
        if n > 3:
            raise HTTPException(500, 'Traceback (most recent call last):\n  File "/x.py"')
        return {"n": n}

    stats = fuzz(app, headers={}, max_examples=30)
    assert stats.operations == 1
    assert len(stats.failures) >= 1
    assert "Traceback" in stats.failures[0] or "500" in stats.failures[0]
