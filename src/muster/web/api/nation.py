"""REST routes for nations (keyed by ISO3): names, aliases, EU/NATO membership, GDP."""

from __future__ import annotations

from muster.domain import Nation
from muster.web.api._crud import crud_router

router = crud_router(Nation)
