"""Roles and the named capabilities each one holds: the table every access decision starts from.

A capability is a verb on a concept (`pledge:edit`, `statement:review`). Routes ask for one by
name through `muster.web.deps.require`; object-level limits (a delegate edits only its own
nation's pledges) and classification reads live in `muster.auth.policy`.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who a user is in the coalition. `anonymous` is a visitor who has not signed in."""

    ADMIN = "admin"
    PLANNER = "planner"
    DELEGATE = "delegate"
    ANALYST = "analyst"
    VIEWER = "viewer"
    ANONYMOUS = "anonymous"

    @property
    def assignable(self) -> bool:
        """Whether a stored user may have this role (anonymous is only ever implied)."""
        return self is not Role.ANONYMOUS


class Capability(StrEnum):
    """A named permission. `writes` tells whether it changes data (refused to read-only tokens)."""

    DATA_READ = "data:read"
    DATA_EXPORT = "data:export"
    HISTORY_READ = "history:read"
    ANALYSIS_RUN = "analysis:run"
    TOKEN_MANAGE = "token:manage"
    SUBSCRIPTION_MANAGE = "subscription:manage"
    PLEDGE_EDIT = "pledge:edit"
    STATEMENT_EDIT = "statement:edit"
    STATEMENT_REVIEW = "statement:review"
    INGEST_RUN = "ingest:run"
    SOURCE_EDIT = "source:edit"
    NATION_EDIT = "nation:edit"
    ACTOR_EDIT = "actor:edit"
    AID_EDIT = "aid:edit"
    CONDITION_EDIT = "condition:edit"
    REQUIREMENT_EDIT = "requirement:edit"
    SCENARIO_EDIT = "scenario:edit"
    DATA_IMPORT = "data:import"
    USER_MANAGE = "user:manage"

    @property
    def writes(self) -> bool:
        return self not in _READS


_READS = frozenset(
    {
        Capability.DATA_READ,
        Capability.DATA_EXPORT,
        Capability.HISTORY_READ,
        Capability.ANALYSIS_RUN,
    }
)

# Capabilities a delegate holds only for its own nation's objects (checked by `policy.ensure`).
NATION_SCOPED: frozenset[Capability] = frozenset(
    {Capability.PLEDGE_EDIT, Capability.STATEMENT_EDIT}
)

C = Capability
_SIGNED_IN = frozenset(
    {
        C.DATA_READ,
        C.DATA_EXPORT,
        C.HISTORY_READ,
        C.ANALYSIS_RUN,
        C.TOKEN_MANAGE,
        C.SUBSCRIPTION_MANAGE,
    }
)

# The policy table (docs/web.md renders it from here; tests walk it cell by cell).
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.PLANNER: _SIGNED_IN
    | {C.SOURCE_EDIT, C.CONDITION_EDIT, C.REQUIREMENT_EDIT, C.SCENARIO_EDIT},
    Role.DELEGATE: _SIGNED_IN | {C.PLEDGE_EDIT, C.STATEMENT_EDIT, C.SOURCE_EDIT},
    Role.ANALYST: _SIGNED_IN
    | {
        C.STATEMENT_EDIT,
        C.STATEMENT_REVIEW,
        C.INGEST_RUN,
        C.SOURCE_EDIT,
        C.NATION_EDIT,
        C.ACTOR_EDIT,
        C.AID_EDIT,
    },
    Role.VIEWER: _SIGNED_IN,
    # Anonymous visitors read public data only, and only when MUSTER_PUBLIC_READ is on.
    Role.ANONYMOUS: frozenset({C.DATA_READ, C.DATA_EXPORT}),
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMIN: "everything, including users and bulk import",
    Role.PLANNER: "the coalition's planning cell: reads everything; edits requirements, "
    "conditions and scenarios",
    Role.DELEGATE: "a nation's delegation: edits its own nation's pledges and statements; reads "
    "public, coalition and its own national data",
    Role.ANALYST: "edits statements, reviews proposed statements, runs ingestion; reads public "
    "and coalition data",
    Role.VIEWER: "reads public data only",
    Role.ANONYMOUS: "reads public data only, when MUSTER_PUBLIC_READ is on",
}


def policy_table() -> str:
    """Markdown: which role holds which capability (docs/web.md embeds it; a test checks)."""
    roles = list(Role)
    rows = ["| capability | " + " | ".join(r.value for r in roles) + " |"]
    rows.append("|---|" + "---|" * len(roles))
    for cap in Capability:
        marks = []
        for r in roles:
            if cap not in ROLE_CAPABILITIES[r]:
                marks.append("")
            elif r is Role.DELEGATE and cap in NATION_SCOPED:
                marks.append("own nation")
            else:
                marks.append("yes")
        rows.append(f"| `{cap.value}` | " + " | ".join(marks) + " |")
    return "\n".join(rows) + "\n"
