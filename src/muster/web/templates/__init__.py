"""Muster's Jinja2 templates and the one environment that renders them.

Pages render them through `muster.web.pages.render.page` (HTML or the JSON twin); the conference
brief renders `brief.html` outside any request with `render_template`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from muster import __version__
from muster.domain._checks import web_address
from muster.web.i18n import (
    DEFAULT,
    LANGUAGES,
    N_,
    Message,
    field_label,
    format_day,
    format_moment,
    format_number,
    language_name,
    translate,
    translations,
)
from muster.web.problems import translate_problem
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
    NavItem("/", N_("Dashboard"), "dashboard"),
    NavItem("/nations", N_("Nations"), "nations"),
    NavItem("/aid", N_("Aid"), "aid"),
    NavItem("/requirements", N_("Requirements"), "requirements"),
    NavItem("/pledges", N_("Pledges"), "pledges"),
    NavItem("/conference", N_("Conference"), "conference"),
    NavItem("/scenarios", N_("Scenarios"), "scenarios"),
    NavItem("/review", N_("Review queue"), "review"),
    NavItem("/feeds", N_("Feeds"), "feeds"),
    NavItem("/changes", N_("Changes"), "changes"),
    NavItem("/charts", N_("Charts"), "charts"),
    NavItem("/records", N_("Data"), "records"),
    NavItem("/audit", N_("Audit log"), "audit"),
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


def translated_figure(node: Any, gettext: Callable[[str], str]) -> Any:
    """A Plotly figure with its titles and trace names in the reader's language (they are
    marked where the figure is built; data such as nation names pass unchanged). A `Message`
    anywhere (a hover text in a list, an axis's tick label) is translated too."""
    if isinstance(node, Message):
        return gettext(node)
    if isinstance(node, dict):
        return {
            k: gettext(v)
            if k in ("text", "name") and isinstance(v, str)
            else translated_figure(v, gettext)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [translated_figure(v, gettext) for v in node]
    return node


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
def environment(locale: str = DEFAULT) -> Environment:
    """The template environment for one language: its catalogue, and filters that write dates
    and numbers as that locale does."""
    env = Environment(
        loader=PackageLoader("muster.web", "templates"),
        autoescape=select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # `{% trans %}` blocks are trimmed, as `pybabel extract` is told in babel.cfg.
    env.policies["ext.i18n.trimmed"] = True
    catalogue = translations(locale)
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    env.filters["link"] = link
    env.filters["label"] = lambda value: translate(locale, getattr(value, "value", value))
    env.filters["translate"] = lambda value: translate(locale, value)
    env.filters["field"] = lambda name: field_label(locale, name)
    env.filters["problem"] = lambda message: translate_problem(locale, message)
    env.filters["figure_json"] = lambda figure: figure_json(
        translated_figure(figure, lambda text: translate(locale, text))
    )
    env.filters["day"] = lambda value, style="long": format_day(value, locale, style)
    env.filters["moment"] = lambda value: format_moment(value, locale)
    env.filters["number"] = lambda value, digits=0: format_number(value, locale, digits)
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
        locale=locale,
        languages=[(code, language_name(code)) for code in LANGUAGES],
        layout="base.html",
        scripts=(),
    )
    env.filters.update(quoted=_quoted)
    return env


def render_template(template: str, *, locale: str = DEFAULT, **context: Any) -> str:
    """`template` rendered in `locale` (pages pass the reader's; the brief and tests, any)."""
    return environment(locale).get_template(template).render(**context)
