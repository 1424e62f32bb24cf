"""Working a table: sort by any column, filter any column, search text, page, download.

One use case for every list: the API's list endpoints (`GET /api/v1/pledges?…`), the list pages
(`/pledges?…`) and their CSV/XLSX downloads call `table_page` / `table_file` with the acting
user, the entity and a `TableQuery` parsed from the same query string by `parse_query`. The
read rule is applied in SQL (`store.access.read_clause`), so a page, its total and a download never
hold a row the user may not read; a scenario's record loses the ids of hidden pledges.

Query string (the same on the API and the pages):

- `sort=quantity` / `sort=-quantity`: any column, `-` for descending (ties by the key);
- `<field>=value` (repeatable: any of them) for any column or list of references;
- `<field>_min=…` / `<field>_max=…` for number and date columns, both ends included;
- `q=words`: every word in the names, quotes and notes (`muster.store.search`);
- `limit=50` and `cursor=…` (from `next_cursor`): keyset paging, so a page boundary stays put
  when the order is by a non-unique column or rows are added between pages.

A parameter that names no column, a bad value or a bad sort is refused with a problem naming
the parameter (HTTP 422), before anything is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from muster import store
from muster.auth import User
from muster.auth.policy import scrub_scenario
from muster.domain import Scenario
from muster.domain.records import to_record
from muster.errors import InvalidInput, Problem, describe
from muster.interchange.tables import TABLE_SPECS, text_cells
from muster.interchange.xlsx_format import row_cells
from muster.store.access import hidden_pledges, read_clause
from muster.store.query import MAX_LIMIT, range_fields, search_fields
from muster.store.schema import TABLES

DEFAULT_LIMIT = 50
# Query parameters that are not filters; a page may add its own (`format`) via `ignore`.
CONTROLS = ("sort", "cursor", "limit", "q")
RANGE_SUFFIXES = ("_min", "_max")
FileKind = Literal["csv", "xlsx"]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class TableQuery:
    """What a reader asked of one table; `params()` gives it back as a query string."""

    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ranges: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    search: str = ""
    sort: str | None = None
    descending: bool = False
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    @property
    def sort_param(self) -> str | None:
        if self.sort is None:
            return None
        return f"-{self.sort}" if self.descending else self.sort

    def params(self, *, paging: bool = True) -> list[tuple[str, str]]:
        """The query as (name, value) pairs; without `paging`, no limit and no cursor."""
        out: list[tuple[str, str]] = []
        for name, values in self.filters.items():
            out.extend((name, v) for v in values)
        for name, (low, high) in self.ranges.items():
            if low is not None:
                out.append((f"{name}_min", low))
            if high is not None:
                out.append((f"{name}_max", high))
        if self.search:
            out.append(("q", self.search))
        if self.sort_param:
            out.append(("sort", self.sort_param))
        if paging and self.limit != DEFAULT_LIMIT:
            out.append(("limit", str(self.limit)))
        if paging and self.cursor:
            out.append(("cursor", self.cursor))
        return out


def filter_fields(cls: type[Any]) -> tuple[str, ...]:
    """The fields `cls` can be filtered by: its columns and its lists of references."""
    t = TABLES[cls]
    return (*t.columns, *(link.field for link in t.links))


def parse_query(
    cls: type[Any],
    params: Iterable[tuple[str, str]],
    *,
    ignore: Iterable[str] = (),
    default_sort: str | None = None,
) -> TableQuery:
    """The `TableQuery` of a query string's (name, value) pairs; InvalidInput names each bad one.

    Empty values are left out (an empty form field means "any"); names in `ignore` are the
    caller's own (a page's `format`).
    """
    t = TABLES[cls]
    skip = set(ignore)
    columns = filter_fields(cls)
    bounded = range_fields(cls)
    problems: list[Problem] = []
    filters: dict[str, list[str]] = {}
    ranges: dict[str, list[str | None]] = {}
    controls: dict[str, str] = {}
    for name, value in params:
        if name in skip:
            continue
        if "\x00" in value or len(value) > 1000:
            problems.append(Problem(f"cannot use {describe(value)}", field=name))
            continue
        value = value.strip()
        if not value:
            continue
        if name in CONTROLS:
            if name in controls:
                problems.append(Problem("give this parameter once", field=name))
            controls[name] = value
        elif name in columns:
            filters.setdefault(name, []).append(value)
        elif name.endswith(RANGE_SUFFIXES) and name[:-4] in bounded:
            end = ranges.setdefault(name[:-4], [None, None])
            end[0 if name.endswith("_min") else 1] = value
        else:
            problems.append(
                Problem(
                    f"{t.name} have no column {name!r}; filter by one of: {', '.join(columns)}; "
                    f"bound with <field>_min / <field>_max: {', '.join(bounded) or 'none'}; "
                    f"or use {', '.join(CONTROLS)}",
                    field=name,
                )
            )
    sort_text = controls.get("sort", default_sort)
    sort, descending = None, False
    if sort_text:
        descending = sort_text.startswith("-")
        sort = sort_text.lstrip("-")
        if sort not in t.columns:
            problems.append(
                Problem(
                    f"cannot sort {t.name} by {sort!r}; sort by one of: {', '.join(t.columns)} "
                    "('-' first for descending)",
                    field="sort",
                )
            )
    limit = DEFAULT_LIMIT
    if "limit" in controls:
        try:
            limit = int(controls["limit"])
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            problems.append(
                Problem(
                    f"expected 1 to {MAX_LIMIT}, got {describe(controls['limit'])}", field="limit"
                )
            )
    if "q" in controls and not search_fields(cls):
        problems.append(Problem(f"{t.name} have no text to search", field="q"))
    if problems:
        raise InvalidInput(problems)
    return TableQuery(
        filters={k: tuple(v) for k, v in filters.items()},
        ranges={k: (v[0], v[1]) for k, v in ranges.items()},
        search=controls.get("q", ""),
        sort=sort,
        descending=descending,
        limit=limit,
        cursor=controls.get("cursor"),
    )


def table_page(
    *, session: Session, user: User, cls: type[Any], query: TableQuery
) -> store.Page[Any]:
    """One page of the rows `user` may read that match `query`; `total` counts only those."""
    return store.find(
        session=session,
        entity=cls,
        filters=query.filters,
        ranges=query.ranges,
        search=query.search or None,
        sort=query.sort,
        descending=query.descending,
        limit=query.limit,
        cursor=query.cursor,
        where=read_clause(user, cls),
    )


def table_rows(
    *, session: Session, user: User, cls: type[Any], query: TableQuery
) -> list[store.Stored[Any]]:
    """Every row of the query's result (all its pages, from the first), in its order."""
    out: list[store.Stored[Any]] = []
    cursor: str | None = None
    while True:
        page = table_page(
            session=session,
            user=user,
            cls=cls,
            query=replace(query, limit=MAX_LIMIT, cursor=cursor),
        )
        out.extend(page.items)
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def readable_records(
    *, session: Session, user: User, cls: type[Any], rows: Iterable[store.Stored[Any]]
) -> list[dict[str, Any]]:
    """The rows as records, as `user` may see them (scenarios lose hidden pledges' ids)."""
    hidden = hidden_pledges(session, user) if cls is Scenario else frozenset()
    out = []
    for stored in rows:
        obj = stored.obj
        if hidden and isinstance(obj, Scenario):
            obj = scrub_scenario(obj, hidden)
        out.append(to_record(obj))
    return out


def file_name(cls: type[Any], kind: FileKind) -> str:
    return f"{TABLES[cls].collection}.{kind}"


def table_file(
    *, session: Session, user: User, cls: type[Any], query: TableQuery, kind: FileKind
) -> bytes:
    """Every row of `query` that `user` may read, in its order, as CSV or XLSX.

    The columns are the entity's fields, as in `muster export` (lists joined by `; `); text a
    spreadsheet would run as a formula is neutralised the same way (`interchange.tables`).
    """
    rows = table_rows(session=session, user=user, cls=cls, query=query)
    records = readable_records(session=session, user=user, cls=cls, rows=rows)
    spec = TABLE_SPECS[TABLES[cls].collection]
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(spec.headers)
        for record in records:
            writer.writerow(text_cells(spec, record))
        return out.getvalue().encode("utf-8")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(TABLES[cls].collection)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in spec.headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in records:
        sheet.append(row_cells(spec, record))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
