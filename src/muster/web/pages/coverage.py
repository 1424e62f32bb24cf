"""Coverage figures for pages, computed by the engine on what the reader may read, cached."""

from __future__ import annotations

from datetime import date

from muster.web.pages.data import PageData
from muster.web.viewmodels.coverage import CoverageView, coverage_for


def current_coverage(
    data: PageData, scenario: str | None, as_of: date | None = None
) -> CoverageView | None:
    """Coverage of the readable data under `scenario` (None: the data as they stand), as of a
    day when given.

    None when there are no requirement lines, or until the engine's coverage lands.
    """
    return data.cached(
        "coverage",
        scenario,
        as_of,
        make=lambda: coverage_for(data.dataset, scenario, as_of=as_of),
    )
