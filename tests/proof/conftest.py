"""Fixtures for the quick proof suites: the web tests' app over a fresh database on each backend,
and the proof harness's real server (`benchmarks/proof/common.py`) over a prepared database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.proof.common import Server, prepare
from tests.web.api.conftest import World, build_world


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    """The demo coalition, one user per role with a write token, and the app (TestClient)."""
    w = build_world(db_url)
    yield w
    w.close()
    w.engine.dispose()


class Live:
    """A prepared database (demo, one user per role), its tokens, and a real server on it."""

    def __init__(self, url: str, tokens: dict[str, str], server: Server) -> None:
        self.url = url
        self.tokens = tokens
        self.server = server

    @property
    def base(self) -> str:
        return self.server.base


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[Live]:
    tokens = prepare(db_url)
    with Server(db_url, log=tmp_path / "server.log") as server:
        yield Live(db_url, tokens, server)
