"""The authorisation matrix: role × classification × endpoint, generated from the policy.

Each `Cell` pairs a user (a role), a target pledge (a classification and a nation) and a
`Probe` (an endpoint and how to tell what it revealed). The expected outcome of every cell is
computed from `muster.auth` (`may_read_pledge`, `has`, nation scope) — never typed in — and the
test asserts the observed outcome cell by cell.

Adding endpoints (pages engineers: add your pages here the same way):

    from tests.auth.matrix import Probe, reveals_id, cells
    PAGE_PROBES = [Probe("GET pledge page", "read", lambda c, t: c.get(f"/pledges/{t.pledge}"),
                         reveals=reveals_status)]
    @pytest.mark.parametrize("cell", cells(PAGE_PROBES), ids=str)
    def test_page_matrix(world, cell): check(cell, world.client_for(cell.user))

A "read" probe must report whether the target's pledge was revealed (`reveals`); an "edit"
probe must send a stale If-Match so that a permitted request ends in 412 and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from muster.auth import ANONYMOUS, Capability, Role, User, has, may_read_pledge

# Users of the demo world (tests/web/api/conftest.py creates them), plus an anonymous visitor.
USERS: tuple[User, ...] = (
    User(name="admin", role=Role.ADMIN),
    User(name="planner", role=Role.PLANNER),
    User(name="gbr-delegate", role=Role.DELEGATE, nation="GBR"),
    User(name="fra-delegate", role=Role.DELEGATE, nation="FRA"),
    User(name="analyst", role=Role.ANALYST),
    User(name="viewer", role=Role.VIEWER),
    ANONYMOUS,
)


@dataclass(frozen=True, slots=True)
class Target:
    """A pledge of the demo coalition with a known classification and nation."""

    pledge: str
    classification: str
    nation: str

    def __str__(self) -> str:
        return f"{self.classification}-{self.nation}"


# One pledge per classification for two nations (the demo dataset holds these).
TARGETS: tuple[Target, ...] = (
    Target("p-gbr-inf", "public", "GBR"),
    Target("p-gbr-mech", "coalition", "GBR"),
    Target("p-gbr-training", "national", "GBR"),
    Target("p-fra-inf", "public", "FRA"),
    Target("p-fra-air", "coalition", "FRA"),
    Target("p-fra-ad", "national", "FRA"),
)

Response = Any  # an httpx-like response: status_code, text, content, json()
Request = Callable[[Any, Target], Response]


def reveals_status(response: Response, target: Target) -> bool:
    """A single-object endpoint: 200 reveals, 404 hides; anything else is a failure."""
    assert response.status_code in (200, 404), (response.status_code, response.text[:300])
    return bool(response.status_code == 200)


def reveals_id(response: Response, target: Target) -> bool:
    """A listing or export: whether the pledge's id appears anywhere in the body."""
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return target.pledge in response.text


@dataclass(frozen=True, slots=True)
class Probe:
    name: str
    kind: Literal["read", "edit"]
    request: Request
    reveals: Callable[[Response, Target], bool] = reveals_status
    # What the endpoint needs besides reading the pledge (edit probes: the edit capability).
    capability: Capability = Capability.DATA_READ


@dataclass(frozen=True, slots=True)
class Cell:
    user: User
    target: Target
    probe: Probe

    def __str__(self) -> str:
        return f"{self.user.name}/{self.target}/{self.probe.name}"

    @property
    def readable(self) -> bool:
        """Whether the policy lets this user see the target through this probe."""
        may = may_read_pledge(self.user, self.target.classification, self.target.nation)
        return may and (self.probe.kind == "edit" or has(self.user, self.probe.capability))

    def expected_status(self) -> int:
        """For an edit probe: 401, 403, 404 or 412 (allowed, stopped by the stale version).

        The role's capability is checked first (no lookup for a user who may never edit), then
        whether the pledge is readable (404 as if absent), then the delegate's nation.
        """
        if not self.user.signed_in:
            return 401
        if not has(self.user, self.probe.capability):
            return 403
        if not self.readable:
            return 404
        if self.user.role is Role.DELEGATE and self.user.nation != self.target.nation:
            return 403
        return 412


def cells(probes: list[Probe], users: tuple[User, ...] = USERS) -> list[Cell]:
    return [Cell(u, t, p) for p in probes for u in users for t in TARGETS]


def check(cell: Cell, response: Response) -> None:
    """Assert the observed outcome of one cell against the policy's."""
    if cell.probe.kind == "read":
        if response.status_code == 401 and not has(cell.user, cell.probe.capability):
            revealed = False
        else:
            revealed = cell.probe.reveals(response, cell.target)
        assert revealed is cell.readable, f"{cell}: revealed={revealed}, policy={cell.readable}"
    else:
        assert response.status_code == cell.expected_status(), (
            f"{cell}: got {response.status_code}, policy says {cell.expected_status()}: "
            f"{response.text[:300]}"
        )
