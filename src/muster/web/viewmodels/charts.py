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

from muster.app.trends import AidTrend, CoverageTrend, PledgeLife, StatusSeries
from muster.domain import PledgeStatus, Stance
from muster.web.i18n import N_, Message
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


# A count's hover box names its trace (`%{fullData.name}`): the name, translated with the
# figure, so the hover is in the reader's language too.
HOVER_COUNT = "%{x}: %{y} %{fullData.name}<extra></extra>"


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
            "hovertemplate": HOVER_COUNT,
        }
        for st in Stance
    ]
    return {
        "data": data,
        "layout": _layout(
            N_("Nations per stance over time"),
            yaxis={"title": {"text": N_("nations")}, "rangemode": "tozero", "dtick": 5},
            xaxis={"type": "date"},
        ),
    }


# Pledge statuses in their order of life, with colours that read apart (and a table beside).
STATUS_COLOURS: dict[PledgeStatus, str] = {
    PledgeStatus.DRAFT: "#bdbdbd",
    PledgeStatus.OFFERED: "#9ecae1",
    PledgeStatus.CONFIRMED: "#3182bd",
    PledgeStatus.DEPLOYED: "#08519c",
    PledgeStatus.WITHDRAWN: "#b30000",
}
PHASE_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
STAGE_DASH = {"committed": "dot", "allocated": "dash", "delivered": "solid"}


def pledge_life_figure(life: PledgeLife) -> Figure:
    """One pledge's status over time (a step line across the statuses, in life order)."""
    order = [s.value for s in PledgeStatus]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": life.pledge,
                "x": [p.at.isoformat() for p in life.points],
                "y": [p.status.value for p in life.points],
                "line": {"shape": "hv", "color": "#13294b"},
                "marker": {"size": 9, "color": [STATUS_COLOURS[p.status] for p in life.points]},
                "text": [
                    Message(
                        N_("%(clock)s: %(who)s %(why)s"),
                        clock=Message(p.clock),
                        who=p.who or "",
                        why=p.why or "",
                    )
                    for p in life.points
                ],
                "hovertemplate": "%{x}: %{y}<br>%{text}<extra></extra>",
            }
        ],
        "layout": _layout(
            Message(N_("Life of pledge %(id)s"), id=life.pledge),
            xaxis={"type": "date"},
            yaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": order,
                "tickvals": order,
                "ticktext": [Message(status) for status in order],  # in the reader's language
            },
        ),
    }


def status_series_figure(series: StatusSeries) -> Figure:
    """Pledges in each status over time (stacked steps)."""
    days = [d.isoformat() for d in series.days]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": status.value,
                "x": days,
                "y": list(series.counts[status]),
                "stackgroup": "statuses",
                "line": {"shape": "hv", "width": 0.5, "color": STATUS_COLOURS[status]},
                "fillcolor": STATUS_COLOURS[status],
                "hovertemplate": HOVER_COUNT,
            }
            for status in PledgeStatus
        ],
        "layout": _layout(
            N_("Pledges by status over time"),
            yaxis={"title": {"text": N_("pledges")}, "rangemode": "tozero"},
            xaxis={"type": "date"},
        ),
    }


def coverage_trend_figure(trend: CoverageTrend) -> Figure:
    """Per phase, percent of the requirement pledged (dashed) and covered (solid) over time."""
    days = [d.isoformat() for d in trend.days]
    data = []
    for i, ph in enumerate(trend.phases):
        colour = PHASE_COLOURS[i % len(PHASE_COLOURS)]
        for name, values, dash in (
            (Message(N_("%(phase)s: pledged"), phase=ph.name), ph.pledged, "dash"),
            (Message(N_("%(phase)s: covered"), phase=ph.name), ph.covered, "solid"),
        ):
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": name,
                    "x": days,
                    "y": list(values),
                    "line": {"shape": "hv", "color": colour, "dash": dash},
                    "hovertemplate": "%{x}: %{y:.1f} %<extra>%{fullData.name}</extra>",
                }
            )
    return {
        "data": data,
        "layout": _layout(
            N_("Pledged and covered, per phase, in percent of the requirement"),
            yaxis={"title": {"text": N_("percent of requirement")}, "range": [0, 105]},
            xaxis={"type": "date"},
        ),
    }


def aid_trend_figure(trend: AidTrend) -> Figure:
    """Each donor's aid value over time (EUR), one line per stage."""
    days = [d.isoformat() for d in trend.days]
    data = []
    for i, donor in enumerate(trend.donors):
        colour = PHASE_COLOURS[i % len(PHASE_COLOURS)]
        for stage, dash in STAGE_DASH.items():
            values = donor.values[stage]
            if not any(values):
                continue
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": Message(
                        N_("%(donor)s: %(stage)s"), donor=donor.name, stage=Message(stage)
                    ),
                    "x": days,
                    "y": list(values),
                    "line": {"shape": "hv", "color": colour, "dash": dash},
                    "hovertemplate": "%{x}: €%{y:,.0f}<extra>%{fullData.name}</extra>",
                }
            )
    return {
        "data": data,
        "layout": _layout(
            N_("Aid by donor over time (EUR, cumulative)"),
            yaxis={"title": {"text": "EUR"}, "rangemode": "tozero"},
            xaxis={"type": "date"},
        ),
    }
