"""Pydantic request and response models generated from the domain dataclasses: one definition.

`entity_models(Pledge)` gives `PledgeIn` (a create body: the dataclass's fields, defaults and
types), `PledgePatch` (every field optional, plus `version`), `PledgeRead` (the fields plus the
row's `version`) and `PledgePage` (a page of them). Numbers, booleans and text are strict (no
"3" for 3); dates and enums come as JSON strings. Domain rules (identifiers, ISO3 codes, ranges,
transitions) are checked afterwards by `muster.domain.records.from_record`, whose located
problems become the 422's `errors`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, create_model

from muster.domain import ENTITY_NAMES

_STRICT_SCALARS = (str, int, float, bool)


def _optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _type(tp: Any) -> Any:
    """The pydantic type for a domain field type."""
    inner, optional = _optional(tp)
    origin = typing.get_origin(inner)
    out: Any
    if origin is tuple:
        out = list[_type(typing.get_args(inner)[0])]  # type: ignore[misc]
    elif origin in (Mapping, dict) or inner is dict:
        _, value = typing.get_args(inner)
        out = dict[str, _type(value)]  # type: ignore[misc]
    elif dataclasses.is_dataclass(inner):
        out = nested_model(inner)  # type: ignore[arg-type]
    elif inner in _STRICT_SCALARS:
        out = Annotated[inner, Strict()]
    elif (
        inner is date
        or origin is typing.Literal
        or (isinstance(inner, type) and issubclass(inner, Enum))
    ):
        out = inner
    else:
        raise TypeError(f"no API type for {inner!r}")
    return out | None if optional else out


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        value = f.default
        if isinstance(value, tuple):
            return Field(default_factory=lambda v=value: list(v))
        return value
    if f.default_factory is not dataclasses.MISSING:
        factory = f.default_factory
        return Field(default_factory=lambda: _plain_default(factory()))
    return ...


def _plain_default(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _fields(cls: type[Any], *, all_optional: bool = False) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        tp = _type(hints[f.name])
        if all_optional:
            out[f.name] = (tp | None, None)
        else:
            out[f.name] = (tp, _default(f))
    return out


def _doc(cls: type[Any]) -> str:
    return (cls.__doc__ or cls.__name__).strip()


@cache
def nested_model(cls: type[Any]) -> type[BaseModel]:
    """The model of a dataclass nested in an entity (an Office, a Substitution)."""
    return create_model(
        cls.__name__,
        __config__=ConfigDict(extra="forbid"),
        __doc__=_doc(cls),
        **_fields(cls),
    )


class Page(BaseModel):
    """Common fields of a page of results."""

    total: int = Field(description="How many rows match the filters (that you may read)")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end")


_MADE: dict[type[Any], EntityModels] = {}


@dataclass(frozen=True, slots=True)
class EntityModels:
    """The API models of one entity class."""

    cls: type[Any]
    name: str  # singular: "pledge"
    create: type[BaseModel]
    patch: type[BaseModel]
    read: type[BaseModel]
    page: type[BaseModel]


def entity_models(cls: type[Any]) -> EntityModels:
    """Create, patch, read and page models for a domain entity class (made once per class)."""
    if cls in _MADE:
        return _MADE[cls]
    base = cls.__name__
    doc = _doc(cls)
    create = create_model(
        f"{base}In", __config__=ConfigDict(extra="forbid"), __doc__=doc, **_fields(cls)
    )
    patch = create_model(
        f"{base}Patch",
        __config__=ConfigDict(extra="forbid"),
        __doc__=f"Fields of a {ENTITY_NAMES[cls]} to change; the others keep their value.",
        version=(
            Annotated[int, Strict()] | None,
            Field(None, description="The version you read (or send If-Match)"),
        ),
        **_fields(cls, all_optional=True),
    )
    read = create_model(
        base,
        __doc__=doc,
        version=(int, Field(description="The row's version; send it back to change the row")),
        **_fields(cls),
    )
    page = create_model(f"{base}Page", __base__=Page, items=(list[read], ...))
    made = EntityModels(
        cls=cls, name=ENTITY_NAMES[cls], create=create, patch=patch, read=read, page=page
    )
    _MADE[cls] = made
    return made
