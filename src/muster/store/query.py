"""Listing stored entities: filters, sorting and cursor (keyset) pagination, for the REST API.

`find(session=..., entity=Pledge, filters={"nation": "GBR", "phases": "truce"}, sort="quantity",
descending=True, limit=50)` returns a `Page`; pass `page.next_cursor` back as `cursor` for the
next one. A filter on a scalar field matches equal values (a list matches any of them); a filter
on a list of references (`phases`) matches rows whose list contains the value; a range
(`ranges={"quantity": (100, None)}`) bounds a number or date field, both ends included; a
`search` keeps rows whose names, quotes and notes hold every word (`muster.store.search`).
Rows without a value in the sort field come last. Keyset pagination never skips or repeats a
row when others are inserted between pages.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.errors import InvalidInput, Problem, describe
from muster.store.history import NUL
from muster.store.load import Stored, load_rows
from muster.store.schema import TABLES, unwrap_optional
from muster.store.search import text_search

# The fields a full-text search reads, when an entity has them: names, quotes and notes.
SEARCHED_FIELDS = (
    "id",
    "iso3",
    "name",
    "title",
    "outlet",
    "quote",
    "gloss",
    "evidence",
    "actor",
    "description",
    "note",
)

T = TypeVar("T")
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing: `items` in order, `total` matching rows, the next page's cursor."""

    items: list[Stored[T]]
    total: int
    next_cursor: str | None


_FIELD_TYPES: dict[tuple[type[Any], str], Any] = {}


def _field_type(cls: type[Any], field: str) -> Any:
    """A field's type, without Optional (remembered: `get_type_hints` is slow per request)."""
    key = (cls, field)
    if key not in _FIELD_TYPES:
        _FIELD_TYPES[key] = unwrap_optional(typing.get_type_hints(cls)[field])[0]
    return _FIELD_TYPES[key]


def _coerce(cls: type[Any], field: str, value: Any) -> Any:
    tp = _field_type(cls, field)
    if typing.get_origin(tp) is tuple:
        tp = typing.get_args(tp)[0]
    try:
        if tp is date and isinstance(value, str):
            return date.fromisoformat(value)
        if isinstance(tp, type) and issubclass(tp, Enum):
            return tp(value).value
        if tp is bool and isinstance(value, str):
            lowered = value.lower()
            if lowered not in ("true", "false", "1", "0"):
                raise ValueError(value)
            return lowered in ("true", "1")
        if tp in (int, float) and isinstance(value, str):
            return tp(value)
    except ValueError:
        raise InvalidInput(
            Problem(f"cannot filter on {describe(value)}: not a valid value", field=field)
        ) from None
    return value


def _where(cls: type[Any], filters: Mapping[str, Any]) -> list[Any]:
    t = TABLES[cls]
    clauses: list[Any] = []
    problems: list[Problem] = []
    links = {link.field: link for link in t.links}
    for field, raw in filters.items():
        values = list(raw) if isinstance(raw, list | tuple | set | frozenset) else [raw]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            # no stored text holds one (writes refuse it), and PostgreSQL refuses to compare it
            problems.append(Problem(NUL, field=field))
            continue
        if field in t.columns:
            coerced = [_coerce(cls, field, v) for v in values]
            col = t.table.c[field]
            if None in coerced:
                rest = [v for v in coerced if v is not None]
                clauses.append(sa.or_(col.is_(None), col.in_(rest)))
            else:
                clauses.append(col.in_(coerced))
        elif field in links:
            link = links[field]
            clauses.append(
                sa.exists().where(
                    link.table.c[link.owner_column] == t.table.c[t.key],
                    link.table.c[link.value_column].in_(values),
                )
            )
        else:
            allowed = ", ".join([*t.columns, *links])
            problems.append(
                Problem(f"cannot filter {t.name} by {field!r}; filters: {allowed}", field=field)
            )
    if problems:
        raise InvalidInput(problems)
    return clauses


def range_fields(cls: type[Any]) -> tuple[str, ...]:
    """The fields of `cls` a range can bound: its number and date columns."""
    t = TABLES[cls]
    return tuple(c for c in t.columns if _field_type(cls, c) in (int, float, date))


def search_fields(cls: type[Any]) -> tuple[str, ...]:
    """The text columns of `cls` a search reads (names, quotes, notes)."""
    t = TABLES[cls]
    return tuple(c for c in SEARCHED_FIELDS if c in t.columns and _field_type(cls, c) is str)


def _ranges(cls: type[Any], ranges: Mapping[str, tuple[Any, Any]]) -> list[Any]:
    t = TABLES[cls]
    allowed = range_fields(cls)
    clauses: list[Any] = []
    problems: list[Problem] = []
    for field, (low, high) in ranges.items():
        if field not in allowed:
            problems.append(
                Problem(
                    f"cannot bound {t.name} by {field!r}; ranges: {', '.join(allowed)}",
                    field=field,
                )
            )
            continue
        col = t.table.c[field]
        lo, hi = (_coerce(cls, field, v) if v is not None else None for v in (low, high))
        if any(isinstance(v, float) and not math.isfinite(v) for v in (lo, hi)):
            problems.append(Problem("a range's ends must be finite numbers", field=field))
            continue
        if lo is not None:
            clauses.append(col >= lo)
        if hi is not None:
            clauses.append(col <= hi)
        if lo is not None and hi is not None and lo > hi:
            problems.append(
                Problem(f"the range's low end {low} is above its high end {high}", field=field)
            )
    if problems:
        raise InvalidInput(problems)
    return clauses


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _fits(tp: Any, value: Any) -> bool:
    """Whether a cursor's sort value has the sort column's type."""
    if tp is date:
        return isinstance(value, date)
    if tp is bool:
        return isinstance(value, bool)
    if tp in (int, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _decode(cls: type[Any], sort: str, cursor: str) -> tuple[Any, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if value is not None and _field_type(cls, sort) is date:
            value = date.fromisoformat(value)
        if not isinstance(key, str) or "\x00" in key or "\x00" in str(value):
            raise ValueError(key)
        if value is not None and not _fits(_field_type(cls, sort), value):
            raise ValueError(value)  # a cursor of another sort: the database would refuse it
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise InvalidInput(
            Problem(
                "this cursor is not one Muster gave out; start from the first page", field="cursor"
            )
        ) from None
    return value, key


def find(
    *,
    session: Session,
    entity: type[T],
    filters: Mapping[str, Any] | None = None,
    sort: str | None = None,
    descending: bool = False,
    limit: int = 50,
    cursor: str | None = None,
    where: Any = None,
    ranges: Mapping[str, tuple[Any, Any]] | None = None,
    search: str | None = None,
) -> Page[T]:
    """One page of `entity` rows matching `filters`, ordered by `sort` (default: the key).

    `where` is one more SQL condition on the entity's table (the access policy's read
    restriction, `muster.store.access.read_clause`); `total` counts only rows that meet it.
    """
    t = TABLES[entity]
    sort = sort or t.key
    if sort not in t.columns:
        raise InvalidInput(
            Problem(
                f"cannot sort {t.name} by {sort!r}; sort by one of: {', '.join(t.columns)}",
                field="sort",
            )
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(Problem(f"expected 1 to {MAX_LIMIT}, got {limit}", field="limit"))
    clauses = _where(entity, filters or {})
    clauses.extend(_ranges(entity, ranges or {}))
    if search and search.strip():
        if "\x00" in search:
            raise InvalidInput(Problem(NUL, field="q"))
        searched = search_fields(entity)
        if not searched:
            raise InvalidInput(Problem(f"{t.name} have no text to search", field="q"))
        dialect = session.get_bind().dialect.name
        clauses.append(text_search(dialect).match(t.table, searched, search))
    if where is not None:
        clauses.append(where)
    key_col = t.table.c[t.key]
    col = t.table.c[sort]
    total = session.execute(
        sa.select(sa.func.count()).select_from(t.table).where(*clauses)
    ).scalar_one()
    after = [*clauses]
    if cursor:
        value, key = _decode(entity, sort, cursor)
        # a bound literal: SQLAlchemy refuses `col > True` with a plain Python bool
        bound = sa.literal(value, type_=col.type)
        beyond = (col < bound) if descending else (col > bound)
        next_key = (key_col < key) if descending else (key_col > key)
        if sort == t.key:
            after.append(next_key)
        elif value is None:
            after.append(sa.and_(col.is_(None), next_key))
        else:
            after.append(sa.or_(beyond, sa.and_(col == bound, next_key), col.is_(None)))
    nulls_last = sa.case((col.is_(None), 1), else_=0)
    order = [col.desc(), key_col.desc()] if descending else [col.asc(), key_col.asc()]
    rows = session.execute(
        sa.select(key_col, col).where(*after).order_by(nulls_last, *order).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    keys = [r[0] for r in rows]
    by_key = {s.key: s for s in load_rows(session=session, cls=entity, keys=keys)}
    items = [by_key[k] for k in keys]
    next_cursor = _encode([rows[-1][1], rows[-1][0]]) if more and rows else None
    return Page(items=items, total=total, next_cursor=next_cursor)
