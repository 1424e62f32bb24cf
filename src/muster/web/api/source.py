"""REST routes for sources: the documents every statement and pledge traces back to."""

from __future__ import annotations

from muster.domain import Source
from muster.web.api._crud import crud_router

router = crud_router(Source)
