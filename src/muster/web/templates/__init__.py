"""Muster's Jinja2 templates and the one environment that renders them.

Pages render them through `muster.web.pages.render.page` (HTML or the JSON twin); the conference
brief renders `brief.html` outside any request with `render_template`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from muster import __version__
from muster.domain._checks import web_address
from muster.web.viewmodels import charts
from muster.web.viewmodels import scenario as scenario_charts
from muster.web.viewmodels.common import STANCE_COLOURS, STANCE_LABELS, stance_label
from muster.web.viewmodels.worldmap import sprite_url_version, view_box, world


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    label: str
    key: str


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Dashboard", "dashboard"),
    NavItem("/nations", "Nations", "nations"),
    NavItem("/aid", "Aid", "aid"),
    NavItem("/requirements", "Requirements", "requirements"),
    NavItem("/pledges", "Pledges", "pledges"),
    NavItem("/conference", "Conference", "conference"),
    NavItem("/tables/statements", "Tables", "tables"),
    NavItem("/scenarios", "Scenarios", "scenarios"),
    NavItem("/review", "Review queue", "review"),
    NavItem("/feeds", "Feeds", "feeds"),
    NavItem("/changes", "Changes", "changes"),
    NavItem("/charts", "Charts", "charts"),
    NavItem("/records", "Data", "records"),
    NavItem("/audit", "Audit log", "audit"),
)


def asset(name: str) -> str:
    """The URL of a static asset, versioned so browsers may cache it for long."""
    if name == "plotly":
        return f"/static/vendor/plotly-{charts.plotly_version()}.min.js"
    if name == "world-sprite":
        return f"/static/map/world-{sprite_url_version()}.svg"
    return f"/static/{name}?v={__version__}"


def stance_class(stance: object) -> str:
    value = getattr(stance, "value", stance)
    return f"stance-{value}" if value else "stance-none"


def figure_json(figure: dict[str, Any]) -> str:
    return json.dumps(figure, separators=(",", ":"))


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


_QUOTES = "\"'“”‘’«»„"


def _quoted(text: str) -> str:
    """The quote in typographic quotation marks, without doubling marks it already has."""
    inner = text.strip()
    while len(inner) >= 2 and inner[0] in _QUOTES and inner[-1] in _QUOTES:
        inner = inner[1:-1].strip()
    return f"“{inner}”"


def link(url: object) -> str | None:
    """`url` if it may be rendered as a link (an http(s) address), else None: rows stored
    before the input check, and feed items, cannot smuggle a `javascript:` link into a page."""
    return url if isinstance(url, str) and web_address(url) else None


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("muster.web", "templates"),
        autoescape=select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link"] = link
    env.globals.update(
        asset=asset,
        nav=NAV,
        stance_class=stance_class,
        stance_label=stance_label,
        stance_labels=STANCE_LABELS,
        stance_colours=STANCE_COLOURS,
        view_box=view_box,
        map_shapes=lambda: world().shapes,
        charts=charts,
        charts_phase=scenario_charts.phase_coverage_figure,
        charts_viable=scenario_charts.viable_figure,
        charts_tornado=scenario_charts.tornado_figure,
        charts_shapley=scenario_charts.shapley_figure,
        version=__version__,
        layout="base.html",
        scripts=(),
    )
    env.filters.update(figure_json=figure_json, number=_number, quoted=_quoted)
    return env


def render_template(template: str, **context: Any) -> str:
    """A template rendered outside any request (the conference brief, tests)."""
    return environment().get_template(template).render(**context)
