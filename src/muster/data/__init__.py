"""Muster's package data: the reference gazetteer and the London-2025 demo coalition.

`reference.json` holds the nations (membership, GDP, aliases, demonyms, metonyms) and the actors
who speak for them through offices held over time; the news ingester and the store share it.
`demo.json` holds the demo coalition built on it (sources, statements, conditions, the mission,
pledges, aid records, scenarios). Both are in the JSON interchange format
(`{"format": "muster", "version": 1, "<collection>": [records...]}`, records as
`muster.domain.records.to_record` writes them); see docs/demo-data.md for where each fact comes
from and what is illustrative.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from muster.domain import ENTITIES, Dataset, from_record, to_record
from muster.errors import InvalidInput, Problem

FORMAT = "muster"
VERSION = 1
REFERENCE_FILE = "reference.json"
DEMO_FILE = "demo.json"


def parse(text: str, *, file: str) -> Dataset:
    """The Dataset in a JSON interchange document, or InvalidInput naming every bad record.

    Problems are located by `file`, collection (as the sheet) and 1-based record number (as the
    row). Only structure and fields are checked here; references are `Dataset.check()`'s job.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            Problem(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})", file=file)
        ) from None
    if not isinstance(doc, Mapping):
        raise InvalidInput(Problem("expected a JSON object at the top level", file=file))
    problems: list[Problem] = []
    if doc.get("format") != FORMAT:
        problems.append(Problem(f'expected "format": {FORMAT!r}', file=file, field="format"))
    if doc.get("version") != VERSION:
        problems.append(
            Problem(
                f'expected "version": {VERSION}, got {doc.get("version")!r}',
                file=file,
                field="version",
            )
        )
    collections: dict[str, tuple[Any, ...]] = {}
    for name, records in doc.items():
        if name in ("format", "version"):
            continue
        if name not in ENTITIES:
            problems.append(
                Problem(
                    f"unknown collection (expected one of: {', '.join(ENTITIES)})",
                    file=file,
                    field=name,
                )
            )
            continue
        if not isinstance(records, list):
            problems.append(Problem("expected a list of records", file=file, sheet=name))
            continue
        objects = []
        for row, record in enumerate(records, start=1):
            if not isinstance(record, Mapping):
                problems.append(Problem("expected an object", file=file, sheet=name, row=row))
                continue
            try:
                objects.append(from_record(ENTITIES[name], record))
            except InvalidInput as e:
                problems.extend(p.at(file=file, sheet=name, row=row) for p in e.problems)
        collections[name] = tuple(objects)
    if problems:
        raise InvalidInput(problems)
    return Dataset(**collections)


def dumps(dataset: Dataset) -> str:
    """The canonical JSON text of `dataset`: collections in dependency order, records by key.

    Empty collections are left out; fields keep their declaration order; two-space indent, UTF-8
    characters as themselves, one trailing newline. One dataset has exactly one text, so the
    committed files stay stable when several people edit them.
    """
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for name, items in dataset.sorted().collections():
        if items:
            doc[name] = [to_record(obj) for obj in items]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def read_text(name: str) -> str:
    """The text of one packaged data file (`reference.json` or `demo.json`)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def reference_dataset() -> Dataset:
    """The gazetteer: sources, nations and actors with their offices (checked, cached)."""
    return parse(read_text(REFERENCE_FILE), file=REFERENCE_FILE).validate()


@cache
def demo_only_dataset() -> Dataset:
    """The demo coalition's own records, without the gazetteer they refer to (not checked)."""
    return parse(read_text(DEMO_FILE), file=DEMO_FILE)


@cache
def demo_dataset() -> Dataset:
    """The gazetteer merged with the London-2025 demo coalition (checked, cached)."""
    return reference_dataset().merged(demo_only_dataset()).validate()


__all__ = [
    "DEMO_FILE",
    "FORMAT",
    "REFERENCE_FILE",
    "VERSION",
    "demo_dataset",
    "demo_only_dataset",
    "dumps",
    "parse",
    "read_text",
    "reference_dataset",
]
