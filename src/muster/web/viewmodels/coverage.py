"""Coverage as pages show it: the view lives in `muster.app.coverage` (use cases show it too)."""

from muster.app.coverage import (
    CoverageCell,
    CoverageView,
    Filler,
    LineCoverage,
    NationShare,
    coverage_for,
    coverage_view,
)

__all__ = [
    "CoverageCell",
    "CoverageView",
    "Filler",
    "LineCoverage",
    "NationShare",
    "coverage_for",
    "coverage_view",
]
