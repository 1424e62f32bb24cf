"""The dashboard: stance map on a date, nations per stance over time, coverage, gaps, freshness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from muster.domain import Dataset, StatementStatus
from muster.web.viewmodels.coverage import CoverageView
from muster.web.viewmodels.stance import StanceMap, StanceSeries, stance_map, stance_series


@dataclass(frozen=True, slots=True)
class Freshness:
    """How current the data are: the newest statement, source and recorded change."""

    latest_statement: date | None
    latest_source: date | None
    last_change: datetime | None
    proposed_waiting: int
    data_version: str | None = None


@dataclass(frozen=True, slots=True)
class DashboardView:
    map: StanceMap
    series: StanceSeries
    coverage: CoverageView | None
    freshness: Freshness


def freshness(
    ds: Dataset, *, last_change: datetime | None = None, data_version: str | None = None
) -> Freshness:
    accepted = [s.date for s in ds.statements if s.status is StatementStatus.ACCEPTED]
    published = [s.published for s in ds.sources if s.published is not None]
    return Freshness(
        latest_statement=max(accepted, default=None),
        latest_source=max(published, default=None),
        last_change=last_change,
        proposed_waiting=sum(1 for s in ds.statements if s.status is StatementStatus.PROPOSED),
        data_version=data_version,
    )


def dashboard(
    ds: Dataset,
    *,
    as_of: date,
    today: date,
    coverage: CoverageView | None,
    last_change: datetime | None = None,
    data_version: str | None = None,
) -> DashboardView:
    """Everything the dashboard shows, computed from `ds` (already filtered for the reader)."""
    return DashboardView(
        map=stance_map(ds, as_of=as_of, today=today),
        series=stance_series(ds, today=today),
        coverage=coverage,
        freshness=freshness(ds, last_change=last_change, data_version=data_version),
    )
