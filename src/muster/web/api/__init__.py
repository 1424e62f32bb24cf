"""The REST API under /api/v1: one module per concept, combined into one router here."""

from __future__ import annotations

from fastapi import APIRouter

from muster.web.api import session, token, user

API_V1 = "/api/v1"


def api_router() -> APIRouter:
    """Every /api/v1 route (built on call, so nothing happens at import)."""
    router = APIRouter(prefix=API_V1)
    for module in (session, token, user):
        router.include_router(module.router)
    return router
