"""The REST API under /api/v1: one module per concept, combined into one router here."""

from __future__ import annotations

from fastapi import APIRouter

from muster.web.api import (
    actor,
    aid,
    analysis,
    article,
    audit,
    changes,
    condition,
    conference,
    exchange,
    feed,
    jobs,
    mission,
    nation,
    pledge,
    scenario,
    session,
    source,
    stance,
    statement,
    subscription,
    token,
    user,
)
from muster.web.api.problems import problem_responses

API_V1 = "/api/v1"
MODULES = (
    session,
    token,
    user,
    source,
    nation,
    actor,
    condition,
    mission,
    pledge,
    statement,
    article,
    feed,
    stance,
    aid,
    conference,
    scenario,
    exchange,
    audit,
    changes,
    subscription,
    analysis,
    jobs,
)


def api_router() -> APIRouter:
    """Every /api/v1 route."""
    router = APIRouter(prefix=API_V1, responses=problem_responses())
    for module in MODULES:
        router.include_router(module.router)
    return router
