"""The JSON interchange format: canonical, lossless, versioned.

`{"format": "muster", "version": 1, "<collection>": [records...], ...}`: collections in dependency
order (empty ones left out), records sorted by key with every field in declaration order, two-space
indentation, characters as themselves, one trailing newline. One dataset has exactly one text.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from muster.domain import ENTITIES, Dataset, from_record, to_record
from muster.errors import InvalidInput, Problem, describe
from muster.interchange._common import (
    FORMAT,
    LIMITS,
    VERSION,
    Limits,
    Progress,
    Ticker,
    decode_text,
    suggest,
)
from muster.interchange.assembly import Assembly, TooManyProblems, Where

HEADER = ("format", "version")


class _Duplicated(dict[str, Any]):
    """A JSON object that named some key twice (json keeps the last; we refuse)."""

    duplicates: list[str]


class _NonFinite:
    """Stands for NaN/Infinity, which JSON does not allow; from_record refuses it by name."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __repr__(self) -> str:
        return f"{self.token} (not valid in JSON)"


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        twice: set[str] = set()
        for k, _ in pairs:
            (twice if k in seen else seen).add(k)
        dup = _Duplicated(pairs)
        dup.duplicates = sorted(twice)
        return dup
    return obj


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


# ---------------------------------------------------------------- reading


def read_json(
    data: bytes,
    *,
    name: str,
    progress: Progress | None = None,
    limits: Limits = LIMITS,
    known: Dataset | None = None,
    check: bool = True,
) -> Dataset:
    """The Dataset in a JSON interchange file, or InvalidInput locating every problem."""
    text = decode_text(data, name=name, utf16=False)
    if not text.strip():
        raise InvalidInput(
            Problem(
                'the file is empty: expected a JSON object {"format": "muster", "version": 1, ...}',
                file=name,
            )
        )
    try:
        doc = json.loads(text, object_pairs_hook=_pairs, parse_constant=_NonFinite)
    except json.JSONDecodeError as e:
        body = text.rstrip()
        ends_early = e.pos >= len(body) or not body.endswith("}")
        why = "; the file ends early (is it truncated?)" if ends_early else ""
        raise InvalidInput(
            Problem(f"not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}{why}", file=name)
        ) from None
    except RecursionError:
        raise InvalidInput(
            Problem(
                f"nested too deeply (Muster files nest {limits.max_json_depth} levels at most)",
                file=name,
            )
        ) from None
    return _document(doc, text, name=name, progress=progress, limits=limits).build(
        known=known, check=check
    )


def _document(
    doc: Any, text: str, *, name: str, progress: Progress | None, limits: Limits
) -> Assembly:
    if not isinstance(doc, dict):
        kind = type(doc).__name__ if not isinstance(doc, list) else "list"
        raise InvalidInput(
            Problem(
                f'expected a JSON object {{"format": "muster", "version": 1, ...}} at the top '
                f"level, got a {kind}",
                file=name,
            )
        )
    head: list[Problem] = []
    if isinstance(doc, _Duplicated):
        head.append(Problem(f"names {', '.join(doc.duplicates)} twice at the top level", file=name))
    if doc.get("format") != FORMAT:
        head.append(
            Problem(
                'not a Muster file: expected "format": "muster", '
                f"got {describe(doc.get('format'))}",
                file=name,
                field="format",
            )
        )
    version = doc.get("version")
    if version != VERSION or isinstance(version, bool):
        head.append(
            Problem(
                f"unsupported version {describe(version)}: this Muster reads version {VERSION}",
                file=name,
                field="version",
            )
        )
    for key, value in doc.items():
        if key in HEADER:
            continue
        if key not in ENTITIES:
            head.append(
                Problem(
                    f"unknown collection {key!r}{suggest(key, ENTITIES)} "
                    f"(expected: {', '.join(ENTITIES)})",
                    file=name,
                )
            )
        elif not isinstance(value, list):
            head.append(
                Problem(f"expected a list of records, got {describe(value)}", file=name, sheet=key)
            )
    if head:
        raise InvalidInput(head)

    assembly = Assembly(limits=limits)
    lines = _LineMap(text)
    assembly.refine = lines.refine
    check_surrogates = _SURROGATE_ESCAPE.search(text) is not None
    total = sum(len(v) for k, v in doc.items() if k in ENTITIES)
    ticker = Ticker(progress, total)
    try:
        for collection in ENTITIES:
            records = doc.get(collection, ())
            cls = ENTITIES[collection]
            for i, record in enumerate(records):
                where = Where(name, collection, i + 1)
                ticker.tick()
                if not isinstance(record, dict):
                    assembly.locate(
                        where,
                        [Problem(f"expected an object (a record), got {describe(record)}")],
                        {},
                    )
                    continue
                bad = _screen(record, limits, check_surrogates)
                if bad:
                    assembly.locate(where, bad, {})
                    continue
                try:
                    obj = from_record(cls, record)
                except InvalidInput as e:
                    assembly.locate(where, e.problems, {})
                    continue
                assembly.add(collection, obj, where)
    except TooManyProblems:
        pass
    ticker.finish()
    return assembly


def _screen(record: dict[str, Any], limits: Limits, check_surrogates: bool) -> list[Problem]:
    """Problems from_record would not see, or would choke on: huge text, deep nesting, keys
    named twice, lone surrogates. One pass over the fields; containers are walked iteratively."""
    out: list[Problem] = []
    if type(record) is _Duplicated:
        out.append(Problem(f"names the field(s) {', '.join(record.duplicates)} twice"))
    for key, value in record.items():
        t = type(value)
        if t is str:
            if len(value) > limits.max_text_chars:
                out.append(_too_long(key, len(value), limits))
            elif check_surrogates and not value.isascii() and not _encodable(value):
                out.append(Problem("contains an unpaired UTF-16 surrogate escape", field=key))
        elif t is list:
            # the usual list holds short strings: check them without the general walk
            for item in value:
                if type(item) is not str or len(item) > limits.max_text_chars:
                    break
            else:
                if not check_surrogates:
                    continue
            problem = _walk(key, value, limits, check_surrogates)
            if problem is not None:
                out.append(problem)
        elif t is dict or t is _Duplicated:
            problem = _walk(key, value, limits, check_surrogates)
            if problem is not None:
                out.append(problem)
    return out


def _walk(key: str, value: Any, limits: Limits, check_surrogates: bool) -> Problem | None:
    # A record sits 3 levels deep (document, collection, record); its fields use the rest.
    budget = limits.max_json_depth - 3
    stack: list[tuple[Any, int]] = [(value, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if depth > budget:
            return Problem(
                f"nested too deeply (Muster files nest {limits.max_json_depth} levels at most)",
                field=key,
            )
        if nodes > 100_000:
            return Problem("holds more than 100,000 values; no Muster field is that big", field=key)
        t = type(node)
        if t is _Duplicated:
            return Problem(f"an object inside names {', '.join(node.duplicates)} twice", field=key)
        if t is dict:
            stack.extend((v, depth + 1) for v in node.values())
        elif t is list:
            stack.extend((v, depth + 1) for v in node)
        elif t is str:
            if len(node) > limits.max_text_chars:
                return _too_long(key, len(node), limits)
            if check_surrogates and not node.isascii() and not _encodable(node):
                return Problem("contains an unpaired UTF-16 surrogate escape", field=key)
    return None


def _too_long(key: str, length: int, limits: Limits) -> Problem:
    return Problem(
        f"text of {length:,} characters is longer than the limit of "
        f"{limits.max_text_chars:,} (Limits.max_text_chars)",
        field=key,
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


class _LineMap:
    """Line numbers of records and their fields, found only when a problem needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._map: dict[tuple[str, int, str | None], int] | None = None

    def refine(self, where: Where, column: str | None) -> Where:
        if where.sheet is None or where.row is None or where.note:
            return where
        if self._map is None:
            self._map = _record_lines(self.text)
        field_name = (column or "").split(".")[0] or None
        line = self._map.get((where.sheet, where.row - 1, field_name)) or self._map.get(
            (where.sheet, where.row - 1, None)
        )
        return Where(where.file, where.sheet, where.row, f"(line {line})") if line else where


def _record_lines(text: str) -> dict[tuple[str, int, str | None], int]:
    """(collection, record index, field or None) → 1-based line, by one pass over the tokens."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    out: dict[tuple[str, int, str | None], int] = {}
    # each frame: [is_object, key or index, expecting a key]
    stack: list[list[Any]] = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == '"':
            if stack and stack[-1][0] and stack[-1][2]:
                stack[-1][1] = tok[1:-1]
                stack[-1][2] = False
                if len(stack) == 3 and not stack[1][0]:
                    line = bisect.bisect_left(newlines, m.start()) + 1
                    out[(stack[0][1], stack[1][1], tok[1:-1])] = line
        elif c == "{" or c == "[":
            if len(stack) == 2 and c == "{" and not stack[1][0] and stack[0][0]:
                line = bisect.bisect_left(newlines, m.start()) + 1
                out[(stack[0][1], stack[1][1], None)] = line
            stack.append([True, None, True] if c == "{" else [False, 0, False])
        elif c == "}" or c == "]":
            if stack:
                stack.pop()
        elif stack:  # ","
            if stack[-1][0]:
                stack[-1][2] = True
            else:
                stack[-1][1] += 1
    return out


# ---------------------------------------------------------------- writing


def dumps_json(dataset: Dataset, *, progress: Progress | None = None) -> str:
    """The canonical JSON text of `dataset` (see the module docstring)."""
    ticker = Ticker(progress, dataset.size)
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for name, items in dataset.sorted().collections():
        if items:
            records = []
            for obj in items:
                records.append(to_record(obj))
                ticker.tick()
            doc[name] = records
    text = _emit_document(doc)
    ticker.finish()
    return text


def _emit_document(doc: dict[str, Any]) -> str:
    """Exactly `json.dumps(doc, indent=2, ensure_ascii=False) + "\\n"`, several times faster:
    the standard encoder falls back to pure Python whenever it indents."""
    return _emit(doc, 0) + "\n"


_string: Callable[[str], str] = json.encoder.encode_basestring


@cache
def _key(name: str) -> str:
    return _string(name) + ": "


@cache
def _pad(indent: int) -> str:
    return "\n" + " " * indent


def _emit(value: Any, indent: int) -> str:
    t = type(value)
    if t is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if t is int:
        return int.__repr__(value)
    if t is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"cannot write {value!r} as JSON")
        return float.__repr__(value)
    inner = _pad(indent + 2)
    if t is dict:
        if not value:
            return "{}"
        deeper = indent + 2
        parts = []
        for k, v in value.items():
            tv = type(v)
            if tv is str:
                parts.append(_key(k) + _string(v))
            elif v is None:
                parts.append(_key(k) + "null")
            else:
                parts.append(_key(k) + _emit(v, deeper))
        return "{" + inner + ("," + inner).join(parts) + _pad(indent) + "}"
    if t is list:
        if not value:
            return "[]"
        if all(type(v) is str for v in value):
            body = ("," + inner).join(map(_string, value))
        else:
            body = ("," + inner).join([_emit(v, indent + 2) for v in value])
        return "[" + inner + body + _pad(indent) + "]"
    raise TypeError(f"cannot write {t.__name__} as JSON")  # to_record only makes JSON types
