"""Choosing the format by file name, for paths (CLI) and for bytes (web uploads and downloads)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Literal

from muster.domain import Dataset
from muster.errors import InvalidInput, Problem
from muster.interchange import csv_format, xlsx_format
from muster.interchange._common import (
    LIMITS,
    TABLES,
    Limits,
    Progress,
    atomic_file,
    gc_paused,
    read_bytes,
    write_atomic_bytes,
)
from muster.interchange.json_format import dumps_json, read_json

Format = Literal["json", "xlsx", "csv", "csv-directory", "zip"]
SUFFIXES = {".json": "json", ".xlsx": "xlsx", ".csv": "csv", ".zip": "zip"}


def format_of(path: str | os.PathLike[str], *, reading: bool = False) -> Format:
    """The format a path names: by extension, or a directory of CSV files."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]  # type: ignore[return-value]
    if p.is_dir() or (not reading and suffix == ""):
        return "csv-directory"
    raise InvalidInput(
        Problem(
            f"cannot tell the format of {p.name!r}: use .json, .xlsx, .csv (one collection, "
            "named after it), .zip (CSV files) or a directory of CSV files",
            file=p.name,
        )
    )


def read_dataset(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    known: Dataset | None = None,
    check: bool = True,
    limits: Limits = LIMITS,
) -> Dataset:
    """Read a Dataset from `path`, format by extension; InvalidInput lists every problem.

    References are checked against the file merged over `known` (what the caller already holds,
    e.g. the database); `check=False` skips reference checks. Reading has no side effects.
    """
    p = Path(path)
    fmt = format_of(p, reading=True)
    with gc_paused():
        if fmt == "csv-directory":
            return csv_format.read_csv_directory(
                p, progress=progress, known=known, check=check, limits=limits
            )
        if not p.exists():
            raise InvalidInput(Problem("no such file", file=p.name))
        data = read_bytes(p, name=p.name, limits=limits)
        return _read(data, fmt, p.name, progress=progress, known=known, check=check, limits=limits)


def read_dataset_bytes(
    data: bytes | IO[bytes],
    *,
    filename: str,
    progress: Progress | None = None,
    known: Dataset | None = None,
    check: bool = True,
    limits: Limits = LIMITS,
) -> Dataset:
    """Read a Dataset from an upload's bytes or stream; `filename` picks the format."""
    name = Path(filename).name
    fmt = format_of(name, reading=True)
    if fmt == "csv-directory":
        raise InvalidInput(Problem("a directory cannot be uploaded; send a .zip", file=name))
    raw = read_bytes(data, name=name, limits=limits)
    with gc_paused():
        return _read(raw, fmt, name, progress=progress, known=known, check=check, limits=limits)


def _read(
    data: bytes,
    fmt: Format,
    name: str,
    *,
    progress: Progress | None,
    known: Dataset | None,
    check: bool,
    limits: Limits,
) -> Dataset:
    if fmt == "json":
        return read_json(
            data, name=name, progress=progress, limits=limits, known=known, check=check
        )
    if fmt == "xlsx":
        return xlsx_format.read_xlsx(
            data, name=name, progress=progress, limits=limits, known=known, check=check
        )
    if fmt == "zip":
        return csv_format.read_csv_zip(
            data, name=name, progress=progress, limits=limits, known=known, check=check
        )
    return csv_format.read_csv_file(
        data, name=name, progress=progress, limits=limits, known=known, check=check
    )


def write_dataset(
    dataset: Dataset, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> None:
    """Write `dataset` to `path`, format by extension; a file appears only when complete.

    `.csv` writes the one collection the file is named after (`pledges.csv`); a directory gets
    one CSV file per table.
    """
    p = Path(path)
    fmt = format_of(p)
    if fmt == "json":
        with atomic_file(p) as f:
            f.write(dumps_json(dataset, progress=progress))
    elif fmt == "csv-directory":
        csv_format.write_csv_directory(dataset, p, progress=progress)
    else:
        write_atomic_bytes(p, write_dataset_bytes(dataset, filename=p.name, progress=progress))


def write_dataset_bytes(
    dataset: Dataset, *, filename: str, progress: Progress | None = None
) -> bytes:
    """The bytes of `dataset` in the format `filename` names (for downloads)."""
    name = Path(filename).name
    fmt = format_of(name)
    if fmt == "json":
        return dumps_json(dataset, progress=progress).encode("utf-8")
    if fmt == "xlsx":
        return xlsx_format.xlsx_bytes(dataset, progress=progress)
    if fmt == "zip":
        return csv_format.csv_zip_bytes(dataset, progress=progress)
    if fmt == "csv":
        table = Path(name).stem.lower()
        if table not in TABLES:
            raise InvalidInput(
                Problem(
                    f"a .csv file holds one table named by the file: use one of "
                    f"{', '.join(t + '.csv' for t in TABLES)}",
                    file=name,
                )
            )
        return csv_format.csv_table_bytes(dataset, table, progress=progress)
    raise InvalidInput(Problem("a directory has no single-file form; use .zip", file=name))
