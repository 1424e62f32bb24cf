"""`/tokens`: the signed-in user's API tokens for scripts: list, create (shown once), revoke."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.auth import Capability, TokenScope, User, has
from muster.errors import InvalidInput
from muster.store import user as user_store
from muster.store.user import TokenRecord
from muster.web.deps import DbSession, TokenOwner
from muster.web.i18n import N_, Message
from muster.web.pages.render import page
from muster.web.viewmodels.pledge import field_errors

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: str
    username: str
    name: str
    prefix: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class TokensView:
    """The user's tokens; `secret` only in the answer to the request that created one."""

    tokens: tuple[TokenRow, ...]
    scopes: tuple[str, ...]
    secret: str | None = None
    secret_name: str | None = None
    errors: dict[str, list[str]] | None = None
    notice: str | None = None


def _row(t: TokenRecord) -> TokenRow:
    return TokenRow(
        t.id, t.username, t.name, t.prefix, t.scope.value, t.created_at, t.last_used_at,
        t.revoked_at,
    )  # fmt: skip


def _owner(user: User) -> str | None:
    """Whose tokens to list and revoke: the user's own, everyone's for an admin (the policy)."""
    return None if has(user, Capability.USER_MANAGE) else user.name


def _view(
    db: DbSession,
    user: User,
    *,
    secret: str | None = None,
    secret_name: str | None = None,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
) -> TokensView:
    found = user_store.list_tokens(session=db, username=_owner(user), include_revoked=True)
    rows = tuple(_row(t) for t in sorted(found, key=lambda t: t.created_at, reverse=True))
    scopes = tuple(s.value for s in TokenScope)
    return TokensView(rows, scopes, secret, secret_name, errors, notice)


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(
    request: Request, user: TokenOwner, db: DbSession, revoked: str | None = None
) -> Response:
    """Your API tokens, and a form to make one for a script."""
    notice = Message(N_("Revoked token %(id)s."), id=revoked) if revoked else None
    return page(request, "tokens.html", _view(db, user, notice=notice), title=N_("API tokens"))


@router.post("/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    user: TokenOwner,
    db: DbSession,
    name: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=10)] = "read",
) -> Response:
    """Create a token and show its secret this once (the answer is never cached)."""
    try:
        _record, secret = user_store.create_token(
            session=db, username=user.name, name=name.strip(), scope=scope
        )
    except InvalidInput as e:
        errors, general = field_errors(e.problems)
        if general:
            errors[""] = list(general)
        view = _view(db, user, errors=errors)
        return page(request, "tokens.html", view, title=N_("API tokens"), status=422)
    view = _view(db, user, secret=secret, secret_name=name.strip())
    return page(
        request, "tokens.html", view, title=N_("API tokens"), headers={"Cache-Control": "no-store"}
    )


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: str, user: TokenOwner, db: DbSession) -> Response:
    """Revoke a token at once: scripts using it are refused from now on."""
    user_store.revoke_token(session=db, token_id=token_id, username=_owner(user))
    return RedirectResponse(f"/tokens?revoked={token_id}", status_code=303)
