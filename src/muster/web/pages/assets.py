"""Static assets, all from the installed packages: Muster's own files, Plotly's bundle, the map.

Versioned URLs (`plotly-<version>.min.js`, `world-<hash>.svg`) are cached by browsers for a year;
Muster's own files carry `?v=<muster version>` and are cached for an hour.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from muster.errors import NotFound
from muster.web.viewmodels.charts import plotly_js_path, plotly_version
from muster.web.viewmodels.worldmap import sprite_svg, sprite_url_version

IMMUTABLE = "public, max-age=31536000, immutable"
STATIC_DIR = Path(str(resources.files("muster.web") / "static"))

router = APIRouter(include_in_schema=False)


@router.get("/static/vendor/plotly-{version}.min.js")
def plotly_js(version: str) -> Response:
    """Plotly's JavaScript bundle as shipped inside the `plotly` Python package."""
    if version != plotly_version():
        raise NotFound(f"this server ships Plotly {plotly_version()}, not {version}")
    return FileResponse(
        plotly_js_path(), media_type="text/javascript", headers={"Cache-Control": IMMUTABLE}
    )


@router.get("/static/map/world-{version}.svg")
def world_sprite(version: str) -> Response:
    """Every country's outline as one SVG the stance map references with `<use>`."""
    if version != sprite_url_version():
        raise NotFound(f"no map version {version}; this server has {sprite_url_version()}")
    return Response(sprite_svg(), media_type="image/svg+xml", headers={"Cache-Control": IMMUTABLE})


class CachedStaticFiles(StaticFiles):
    """StaticFiles whose responses may be cached by the browser for an hour."""

    def file_response(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
        return response


def mount_assets(app: FastAPI) -> None:
    """Serve `/static/...`: the routes above first, then the package's static directory."""
    app.include_router(router)
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")
