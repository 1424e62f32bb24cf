"""REST routes for aid records (committed, allocated, delivered), as the Kiel tracker keeps them."""

from __future__ import annotations

from muster.domain import AidRecord
from muster.web.api._crud import crud_router

router = crud_router(AidRecord)
