"""Plotly figures (plain dicts: `{"data": [...], "layout": {...}}`) built from view models.

Pages put a figure in a `data-figure` attribute and `static/js/muster.js` draws it with the
Plotly bundled in the `plotly` package; each chart also has a table for readers without
JavaScript and for screen readers. Nothing here fetches anything (no geo traces, no CDN).
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import plotly

from muster.domain import Stance
from muster.web.viewmodels.common import STANCE_COLOURS, STANCE_LABELS
from muster.web.viewmodels.stance import StanceSeries

Figure = dict[str, Any]
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"}


@cache
def plotly_version() -> str:
    return metadata.version("plotly")


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the installed `plotly` package."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 15}},
        "font": FONT,
        "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.2},
    }
    layout.update(extra)
    return layout


def stance_counts_figure(series: StanceSeries) -> Figure:
    """Stacked step areas: how many nations hold each stance over time."""
    days = [d.isoformat() for d in series.days]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": STANCE_LABELS[st],
            "x": days,
            "y": list(series.counts[st]),
            "stackgroup": "stances",
            "line": {"shape": "hv", "width": 0.5, "color": STANCE_COLOURS[st]},
            "fillcolor": STANCE_COLOURS[st],
            "hovertemplate": f"%{{x}}: %{{y}} {STANCE_LABELS[st].lower()}<extra></extra>",
        }
        for st in Stance
    ]
    return {
        "data": data,
        "layout": _layout(
            "Nations per stance over time",
            yaxis={"title": {"text": "nations"}, "rangemode": "tozero", "dtick": 5},
            xaxis={"type": "date"},
        ),
    }
