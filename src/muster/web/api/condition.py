"""REST routes for conditions that pledges and stances depend on."""

from __future__ import annotations

from muster.domain import Condition
from muster.web.api._crud import crud_router

router = crud_router(Condition)
