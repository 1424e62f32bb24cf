"""REST routes for aid records (committed, allocated, delivered), as the Kiel tracker keeps them,
and `/aid`: the coalition's aid per donor and stage (the JSON twin of the `/aid` page)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from muster.app.aid import coalition_aid
from muster.domain import AidRecord
from muster.store import load_dataset
from muster.web.api._crud import crud_router
from muster.web.deps import DbSession, Reader
from muster.web.pages.clock import today
from muster.web.viewmodels.common import jsonable

router = APIRouter()


@router.get(
    "/aid",
    tags=["aid-records"],
    summary="Aid to Ukraine per donor: committed, allocated, delivered by a day, % of GDP",
)
def get_coalition_aid(
    user: Reader,
    db: DbSession,
    as_of: Annotated[
        date | None,
        Query(description="Stages reached by this day (default: today, as on the page)"),
    ] = None,
) -> dict[str, Any]:
    found = coalition_aid(user=user, dataset=load_dataset(session=db), as_of=as_of or today())
    out: dict[str, Any] = jsonable(found)
    return out


router.include_router(crud_router(AidRecord))
