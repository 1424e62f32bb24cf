"""CSV: one file per table (`pledges.csv`, `offices.csv`, ...), in a directory or a zip archive.

RFC 4180 with a header row: comma-separated (tab-separated files such as Excel's "Unicode Text"
are recognised by their header), UTF-8, CRLF line ends, cells quoted when needed. Cell syntax and
column lists are in `tables` and docs/data-format.md.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TypeVar

from muster.domain import Dataset
from muster.errors import InvalidInput, Problem
from muster.interchange._common import (
    LIMITS,
    TABLES,
    Limits,
    Progress,
    Ticker,
    atomic_file,
    decode_text,
    read_bytes,
    suggest,
)
from muster.interchange.assembly import Assembly, TooManyProblems
from muster.interchange.tables import (
    TABLE_SPECS,
    TableReader,
    table_records,
    table_size,
    text_cells,
)
from muster.interchange.zipcheck import check_zip

FIELD_LIMIT = csv.field_size_limit()  # the csv module's own limit per cell, 131,072 characters
# Fixed member time so the same dataset always gives the same zip bytes.
ZIP_TIME = (2025, 3, 2, 0, 0, 0)
T = TypeVar("T")


# ---------------------------------------------------------------- reading


def read_csv_file(
    data: bytes,
    *,
    name: str,
    progress: Progress | None = None,
    limits: Limits = LIMITS,
    known: Dataset | None = None,
    check: bool = True,
) -> Dataset:
    """One table from one CSV file, named after its table (`pledges.csv`)."""
    table = _table_of(name)
    assembly = Assembly(limits=limits)
    ticker = Ticker(progress, data.count(b"\n"))
    with contextlib.suppress(TooManyProblems):
        _read_table(assembly, table, data, name, ticker)
    ticker.finish()
    return assembly.build(known=known, check=check)


def read_csv_directory(
    path: Path,
    *,
    progress: Progress | None = None,
    limits: Limits = LIMITS,
    known: Dataset | None = None,
    check: bool = True,
) -> Dataset:
    """Every table from a directory of CSV files; other files are ignored."""
    if not path.is_dir():
        raise InvalidInput(Problem("no such directory", file=str(path)))
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    named = _by_table(iter([(p.name, p) for p in files]), where=path.name)
    contents = {table: read_bytes(p, name=p.name, limits=limits) for table, (_, p) in named.items()}
    return _read_tables(
        {t: (named[t][0], data) for t, data in contents.items()},
        progress=progress,
        limits=limits,
        known=known,
        check=check,
    )


def read_csv_zip(
    data: bytes,
    *,
    name: str,
    progress: Progress | None = None,
    limits: Limits = LIMITS,
    known: Dataset | None = None,
    check: bool = True,
) -> Dataset:
    """Every table from a zip archive of CSV files (folders inside are ignored)."""
    archive = check_zip(data, name=name, limits=limits)
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".csv")
        and not info.filename.startswith("__MACOSX/")
    ]
    named = _by_table(iter([(m.filename.rsplit("/", 1)[-1], m) for m in members]), where=name)
    contents = {}
    for table, (member_name, info) in named.items():
        with archive.open(info) as f:
            contents[table] = (f"{name}/{member_name}", f.read(limits.max_file_bytes + 1))
    for label, raw in contents.values():
        read_bytes(raw, name=label, limits=limits)  # the size check
    return _read_tables(contents, progress=progress, limits=limits, known=known, check=check)


def _by_table(files: Iterator[tuple[str, T]], *, where: str) -> dict[str, tuple[str, T]]:
    problems: list[Problem] = []
    named: dict[str, tuple[str, T]] = {}
    for filename, handle in files:
        stem = filename.rsplit(".", 1)[0].strip().lower()
        if stem not in TABLES:
            problems.append(Problem(_unknown_table(stem), file=filename))
        elif stem in named:
            problems.append(Problem(f"table {stem} is given twice", file=filename))
        else:
            named[stem] = (filename, handle)
    if problems:
        raise InvalidInput(problems)
    if not named:
        raise InvalidInput(
            Problem(
                f"no CSV files found; expected files named after tables ({', '.join(TABLES)}.csv)",
                file=where,
            )
        )
    return named


def _read_tables(
    contents: dict[str, tuple[str, bytes]],
    *,
    progress: Progress | None,
    limits: Limits,
    known: Dataset | None,
    check: bool,
) -> Dataset:
    assembly = Assembly(limits=limits)
    ticker = Ticker(progress, sum(raw.count(b"\n") for _, raw in contents.values()))
    try:
        for table in TABLES:  # dependency order, nested tables after their owners
            if table in contents:
                label, raw = contents[table]
                _read_table(assembly, table, raw, label, ticker)
    except TooManyProblems:
        pass
    ticker.finish()
    return assembly.build(known=known, check=check)


def _table_of(name: str) -> str:
    stem = Path(name).stem.strip().lower()
    if stem not in TABLES:
        raise InvalidInput(Problem(_unknown_table(stem), file=name))
    return stem


def _unknown_table(stem: str) -> str:
    return (
        f"cannot tell which table {stem!r} holds{suggest(stem, TABLES)}: name the file after one "
        f"of {', '.join(TABLES)} (e.g. pledges.csv)"
    )


def _read_table(assembly: Assembly, table: str, data: bytes, name: str, ticker: Ticker) -> None:
    try:
        text = decode_text(data, name=name, utf16=True)
    except InvalidInput as e:
        assembly.fail_all(e.problems)
        return
    if not text.strip():
        headers = ",".join(TABLE_SPECS[table].headers)
        assembly.fail(
            Problem(f"the file is empty: expected a header row such as {headers}", file=name)
        )
        return
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = TableReader(TABLE_SPECS[table], assembly, name, None, strict_width=True)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 1
    try:
        header = next(rows)
        if len(header) == 1 and ";" in header[0]:
            assembly.fail(
                Problem(
                    "the columns are separated by ';'; Muster reads comma-separated CSV (in a "
                    "spreadsheet, save as 'CSV UTF-8 (comma delimited)')",
                    file=name,
                    row=1,
                )
            )
            return
        if not reader.header(header):
            return
        for cells in rows:
            number += 1
            ticker.tick()
            if cells:
                reader.row(number, cells)
    except csv.Error as e:
        assembly.fail(Problem(_csv_error(str(e)), file=name, row=number + 1))


def _csv_error(message: str) -> str:
    if "field larger than field limit" in message:
        return f"a cell is longer than {FIELD_LIMIT:,} characters (the CSV limit; use JSON)"
    if "unexpected end of data" in message:
        return "the file ends inside a quoted cell (is it truncated?)"
    return f"malformed CSV ({message}); cells with commas, quotes or line breaks must be quoted"


# ---------------------------------------------------------------- writing


def _write_table(f: IO[str], dataset: Dataset, table: str, ticker: Ticker) -> None:
    spec = TABLE_SPECS[table]
    writer = csv.writer(f, lineterminator="\r\n")
    writer.writerow(spec.headers)
    for record in table_records(dataset, spec):
        cells = text_cells(spec, record)
        too_long = [c for c, v in zip(spec.headers, cells, strict=True) if len(v) > FIELD_LIMIT]
        if too_long:
            key = next(iter(record.values()))
            raise InvalidInput(
                Problem(
                    f"text longer than {FIELD_LIMIT:,} characters cannot be read back from CSV; "
                    "export to JSON or XLSX",
                    file=f"{table}.csv",
                    key=str(key),
                    column=too_long[0],
                )
            )
        writer.writerow(cells)
        ticker.tick()


def csv_table_bytes(dataset: Dataset, table: str, *, progress: Progress | None = None) -> bytes:
    """One table as CSV bytes."""
    ordered = dataset.sorted()
    ticker = Ticker(progress, table_size(ordered, TABLE_SPECS[table]))
    buffer = io.StringIO(newline="")
    _write_table(buffer, ordered, table, ticker)
    ticker.finish()
    return buffer.getvalue().encode("utf-8")


def write_csv_directory(dataset: Dataset, path: Path, *, progress: Progress | None = None) -> None:
    """One CSV file per table in `path` (created if missing), every table even when empty."""
    ordered = dataset.sorted()
    ticker = Ticker(progress, sum(table_size(ordered, TABLE_SPECS[t]) for t in TABLES))
    for table in TABLES:
        with atomic_file(path / f"{table}.csv", newline="") as f:
            _write_table(f, ordered, table, ticker)
    ticker.finish()


def csv_zip_bytes(dataset: Dataset, *, progress: Progress | None = None) -> bytes:
    """A zip archive of one CSV file per table; the same dataset gives the same bytes."""
    ordered = dataset.sorted()
    ticker = Ticker(progress, sum(table_size(ordered, TABLE_SPECS[t]) for t in TABLES))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            buffer = io.StringIO(newline="")
            _write_table(buffer, ordered, table, ticker)
            info = zipfile.ZipInfo(f"{table}.csv", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue().encode("utf-8"))
    ticker.finish()
    return out.getvalue()
