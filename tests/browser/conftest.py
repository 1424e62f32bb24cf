"""Browser tests: Debian's Chromium driven by Playwright against a real uvicorn server.

`server` starts `uvicorn` on a free 127.0.0.1 port over a temporary SQLite database holding the
London-2025 demo, one user per role and one proposed statement from the seed article, and stops
it by PID. Every test leaves a screenshot in test-artifacts/browser/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from muster.data import demo_dataset
from muster.domain import Dataset, Stance, Statement, StatementStatus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "correct horse battery staple"
USERS = (
    ("planner", "planner", None),
    ("gbr-delegate", "delegate", "GBR"),
    ("fra-delegate", "delegate", "FRA"),
    ("analyst", "analyst", None),
)
BAYROU = (
    "But Bayrou insisted that \u201cwe Europeans are stronger than we believe,\u201d as he "
    "called for increased military spending around the Continent."
)
PROPOSED_ID = "proposed-fra-bayrou"


def browser_dataset() -> Dataset:
    """The demo, plus one statement proposed from the seed article for the review queue."""
    ds = demo_dataset()
    seed = next(s for s in ds.sources if s.text and "Bayrou" in s.text)
    proposal = Statement(
        id=PROPOSED_ID,
        nation="FRA",
        date=date(2025, 3, 3),
        stance=Stance.WILLING,
        quote="we Europeans are stronger than we believe",
        actor="François Bayrou",
        source=seed.id,
        status=StatementStatus.PROPOSED,
        evidence=BAYROU if BAYROU in (seed.text or "") else None,
        confidence=0.6,
    )
    return replace(ds, statements=(*ds.statements, proposal))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(db: Path) -> None:
    from muster.settings import Settings
    from muster.store import upgrade
    from muster.store import user as user_store
    from muster.store.db import make_engine, transaction
    from muster.store.importer import import_dataset

    engine = make_engine(Settings(env="test", database_url=f"sqlite:///{db}"))
    upgrade(engine)
    with transaction(engine) as session:
        import_dataset(
            session=session, dataset=browser_dataset(), who="process:test", reason="browser test"
        )
        for name, role, nation in USERS:
            user_store.add_user(
                session=session, username=name, password=PASSWORD, role=role, nation=nation
            )
    engine.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A real Muster server on a fresh database; yields its base URL."""
    db = tmp_path / "browser.db"
    _prepare(db)
    port = _free_port()
    env = {
        **os.environ,
        "MUSTER_ENV": "test",
        "MUSTER_DATABASE_URL": f"sqlite:///{db}",
        "MUSTER_PUBLIC_READ": "true",
        "MUSTER_SECRET_KEY": "browser-tests-" + "x" * 40,
    }
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "muster.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/session", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("the server did not start:\n" + (tmp_path / "server.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Errors the page logged; a test expecting one (a 404 it provokes) removes it."""
    return []


@pytest.fixture
def page(chromium, request, page_errors):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = page_errors
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" else None,
    )
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert username in page.inner_text("header.site")
