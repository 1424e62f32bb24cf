"""A worked table on a page: sortable headers, filter form, search box, paging, downloads.

`table_controls` turns a `muster.app.tables.TableQuery` and its page into links that carry the
same query (sort links restart at the first page, since a cursor belongs to one order); the
page renders them without JavaScript. `record_table` is the generic view of any entity's rows:
its fields as columns, as in the downloads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from muster.app.tables import DEFAULT_LIMIT, TableQuery
from muster.interchange.tables import TABLE_SPECS, join_list
from muster.store.query import range_fields, search_fields
from muster.store.schema import TABLES


@dataclass(frozen=True, slots=True)
class Header:
    field: str
    label: str
    href: str | None  # sorts by this column (None: the column cannot be sorted)
    order: str | None  # "ascending" / "descending" when the table is sorted by it


@dataclass(frozen=True, slots=True)
class FilterInput:
    name: str  # the query parameter
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class TableControls:
    path: str
    headers: tuple[Header, ...]
    filters: tuple[FilterInput, ...]
    ranges: tuple[FilterInput, ...]
    search: str | None  # None: this table has no text to search
    searched: tuple[str, ...]
    sort: str | None
    limit: int
    total: int
    shown: int
    next_href: str | None
    first_href: str | None
    csv_href: str
    xlsx_href: str
    reset_href: str


@dataclass(frozen=True, slots=True)
class RecordTable:
    """Any entity's rows as text cells, one column per field."""

    title: str
    collection: str
    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]
    controls: TableControls


def _href(path: str, params: Sequence[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def table_controls(
    *,
    cls: type[Any],
    query: TableQuery,
    path: str,
    download_path: str,
    total: int,
    shown: int,
    next_cursor: str | None,
    columns: Sequence[tuple[str, str]] | None = None,
) -> TableControls:
    """The links and inputs of one table page; `columns` are (field, label) of its headers."""
    t = TABLES[cls]
    sortable = set(t.columns)
    heads = columns if columns is not None else [(c, c) for c in _record_fields(cls)]
    headers = []
    for name, label in heads:
        href = order = None
        if name in sortable:
            now = query.sort == name
            descending = now and not query.descending
            sorted_query = replace(query, sort=name, descending=descending, cursor=None)
            href = _href(path, sorted_query.params())
            if now:
                order = "descending" if query.descending else "ascending"
        headers.append(Header(name, label, href, order))
    filters = tuple(
        FilterInput(name, name, (query.filters.get(name) or ("",))[0])
        for name in (*t.columns, *(link.field for link in t.links))
    )
    ranges = []
    for name in range_fields(cls):
        low, high = query.ranges.get(name, (None, None))
        ranges.append(FilterInput(f"{name}_min", f"{name} from", low or ""))
        ranges.append(FilterInput(f"{name}_max", f"{name} to", high or ""))
    searched = search_fields(cls)
    first = replace(query, cursor=None)
    return TableControls(
        path=path,
        headers=tuple(headers),
        filters=filters,
        ranges=tuple(ranges),
        search=query.search if searched else None,
        searched=searched,
        sort=query.sort_param,
        limit=query.limit,
        total=total,
        shown=shown,
        next_href=(
            _href(path, replace(query, cursor=next_cursor).params()) if next_cursor else None
        ),
        first_href=_href(path, first.params()) if query.cursor else None,
        csv_href=_href(f"{download_path}.csv", query.params(paging=False)),
        xlsx_href=_href(f"{download_path}.xlsx", query.params(paging=False)),
        reset_href=path,
    )


def _record_fields(cls: type[Any]) -> tuple[str, ...]:
    return tuple(c.field for c in TABLE_SPECS[TABLES[cls].collection].columns)


def cell_text(value: Any) -> str:
    """A record's value as the page shows it (lists joined as in the downloads)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return join_list(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def record_table(
    *,
    cls: type[Any],
    title: str,
    records: Sequence[Mapping[str, Any]],
    controls: TableControls,
) -> RecordTable:
    t = TABLES[cls]
    fields = _record_fields(cls)
    return RecordTable(
        title=title,
        collection=t.collection,
        key=t.key,
        columns=fields,
        rows=tuple(tuple(cell_text(r.get(f)) for f in fields) for r in records),
        keys=tuple(str(r[t.key]) for r in records),
        controls=controls,
    )


__all__ = ["DEFAULT_LIMIT", "RecordTable", "TableControls", "record_table", "table_controls"]
