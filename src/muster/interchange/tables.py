"""The tabular layout CSV and XLSX share: one table per collection, nested objects in tables of
their own, and the cell syntax for lists, mappings and formula-injection neutralisation.

Cells become records and go through `muster.domain.records.from_record(..., text=True)`; records
come from `to_record`. Only the cell syntax lives here.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import partial
from typing import Any

from muster.domain import (
    ENTITIES,
    Dataset,
    Office,
    StatusChange,
    Substitution,
    from_record,
    to_record,
)
from muster.domain.records import required_fields
from muster.errors import InvalidInput, Problem, describe
from muster.interchange._common import (
    NESTED,
    TABLES,
    plural,
    suggest,
)
from muster.interchange.assembly import Assembly, Where

LIST_SEPARATOR = ";"
MAPPING_SIGN = "="
# Spreadsheets run cells starting with these as formulas (OWASP "CSV injection").
DANGEROUS = frozenset("=+-@\t\r")


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the header in the file
    field: str  # the entity's field it fills (for nested tables, the owner key is "")
    kind: str  # text | number | bool | date | list | mapping
    required: bool


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    cls: type[Any]
    columns: tuple[Column, ...]
    owner: str | None = None  # for nested tables: the owner's collection

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    def column_of(self, field_name: str) -> str:
        for c in self.columns:
            if c.field == field_name:
                return c.name
        return field_name


def _kind(tp: Any) -> str | None:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _kind(args[0]) if len(args) == 1 else "text"
    if origin is tuple:
        item = typing.get_args(tp)[0]
        return None if dataclasses.is_dataclass(item) else "list"
    if origin is not None and origin is not typing.Literal:
        return "mapping"  # Mapping[str, bool | float]
    if tp is bool:
        return "bool"
    if tp in (int, float):
        return "number"
    if tp is date:
        return "date"
    return "text"  # str, Literal, Enum


def _columns(cls: type[Any], rename: Mapping[str, str] | None = None) -> list[Column]:
    hints = typing.get_type_hints(cls)
    needed = required_fields(typing.cast(typing.Hashable, cls))
    out = []
    for f in dataclasses.fields(cls):
        kind = _kind(hints[f.name])
        if kind is not None:
            name = (rename or {}).get(f.name, f.name)
            out.append(Column(name, f.name, kind, f.name in needed))
    return out


def _tables() -> dict[str, Table]:
    out: dict[str, Table] = {}
    for name in TABLES:
        if name == "offices":
            cols = [Column("actor", "", "text", True), *_columns(Office)]
            out[name] = Table(name, Office, tuple(cols), owner="actors")
        elif name == "condition_statuses":
            cols = [Column("condition", "", "text", True), *_columns(StatusChange)]
            out[name] = Table(name, StatusChange, tuple(cols), owner="conditions")
        elif name == "substitutions":
            cols = [
                Column("capability", "", "text", True),
                *_columns(Substitution, {"capability": "substitutes_for"}),
            ]
            out[name] = Table(name, Substitution, tuple(cols), owner="capabilities")
        else:
            out[name] = Table(name, ENTITIES[name], tuple(_columns(ENTITIES[name])))
    return out


TABLE_SPECS = _tables()


# ---------------------------------------------------------------- cell syntax


def neutralise(text: str) -> str:
    """Prefix `'` to text a spreadsheet would run as a formula; also to text that already starts
    with `'` before such a character, so that `restore` is its exact inverse."""
    if text and (text[0] in DANGEROUS or (text[0] == "'" and text.lstrip("'")[:1] in DANGEROUS)):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo `neutralise`: drop exactly one leading `'` before `'`s and a formula character."""
    if text[:1] == "'" and text.lstrip("'")[:1] in DANGEROUS:
        return text[1:]
    return text


def join_list(items: Iterable[Any]) -> str:
    """`a; b; c`, with `;` and `\\` inside an item escaped by a backslash."""
    return "; ".join(_escape_item(_scalar_text(v)) for v in items)


def _escape_item(text: str) -> str:
    if "\\" in text or ";" in text:
        return text.replace("\\", "\\\\").replace(";", "\\;")
    return text


_SPLIT = re.compile(r"\\(.)|;", re.DOTALL)


def split_list(cell: str) -> list[str]:
    """The items of a list cell: split on unescaped `;`, trimmed, empty items dropped."""
    if "\\" not in cell:
        return [s for s in map(str.strip, cell.split(LIST_SEPARATOR)) if s]
    items: list[str] = []
    current: list[str] = []
    pos = 0
    for m in _SPLIT.finditer(cell):
        current.append(cell[pos : m.start()])
        if m.group(1) is not None:
            current.append(m.group(1))
        else:
            items.append("".join(current))
            current = []
        pos = m.end()
    current.append(cell[pos:])
    items.append("".join(current))
    return [s for s in (i.strip() for i in items) if s]


def join_mapping(mapping: Mapping[str, Any]) -> str:
    """`truce=true; us-backstop=0.3` (keys sorted, as records keep them)."""
    return "; ".join(f"{_escape_item(k)}={_scalar_text(v)}" for k, v in mapping.items())


def split_mapping(cell: str) -> dict[str, str]:
    """The pairs of a mapping cell; raises ValueError saying what is wrong."""
    out: dict[str, str] = {}
    for item in split_list(cell):
        key, sign, value = item.partition(MAPPING_SIGN)
        key, value = key.strip(), value.strip()
        if not sign or not key or not value:
            raise ValueError(f"expected name=value pairs separated by ';', got {describe(item)}")
        if key in out:
            raise ValueError(f"names {key!r} twice")
        out[key] = value
    return out


def _scalar_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


# ---------------------------------------------------------------- writing rows


def table_records(dataset: Dataset, table: Table) -> Iterator[dict[str, Any]]:
    """The records of `table` in canonical order (the caller passes a sorted dataset); a nested
    table's records carry their owner's key under the field name ""."""
    if table.owner is None:
        for obj in getattr(dataset, table.name):
            yield to_record(obj)
        return
    attr = NESTED[table.name][1]
    for owner in getattr(dataset, table.owner):
        for child in getattr(owner, attr):
            yield {"": owner.key, **to_record(child)}  # "" is the owner column's field


def table_size(dataset: Dataset, table: Table) -> int:
    if table.owner is None:
        return len(getattr(dataset, table.name))
    attr = NESTED[table.name][1]
    return sum(len(getattr(o, attr)) for o in getattr(dataset, table.owner))


def text_cells(table: Table, record: Mapping[str, Any]) -> list[str]:
    """One CSV row: every cell as text, formula-looking text neutralised."""
    out = []
    for c in table.columns:
        value = record.get(c.field)
        if value is None:
            out.append("")
        elif c.kind == "number":
            out.append(repr(value) if isinstance(value, float) else str(value))
        elif c.kind == "bool":
            out.append("true" if value else "false")
        elif c.kind == "list":
            out.append(neutralise(join_list(value)))
        elif c.kind == "mapping":
            out.append(neutralise(join_mapping(value)))
        else:
            out.append(neutralise(str(value)))
    return out


# ---------------------------------------------------------------- reading rows


@dataclass
class TableReader:
    """Reads one table's rows into the assembly, given its header row."""

    table: Table
    assembly: Assembly
    file: str | None
    sheet: str | None
    strict_width: bool  # CSV: a short row means a truncated file; XLSX omits empty cells
    columns: list[Column | None] = dataclasses.field(default_factory=list)
    readers: list[Callable[[Any], Any]] = dataclasses.field(default_factory=list)
    ok: bool = True

    def __post_init__(self) -> None:
        self.assembly.tables_read.add(self.table.name)

    def header(self, cells: list[Any], row: int = 1) -> bool:
        """Map header cells to columns; report unknown, repeated and missing columns."""
        known = {c.name: c for c in self.table.columns}
        seen: set[str] = set()
        problems: list[str] = []
        for cell in cells:
            name = cell.strip().lower() if isinstance(cell, str) else cell
            if name is None or name == "":
                self.columns.append(None)
                continue
            name = str(name)
            column = known.get(name)
            if column is None:
                problems.append(
                    f"unknown column {name!r}{suggest(name, known)} "
                    f"(expected: {', '.join(self.table.headers)})"
                )
            elif name in seen:
                problems.append(f"column {name!r} appears twice")
            seen.add(name)
            self.columns.append(column)
        missing = [c.name for c in self.table.columns if c.required and c.name not in seen]
        if missing:
            problems.append(
                f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
            )
        for message in problems:
            self.assembly.fail(Problem(message, file=self.file, sheet=self.sheet, row=row))
        self.ok = not problems
        self.readers = [_reader(c) for c in self.columns]
        return self.ok

    def row(self, number: int, cells: list[Any] | tuple[Any, ...]) -> None:
        """Read one data row (`number` as a spreadsheet shows it)."""
        if not self.ok:
            return
        for v in cells:
            if v is not None and v != "":
                break
        else:
            return  # a blank row
        where = Where(self.file, self.sheet, number)
        width = len(self.columns)
        if len(cells) > width and any(_filled(v) for v in cells[width:]):
            self.assembly.fail(
                where.problem(
                    Problem(
                        f"has {len(cells)} cells but the header names {plural(width, 'column')}"
                    )
                )
            )
            return
        if self.strict_width and len(cells) < width:
            self.assembly.fail(
                where.problem(
                    Problem(
                        f"has {len(cells)} of {width} cells (is the file truncated, or a "
                        "separator missing?)"
                    )
                )
            )
            return
        record: dict[str, Any] = {}
        owner: Any = None
        problems: list[Problem] = []
        for column, read, value in zip(self.columns, self.readers, cells, strict=False):
            if value is None or value == "":
                continue
            if column is None:
                problems.append(Problem(f"a value {describe(value)} under no header"))
                continue
            try:
                if column.field:
                    record[column.field] = read(value)
                else:
                    owner = read(value)
            except ValueError as e:
                problems.append(Problem(str(e), field=column.field or column.name))
        if problems:
            self.assembly.locate(where, problems, self._renames())
            return
        self._build(record, owner, where)

    def _renames(self) -> dict[str, str]:
        return {c.field: c.name for c in self.table.columns if c.field and c.field != c.name}

    def _build(self, record: dict[str, Any], owner: Any, where: Where) -> None:
        table = self.table
        if table.owner is None:
            try:
                obj = from_record(table.cls, record, text=True)
            except InvalidInput as e:
                self.assembly.locate(where, e.problems, self._renames())
                return
            self.assembly.add(table.name, obj, where)
            return
        owner_column = table.columns[0].name
        problems: list[Problem] = []
        if not isinstance(owner, str) or not owner.strip():
            problems.append(Problem("is required", field=owner_column))
        try:
            child = from_record(table.cls, record, text=True)
        except InvalidInput as e:
            problems.extend(e.problems)
        if problems:
            self.assembly.locate(where, problems, self._renames())
            return
        self.assembly.add_child(table.name, str(owner), child, where)


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def _reader(column: Column | None) -> Callable[[Any], Any]:
    """The cell → record value function of a column, with the usual case inlined."""
    if column is None or column.kind in ("number", "bool"):
        return _same
    if column.kind == "list":

        def read_list(value: Any) -> Any:
            if type(value) is str:
                return split_list(restore(value))
            return _cell_value(column, value)

        return read_list
    if column.kind == "mapping":
        return partial(_cell_value, column)

    def read_text(value: Any) -> Any:
        return restore(value) if type(value) is str else _cell_value(column, value)

    return read_text


def _same(value: Any) -> Any:
    return value


def _cell_value(column: Column, value: Any) -> Any:
    kind = column.kind
    if kind == "number" or kind == "bool":
        return value
    if isinstance(value, datetime) and kind == "date":
        return value
    if isinstance(value, datetime | date):
        value = value.isoformat()
    elif not isinstance(value, str):
        value = _scalar_text(value) if isinstance(value, bool) else _number_text(value)
    value = restore(value)
    if kind == "list":
        return split_list(value)
    if kind == "mapping":
        return split_mapping(value)
    return value


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
