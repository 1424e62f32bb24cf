"""The signed-in user (or anonymous visitor) a request acts as: role, nation, how they signed in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from muster.auth.roles import Role
from muster.errors import InvalidInput, Problem, describe

ISO3 = re.compile(r"^[A-Z]{3}$")


class TokenScope(StrEnum):
    """What an API token may do: `read` refuses every capability that writes."""

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """Who is asking. `nation` is set for delegates only; `scope` is set when a token is used."""

    name: str
    role: Role
    nation: str | None = None
    scope: TokenScope | None = None

    def __post_init__(self) -> None:
        problems = check_role_nation(self.role, self.nation)
        if problems:
            raise InvalidInput(problems)

    @property
    def signed_in(self) -> bool:
        return self.role is not Role.ANONYMOUS

    @property
    def may_write(self) -> bool:
        return self.signed_in and self.scope is not TokenScope.READ

    @property
    def label(self) -> str:
        """How history and messages name this user: `gbr-delegate (delegate of GBR)`."""
        if self.role is Role.DELEGATE:
            return f"{self.name} (delegate of {self.nation})"
        return f"{self.name} ({self.role.value})"


def check_role_nation(role: Role, nation: str | None) -> list[Problem]:
    """Problems with a role/nation pair: a delegate needs a nation, no other role has one."""
    problems: list[Problem] = []
    if role is Role.DELEGATE:
        if nation is None:
            problems.append(Problem("a delegate needs a nation (--nation GBR)", field="nation"))
        elif not isinstance(nation, str) or not ISO3.match(nation):
            problems.append(
                Problem(
                    f"expected an ISO 3166-1 alpha-3 code such as 'GBR', got {describe(nation)}",
                    field="nation",
                )
            )
    elif nation is not None:
        problems.append(
            Problem(f"only a delegate has a nation; a {role.value} has none", field="nation")
        )
    return problems


ANONYMOUS = User(name="anonymous", role=Role.ANONYMOUS)

# The operator at the database's own console (the CLI's `--local-admin`, for set-up): an admin
# with a fixed name, so history says `user:local-admin`, never an operating-system login. No
# stored user may take this name (`store.user.add_user` refuses it).
LOCAL_ADMIN = User(name="local-admin", role=Role.ADMIN)
