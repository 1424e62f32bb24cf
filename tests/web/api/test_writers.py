"""Many simultaneous writers through one app process on SQLite all succeed (none times out).

Regression: writers waited for SQLite's lock inside worker threads; with more writers than
threads, the one holding the lock could not get a thread to finish, and all timed out.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from muster.domain.records import to_record
from tests.web.api.conftest import World, demo_with_a_proposal, write

WRITERS = 48  # more than the 40 threads of the server's thread pool


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_more_writers_than_threads_all_succeed(fresh_world: World) -> None:
    template = next(p for p in demo_with_a_proposal().pledges if p.id == "p-gbr-inf")
    record: dict[str, Any] = {**to_record(template), "entered_by": None}
    headers = {"Authorization": f"Bearer {fresh_world.tokens['gbr-delegate']}", **write()}

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=fresh_world.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=headers, timeout=120
        ) as client:
            answers = await asyncio.gather(
                *(
                    client.post("/api/v1/pledges", json={**record, "id": f"w-{i}"})
                    for i in range(WRITERS)
                )
            )
        return [a.status_code for a in answers]

    assert asyncio.run(run()) == [201] * WRITERS
    total = fresh_world.client("planner").get("/api/v1/pledges?limit=1").json()["total"]
    assert total == len(demo_with_a_proposal().pledges) + WRITERS
