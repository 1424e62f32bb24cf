"""Headers and hardening on every route: a Content-Security-Policy that allows no inline script
(and pages that need none), nosniff, Referrer-Policy, frame denial, flagged cookies; and the real
`muster serve` refusing to start outside dev with a missing, default or weak secret.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.proof.common import Server, free_port, muster_command, muster_env, prepare
from muster.web.security import SESSION_COOKIE
from tests.proof.routes import routes, sample_url
from tests.web.api.conftest import World

SKIP = {"/brief.pdf"}  # printed by headless Chromium: its headers are tested by the brief tests


class InlineScript(HTMLParser):
    """Collects what a strict CSP would block: inline <script>, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.links: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in values
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value[:40]}>")
            if name in ("src", "href") and value and value.startswith("/static/"):
                self.links.add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")


def _check_headers(url: str, response: Any) -> list[str]:
    problems = []
    h = response.headers
    csp = h.get("content-security-policy", "")
    script = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    if "'self'" not in script or "unsafe-inline" in script or "unsafe-eval" in script:
        problems.append(f"{url}: script-src {script!r}")
    if "frame-ancestors 'none'" not in csp or h.get("x-frame-options") != "DENY":
        problems.append(f"{url}: framing allowed")
    if h.get("x-content-type-options") != "nosniff":
        problems.append(f"{url}: no nosniff")
    if h.get("referrer-policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"{url}: Referrer-Policy {h.get('referrer-policy')}")
    return problems


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("who", ["admin", None], ids=lambda w: w or "anonymous")
def test_every_response_is_hardened_and_no_page_runs_inline_script(
    world: World, who: str | None
) -> None:
    c = world.browser(who) if who else world.client(None)
    problems: list[str] = []
    assets: set[str] = set()
    pages = 0
    for path, methods in sorted(routes(world.app.routes)):
        url = sample_url(path)
        if "GET" not in methods or url is None or path in SKIP:
            continue
        r = c.get(url, headers={"accept": "text/html"})
        problems += _check_headers(url, r)
        if r.headers.get("content-type", "").startswith("text/html"):
            pages += 1
            parser = InlineScript()
            parser.feed(r.text)
            problems += [f"{url}: {x}" for x in parser.found]
            assets |= parser.links
    for asset in sorted(assets):
        r = c.get(asset)
        assert r.status_code == 200, asset
        problems += _check_headers(asset, r)
    assert pages >= 10
    assert len(assets) >= 3  # stylesheet, htmx, the page script at least
    assert problems == []


def test_session_cookies_are_flagged_on_every_door(world: World) -> None:
    seen = 0
    for path in ("/login", "/api/v1/session", "/"):
        r = world.client(None).get(path)  # a fresh visitor each time: a cookie is issued
        cookie = r.headers.get("set-cookie", "")
        if not cookie:
            continue
        seen += 1
        assert cookie.startswith(SESSION_COOKIE)
        assert "HttpOnly" in cookie
        assert re.search(r"SameSite=(Lax|Strict)", cookie)
    assert seen >= 2


def _serve(env: dict[str, str], tmp_path: Path) -> tuple[int, str, bool]:
    """Try `muster serve`; (exit code, output, whether the port ever answered)."""
    port = free_port()
    proc = subprocess.Popen(
        muster_command("serve", "--port", str(port)),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    answered = False
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(httpx.HTTPError):
            answered = httpx.get(f"http://127.0.0.1:{port}/api/v1/session").status_code == 200
        proc.kill()
        out, _ = proc.communicate()
    return proc.returncode, out.decode("utf-8", "replace"), answered


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("secret", "extra"),
    [
        (None, {}),
        ("changethis", {}),
        ("short-but-not-default", {}),
        ("x" * 40, {"MUSTER_COOKIE_SECURE": "false"}),
    ],
    ids=["missing", "default", "weak", "insecure-cookies"],
)
def test_serve_refuses_to_start_in_prod_with_a_weak_setup(
    db_url: str, tmp_path: Path, secret: str | None, extra: dict[str, str]
) -> None:
    env = muster_env(db_url, MUSTER_ENV="prod", **extra)
    env.pop("MUSTER_SECRET_KEY")
    if secret is not None:
        env["MUSTER_SECRET_KEY"] = secret
    code, out, answered = _serve(env, tmp_path)
    assert code == 1, out
    assert not answered
    assert "MUSTER_SECRET_KEY" in out or "MUSTER_COOKIE_SECURE" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_serve_starts_in_prod_with_a_strong_secret(db_url: str, tmp_path: Path) -> None:
    """The control: the same command with a good secret serves, and its cookies are Secure."""
    prepare(db_url)
    strong = {"MUSTER_ENV": "prod", "MUSTER_SECRET_KEY": "s3cure-" + "q" * 40}
    with Server(db_url, log=tmp_path / "serve.log", env=strong) as server:
        r = httpx.get(server.base + "/login")
        assert r.status_code == 200
        assert "Secure" in r.headers.get("set-cookie", "")
