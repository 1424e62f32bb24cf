"""The access policy in one place: roles, capabilities, classification reads, passwords, tokens."""

from muster.auth.policy import (
    SignInRequired,
    can_read,
    can_read_record,
    ensure,
    ensure_readable,
    filter_dataset,
    has,
    may_read_pledge,
    may_see_proposals,
    read_scope,
    readable,
    readable_classifications,
)
from muster.auth.roles import (
    NATION_SCOPED,
    ROLE_CAPABILITIES,
    ROLE_DESCRIPTIONS,
    Capability,
    Role,
)
from muster.auth.user import ANONYMOUS, LOCAL_ADMIN, TokenScope, User, check_role_nation

__all__ = [
    "ANONYMOUS",
    "LOCAL_ADMIN",
    "NATION_SCOPED",
    "ROLE_CAPABILITIES",
    "ROLE_DESCRIPTIONS",
    "Capability",
    "Role",
    "SignInRequired",
    "TokenScope",
    "User",
    "can_read",
    "can_read_record",
    "check_role_nation",
    "ensure",
    "ensure_readable",
    "filter_dataset",
    "has",
    "may_read_pledge",
    "may_see_proposals",
    "read_scope",
    "readable",
    "readable_classifications",
]
