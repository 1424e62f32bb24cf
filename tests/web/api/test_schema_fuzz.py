"""schemathesis over the OpenAPI document: for every operation, a bounded number of generated
requests, as a planner (who may do most things), a delegate and anonymously. No 5xx, every
response matches its documented schema, status and media type, and no body has a traceback.

Bounded for CI (`MUSTER_FUZZ_EXAMPLES`, default 6 per operation and user); issue 7's `make proof`
runs longer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.api.conftest import World, build_world

EXAMPLES = int(os.environ.get("MUSTER_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from muster.settings import Settings
    from muster.store import make_engine, upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    engine = make_engine(Settings(), url=url)
    upgrade(engine)
    engine.dispose()
    world = build_world(url, max_jobs=1)  # generated Monte Carlo runs queue behind one
    yield world
    world.close()
    world.engine.dispose()


def _operations(world: World) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", world.app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("who", ["planner", "gbr-delegate", None], ids=str)
def test_every_operation_survives_generated_requests(fuzz_world: World, who: str | None) -> None:
    headers = {"Authorization": f"Bearer {fuzz_world.tokens[who]}"} if who else {}
    operations = _operations(fuzz_world)
    assert len(operations) > 40
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            assert b"Traceback" not in response.content
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as e:  # collect every operation's failure, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {str(e)[:600]}")
    assert not failures, "\n\n".join(failures)
