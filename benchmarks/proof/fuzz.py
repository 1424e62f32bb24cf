"""API fuzzing: schemathesis over the whole OpenAPI document, signed in as each role.

Every operation gets `max_examples` generated requests (valid ones, and with `negative=True`
also schema-breaking ones); each response must not be a 5xx, must match the documented schema
and media type, and must carry no stack trace. One mechanism for the quick run (tests/proof) and
the long one (`make proof`): `fuzz(app, headers=..., max_examples=...)`.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from muster.data import demo_dataset
from muster.domain import ENTITIES
from muster.web.app import OPENAPI_URL

# What a body must never show: Python's traceback, a frame line, a driver's message.
LEAKS = ("Traceback (most recent call last)", 'File "/', "sqlalchemy.", "psycopg.")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class FuzzStats:
    """What one fuzzing run sent and what came back."""

    operations: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def merge(self, other: FuzzStats) -> None:
        self.operations += other.operations
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.failures += other.failures
        self.seconds += other.seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "requests": self.requests,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "server_errors": sum(v for k, v in self.statuses.items() if k >= 500),
            "failures": self.failures[:20],
        }


def _leak(text: str) -> str | None:
    return next((marker for marker in LEAKS if marker in text), None)


def fuzz(
    app: Any,
    *,
    headers: dict[str, str],
    max_examples: int,
    seed: int = 0,
    negative: bool = True,
    label: str = "",
) -> FuzzStats:
    """Fuzz every operation of `app`'s OpenAPI document, sending `headers` with each request."""
    started = time.monotonic()
    stats = FuzzStats()
    schema = schemathesis.openapi.from_asgi(OPENAPI_URL, app)
    modes = [schemathesis.GenerationMode.POSITIVE]
    if negative:
        modes.append(schemathesis.GenerationMode.NEGATIVE)
    for found in schema.get_all_operations():
        operation = found.ok()
        stats.operations += 1
        runs: list[tuple[Any, dict[str, str] | None]] = [(m, None) for m in modes]
        known = known_path_parameters(operation.path)
        if known:  # random keys mostly meet 404; existing ones reach the code behind
            runs.append((schemathesis.GenerationMode.POSITIVE, known))
        for mode, path_parameters in runs:
            failure = _fuzz_operation(
                operation, mode, path_parameters, headers, max_examples, seed, stats
            )
            if failure:
                where = " (existing keys)" if path_parameters else ""
                stats.failures.append(f"{label}{operation.label} ({mode.value}{where}): {failure}")
    stats.seconds = time.monotonic() - started
    return stats


def known_path_parameters(path: str) -> dict[str, str]:
    """Keys that exist in the demo for the path's parameters ({} when none is known)."""
    demo = demo_dataset()
    segment = path.removeprefix("/api/v1/").split("/")[0].replace("-", "_")
    out: dict[str, str] = {}
    if "{key}" in path and segment in ENTITIES:
        items = getattr(demo, segment)
        if items:
            out["key"] = str(items[0].key)
    if "{nation}" in path:
        out["nation"] = "GBR"
    if "{username}" in path:
        out["username"] = "viewer"
    return out


def _fuzz_operation(
    operation: Any,
    mode: Any,
    path_parameters: dict[str, str] | None,
    headers: dict[str, str],
    max_examples: int,
    seed: int,
    stats: FuzzStats,
) -> str | None:
    """Run one operation's examples; the first failure (without shrinking), or None."""
    problems: list[str] = []

    @hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @hypothesis.seed(seed)
    @hypothesis.given(
        case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
    )
    def examples(case: Any) -> None:
        if problems:
            return
        response = case.call(headers=headers)
        stats.requests += 1
        stats.statuses[response.status_code] += 1
        leak = _leak(response.content.decode("utf-8", "replace"))
        if leak:
            problems.append(f"{response.status_code} body shows {leak!r}: {case.as_curl_command()}")
            return
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except AssertionError as e:  # schemathesis raises an AssertionError subclass
            first = str(e).strip().splitlines()
            problems.append(
                f"{response.status_code}: {' '.join(first[:6])[:600]} — {case.as_curl_command()}"
            )

    try:
        examples()
    except hypothesis.errors.Unsatisfiable:
        return None
    return problems[0] if problems else None
