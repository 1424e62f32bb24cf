"""Stances as of a date, derived from accepted statements (never typed in twice)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from muster.domain import Stance, Statement, StatementStatus, stance_timeline, stances_as_of
from muster.domain.records import to_record
from muster.store import utcnow
from muster.store.load import load_rows
from muster.store.schema import TABLES
from muster.web.api.schemas import nested_model
from muster.web.deps import DbSession, Reader

router = APIRouter(prefix="/stances", tags=["stances"])
StatementRecord: Any = nested_model(Statement)


class NationStance(BaseModel):
    nation: str
    stance: Stance
    statement: StatementRecord = Field(description="The accepted statement that decided it")


class StancesAsOf(BaseModel):
    """Every nation's stance on `as_of` (nations with no accepted statement by then are absent)."""

    as_of: date
    stances: list[NationStance]
    counts: dict[Stance, int] = Field(description="Nations per stance")
    stepped_up: int = Field(description="Nations that lead, are willing or are conditional")


def accepted_statements(db: Session) -> list[Statement]:
    """Every accepted statement (what stances derive from; readable by anyone who reads data)."""
    status = TABLES[Statement].table.c.status
    rows = load_rows(session=db, cls=Statement, where=status == StatementStatus.ACCEPTED.value)
    return [s.obj for s in rows]


def _entry(nation: str, stance: Stance, statement: Statement) -> dict[str, Any]:
    return {"nation": nation, "stance": stance, "statement": to_record(statement)}


@router.get("", response_model=StancesAsOf, summary="Every nation's stance on a date")
def stances(
    _: Reader,
    db: DbSession,
    as_of: Annotated[date | None, Query(description="The date (YYYY-MM-DD); default today")] = None,
) -> dict[str, Any]:
    as_of = as_of or utcnow().date()
    found = stances_as_of(accepted_statements(db), as_of)
    ordered = sorted(found.values(), key=lambda s: s.nation)
    counts = {st: 0 for st in Stance}
    for s in ordered:
        counts[s.stance] += 1
    return {
        "as_of": as_of,
        "stances": [_entry(s.nation, s.stance, s.statement) for s in ordered],
        "counts": counts,
        "stepped_up": sum(n for st, n in counts.items() if st.stepped_up),
    }


@router.get(
    "/{nation}/timeline",
    response_model=list[NationStance],
    summary="A nation's stance at each date it was set, oldest first",
)
def timeline(nation: str, _: Reader, db: DbSession) -> list[dict[str, Any]]:
    found = stance_timeline(accepted_statements(db), nation)
    return [_entry(s.nation, s.stance, s.statement) for s in found]
