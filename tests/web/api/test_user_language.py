"""The interface's language remembered per account: picked with the switcher on one browser,
used on any other that has no `muster_lang` cookie (before `Accept-Language`); on both
databases."""

from __future__ import annotations

import pytest

from muster.errors import InvalidInput
from muster.store import user as user_store
from muster.store.db import transaction
from muster.web.i18n import COOKIE
from tests.web.api.conftest import World

HTML = {"accept": "text/html", "accept-language": "en-GB,en;q=0.9"}


def _lang(client, path: str = "/nations") -> str:
    text = client.get(path, headers=HTML).text
    assert '<html lang="' in text
    return text.split('<html lang="', 1)[1].split('"', 1)[0]


def _stored(world: World, username: str) -> user_store.UserRecord:
    with transaction(world.engine, write=False) as session:
        return user_store.get_user(session=session, username=username)


def test_the_switcher_choice_follows_the_account_to_another_browser(fresh_world: World) -> None:
    world = fresh_world
    laptop = world.browser("planner")
    assert _stored(world, "planner").language is None
    assert _lang(laptop) == "en"
    version = _stored(world, "planner").version
    assert _lang(laptop, "/nations?lang=fr") == "fr"
    account = _stored(world, "planner")
    assert account.language == "fr"
    assert account.version == version  # remembering a language keeps the sessions

    phone = world.browser("planner")  # another browser: no cookie, an English browser
    assert COOKIE not in phone.cookies
    assert _lang(phone) == "fr"  # the account's choice beats Accept-Language
    assert _lang(phone, "/pledges") == "fr"

    phone.cookies.set(COOKIE, "en")  # this browser's own choice beats the account's
    assert _lang(phone) == "en"
    phone.cookies.delete(COOKIE)

    assert _lang(phone, "/nations?lang=en") == "en"  # picked again: the account follows
    assert _stored(world, "planner").language == "en"
    laptop.cookies.delete(COOKIE)
    assert _lang(laptop) == "en"


def test_other_accounts_and_visitors_keep_their_browsers_language(fresh_world: World) -> None:
    world = fresh_world
    planner = world.browser("planner")
    assert _lang(planner, "/nations?lang=fr") == "fr"
    admin = world.browser("admin")
    assert _lang(admin) == "en"
    assert _stored(world, "admin").language is None
    visitor = world.client(None)
    assert _lang(visitor) == "en"
    french = {**HTML, "accept-language": "fr"}
    assert '<html lang="fr">' in visitor.get("/nations", headers=french).text


def test_a_token_user_does_not_set_the_account_language(fresh_world: World) -> None:
    world = fresh_world
    scripted = world.client("planner")
    r = scripted.get("/nations?lang=fr", headers=HTML)
    assert '<html lang="fr">' in r.text
    assert _stored(world, "planner").language is None


def test_the_json_twin_does_not_follow_the_account_language(fresh_world: World) -> None:
    world = fresh_world
    browser = world.browser("planner")
    english = browser.get("/nations?format=json").json()
    browser.get("/nations?lang=fr", headers=HTML)
    browser.cookies.delete(COOKIE)
    assert browser.get("/nations?format=json").json() == english


def test_a_bad_language_code_is_refused_by_the_store(fresh_world: World) -> None:
    world = fresh_world
    with transaction(world.engine) as session:
        with pytest.raises(InvalidInput, match="expected a language code"):
            user_store.set_language(session=session, username="planner", language="fr'; --")
        assert (
            user_store.set_language(session=session, username="planner", language="fr").language
            == "fr"
        )
        assert (
            user_store.set_language(session=session, username="planner", language=None).language
            is None
        )


def test_a_page_no_route_matches_speaks_the_account_language(fresh_world: World) -> None:
    """The router's own 404 runs no dependency; the error page still finds who is signed in."""
    world = fresh_world
    laptop = world.browser("planner")
    assert _lang(laptop, "/nations?lang=fr") == "fr"
    phone = world.browser("planner")  # no cookie, an English browser
    r = phone.get("/no-such-page", headers=HTML)
    assert r.status_code == 404
    assert '<html lang="fr">' in r.text
    assert "planner" in r.text  # the layout names the reader
    visitor = world.client(None)
    r = visitor.get("/no-such-page", headers=HTML)
    assert r.status_code == 404
    assert '<html lang="en">' in r.text
