"""The access policy in one place: who may do what, and which data each user may read.

Reading is decided per object: a pledge by its classification (public: everyone who may read;
coalition: any signed-in coalition user, i.e. admin, planner, delegate, analyst; national: its own
nation's delegates, planners and admins); a statement that is not yet accepted only by coalition
users (the review queue is not public). `filter_dataset` applies this to a whole `Dataset`, so
every list, page, export, count, total and coverage figure built from its result reveals nothing
the user may not read. Unreadable objects are reported as *not found*, never as forbidden, so
their existence does not leak either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from muster.auth.roles import NATION_SCOPED, ROLE_CAPABILITIES, Capability, Role
from muster.auth.user import User
from muster.domain import (
    Actor,
    AidRecord,
    Call,
    Classification,
    Condition,
    Dataset,
    Decision,
    Mission,
    Nation,
    Offer,
    Phase,
    Pledge,
    RequirementLine,
    Scenario,
    Source,
    Statement,
    StatementStatus,
)
from muster.domain import (
    Capability as CapabilityEntry,
)
from muster.errors import Forbidden, NotFound

T = TypeVar("T")

# Which capability changes each entity (the catalogue's Capability is `CapabilityEntry` here).
EDIT_CAPABILITY: dict[type[Any], Capability] = {
    Source: Capability.SOURCE_EDIT,
    Nation: Capability.NATION_EDIT,
    Actor: Capability.ACTOR_EDIT,
    Condition: Capability.CONDITION_EDIT,
    Mission: Capability.REQUIREMENT_EDIT,
    Phase: Capability.REQUIREMENT_EDIT,
    CapabilityEntry: Capability.REQUIREMENT_EDIT,
    RequirementLine: Capability.REQUIREMENT_EDIT,
    Pledge: Capability.PLEDGE_EDIT,
    Statement: Capability.STATEMENT_EDIT,
    AidRecord: Capability.AID_EDIT,
    Scenario: Capability.SCENARIO_EDIT,
    Call: Capability.REQUIREMENT_EDIT,
    Offer: Capability.PLEDGE_EDIT,
}

COALITION_ROLES = frozenset({Role.ADMIN, Role.PLANNER, Role.DELEGATE, Role.ANALYST})
READS_ALL_NATIONAL = frozenset({Role.ADMIN, Role.PLANNER})


class SignInRequired(Forbidden):
    """The request needs a signed-in user (HTTP 401; HTML pages redirect to the login page)."""

    http_status = 401
    title = "Sign-in required"


def has(user: User, capability: Capability | str, *, public_read: bool = True) -> bool:
    """Whether `user`'s role grants `capability` (ignoring which nation an object belongs to).

    Anonymous visitors hold their read capabilities only when `public_read` is on; a read-only
    token holds no capability that writes.
    """
    cap = Capability(capability)
    if user.role is Role.ANONYMOUS and not public_read:
        return False
    if cap.writes and not user.may_write:
        return False
    return cap in ROLE_CAPABILITIES[user.role]


def ensure(
    user: User,
    capability: Capability | str,
    *,
    nation: str | None = None,
    public_read: bool = True,
) -> None:
    """Raise unless `user` may use `capability` (for an object of `nation`, when given).

    Raises `SignInRequired` for an anonymous visitor, `Forbidden` naming the missing capability
    otherwise. A delegate's nation-scoped capabilities (`pledge:edit`, `statement:edit`) hold
    only for its own nation.
    """
    cap = Capability(capability)
    if not has(user, cap, public_read=public_read):
        if not user.signed_in:
            raise SignInRequired(f"sign in to use {cap.value}")
        if cap.writes and not user.may_write:
            raise Forbidden(f"this token is read-only; {cap.value} needs a token with write scope")
        raise Forbidden(f"a {user.role.value} may not use {cap.value}")
    scoped = cap in NATION_SCOPED and user.role is Role.DELEGATE
    if scoped and nation is not None and nation != user.nation:
        raise Forbidden(
            f"a delegate of {user.nation} may use {cap.value} only for {user.nation}, "
            f"not for {nation}"
        )


def readable_classifications(user: User) -> frozenset[Classification]:
    """The classifications of pledges `user` may read (national ones also need the nation)."""
    if user.role in READS_ALL_NATIONAL or user.role is Role.DELEGATE:
        return frozenset(Classification)
    if user.role in COALITION_ROLES:
        return frozenset({Classification.PUBLIC, Classification.COALITION})
    return frozenset({Classification.PUBLIC})


def may_read_pledge(user: User, classification: Classification | str, nation: str) -> bool:
    try:
        level = Classification(classification)
    except ValueError:
        return False  # an unknown level is never readable
    if level is Classification.PUBLIC:
        return True
    if level is Classification.COALITION:
        return user.role in COALITION_ROLES
    return user.role in READS_ALL_NATIONAL or (user.role is Role.DELEGATE and user.nation == nation)


def may_see_proposals(user: User) -> bool:
    """Whether `user` may read statements that are proposed or rejected (the review queue)."""
    return user.role in COALITION_ROLES


def can_read(user: User, obj: object) -> bool:
    """Whether `user` may read the domain object `obj` (assuming it may read data at all)."""
    if isinstance(obj, Pledge | Offer):
        return may_read_pledge(user, obj.classification, obj.nation)
    if isinstance(obj, Statement):
        return obj.status is StatementStatus.ACCEPTED or may_see_proposals(user)
    return True


def can_read_record(user: User, entity: str, record: Mapping[str, Any] | None) -> bool:
    """The same rule for a plain record of `entity` (a history snapshot, a row as a dict).

    A record lacking the fields the rule needs is treated as unreadable: fail closed.
    """
    if record is None:
        return True
    if entity in ("pledge", "offer"):
        return may_read_pledge(
            user,
            str(record.get("classification", "")),
            str(record.get("nation", "")),
        )
    if entity == "statement":
        status = record.get("status", StatementStatus.ACCEPTED.value)
        return status == StatementStatus.ACCEPTED.value or may_see_proposals(user)
    return True


def ensure_readable(user: User, obj: T, *, entity: str, key: str) -> T:
    """`obj` when `user` may read it; otherwise `NotFound`, exactly as if it did not exist."""
    if not can_read(user, obj):
        raise NotFound(f"no {entity} {key!r}")
    return obj


def readable(user: User, objects: Iterable[T]) -> list[T]:
    """The objects `user` may read, in the given order."""
    return [o for o in objects if can_read(user, o)]


def scrub_scenario(scenario: Scenario, hidden: set[str] | frozenset[str]) -> Scenario:
    """`scenario` without the ids of `hidden` pledges in `pledges_in` / `pledges_out`."""
    if not hidden or not (set(scenario.pledges_in) | set(scenario.pledges_out)) & hidden:
        return scenario
    return replace(
        scenario,
        pledges_in=tuple(p for p in scenario.pledges_in if p not in hidden),
        pledges_out=tuple(p for p in scenario.pledges_out if p not in hidden),
    )


def filter_dataset(user: User, dataset: Dataset) -> Dataset:
    """The part of `dataset` that `user` may read; compute every figure shown to them from it.

    Drops unreadable pledges and unaccepted statements, and removes the ids of hidden pledges
    from scenarios (an id alone would reveal that the pledge exists).
    """
    pledges = tuple(p for p in dataset.pledges if can_read(user, p))
    hidden = {p.id for p in dataset.pledges} - {p.id for p in pledges}
    statements = tuple(s for s in dataset.statements if can_read(user, s))
    scenarios = tuple(scrub_scenario(s, hidden) for s in dataset.scenarios)
    offers = tuple(
        o if o.pledge is None or o.pledge not in hidden else replace(o, pledge=None)
        for o in dataset.offers
        if can_read(user, o)
    )
    if (
        len(pledges) == len(dataset.pledges)
        and len(statements) == len(dataset.statements)
        and scenarios == dataset.scenarios
        and offers == dataset.offers
    ):
        return dataset
    return replace(
        dataset, pledges=pledges, statements=statements, scenarios=scenarios, offers=offers
    )


def read_scope(user: User) -> tuple[str, ...]:
    """A key naming exactly what `user` may read: users with equal keys see equal data.

    Use it with the data's version to cache figures computed from `filter_dataset`.
    """
    levels = sorted(c.value for c in readable_classifications(user))
    nation = user.nation if user.role is Role.DELEGATE else None
    national = "all" if user.role in READS_ALL_NATIONAL else (nation or "none")
    proposals = "proposals" if may_see_proposals(user) else "accepted"
    return (*levels, f"national={national}", proposals)


def nation_of(obj: object) -> str | None:
    """The nation an object belongs to, for nation-scoped capabilities (pledges, statements)."""
    if isinstance(obj, Pledge | Statement | Offer):
        return obj.nation
    return None


def ensure_change(
    user: User,
    before: object | None,
    after: object | None,
    *,
    public_read: bool = True,
) -> None:
    """Raise unless `user` may change `before` into `after` (None: create / delete).

    The object must be readable (else NotFound, as if absent); the entity's edit capability
    must hold for the nation of both versions (a delegate cannot move a pledge to another
    nation); changing a statement's review status needs `statement:review`.
    """
    sample = after if after is not None else before
    if sample is None:
        raise ValueError("ensure_change needs an object before or after the change")
    cap = EDIT_CAPABILITY[type(sample)]
    if before is not None and not can_read(user, before):
        raise NotFound(f"no {type(before).__name__.lower()} {getattr(before, 'key', '')!r}")
    ensure(user, cap, public_read=public_read)
    for obj in (before, after):
        if obj is not None:
            ensure(user, cap, nation=nation_of(obj), public_read=public_read)
    if (
        isinstance(before, Statement)
        and isinstance(after, Statement)
        and before.status is not after.status
    ):
        ensure(user, Capability.STATEMENT_REVIEW, public_read=public_read)
    if isinstance(after, Offer) and (
        after.decision is not Decision.PENDING
        or (
            isinstance(before, Offer)
            and (before.decision, before.pledge) != (after.decision, after.pledge)
        )
    ):
        # deciding on an offer (and linking the pledge it became) is the planner's
        ensure(user, Capability.REQUIREMENT_EDIT, public_read=public_read)
