"""REST routes for actors, who speak for nations through offices held over time."""

from __future__ import annotations

from muster.domain import Actor
from muster.web.api._crud import crud_router

router = crud_router(Actor)
