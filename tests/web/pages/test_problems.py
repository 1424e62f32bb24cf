"""Input problems next to a form's fields in the reader's language; the API keeps English."""

from __future__ import annotations

import html
import re

import pytest

from muster.errors import InvalidInput
from muster.feeds.schedule import parse_interval
from muster.store.feed import check_url
from muster.web.i18n import COOKIE, LANGUAGES, gettext_for
from muster.web.problems import SHAPES, translate_problem
from tests.web.pages.conftest import csrf, sign_in


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("is required", "est obligatoire"),
        ("expected a number, got 'lots'", "nombre attendu, reçu 'lots'"),
        (
            "expected a whole number ≥ 0 and ≤ 10, got 12",
            "nombre entier ≥ 0 et ≤ 10 attendu, reçu 12",
        ),
        (
            "expected a date as YYYY-MM-DD, got 'tomorrow'",
            "date attendue au format AAAA-MM-JJ, reçu 'tomorrow'",
        ),
        (
            "expected one of lead, willing, got 'keen'",
            "valeur attendue parmi lead, willing, reçu 'keen'",
        ),
        ("unknown capability 'tanks'", "référence inconnue (capability) : 'tanks'"),
        (
            "the nation id 'GBR' cannot be used: it is taken; choose another id",
            "l’identifiant 'GBR' (nation) ne peut pas être utilisé : il est déjà pris ; "
            "choisissez-en un autre",
        ),
        (
            "pledge 'p-1' was changed by someone else: you edited version 2, the current "
            "version is 3; reload and try again",
            "pledge 'p-1' a été modifié par quelqu’un d’autre : vous avez modifié la version 2, "
            "la version actuelle est la 3 ; rechargez la page et recommencez",
        ),
        (
            "offer 'o-1' changed since you read it (version 4)",
            "l’offre 'o-1' a changé depuis que vous l’avez lue (version 4)",
        ),
        ("something no shape knows", "something no shape knows"),
    ],
)
def test_common_shapes_are_translated(english, french) -> None:
    assert translate_problem("fr", english) == french
    assert translate_problem("en", english) == english


def _raised(call, *args) -> str:
    with pytest.raises(InvalidInput) as caught:
        call(*args)
    return caught.value.problems[0].message


@pytest.mark.parametrize(
    "english",
    [
        pytest.param(_raised(check_url, "ftp://x"), id="feed-url"),
        pytest.param(_raised(parse_interval, "soon"), id="interval-shape"),
        pytest.param(_raised(parse_interval, "1s"), id="interval-range"),
        "feed 3 (Le Monde) already watches https://www.lemonde.fr/rss/une.xml",
        "a feed already watches https://www.lemonde.fr/rss/une.xml",
        "feed 3 is at version 4, not 2",
        "feed 3 changed meanwhile; try again",
        "expected 1 to 200 characters",
        "the interval must be positive",
        "ana already has an active token named 'laptop'",
        "user 'ana' is disabled",
        "a token needs a label of 1 to 100 characters",
        "'local-admin' is reserved for the CLI's --local-admin; choose another name",
    ],
)
def test_feed_and_token_problems_are_translated(english: str) -> None:
    """Messages the feed and token forms show, taken from the code that raises them where a
    call can: a shape that drifts from its message stops translating and fails here."""
    french = translate_problem("fr", english)
    assert french != english
    for quoted in re.findall(r"'[^']*'|https://\S+", english):
        assert quoted in french  # what the input said stays as it was


def test_a_message_quoting_huge_input_is_shown_as_written() -> None:
    english = "expected one of " + "a, " * 100_000 + "got 'x'"
    assert translate_problem("fr", english) == english
    short = "expected one of " + "a, " * 10 + "got 'x'"
    assert translate_problem("fr", short) != short  # a short one is shaped


def test_every_shape_renders_in_every_language() -> None:
    for _, template in SHAPES:
        names = re.findall(r"%\((\w+)\)s", template)
        for code in LANGUAGES:
            assert gettext_for(code, template) % {n: "x" for n in names}


def test_a_bad_field_is_explained_in_french_on_the_form(client) -> None:
    sign_in(client, "admin")
    form = {
        "csrf_token": csrf(client),
        "iso3": "GBR",
        "name": "Britain again",
        "gdp_eur_bn": "lots",
        "reason": "test",
    }
    client.cookies.set(COOKIE, "fr")
    try:
        r = client.post("/records/nations/new", data=form, headers={"accept": "text/html"})
    finally:
        client.cookies.delete(COOKIE)
    assert r.status_code == 422, r.text[:500]
    page = html.unescape(r.text)
    assert "<span class=\"field-error\">nombre attendu, reçu 'lots'</span>" in page
    assert "expected a number" not in page
    english = client.post("/records/nations/new", data=form, headers={"accept": "text/html"})
    assert "expected a number, got 'lots'" in html.unescape(english.text)
