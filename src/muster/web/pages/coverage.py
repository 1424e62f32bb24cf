"""Coverage figures for pages, computed by the engine on what the reader may read, cached."""

from __future__ import annotations

from muster.web.pages.data import PageData
from muster.web.viewmodels.coverage import CoverageView, coverage_for


def current_coverage(data: PageData, scenario: str | None) -> CoverageView | None:
    """Coverage of the readable data under `scenario` (None: the data as they stand).

    None when there are no requirement lines, or until the engine's coverage lands.
    """
    return data.cached("coverage", scenario, make=lambda: coverage_for(data.dataset, scenario))
