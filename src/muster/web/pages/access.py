"""Whether to offer an action on a page, asked of the one policy in `muster.auth` (no role ifs).

Offering is a courtesy: the route that performs the action still enforces the policy through
its dependency and the service call.
"""

from __future__ import annotations

from fastapi import Request

from muster.auth import Capability, User, ensure
from muster.errors import Forbidden


def may(
    request: Request, user: User, capability: Capability | str, nation: str | None = None
) -> bool:
    """True when `user` may use `capability` (for an object of `nation`, when given)."""
    try:
        ensure(user, capability, nation=nation, public_read=request.app.state.settings.public_read)
    except Forbidden:
        return False
    return True
