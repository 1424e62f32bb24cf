"""REST routes for what the mission needs: missions, phases, the capability catalogue, lines."""

from __future__ import annotations

from fastapi import APIRouter

from muster.domain import Capability, Mission, Phase, RequirementLine
from muster.web.api._crud import crud_router

router = APIRouter()
for cls in (Mission, Phase, Capability, RequirementLine):
    router.include_router(crud_router(cls))
