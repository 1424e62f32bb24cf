"""Plain records (dicts of JSON types) to and from domain objects, driven by the type hints.

This is the one conversion every format goes through: JSON loads into records directly; CSV and
XLSX cells become records first (their loaders pass `text=True` so "true", "1.5", "a;b" parse).
Every problem found is collected and raised together, located by field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Hashable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from muster.domain._checks import storable
from muster.errors import InvalidInput, Problem, describe

T = TypeVar("T")

LIST_SEPARATOR = ";"
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f", ""}


@cache
def _hints(cls: Hashable) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def field_names(cls: Hashable) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]


@cache
def _name_set(cls: Hashable) -> frozenset[str]:
    return frozenset(field_names(cls))


@cache
def required_fields(cls: Hashable) -> frozenset[str]:
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _convert(tp: Any, value: Any, *, text: bool) -> Any:
    tp, optional = _unwrap_optional(tp)
    if value is None or (text and isinstance(value, str) and value == "" and optional):
        if optional:
            return None
        raise _Bad("is required")
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        allowed = typing.get_args(tp)
        if value not in allowed:
            raise _Bad(f"expected one of {', '.join(map(repr, allowed))}, got {describe(value)}")
        return value
    if origin is tuple:
        item_tp = typing.get_args(tp)[0]
        if text and isinstance(value, str):
            value = [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
        if not isinstance(value, list | tuple):
            raise _Bad(f"expected a list, got {describe(value)}")
        out = []
        for i, item in enumerate(value):
            try:
                out.append(_convert(item_tp, item, text=text))
            except _Bad as e:
                raise _Bad(f"item {i + 1}: {e.message}") from None
            except InvalidInput as e:
                detail = "; ".join(
                    f"{p.field}: {p.message}" if p.field else p.message for p in e.problems
                )
                raise _Bad(f"item {i + 1}: {detail}") from None
        return tuple(out)
    if origin in (Mapping, dict, typing.Mapping) or tp is dict:
        _key_tp, val_tp = typing.get_args(tp)
        if not isinstance(value, Mapping):
            raise _Bad(f"expected an object of name → value, got {describe(value)}")
        result = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise _Bad(f"expected text keys, got {describe(k)}")
            try:
                result[k] = _convert(val_tp, v, text=text)
            except _Bad as e:
                raise _Bad(f"{k}: {e.message}") from None
        return result
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, Mapping):
            raise _Bad(f"expected an object, got {describe(value)}")
        return from_record(tp, value, text=text)  # type: ignore[arg-type]
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value.strip() if isinstance(value, str) else value)
        except ValueError:
            choices = ", ".join(str(m.value) for m in tp)
            raise _Bad(f"expected one of {choices}, got {describe(value)}") from None
    if tp is bool:
        if isinstance(value, bool):
            return value
        if text and isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        if text and isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        raise _Bad(f"expected true or false, got {describe(value)}")
    if tp is int:
        if isinstance(value, bool):
            raise _Bad(f"expected a whole number, got {describe(value)}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if text and isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise _Bad(f"expected a whole number, got {describe(value)}")
    if tp is float:
        if isinstance(value, bool):
            raise _Bad(f"expected a number, got {describe(value)}")
        if isinstance(value, int | float):
            return float(value)
        if text and isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        raise _Bad(f"expected a number, got {describe(value)}")
    if tp is date:
        if isinstance(value, datetime):
            if value.time() != datetime.min.time():
                raise _Bad(f"expected a date (YYYY-MM-DD), got a date and time {value.isoformat()}")
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise _Bad(f"expected a date (YYYY-MM-DD), got {describe(value)}")
    if tp is str:
        if isinstance(value, str):
            if "\x00" in value:  # PostgreSQL cannot store it; no text needs it
                raise _Bad("text may not contain the NUL character (U+0000)")
            if not storable(value):
                raise _Bad("text may not contain a lone surrogate (U+D800 to U+DFFF)")
            return value
        if text and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise _Bad(f"expected text, got {describe(value)}")
    raise TypeError(f"records: unsupported type {tp!r}")  # a programming error, not user input


class _Slow(Exception):
    """A fast converter declines a value; `_convert` decides (and words any error)."""


_SLOW = _Slow()


def _fast(tp: Any, text: bool) -> Callable[[Any], Any]:
    """A converter for the common, valid values of `tp`, equal to `_convert` on them.

    Anything else raises `_Slow` so the general `_convert` handles it with its exact messages:
    the fast path changes speed, never results.
    """
    inner, optional = _unwrap_optional(tp)

    def slow(value: Any) -> Any:
        raise _SLOW

    base = slow
    if inner is str:

        def base(value: Any) -> Any:
            if (
                type(value) is str
                and (value or not text)
                and "\x00" not in value
                and (value.isascii() or storable(value))
            ):
                return value
            raise _SLOW

    elif inner is float:

        def base(value: Any) -> Any:
            t = type(value)
            if t is float:
                return value
            if t is int:
                return float(value)
            if t is str and text:
                try:
                    return float(value)  # float() ignores surrounding spaces, like strip()
                except ValueError:
                    raise _SLOW from None
            raise _SLOW

    elif inner is int:

        def base(value: Any) -> Any:
            t = type(value)
            if t is int:
                return value
            if t is str and text:
                try:
                    return int(value)
                except ValueError:
                    raise _SLOW from None
            raise _SLOW

    elif inner is bool:

        def base(value: Any) -> Any:
            if value is True or value is False:
                return value
            if text and type(value) is str:
                word = value.strip().lower()
                if word in _TRUE:
                    return True
                if word in _FALSE:
                    return False
            raise _SLOW

    elif inner is date:

        def base(value: Any) -> Any:
            t = type(value)
            if t is str and len(value) == 10:
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    raise _SLOW from None
            if t is date:
                return value
            raise _SLOW

    elif isinstance(inner, type) and issubclass(inner, Enum):
        members = {m.value: m for m in inner}

        def base(value: Any) -> Any:
            member = members.get(value) if type(value) is str else None
            if member is None:
                raise _SLOW
            return member

    elif typing.get_origin(inner) is typing.Literal:
        allowed = frozenset(typing.get_args(inner))

        def base(value: Any) -> Any:
            if type(value) is str and value in allowed:
                return value
            raise _SLOW

    elif typing.get_origin(inner) is tuple and not dataclasses.is_dataclass(
        typing.get_args(inner)[0]
    ):
        item = _fast(typing.get_args(inner)[0], text)

        def base(value: Any) -> Any:
            if type(value) is list or type(value) is tuple:
                return tuple([item(v) for v in value])
            raise _SLOW

    if not optional:
        return base

    def maybe(value: Any) -> Any:
        return None if value is None else base(value)

    return maybe


@cache
def _plan(cls: Hashable, text: bool) -> tuple[tuple[str, Any, Callable[[Any], Any], bool], ...]:
    """Per field: name, type hint, fast converter, required."""
    hints = _hints(cls)
    needed = required_fields(cls)
    return tuple((n, hints[n], _fast(hints[n], text), n in needed) for n in field_names(cls))


@cache
def _entity_name(cls: Hashable) -> str:
    name = getattr(cls, "__name__", "")
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")


def from_record(cls: type[T], record: Mapping[str, Any], *, text: bool = False) -> T:
    """Build a `cls` from a record, or raise InvalidInput naming every bad field.

    Unknown fields are refused (a typo must not be silently dropped). With `text=True`, strings
    are parsed as CSV cells: numbers, booleans, ';'-separated lists, '' as missing. A class with
    an `upgrade_record(record)` static method first rewrites older records with it.
    """
    spec = cast(Hashable, cls)  # classes are hashable; the cache needs to be told
    upgrade = getattr(cls, "upgrade_record", None)
    if upgrade is not None:  # fields renamed since older files were written (Condition.status)
        record = upgrade(record)
    entity = _entity_name(spec)
    names = field_names(spec)
    key = record.get("id") or record.get("iso3") or record.get("name")
    key = key if isinstance(key, str) else None
    problems: list[Problem] = []
    if not record.keys() <= _name_set(spec):
        for name in record:
            if name not in names:
                problems.append(
                    Problem(
                        f"unknown field (expected: {', '.join(names)})",
                        entity=entity,
                        key=key,
                        field=str(name),
                    )
                )
    kwargs: dict[str, Any] = {}
    for name, hint, fast, required in _plan(spec, text):
        if name not in record:
            if required:
                problems.append(Problem("is required", entity=entity, key=key, field=name))
            continue
        value = record[name]
        if text and value == "" and not required:
            continue
        try:
            try:
                kwargs[name] = fast(value)
            except _Slow:
                kwargs[name] = _convert(hint, value, text=text)
        except _Bad as e:
            problems.append(Problem(e.message, entity=entity, key=key, field=name))
        except InvalidInput as e:
            problems.extend(p.at(field=name) for p in e.problems)
    if problems:
        # Still run the entity's own checks on the fields that parsed, so one pass reports all.
        # Fields that failed to parse stand in as None; their problems are already listed.
        bad = {p.field for p in problems}
        trial = {name: None for name in required_fields(spec) if name not in kwargs} | kwargs
        try:
            cls(**trial)
        except InvalidInput as e:
            problems.extend(p for p in e.problems if p.field not in bad)
        except (TypeError, ValueError, AttributeError):
            pass
        raise InvalidInput(problems)
    return cls(**kwargs)


_AS_IS = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> Any:
    # Integral floats are written as integers so 3 and 3.0 export identically (the type hints
    # turn them back into floats on import): the JSON round trip stays byte-identical.
    t = type(value)
    if t in _AS_IS:
        return value  # the common case first: exports walk millions of these
    if t is tuple and all(type(v) is str for v in value):
        return list(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_record(value)
    return value


def to_record(obj: Any, *, omit_defaults: bool = False) -> dict[str, Any]:
    """The record of a domain object: JSON types only, fields in declaration order."""
    if not omit_defaults:
        return {name: _plain(getattr(obj, name)) for name in field_names(cast(Hashable, type(obj)))}
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if omit_defaults:
            default = (
                f.default
                if f.default is not dataclasses.MISSING
                else f.default_factory()
                if f.default_factory is not dataclasses.MISSING
                else dataclasses.MISSING
            )
            if default is not dataclasses.MISSING and value == default:
                continue
        out[f.name] = _plain(value)
    return out
