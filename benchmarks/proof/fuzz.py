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
from pathlib import Path
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from benchmarks.proof.common import (
    SECRET,
    SuiteResult,
    history_problems,
    prepare,
    scratch_database,
    settings_for,
)
from muster.data import demo_dataset
from muster.domain import ENTITIES
from muster.store import make_engine
from muster.web.app import OPENAPI_URL, create_app

# What a body must never show: Python's traceback, a frame line, a driver's message.
LEAKS = ("Traceback (most recent call last)", 'File "/', "sqlalchemy.", "psycopg.")
ROLES: tuple[str | None, ...] = ("admin", "planner", "gbr-delegate", "analyst", "viewer", None)
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
        except (AssertionError, FailureGroup) as e:  # one failed check, or several (a 5xx)
            first = str(e).strip().splitlines()
            problems.append(
                f"{response.status_code}: {' '.join(first[:6])[:600]} — {case.as_curl_command()}"
            )

    try:
        examples()
    except hypothesis.errors.Unsatisfiable:
        return None
    return problems[0] if problems else None


def run(
    examples: int, folder: Path, backends: tuple[str, ...], roles: tuple[str | None, ...] = ROLES
) -> SuiteResult:
    """Every role on SQLite, the admin on the other backends, each on a fresh demo database."""
    started = time.monotonic()
    total = FuzzStats()
    per: dict[str, Any] = {}
    plan = [("sqlite", role) for role in roles] + [(b, "admin") for b in backends if b != "sqlite"]
    for backend, role in plan:
        with scratch_database(backend, folder) as url:
            tokens = prepare(url)
            engine = make_engine(settings_for(url))
            try:
                settings = settings_for(url, public_read=True, max_jobs=1, secret_key=SECRET)
                app = create_app(settings, engine=engine)
                headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
                label = f"{backend}/{role or 'anonymous'}: "
                stats = fuzz(app, headers=headers, max_examples=examples, label=label)
                stats.failures += [f"{label}{p}" for p in history_problems(engine)]
            finally:
                engine.dispose()
        per[label.rstrip(": ")] = stats.as_dict()
        total.merge(stats)
    server_errors = sum(v for k, v in total.statuses.items() if k >= 500)
    result = SuiteResult(
        suite="4 API fuzzing",
        tried=f"schemathesis: {total.requests:,} requests over {total.operations // len(plan)} "
        f"operations × {len(plan)} (role, database) pairs, {examples} per kind",
        held=f"{server_errors} 5xx, {len(total.failures)} schema/leak failures"
        + (f": {total.failures[0][:200]}" if total.failures else ""),
        ok=not total.failures and server_errors == 0,
        figures={"examples": examples, "per_run": per, **total.as_dict()},
        failures=total.failures,
    )
    result.seconds = time.monotonic() - started
    return result
