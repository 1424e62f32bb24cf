"""Notices carried by a redirect (`?done=`): shown in the reader's language, English in the JSON
twin, and only when the server signed them, recently, from its fixed set."""

from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from muster.web import notices
from muster.web.i18n import COOKIE
from tests.web.pages.conftest import csrf, sign_in
from tests.web.pages.test_audit import _edit

NOTICE = re.compile(r'<p class="notice" role="status">(.*?)</p>', re.S)
HTML = {"accept": "text/html"}


def _notice(client, url: str, lang: str) -> str | None:
    client.cookies.set(COOKIE, lang)
    try:
        found = NOTICE.search(client.get(url, headers=HTML).text)
    finally:
        client.cookies.delete(COOKIE)
    return found.group(1).strip() if found else None


def _restore(client) -> str:
    _edit(client)  # gbr-delegate: quantity 3 → 7 (version 2)
    r = client.post(
        "/history/pledge/gbr-inf/restore",
        data={"csrf_token": csrf(client), "version": "1", "current": "2", "reason": "undo"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return r.headers["location"]


def test_a_restore_notice_shows_in_the_readers_language(client) -> None:
    target = _restore(client)
    assert target.startswith("/history/pledge/gbr-inf?done=")
    assert _notice(client, target, "fr") == "Version 1 restaurée comme version 3."
    assert _notice(client, target, "en") == "Version 1 restored as version 3."
    for lang in ("fr", "en"):  # the JSON twin keeps the English text
        view = client.get(f"{target}&format=json", headers={"accept-language": lang}).json()
        assert view["notice"] == "Version 1 restored as version 3"


def test_a_review_decision_notice_is_french(client) -> None:
    sign_in(client, "admin")
    r = client.post(
        "/review/prop-ita/accept",
        data={"csrf_token": csrf(client), "version": "1"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert _notice(client, r.headers["location"], "fr") == "Déclaration prop-ita acceptée."
    assert _notice(client, r.headers["location"], "en") == "Accepted prop-ita."


def test_a_kind_of_record_in_a_notice_is_translated(app, client) -> None:
    signer = app.state.notice_signer
    token = signer.dumps(
        {"n": "record-saved", "a": {"entity": "requirement line", "key": "rl-x"}, "w": ["entity"]}
    )
    url = f"/tables/requirement_lines?done={token}"
    assert _notice(client, url, "fr") == "Enregistrement : ligne de besoin rl-x."
    assert _notice(client, url, "en") == "Saved requirement line rl-x."


def _forged(app) -> dict[str, str]:
    ours = app.state.notice_signer
    theirs = URLSafeTimedSerializer("not the server's secret", salt=notices.SALT)
    saved = {"n": "record-saved", "a": {"entity": "nation", "key": "GBR"}, "w": ["entity"]}
    return {
        "plain text": "Your account is closed: call +1 555 0100",
        "another secret": theirs.dumps(saved),
        "another salt": URLSafeTimedSerializer(ours.secret_key, salt="muster.session").dumps(saved),
        "unknown id": ours.dumps({"n": "Call +1 555 0100", "a": {}, "w": []}),
        "missing argument": ours.dumps({"n": "record-saved", "a": {"key": "GBR"}, "w": []}),
        "not an object": ours.dumps(["record-saved"]),
        "tampered": ours.dumps(saved)[:-2] + "xx",
    }


@pytest.mark.parametrize(
    "how",
    [
        "plain text",
        "another secret",
        "another salt",
        "unknown id",
        "missing argument",
        "not an object",
        "tampered",
    ],
)
def test_a_crafted_link_shows_no_notice(app, client, how) -> None:
    token = _forged(app)[how]
    r = client.get("/tables/nations", params={"done": token}, headers=HTML)
    assert r.status_code == 200
    assert NOTICE.search(r.text) is None
    assert "555 0100" not in r.text


def test_a_stale_notice_is_not_shown(app, client, monkeypatch) -> None:
    token = app.state.notice_signer.dumps({"n": "subscription-removed", "a": {}, "w": []})
    url = f"/tables/nations?done={token}"
    assert _notice(client, url, "fr") == "Abonnement supprimé."
    monkeypatch.setattr(notices, "MAX_AGE_S", -1)
    assert _notice(client, url, "fr") is None


def test_every_notice_renders_in_every_language() -> None:
    from muster.web.i18n import LANGUAGES, Message, translate

    for template in notices.NOTICES.values():
        names = re.findall(r"%\((\w+)\)s", template)
        message = Message(template, **{n: "x" for n in names})
        for code in LANGUAGES:
            assert translate(code, message), (code, template)
