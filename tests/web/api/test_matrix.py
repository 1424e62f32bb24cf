"""The authorisation matrix over the API: every role × classification × endpoint, cell by cell.

Expected outcomes come from the policy (`tests/auth/matrix.py`). Listings, history, exports and
totals are probed as well as single objects: nothing may reveal a pledge its reader may not read.
"""

from __future__ import annotations

from typing import Any

import pytest

from muster.auth import Capability, can_read
from tests.auth.matrix import USERS, Cell, Probe, Target, cells, check, reveals_id
from tests.web.api.conftest import World, demo_with_a_proposal

STALE = {"If-Match": '"999"', "Muster-Reason": "authorisation matrix"}


EDIT = Capability.PLEDGE_EDIT


def _pledge(c: Any, t: Target) -> Any:
    return c.get(f"/api/v1/pledges/{t.pledge}")


READS = [
    Probe("GET pledge", "read", _pledge),
    Probe(
        "GET history",
        "read",
        lambda c, t: c.get(f"/api/v1/pledges/{t.pledge}/history"),
        capability=Capability.HISTORY_READ,
    ),
    Probe("GET list", "read", lambda c, t: c.get("/api/v1/pledges?limit=1000"), reveals_id),
    Probe(
        "GET list by nation",
        "read",
        lambda c, t: c.get(f"/api/v1/pledges?nation={t.nation}&limit=1000"),
        reveals_id,
    ),
    Probe("GET export json", "read", lambda c, t: c.get("/api/v1/export"), reveals_id),
    Probe(
        "GET export csv",
        "read",
        lambda c, t: c.get("/api/v1/export?format=csv&table=pledges"),
        reveals_id,
    ),
    Probe("GET scenarios", "read", lambda c, t: c.get("/api/v1/scenarios"), reveals_id),
]
EDITS = [
    Probe(
        "PATCH pledge",
        "edit",
        lambda c, t: c.patch(f"/api/v1/pledges/{t.pledge}", json={"note": "x"}, headers=STALE),
        capability=EDIT,
    ),
    Probe(
        "POST status",
        "edit",
        lambda c, t: c.post(
            f"/api/v1/pledges/{t.pledge}/status", json={"status": "withdrawn"}, headers=STALE
        ),
        capability=EDIT,
    ),
    Probe(
        "DELETE pledge",
        "edit",
        lambda c, t: c.delete(f"/api/v1/pledges/{t.pledge}", headers=STALE),
        capability=EDIT,
    ),
]


@pytest.mark.parametrize("cell", cells(READS + EDITS), ids=str)
def test_matrix(world: World, cell: Cell) -> None:
    client = world.client(cell.user.name if cell.user.signed_in else None)
    check(cell, cell.probe.request(client, cell.target))


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.name)
def test_totals_count_only_readable_pledges(world: World, user: Any) -> None:
    demo = demo_with_a_proposal()
    expected = sum(1 for p in demo.pledges if can_read(user, p))
    client = world.client(user.name if user.signed_in else None)
    assert client.get("/api/v1/pledges?limit=1").json()["total"] == expected
    by_nation = client.get("/api/v1/pledges?nation=FRA&limit=1").json()["total"]
    assert by_nation == sum(1 for p in demo.pledges if p.nation == "FRA" and can_read(user, p))


def test_the_matrix_covers_every_role_and_classification() -> None:
    every = cells(READS + EDITS)
    assert {c.user.role for c in every} == {u.role for u in USERS}
    assert {(c.target.classification, c.target.nation) for c in every} == {
        (lvl, n) for lvl in ("public", "coalition", "national") for n in ("GBR", "FRA")
    }
    expected = {c.expected_status() for c in every if c.probe.kind == "edit"}
    assert expected == {401, 403, 404, 412}  # every outcome occurs somewhere
