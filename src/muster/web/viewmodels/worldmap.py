"""The stance map's geometry: Natural Earth countries (package data) in the Equal Earth projection.

`world()` reads `static/map/world.geojson` once and projects it into SVG path data. Pages draw the
map as `<use>` references into one cached sprite (`sprite_svg()`, served as a static file) so a
date change only re-sends classes; the conference brief inlines the paths (`MapShape.d`) so it is
a single self-contained file.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# Equal Earth projection constants (Šavrič, Patterson, Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX = 2.706_629_4  # x at lon = ±180°, lat = 0
WIDTH = 1000.0
_SCALE = WIDTH / (2 * _X_MAX)
_Y_TOP = 1.317_362_8 * _SCALE  # y at lat = 90°

# The views a page may show: name → (west, south, east, north) in degrees.
VIEWS: dict[str, tuple[float, float, float, float]] = {
    "europe": (-25.0, 34.0, 45.0, 71.5),
    "world": (-170.0, -57.0, 180.0, 83.0),
}
_SKIPPED = frozenset({"ATA"})  # Antarctica: large, empty for this purpose


def project(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) in the SVG's user space (x right, y down, world 1000 wide) for degrees lon, lat."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * lam * math.cos(theta)) / (
        3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)
    )
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return (x * _SCALE + WIDTH / 2, _Y_TOP - y * _SCALE)


@dataclass(frozen=True, slots=True)
class MapShape:
    """One country's outline: ISO 3166-1 alpha-3 code, Natural Earth name, SVG path data."""

    iso3: str
    name: str
    d: str
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 in the SVG's user space


@dataclass(frozen=True, slots=True)
class World:
    shapes: tuple[MapShape, ...]
    version: str  # a hash of the geometry, used in the sprite's URL so browsers cache it safely

    def has(self, iso3: str) -> bool:
        return any(s.iso3 == iso3 for s in self.shapes)


def _ring_path(ring: list[list[float]], xs: list[float], ys: list[float]) -> str:
    parts = []
    last = ""
    for i, (lon, lat) in enumerate(ring):
        x, y = project(lon, lat)
        xs.append(x)
        ys.append(y)
        here = f"{x:.1f} {y:.1f}"
        if here != last:
            parts.append(("M" if i == 0 else "L") + here)
            last = here
    return "".join(parts) + "Z"


def _shape(iso3: str, name: str, geometry: dict[str, Any]) -> MapShape:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    xs: list[float] = []
    ys: list[float] = []
    d = "".join(_ring_path(ring, xs, ys) for polygon in polygons for ring in polygon)
    return MapShape(iso3, name, d, (min(xs), min(ys), max(xs), max(ys)))


def geojson_text() -> str:
    """The raw GeoJSON package data (also served at /static/map/world.geojson)."""
    return (resources.files("muster.web") / "static" / "map" / "world.geojson").read_text(
        encoding="utf-8"
    )


@cache
def world() -> World:
    """Every country in the package's Natural Earth map, projected; computed once per process."""
    text = geojson_text()
    data = json.loads(text)
    shapes = tuple(
        _shape(f["properties"]["iso3"], f["properties"]["name"], f["geometry"])
        for f in data["features"]
        if f["properties"]["iso3"] not in _SKIPPED
    )
    return World(shapes, hashlib.sha256(text.encode()).hexdigest()[:12])


def _frame(view: str) -> tuple[float, float, float, float]:
    west, south, east, north = VIEWS[view]
    xs, ys = [], []
    for lat in (south, (south + north) / 2, north):
        for lon in (west, east):
            x, y = project(lon, lat)
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def view_box(view: str) -> str:
    """The SVG viewBox ("x y width height") that frames `view` (a key of VIEWS)."""
    x0, y0, x1, y1 = _frame(view)
    return f"{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}"


def shapes_in(view: str) -> tuple[MapShape, ...]:
    """The countries that show in `view` (their bounding box meets its frame)."""
    x0, y0, x1, y1 = _frame(view)
    return tuple(
        s
        for s in world().shapes
        if s.bbox[2] >= x0 and s.bbox[0] <= x1 and s.bbox[3] >= y0 and s.bbox[1] <= y1
    )


@cache
def sprite_svg() -> str:
    """An SVG document with one `<path id="map-ISO3">` per country and no fill of its own.

    Pages reference it with `<use href="…#map-GBR">`; the fill comes from the `<use>`'s class
    (the stance), which the path inherits.
    """
    paths = "".join(f'<path id="map-{s.iso3}" d="{s.d}"/>' for s in world().shapes)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 500">'
        "<title>Countries (Natural Earth, public domain)</title>"
        f"{paths}</svg>"
    )


def sprite_url_version() -> str:
    """The geometry's hash, for the sprite's cache-busting URL."""
    return world().version
