"""The authorisation matrix over the pages: role × classification × page, from the policy.

Same cells as the API's matrix (`tests/auth/matrix.py`), probed through the pages and their JSON
twins: a page listing pledges must show exactly the readable ones; pages that aggregate (the
dashboard's coverage, requirements, the brief, the audit log) must never reveal an unreadable
pledge; the editor refuses exactly where the policy refuses.
"""

from __future__ import annotations

from typing import Any

import pytest

from muster.auth import Capability, has
from tests.auth.matrix import Cell, Probe, Target, cells, check, reveals_id, reveals_status
from tests.web.api.conftest import World, world  # noqa: F401  (the API's demo world fixture)

JSON = {"accept": "application/json"}


def _get(path: str) -> Any:
    return lambda c, t: c.get(path.format(t=t), headers=JSON)


LISTINGS = [
    Probe("page pledge", "read", _get("/pledges/{t.pledge}?format=json"), reveals_status),
    Probe("page pledge list", "read", _get("/pledges?format=json"), reveals_id),
    Probe("page pledges of a nation", "read", _get("/pledges?nation={t.nation}&format=json"),
          reveals_id),
    Probe("page nation", "read", _get("/nations/{t.nation}?format=json"), reveals_id),
    Probe("page history", "read", _get("/history/pledge/{t.pledge}?format=json"),
          reveals_status, capability=Capability.HISTORY_READ),
    Probe("page pledge life", "read", _get("/pledges/{t.pledge}/life?format=json"),
          reveals_status, capability=Capability.HISTORY_READ),
]  # fmt: skip
AGGREGATES = [
    Probe("page dashboard", "read", _get("/?format=json&scenario=sc-matrix")),
    Probe("page requirements", "read", _get("/requirements?format=json")),
    Probe("page brief", "read", _get("/brief?format=json&scenario=sc-matrix")),
    Probe("page scenarios", "read", _get("/scenarios?format=json")),
    Probe("page compare", "read", _get("/scenarios/compare?a=sc-matrix&b=sc-baseline&format=json")),
    Probe("page audit", "read", _get("/audit?format=json&entity=pledge"),
          capability=Capability.HISTORY_READ),
    Probe("page changes", "read", _get("/changes?since=2025-01-01&format=json"),
          capability=Capability.HISTORY_READ),
    Probe("api changes", "read", _get("/api/v1/changes?since=2000-01-01"),
          capability=Capability.HISTORY_READ),
    Probe("page charts", "read", _get("/charts?format=json"),
          capability=Capability.HISTORY_READ),
]  # fmt: skip


def _edit(c: Any, t: Target) -> Any:
    form = {"version": "999", "nation": t.nation, "capability": "inf-bn", "quantity": "1",
            "phases": ["ph-post-peace"], "status": "offered", "classification": "public",
            "sources": ["seed-nyt-2025-03-03"]}  # fmt: skip
    return c.post(f"/pledges/{t.pledge}", data=form, headers=JSON)


EDITS = [Probe("page edit pledge", "edit", _edit, capability=Capability.PLEDGE_EDIT)]


@pytest.mark.parametrize("cell", cells(LISTINGS), ids=str)
def test_pages_show_exactly_what_the_policy_allows(world: World, cell: Cell) -> None:  # noqa: F811
    client = world.client(cell.user.name if cell.user.signed_in else None)
    check(cell, cell.probe.request(client, cell.target))


@pytest.mark.parametrize("cell", cells(AGGREGATES), ids=str)
def test_aggregate_pages_never_reveal_an_unreadable_pledge(world: World, cell: Cell) -> None:  # noqa: F811
    client = world.client(cell.user.name if cell.user.signed_in else None)
    response = cell.probe.request(client, cell.target)
    if not has(cell.user, cell.probe.capability):
        assert response.status_code == 401 if not cell.user.signed_in else 403, response.text
        return
    assert response.status_code == 200, response.text[:300]
    if not cell.readable:
        assert not reveals_id(response, cell.target), f"{cell} revealed {cell.target.pledge}"


@pytest.mark.parametrize("cell", cells(EDITS), ids=str)
def test_the_editor_refuses_where_the_policy_refuses(world: World, cell: Cell) -> None:  # noqa: F811
    client = world.client(cell.user.name if cell.user.signed_in else None)
    response = cell.probe.request(client, cell.target)
    expected = cell.expected_status()
    # A permitted save meets the stale version: forms answer 409 (the API's If-Match gets 412).
    assert response.status_code == (409 if expected == 412 else expected), (
        f"{cell}: {response.status_code} {response.text[:200]}"
    )
