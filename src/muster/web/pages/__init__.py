"""Server-rendered pages (Jinja2 + htmx), one module per page; each has a JSON twin.

`install(app)` is called by `muster.web.app.create_app`: it mounts the static assets, every
page router, and the HTML rendering of error documents.
"""

from __future__ import annotations

from fastapi import FastAPI

from muster.web.pages import (
    about,
    aid,
    audit,
    brief,
    changes,
    charts,
    conference,
    dashboard,
    feed,
    login,
    nation,
    pledge,
    records,
    requirement,
    review,
    scenario,
    subscription,
    tables,
    token,
)
from muster.web.pages.assets import mount_assets
from muster.web.pages.errors import error_page

ROUTERS = (
    about.router,
    aid.router,
    feed.router,  # before audit: its /history/feed/{id} answers before /history/{entity}/{key}
    audit.router,
    brief.router,
    changes.router,
    charts.router,
    conference.router,
    dashboard.router,
    login.router,
    nation.router,
    pledge.router,
    records.router,
    requirement.router,
    review.router,
    scenario.router,
    subscription.router,
    tables.router,
    token.router,
)


def install(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
    mount_assets(app)
    app.state.error_page = error_page


__all__ = ["install"]
