"""Every endpoint of the app with its full path, and sample values that exist in the demo for
its path parameters, so suites can walk all routes (pages and API) without a hand-kept list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.routing import APIRoute

from benchmarks.proof.fuzz import known_path_parameters

# Path parameters of the pages, by name: values the demo holds. None: made by a POST first.
SAMPLES: dict[str, str | None] = {
    "iso3": "GBR",
    "pledge_id": "p-gbr-inf",
    "entity": "pledge",
    "key": "p-gbr-inf",
    "scenario_id": "sc-baseline",
    "line_id": "rl-lt-air-defence",
    "statement_id": "st-2025-02-15-nld-schoof",
    "name": "swagger-ui.css",
    "version": None,
    "job_id": None,
    "token_id": None,
}
QUERIES = {"/scenarios/compare": "?a=sc-baseline&b=sc-no-us-backstop"}


def routes(items: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """(full path, methods) of every endpoint (FastAPI may keep included routers unflattened)."""
    for route in items:
        if isinstance(route, APIRoute):
            yield prefix + route.path, set(route.methods)
        elif hasattr(route, "original_router"):
            inner = prefix + getattr(route.include_context, "prefix", "")
            yield from routes(route.original_router.routes, inner)


def sample_url(path: str) -> str | None:
    """`path` with demo values for its parameters; None when one can only be made by a POST."""
    known = known_path_parameters(path) if path.startswith("/api/") else {}
    names = re.findall(r"{(\w+)}", path)
    values: dict[str, str] = {}
    for name in names:
        value = known.get(name, SAMPLES.get(name, "x"))
        if value is None:
            return None
        values[name] = value
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path) + QUERIES.get(path, "")
