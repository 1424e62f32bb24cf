"""The audit log and an entity's history: who changed what, when and why, with field diffs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    entity: str
    key: str
    version: int
    op: str
    who: str
    why: str
    recorded_at: datetime
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class AuditFilters:
    user: str | None = None
    entity: str | None = None
    key: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class AuditView:
    entries: tuple[AuditEntry, ...]
    filters: AuditFilters
    entities: tuple[str, ...]
    next_before: str | None  # pass as `before` to see older entries


@dataclass(frozen=True, slots=True)
class HistoryView:
    entity: str
    key: str
    entries: tuple[AuditEntry, ...]
    last_version: int = 0
    restorable: tuple[int, ...] = ()  # versions the reader may put back
    notice: str | None = None


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "–"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items())) or "–"
    return str(value)


def diff(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[FieldChange, ...]:
    """Field-level changes between two records (a create lists every set field)."""
    b = before or {}
    a = after or {}
    out = []
    for name in [*a.keys(), *(k for k in b if k not in a)]:
        if b.get(name) != a.get(name):
            out.append(FieldChange(name, _show(b.get(name)), _show(a.get(name))))
    return tuple(out)


def audit_entry(row: Mapping[str, Any]) -> AuditEntry:
    """One history row (a mapping with the history table's columns) with its diff."""
    return AuditEntry(
        id=int(row["id"]),
        entity=str(row["entity"]),
        key=str(row["key"]),
        version=int(row["version"]),
        op=str(row["op"]),
        who=str(row["who"]),
        why=str(row["why"]),
        recorded_at=row["recorded_at"],
        changes=diff(row["before"], row["after"]),
    )


def audit_view(
    rows: Iterable[Mapping[str, Any]],
    *,
    filters: AuditFilters,
    entities: Iterable[str],
    next_before: str | None,
) -> AuditView:
    return AuditView(
        entries=tuple(audit_entry(r) for r in rows),
        filters=filters,
        entities=tuple(sorted(entities)),
        next_before=next_before,
    )
