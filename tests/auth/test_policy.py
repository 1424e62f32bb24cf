"""The access policy, checked against the issue's words rather than against its own tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from muster.auth import (
    ANONYMOUS,
    Capability,
    Role,
    SignInRequired,
    TokenScope,
    User,
    can_read,
    ensure,
    filter_dataset,
    has,
    read_scope,
)
from muster.auth.policy import ensure_change
from muster.domain import (
    Classification,
    Dataset,
    Pledge,
    Scenario,
    Stance,
    Statement,
    StatementStatus,
)
from muster.errors import Forbidden, InvalidInput, NotFound

ADMIN = User(name="admin", role=Role.ADMIN)
PLANNER = User(name="planner", role=Role.PLANNER)
GBR = User(name="gbr-delegate", role=Role.DELEGATE, nation="GBR")
FRA = User(name="fra-delegate", role=Role.DELEGATE, nation="FRA")
ANALYST = User(name="analyst", role=Role.ANALYST)
VIEWER = User(name="viewer", role=Role.VIEWER)
EVERYONE = (ADMIN, PLANNER, GBR, FRA, ANALYST, VIEWER, ANONYMOUS)

# Issue 5, "Classification": public: everyone; coalition: any signed-in coalition user (viewers
# read public only); national: its own delegation and planners (and admins).
SPEC_READS: dict[str, set[tuple[str, str]]] = {
    "admin": {("public", "FRA"), ("coalition", "FRA"), ("national", "FRA"), ("national", "GBR")},
    "planner": {("public", "FRA"), ("coalition", "FRA"), ("national", "FRA"), ("national", "GBR")},
    "gbr-delegate": {("public", "FRA"), ("coalition", "FRA"), ("national", "GBR")},
    "fra-delegate": {("public", "FRA"), ("coalition", "FRA"), ("national", "FRA")},
    "analyst": {("public", "FRA"), ("coalition", "FRA")},
    "viewer": {("public", "FRA")},
    "anonymous": {("public", "FRA")},
}
CELLS = [("public", "FRA"), ("coalition", "FRA"), ("national", "FRA"), ("national", "GBR")]


def pledge(pid: str, nation: str, level: str) -> Pledge:
    return Pledge(
        id=pid,
        nation=nation,
        capability="inf-bn",
        quantity=1,
        phases=("deploy",),
        classification=Classification(level),
        entered_by="someone",
    )


@pytest.mark.parametrize("user", EVERYONE, ids=lambda u: u.name)
@pytest.mark.parametrize("cell", CELLS, ids=lambda c: f"{c[0]}-{c[1]}")
def test_pledge_reads_follow_the_issue(user: User, cell: tuple[str, str]) -> None:
    level, nation = cell
    expected = cell in SPEC_READS[user.name]
    assert can_read(user, pledge("p", nation, level)) is expected


def test_filter_dataset_hides_pledges_and_their_ids_in_scenarios() -> None:
    pledges = tuple(pledge(f"p-{n}-{lvl}", n, lvl) for lvl, n in CELLS)
    scenario = Scenario(
        id="s", name="s", pledges_in=("p-FRA-national",), pledges_out=("p-GBR-national",)
    )
    ds = Dataset(pledges=pledges, scenarios=(scenario,))
    seen = filter_dataset(GBR, ds)
    assert [p.id for p in seen.pledges] == ["p-FRA-public", "p-FRA-coalition", "p-GBR-national"]
    assert seen.scenarios[0].pledges_in == ()
    assert seen.scenarios[0].pledges_out == ("p-GBR-national",)
    assert filter_dataset(PLANNER, ds) is ds  # nothing hidden: the same object
    assert [p.id for p in filter_dataset(VIEWER, ds).pledges] == ["p-FRA-public"]


def test_proposed_statements_are_for_coalition_users_only() -> None:
    proposed = Statement(
        id="s1",
        nation="ITA",
        date=date(2025, 3, 2),
        stance=Stance.SKEPTICAL,
        quote="never on the table",
        source="src",
        status=StatementStatus.PROPOSED,
    )
    accepted = replace(proposed, id="s2", status=StatementStatus.ACCEPTED)
    ds = Dataset(statements=(proposed, accepted))
    assert [s.id for s in filter_dataset(VIEWER, ds).statements] == ["s2"]
    assert [s.id for s in filter_dataset(ANONYMOUS, ds).statements] == ["s2"]
    assert [s.id for s in filter_dataset(ANALYST, ds).statements] == ["s1", "s2"]


def test_equal_read_scopes_see_equal_data() -> None:
    pledges = tuple(pledge(f"p-{n}-{lvl}", n, lvl) for lvl, n in CELLS)
    ds = Dataset(pledges=pledges)
    for a in EVERYONE:
        for b in EVERYONE:
            same_scope = read_scope(a) == read_scope(b)
            same_data = filter_dataset(a, ds) == filter_dataset(b, ds)
            assert same_data or not same_scope, (a.name, b.name)
    assert read_scope(GBR) != read_scope(FRA)
    assert read_scope(VIEWER) == read_scope(ANONYMOUS)


def test_capabilities_follow_the_roles() -> None:
    assert has(GBR, "pledge:edit")
    assert not has(GBR, "requirement:edit")
    assert has(PLANNER, "requirement:edit")
    assert not has(PLANNER, "pledge:edit")
    assert has(ANALYST, "statement:review")
    assert not has(GBR, "statement:review")
    assert not has(VIEWER, "source:edit")
    assert has(ADMIN, "user:manage")
    assert not has(PLANNER, "user:manage")
    assert has(ANONYMOUS, "data:read", public_read=True)
    assert not has(ANONYMOUS, "data:read", public_read=False)


def test_ensure_names_what_is_missing() -> None:
    with pytest.raises(SignInRequired):
        ensure(ANONYMOUS, Capability.PLEDGE_EDIT)
    with pytest.raises(Forbidden, match="a viewer may not use pledge:edit"):
        ensure(VIEWER, Capability.PLEDGE_EDIT)
    with pytest.raises(Forbidden, match="delegate of GBR may use pledge:edit only for GBR"):
        ensure(GBR, Capability.PLEDGE_EDIT, nation="FRA")
    ensure(GBR, Capability.PLEDGE_EDIT, nation="GBR")


def test_read_only_tokens_cannot_write() -> None:
    script = replace(GBR, scope=TokenScope.READ)
    assert has(script, "data:read")
    with pytest.raises(Forbidden, match="read-only"):
        ensure(script, Capability.PLEDGE_EDIT, nation="GBR")
    ensure(replace(GBR, scope=TokenScope.WRITE), Capability.PLEDGE_EDIT, nation="GBR")


def test_a_delegate_cannot_move_a_pledge_to_another_nation() -> None:
    own = pledge("p1", "GBR", "public")
    ensure_change(GBR, own, replace(own, quantity=2))
    with pytest.raises(Forbidden, match="not for FRA"):
        ensure_change(GBR, own, replace(own, nation="FRA"))
    with pytest.raises(Forbidden):
        ensure_change(GBR, None, pledge("p2", "FRA", "public"))


def test_changing_an_unreadable_object_is_not_found() -> None:
    secret = pledge("p1", "FRA", "national")
    with pytest.raises(NotFound):
        ensure_change(GBR, secret, replace(secret, quantity=5))
    with pytest.raises(NotFound):
        ensure_change(ANALYST, secret, None)


def test_reviewing_a_statement_needs_the_review_capability() -> None:
    proposed = Statement(
        id="s1",
        nation="GBR",
        date=date(2025, 3, 2),
        stance=Stance.LEAD,
        quote="ready",
        source="src",
        status=StatementStatus.PROPOSED,
    )
    accepted = replace(proposed, status=StatementStatus.ACCEPTED)
    ensure_change(ANALYST, proposed, accepted)
    with pytest.raises(Forbidden, match="statement:review"):
        ensure_change(GBR, proposed, accepted)
    ensure_change(GBR, None, accepted)  # a delegation's own first-hand statement


def test_a_delegate_needs_a_nation_and_others_have_none() -> None:
    with pytest.raises(InvalidInput, match="needs a nation"):
        User(name="x", role=Role.DELEGATE)
    with pytest.raises(InvalidInput, match="only a delegate has a nation"):
        User(name="x", role=Role.PLANNER, nation="GBR")
