"""The problem document (RFC 9457) as an OpenAPI schema, declared on every route's error codes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"


class ProblemDetail(BaseModel):
    """One located problem: what is wrong and where (field, row, column, file...)."""

    model_config = ConfigDict(extra="allow")

    message: str
    detail: str
    field: str | None = None
    entity: str | None = None
    key: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


class Problem(BaseModel):
    """An error, as RFC 9457 describes: type, title, status, detail, instance, plus `errors`."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:muster:problem:<kind>, or about:blank")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ProblemDetail] = Field(default_factory=list)
    current_version: int | None = Field(None, description="On 409/412: the row's version now")
    retry_after: int | None = Field(None, description="On 429: seconds to wait")
    reference: str | None = Field(None, description="On 500: quote it when reporting the bug")


_WHY = {
    400: "The request cannot be read",
    401: "Sign in first (a bearer token or the session cookie)",
    403: "Not allowed for your role, nation or token scope; or a failed CSRF check",
    404: "Not found, or not readable by you",
    409: "A conflict: a stale version, an existing key, or a row still referred to",
    412: "If-Match names a version that is no longer current",
    422: "Invalid input; `errors` locates every problem",
    428: "Say which version you read (If-Match or version)",
    429: "Too many attempts; see Retry-After",
    500: "An internal error; quote the reference",
}


def problem_responses() -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for every error status a route may answer with."""
    ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {"description": why, "model": Problem, "content": {PROBLEM_JSON: ref}}
        for status, why in _WHY.items()
    }
