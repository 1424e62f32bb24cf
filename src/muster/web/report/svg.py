"""Static SVG step charts for the conference brief, which carries no script (so no Plotly).

`step_chart(...)` draws series of values over dates as step lines, with axes, a few ticks and
a legend; every value is also in a table beside the chart in the brief. Pure: strings in,
markup out (escaped).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 36, 12, 28


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    values: Sequence[float | None]
    colour: str
    dashed: bool = False


def ticks(top: float) -> list[float]:
    """Up to about five round values from 0 to `top` (steps of 1, 2 or 5 times a power of ten)."""
    if not top > 0:
        return [0.0]
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def _label(y: float) -> str:
    if y >= 1e9:
        return f"{y / 1e9:g} bn"
    if y >= 1e6:
        return f"{y / 1e6:g} m"
    return f"{y:g}"


def step_chart(
    title: str, days: Sequence[date], lines: Sequence[Line], *, y_max: float | None = None
) -> Markup:
    """An SVG step chart of `lines` over `days` (ascending); None values leave a gap."""
    if not days:
        return Markup('<p class="meta">Nothing to chart yet.</p>')
    values = [v for line in lines for v in line.values if v is not None]
    top = y_max if y_max is not None else max(values, default=1.0) or 1.0
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - min(value, top) / top)

    parts = [
        f'<svg class="brief-chart" viewBox="0 0 {WIDTH} {HEIGHT + 18 * len(lines)}" '
        f'role="img" aria-label="{escape(title)}; the table beside it has the numbers">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#9aa5b1" stroke-width=".5"/>',
    ]
    for tick in ticks(top):
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
            'stroke="#e0e0e0" stroke-width=".5"/>'
            f'<text x="{LEFT - 4}" y="{ty + 3:.1f}" font-size="9" text-anchor="end">'
            f"{escape(_label(tick))}</text>"
        )
    for day in (first, last):
        parts.append(
            f'<text x="{x(day):.1f}" y="{TOP + plot_h + 14}" font-size="9" text-anchor="middle">'
            f"{day.isoformat()}</text>"
        )
    for line in lines:
        points: list[str] = []
        previous: float | None = None
        for day, value in zip(days, line.values, strict=False):
            if value is None:
                previous = None
                continue
            if previous is not None:
                points.append(f"{x(day):.1f},{y(previous):.1f}")
            points.append(f"{x(day):.1f},{y(value):.1f}")
            previous = value
        if points:
            points.append(f"{x(last):.1f},{y(previous if previous is not None else 0):.1f}")
        dash = ' stroke-dasharray="4 3"' if line.dashed else ""
        parts.append(
            f'<polyline fill="none" stroke="{escape(line.colour)}" stroke-width="1.6"{dash} '
            f'points="{" ".join(points)}"><title>{escape(line.label)}</title></polyline>'
        )
    for i, line in enumerate(lines):
        ly = HEIGHT + 12 + 18 * i
        dash = ' stroke-dasharray="4 3"' if line.dashed else ""
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{ly - 3}" y2="{ly - 3}" '
            f'stroke="{escape(line.colour)}" stroke-width="2"{dash}/>'
            f'<text x="{LEFT + 30}" y="{ly}" font-size="10">{escape(line.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
