"""Domain objects ↔ table rows and history records, compiled once per entity class for speed.

`record(obj)` equals `muster.domain.to_record(obj)` (a test holds it to that) but runs several
times faster, which matters when an import writes 100,000 history entries. `from_record` reads
back records this store wrote; objects are always rebuilt through their constructors, so the
domain's validation runs on everything the store returns.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import Enum
from functools import lru_cache
from itertools import count, repeat
from typing import Any

from muster.store.schema import Child, EntityTables, MapTable, entity_tables, unwrap_optional

Convert = Callable[[Any], Any]
EXACT = 2.0**53  # floats beyond this are not all integers a JSON reader can hold exactly


def _identity(v: Any) -> Any:
    return v


def _num(v: Any) -> Any:
    # as to_record: integral floats are written as integers (3.0 → 3)
    if v.__class__ is float and v.is_integer() and -EXACT < v < EXACT:
        return int(v)
    return v


def _optional(convert: Convert) -> Convert:
    return lambda v: None if v is None else convert(v)


class _Source:
    """Generated Python source and the names it refers to (how dataclasses builds __init__)."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"_num": _num, "repeat": repeat, "count": count}

    def bind(self, value: Any) -> str:
        name = f"_f{len(self.names)}"
        self.names[name] = value
        return name

    def function(self, name: str, args: str, body: str) -> Callable[..., Any]:
        code = f"def {name}({args}):\n{body}\n"
        exec(code, self.names)
        fn: Callable[..., Any] = self.names[name]
        return fn


def _plain(tp: Any, expr: str, src: _Source) -> str:
    """An expression turning `expr` (a value of type `tp`) into its record (JSON) form."""
    tp, optional = unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if origin is tuple:
        item = _plain(typing.get_args(tp)[0], "x", src)
        out = f"list({expr})" if item == "x" else f"[{item} for x in {expr}]"
    elif origin in (Mapping, dict):
        val = _plain(typing.get_args(tp)[1], "v", src)
        out = f"{{k: {val} for k, v in sorted({expr}.items())}}"
    elif dataclasses.is_dataclass(tp):
        out = f"{src.bind(_record_maker(tp))}({expr})"
    elif isinstance(tp, type) and issubclass(tp, Enum):
        # `_value_` is the documented attribute behind `.value`, read without its (slow)
        # descriptor; getattr's default lets a plain string stand in for its member
        out = f"getattr({expr}, '_value_', {expr})"
    elif tp is date:
        out = f"{expr}.isoformat()"
    elif tp in (int, float):
        out = f"_num({expr})"
    else:
        return expr
    return f"(None if {expr} is None else {out})" if optional else out


def _column(tp: Any, expr: str, src: _Source) -> str:
    """An expression turning `expr` into the value its column takes (before SQLAlchemy's
    own bind processing): enums by value, lists of words as JSON lists, the rest as is."""
    bare, optional = unwrap_optional(tp)
    if typing.get_origin(bare) is tuple:
        return _plain(tp, expr, src)
    if isinstance(bare, type) and issubclass(bare, Enum):
        value = f"getattr({expr}, '_value_', {expr})"
        return f"(None if {expr} is None else {value})" if optional else value
    return expr


def _from_plain(tp: Any) -> Convert:
    """Converter from a record (JSON) value back to a field of type `tp`."""
    tp, optional = unwrap_optional(tp)
    origin = typing.get_origin(tp)
    convert: Convert
    if origin is tuple:
        item = _from_plain(typing.get_args(tp)[0])
        convert = tuple if item is _identity else lambda v: tuple(item(x) for x in v)
    elif origin in (Mapping, dict):
        val = _from_plain(typing.get_args(tp)[1])
        convert = lambda v: {k: val(x) for k, x in v.items()}  # noqa: E731
    elif dataclasses.is_dataclass(tp):
        maker = _object_maker(tp)
        convert = maker
    elif isinstance(tp, type) and issubclass(tp, Enum):
        convert = tp
    elif tp is date:
        convert = date.fromisoformat
    elif tp is float:
        convert = float
    else:
        return _identity
    return _optional(convert) if optional else convert


_RECORD_MAKERS: dict[Any, Callable[[Any], dict[str, Any]]] = {}
_OBJECT_MAKERS: dict[Any, Callable[[Mapping[str, Any]], Any]] = {}
_CODECS: dict[Any, Codec] = {}


def _record_maker(cls: Any) -> Callable[[Any], dict[str, Any]]:
    if cls in _RECORD_MAKERS:
        return _RECORD_MAKERS[cls]
    hints = typing.get_type_hints(cls)
    src = _Source()
    items = ", ".join(
        f"{f.name!r}: {_plain(hints[f.name], 'o.' + f.name, src)}" for f in dataclasses.fields(cls)
    )
    record: Callable[[Any], dict[str, Any]] = src.function("record", "o", f"    return {{{items}}}")
    _RECORD_MAKERS[cls] = record
    return record


def _object_maker(cls: Any) -> Callable[[Mapping[str, Any]], Any]:
    if cls in _OBJECT_MAKERS:
        return _OBJECT_MAKERS[cls]
    hints = typing.get_type_hints(cls)
    plan = {f.name: _from_plain(hints[f.name]) for f in dataclasses.fields(cls)}

    def build(record: Mapping[str, Any]) -> Any:
        return cls(**{k: plan[k](v) for k, v in record.items() if k in plan})

    _OBJECT_MAKERS[cls] = build
    return build


@lru_cache(maxsize=8192)
def json_words(text: str) -> tuple[Any, ...]:
    """A JSON list column's text as a tuple. Lists of tags and aliases repeat a lot across rows,
    so decoding is cached by text: most rows of a big load cost one dictionary lookup."""
    return tuple(json.loads(text))


def _read(tp: Any, expr: str, src: _Source) -> str:
    """An expression turning `expr` (a column value as SQLAlchemy returns it: dates as dates,
    JSON as lists, booleans as bools) into the field's value."""
    bare, optional = unwrap_optional(tp)
    if typing.get_origin(bare) is tuple:  # a JSON list column, read as text (see json_words)
        item = typing.get_args(bare)[0]
        words = src.bind(json_words)
        if isinstance(item, type) and issubclass(item, Enum):
            members = src.bind({m.value: m for m in item})
            return f"tuple([{members}[x] for x in {words}({expr})])"
        return f"{words}({expr})"
    if isinstance(bare, type) and issubclass(bare, Enum):
        members = src.bind({m.value: m for m in bare})  # a dict lookup: Enum(value) is slow
        return (
            f"(None if {expr} is None else {members}[{expr}])" if optional else f"{members}[{expr}]"
        )
    return expr


class Codec:
    """How one entity class moves between objects, rows and records."""

    def __init__(self, tables: EntityTables) -> None:
        self.tables = tables
        self.cls = tables.cls
        hints = typing.get_type_hints(self.cls)
        main = (*tables.columns, *tables.json_lists)
        self.main_columns: tuple[str, ...] = (*main, "version")
        src = _Source()
        values = ", ".join(_column(hints[n], f"o.{n}", src) for n in main)
        self.main_values: Callable[[Any, int], list[Any]] = src.function(
            "main_values", "o, version", f"    return [{values}, version]"
        )
        self._side_rows = self._compile_side_rows(src, hints)
        self.build = self._compile_build(src, hints, main)
        self.child_builders = {c.field: self._compile_child(src, c) for c in tables.children}
        self.record: Callable[[Any], dict[str, Any]] = _record_maker(self.cls)
        self.from_record: Callable[[Mapping[str, Any]], Any] = _object_maker(self.cls)

    def key(self, obj: Any) -> str:
        return str(getattr(obj, self.tables.key))

    def main_row(self, obj: Any, version: int) -> dict[str, Any]:
        return dict(zip(self.main_columns, self.main_values(obj, version), strict=True))

    def _compile_side_rows(self, src: _Source, hints: Mapping[str, Any]) -> Callable[..., None]:
        t = self.tables
        lines = [f"    k = o.{t.key}"]
        for i, link in enumerate(t.links):
            # zip/repeat/count build the (owner, position, value) tuples in C
            lines.append(f"    out{i}.extend(zip(repeat(k), count(), o.{link.field}))")
        base = len(t.links)
        for j, child in enumerate(t.children):
            item_hints = typing.get_type_hints(child.cls)
            cols = ", ".join(_column(item_hints[n], f"x.{n}", src) for n in child.columns)
            lines.append(
                f"    out{base + j}.extend([k, i, {cols}] for i, x in enumerate(o.{child.field}))"
            )
        base += len(t.children)
        for j, m in enumerate(t.maps):
            lines.append(f"    out{base + j}.extend((k, n, v) for n, v in o.{m.field}.items())")
        args = ", ".join(["o", *(f"out{i}" for i in range(len(t.sides)))])
        return src.function("side_rows", args, "\n".join(lines))

    def side_rows(self, objs: Iterable[Any]) -> dict[str, list[Sequence[Any]]]:
        """Rows of every link, child and map table for `objs`, by table name.

        Values are in each table's column order: (owner, position, value) for links, (owner,
        position, *fields) for children, (owner, name, value) for maps.
        """
        outs: list[list[Sequence[Any]]] = [[] for _ in self.tables.sides]
        fill = self._side_rows
        for obj in objs:
            fill(obj, *outs)
        return {side.table.name: rows for side, rows in zip(self.tables.sides, outs, strict=True)}

    def _compile_build(
        self, src: _Source, hints: Mapping[str, Any], main: tuple[str, ...]
    ) -> Callable[..., Any]:
        """`build(row, *sides)`: the object from its main row (columns in `main_columns`
        order) and, per side table, a dict owner key → tuple (or dict, for maps)."""
        t = self.tables
        cls = src.bind(self.cls)
        args = [f"{n}={_read(hints[n], f'r[{i}]', src)}" for i, n in enumerate(main)]
        for i, side in enumerate(t.sides):
            blank = "{}" if isinstance(side, MapTable) else "()"
            args.append(f"{side.field}=s{i}.get(k, {blank})")
        params = ", ".join(["r", *(f"s{i}" for i in range(len(t.sides)))])
        body = f"    k = r[{main.index(t.key)}]\n    return {cls}({', '.join(args)})"
        return src.function("build", params, body)

    def _compile_child(self, src: _Source, child: Child) -> Callable[[Sequence[Any]], Any]:
        """An item of a child table from its row (owner, position, *fields)."""
        hints = typing.get_type_hints(child.cls)
        cls = src.bind(child.cls)
        args = ", ".join(
            f"{n}={_read(hints[n], f'r[{i + 2}]', src)}" for i, n in enumerate(child.columns)
        )
        return src.function(f"build_{child.field}", "r", f"    return {cls}({args})")


def codec(cls: type[Any]) -> Codec:
    """The (cached) codec of an entity class."""
    found = _CODECS.get(cls)
    if found is None:
        found = _CODECS[cls] = Codec(entity_tables(cls))
    return found
