"""CSV files: one table per file (in progress: the next commit fills this in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from muster.domain import Dataset
from muster.errors import InvalidInput, Problem


def _later(name: str) -> InvalidInput:
    return InvalidInput(Problem("CSV import/export is not available yet", file=name))


def read_csv_directory(path: Path, **_: Any) -> Dataset:
    raise _later(path.name)


def read_csv_zip(data: bytes, *, name: str, **_: Any) -> Dataset:
    raise _later(name)


def read_csv_file(data: bytes, *, name: str, **_: Any) -> Dataset:
    raise _later(name)


def write_csv_directory(dataset: Dataset, path: Path, **_: Any) -> None:
    raise _later(path.name)


def csv_zip_bytes(dataset: Dataset, **_: Any) -> bytes:
    raise _later("zip")


def csv_table_bytes(dataset: Dataset, table: str, **_: Any) -> bytes:
    raise _later(table)
