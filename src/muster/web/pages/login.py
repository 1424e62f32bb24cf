"""Signing in and out from the browser (`/login`, `/logout`), on the server's session rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.app.sessions import end_sessions
from muster.errors import Forbidden
from muster.web.deps import CurrentUser, DbSession
from muster.web.i18n import N_
from muster.web.pages.render import page
from muster.web.security import TooManyAttempts, password_sign_in, sign_out

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class LoginView:
    next: str
    username: str = ""
    error: str | None = None


def safe_next(target: str | None) -> str:
    """A local path to go back to after signing in (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    return page(
        request, "login.html", LoginView(safe_next(next)), title=N_("Sign in"), section="login"
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DbSession,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password (rate limited); on success go back to `next`, else show the form."""
    target = safe_next(next)
    if not username or not password:
        view = LoginView(target, username, N_("enter your user name and your password"))
        return page(request, "login.html", view, title=N_("Sign in"), status=422)
    try:
        password_sign_in(request, db, username, password)
    except TooManyAttempts as e:
        view = LoginView(target, username, str(e))
        headers = {"Retry-After": str(e.retry_after)}
        return page(request, "login.html", view, title=N_("Sign in"), status=429, headers=headers)
    except Forbidden:
        view = LoginView(target, username, N_("wrong user name or password"))
        return page(request, "login.html", view, title=N_("Sign in"), status=401)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, user: CurrentUser, db: DbSession) -> Response:
    """End the session, on the server too (a copy of the cookie stops working), and go to the
    dashboard."""
    end_sessions(db=db, user=user)
    sign_out(request)
    return RedirectResponse("/", status_code=303)
