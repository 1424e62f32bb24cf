"""REST routes for scenarios: named assumption sets (conditions forced, nations in or out)."""

from __future__ import annotations

from muster.domain import Scenario
from muster.web.api._crud import crud_router

router = crud_router(Scenario)
