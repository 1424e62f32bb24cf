"""XLSX workbooks: one sheet per table (in progress: a later commit fills this in)."""

from __future__ import annotations

from typing import Any

from muster.domain import Dataset
from muster.errors import InvalidInput, Problem


def read_xlsx(data: bytes, *, name: str, **_: Any) -> Dataset:
    raise InvalidInput(Problem("XLSX import is not available yet", file=name))


def xlsx_bytes(dataset: Dataset, **_: Any) -> bytes:
    raise InvalidInput(Problem("XLSX export is not available yet"))
