"""Muster's error hierarchy: every failure a user can cause says what is wrong and where.

`MusterError` has few children. `InvalidInput` carries one or more `Problem`s, each located
(file, sheet, row, column, entity, field) so an import can report all of them at once. The web
shell maps these to HTTP in `web/errors.py`, the CLI to exit codes in `cli`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, and where it is."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    entity: str | None = None
    key: str | None = None
    field: str | None = None

    def at(self, **where: Any) -> Problem:
        """The same problem, located further (fields already set are kept)."""
        fill = {k: v for k, v in where.items() if getattr(self, k) is None}
        return replace(self, **fill)

    @property
    def location(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        elif self.field and self.row is not None:
            parts.append(f"column {self.field}")
        if not parts and self.entity:
            label = f"{self.entity} {self.key!r}" if self.key else self.entity
            parts.append(label)
            if self.field:
                parts.append(f"field {self.field}")
        elif self.field and not self.column and self.row is None:
            parts.append(f"field {self.field}")
        return " ".join(parts[:1]) + ("" if len(parts) < 2 else " " + ", ".join(parts[1:]))

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}
        out["detail"] = str(self)
        return out


def describe(value: object, limit: int = 60) -> str:
    """A short, quoted rendering of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MusterError(Exception):
    """Base of every error Muster raises on purpose."""

    exit_code = 1
    http_status = 400
    title = "Muster error"


class InvalidInput(MusterError):
    """Input that cannot be accepted; `problems` says every place that is wrong."""

    http_status = 422
    title = "Invalid input"

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        if not self.problems:
            raise ValueError("InvalidInput needs at least one problem")
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        more = len(self.problems) - limit
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        if len(lines) == 1:
            return lines[0]
        return f"{len(self.problems)} problems:\n" + "\n".join(f"  - {line}" for line in lines)

    def at(self, **where: Any) -> InvalidInput:
        """The same error with every problem located further."""
        return InvalidInput([p.at(**where) for p in self.problems])


class NotFound(MusterError):
    http_status = 404
    title = "Not found"


class Forbidden(MusterError):
    http_status = 403
    title = "Forbidden"


class Conflict(MusterError):
    """A write that names a stale version, or breaks uniqueness."""

    http_status = 409
    title = "Conflict"

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class Infeasible(MusterError):
    http_status = 422
    title = "Infeasible"
