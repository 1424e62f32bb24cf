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

from functools import cache
from importlib import resources

from muster.domain import Dataset
from muster.interchange import FORMAT, VERSION, dumps_json, read_json

REFERENCE_FILE = "reference.json"
DEMO_FILE = "demo.json"


def parse(text: str, *, file: str) -> Dataset:
    """The Dataset in a JSON interchange document, or InvalidInput naming every bad record.

    The interchange reader does the work (one JSON reader in the project); references are left
    to `Dataset.check()` because the demo file refers to the gazetteer in another file.
    """
    return read_json(text.encode("utf-8"), name=file, check=False)


def dumps(dataset: Dataset) -> str:
    """The canonical JSON text of `dataset`, as `muster export` writes it."""
    return dumps_json(dataset)


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
