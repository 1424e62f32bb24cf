"""schemathesis over the OpenAPI document: for every operation, a bounded number of generated
requests (valid ones, schema-breaking ones, and valid ones on keys that exist) as every role and
anonymously. No 5xx, every response matches its documented status, media type and schema, and no
body shows a stack trace.

One mechanism with issue 7's proof (`benchmarks/proof/fuzz.py`): bounded here for CI
(`MUSTER_FUZZ_EXAMPLES`, default 2 per operation, kind of request and user); `make proof` runs
longer, and tests/proof also fuzzes PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from benchmarks.proof.fuzz import fuzz
from muster.settings import Settings
from muster.store import make_engine, upgrade
from tests.web.api.conftest import World, build_world

EXAMPLES = int(os.environ.get("MUSTER_FUZZ_EXAMPLES", "2"))
ROLES = ["admin", "planner", "gbr-delegate", "analyst", "viewer", None]


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    engine = make_engine(Settings(), url=url)
    upgrade(engine)
    engine.dispose()
    world = build_world(url, max_jobs=1)  # generated Monte Carlo runs queue behind one
    yield world
    world.close()
    world.engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("who", ROLES, ids=lambda w: w or "anonymous")
def test_every_operation_survives_generated_requests(fuzz_world: World, who: str | None) -> None:
    headers = {"Authorization": f"Bearer {fuzz_world.tokens[who]}"} if who else {}
    stats = fuzz(fuzz_world.app, headers=headers, max_examples=EXAMPLES, label=f"{who}: ")
    assert stats.operations > 40
    assert stats.requests >= stats.operations
    assert not stats.failures, "\n\n".join(stats.failures)
