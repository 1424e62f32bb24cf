"""The interface in English and French: the catalogue is complete and current, every page of the
demo answers in French with no English left from the templates, the choice is remembered, and the
JSON twins do not change with the language."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from muster.data import demo_dataset
from muster.web.i18n import COOKIE, LANGUAGES, choose, format_day, format_number
from tests.web.pages.conftest import build_app, sign_in
from tests.web.pages.test_site import NOT_PAGES, SAMPLES, page_routes

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "src" / "muster" / "web" / "locale"


def _extracted() -> Catalog:
    """What `pybabel extract -F babel.cfg` finds in the sources now."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, filename=str(ROOT / "babel.cfg"))
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id for m in catalog if m.id and isinstance(m.id, str)}


@pytest.fixture(scope="module")
def sources() -> set[str]:
    return _ids(_extracted())


def test_template_is_current(sources) -> None:
    pot = _ids(_read(LOCALE / "messages.pot"))
    assert sources - pot == set(), "new messages: run `make messages` and translate them"
    assert pot - sources == set(), "messages no longer in the sources: run `make messages`"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_message_is_translated(sources, code) -> None:
    catalog = _read(LOCALE / code / "LC_MESSAGES" / "messages.po", locale=code)
    ids = _ids(catalog)
    assert sources - ids == set(), f"{code}: messages missing from the catalogue"
    assert ids - sources == set(), f"{code}: stale messages in the catalogue"
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == [], f"{code}: untranslated or fuzzy"
    # placeholders (`%(name)s`) must match, or a page fails to render
    problems = [(m.id, errors) for m, errors in catalog.check()]
    assert problems == []


def test_languages_come_from_the_catalogues() -> None:
    present = {p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po")}
    assert set(LANGUAGES) == {"en"} | present
    assert LANGUAGES[0] == "en"


def test_choice_order() -> None:
    assert choose(query="fr", cookie="en", accept_language="en") == "fr"
    assert choose(query=None, cookie="fr", accept_language="en-GB") == "fr"
    assert choose(query="xx", cookie=None, accept_language="fr-FR,fr;q=0.9,en;q=0.5") == "fr"
    assert choose(query=None, cookie=None, accept_language="de-DE, fr;q=0.3") == "fr"
    assert choose(query=None, cookie=None, accept_language="fr;q=0.2, en;q=0.8") == "en"
    assert choose(query=None, cookie=None, accept_language="de, pl") == "en"
    assert choose(query=None, cookie=None, accept_language="fr;q=0") == "en"
    assert choose(query=None, cookie=None, accept_language=None) == "en"


def test_locale_formats() -> None:
    from datetime import date

    assert format_day(date(2025, 3, 7), "fr") == "7 mars 2025"
    assert format_day(date(2025, 3, 7), "en") == "7 March 2025"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_number(1234.5, "fr", 1) == "1\u202f234,5"
    assert format_number(None, "fr") == "–"


# -- Pages ---------------------------------------------------------------------------------------


class _Visible(HTMLParser):
    """The text a reader sees (and hears): text outside scripts and styles, labels, placeholders."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.chunks: set[str] = set()  # each text node on its own, stripped
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)
            self.chunks.add(" ".join(data.split()).strip(" .:·"))


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def text_nodes(html: str) -> set[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.chunks


def _phrases(message: str) -> list[str]:
    """The literal English phrases of a message (between placeholders and tags), long enough to
    be told from data: two words or more."""
    pieces = re.split(r"%\(\w+\)s|<[^>]+>|%%", message)
    return [p.strip(" .,:;()") for p in pieces if len(p.strip(" .,:;()").split()) >= 2]


@pytest.fixture(scope="module")
def english_left() -> list[str]:
    """Every English phrase of the catalogue whose French differs."""
    catalog = _read(LOCALE / "fr" / "LC_MESSAGES" / "messages.po", locale="fr")
    phrases = set()
    for m in catalog:
        if m.id and m.string and m.string != m.id:
            phrases.update(p for p in _phrases(m.id) if p not in m.string)
    return sorted(phrases, key=len, reverse=True)


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    """The one-word messages whose French differs ("Edit", "Save"): a text node that is just
    one of them is English left behind."""
    catalog = _read(LOCALE / "fr" / "LC_MESSAGES" / "messages.po", locale="fr")
    return {
        m.id
        for m in catalog
        if isinstance(m.id, str) and m.string and m.string != m.id and len(m.id.split()) == 1
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    app = build_app(tmp_path_factory.mktemp("i18n") / "demo.db", demo_dataset())
    with TestClient(app) as c:
        sign_in(c, "admin")
        yield app, c


# The demo's values for each path parameter (the seed's are in test_site.SAMPLES).
DEMO = {
    "iso3": "GBR",
    "pledge_id": "p-can-inf",
    "entity": "pledge",
    "key": "p-can-inf",
    "scenario_id": "sc-baseline",
    "collection": "statements",
    "call_id": "fsc-post-peace-2026",
    "record": "GBR",
}
QUERIES = {"/scenarios/compare": "?a=sc-baseline&b=sc-truce-only"}
MORE = ["/records/nations", "/records/nations/GBR", "/records/nations/new", "/tables/pledges"]
SKIP = {"/records/{collection}/{record}"}  # walked through MORE, with a collection it fits


def _pages(app):
    for route in page_routes(app):
        names = re.findall(r"{(\w+)}", route.path)
        assert set(names) <= set(SAMPLES), route.path  # test_site names every parameter
        if route.path in NOT_PAGES or route.path in SKIP or any(n not in DEMO for n in names):
            continue
        url = route.path.format(**{n: DEMO[n] for n in names}) + QUERIES.get(route.path, "")
        yield route.path, url
    for url in MORE:
        yield url, url


FRENCH_DAY = re.compile(
    r"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
    r"|décembre) \d{4}\b"
)


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
def test_every_page_answers_in_french(demo, english_left, english_words, how) -> None:
    app, client = demo
    client.cookies.delete(COOKIE)
    headers = {"accept": "text/html"}
    if how == "accept-language":
        headers["accept-language"] = "fr-FR,fr;q=0.9,en;q=0.5"
    else:
        client.cookies.set(COOKIE, "fr")
    left: dict[str, list[str]] = {}
    checked = []
    try:
        for path, url in _pages(app):
            r = client.get(url, headers=headers)
            assert r.status_code == 200, (url, r.text[:300])
            assert '<html lang="fr">' in r.text, url
            text = visible(r.text)
            # data (units, quotes, names) may hold English words: what the JSON twin holds is
            # data, not interface
            twin = url + ("&" if "?" in url else "?") + "format=json"
            data = client.get(twin).text
            found = [
                p
                for p in english_left
                if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) and p not in data
            ]
            found += sorted(w for w in text_nodes(r.text) & english_words if f'"{w}"' not in data)
            if found:
                left[url] = found
            checked.append(path)
            if path == "/":
                assert "Coalition des volontaires" in text
                assert FRENCH_DAY.search(text), "no date in French on the dashboard"
                assert re.search(r"\d,\d %", text), "no French decimal on the dashboard"
    finally:
        client.cookies.delete(COOKIE)
    assert left == {}, "English left on French pages"
    assert {"/", "/pledges", "/nations", "/requirements", "/conference"} <= set(checked)


def test_error_pages_answer_in_french(demo) -> None:
    _, client = demo
    r = client.get(
        "/pledges/no-such-pledge", headers={"accept": "text/html", "accept-language": "fr"}
    )
    assert r.status_code == 404
    assert '<html lang="fr">' in r.text
    assert "Introuvable" in visible(r.text)


def test_the_pledge_life_chart_hovers_and_ticks_in_french(demo) -> None:
    """Texts inside a figure's lists (hover lines, tick labels) follow the page's language."""
    _, client = demo
    url = f"/pledges/{DEMO['pledge_id']}/life"

    def figure(code: str) -> dict:
        page = client.get(url, headers={"accept": "text/html", "accept-language": code}).text
        found = re.search(r'data-figure="([^"]*)"', page)
        assert found is not None
        return json.loads(html.unescape(found.group(1)))

    french, english = figure("fr"), figure("en")
    assert french["layout"]["yaxis"]["ticktext"] == [
        "brouillon",
        "proposé",
        "confirmé",
        "déployé",
        "retiré",
    ]
    assert english["layout"]["yaxis"]["ticktext"] == french["layout"]["yaxis"]["tickvals"]
    hover = french["data"][0]["text"][0]
    assert re.match(r"(daté|enregistré) : ", hover), hover
    assert re.match(r"(dated|recorded): ", english["data"][0]["text"][0])


def test_the_switcher_choice_is_remembered(demo) -> None:
    _, client = demo
    client.cookies.delete(COOKIE)
    english = client.get("/nations", headers={"accept": "text/html"})
    assert '<html lang="en">' in english.text
    assert 'href="/nations?lang=fr"' in english.text  # the switcher
    chosen = client.get("/nations?lang=fr", headers={"accept": "text/html"})
    assert f"{COOKIE}=fr" in chosen.headers["set-cookie"]
    assert '<html lang="fr">' in chosen.text
    later = client.get("/pledges", headers={"accept": "text/html", "accept-language": "en"})
    assert '<html lang="fr">' in later.text  # the choice beats the browser's default
    back = client.get("/pledges?lang=en", headers={"accept": "text/html"})
    assert '<html lang="en">' in back.text
    assert '<html lang="en">' in client.get("/", headers={"accept": "text/html"}).text
    client.cookies.delete(COOKIE)


def test_json_twins_do_not_change_with_the_language(demo) -> None:
    app, client = demo
    for _, url in _pages(app):
        twin = url + ("&" if "?" in url else "?") + "format=json"
        english = client.get(twin, headers={"accept-language": "en"})
        french = client.get(twin, headers={"accept-language": "fr"})
        assert english.status_code == 200, url
        english_data, french_data = english.json(), french.json()
        for twin_data in (english_data, french_data):
            twin_data.pop("generated_at", None)  # the brief's: when it was made
        assert french_data == english_data, url


def test_words_the_views_carry_are_in_the_catalogue() -> None:
    """Texts the app layer writes in English and pages show translated: a changed text must be
    marked again in muster.web.i18n, or it would show in English."""
    from muster.app.changes import CLOCKS
    from muster.app.subscription import EVENTS
    from muster.web.i18n import LABELS

    assert set(CLOCKS.values()) <= set(LABELS)
    assert set(EVENTS.values()) <= set(LABELS)


def test_a_notice_is_english_in_the_view_and_french_on_the_page() -> None:
    from muster.web.i18n import Message, translate

    notice = Message("Saved requirement line %(line)s.", line="rl-1")
    assert notice == "Saved requirement line rl-1."  # views, JSON twins and logs
    assert translate("fr", notice) == "Ligne de besoin rl-1 enregistrée."
    assert translate("en", notice) == notice
    assert translate("fr", "") == ""  # not the catalogue's header
    assert translate("fr", "Lead") == "Nation-cadre"
    assert translate("fr", "United Kingdom") == "United Kingdom"  # data stay as they are
