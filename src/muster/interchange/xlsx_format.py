"""XLSX: one sheet per table (the CSV layout), written and read in openpyxl's streaming modes.

The archive is checked for zip bombs before openpyxl opens it; formula cells are refused (Muster
reads values, and a formula's cached value may be stale or absent); text that XML cannot hold
(control characters) uses OOXML's `_xHHHH_` escape, as Excel does.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from datetime import date
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from muster.domain import Dataset
from muster.errors import InvalidInput, MusterError, Problem, describe
from muster.interchange._common import (
    LIMITS,
    TABLES,
    Limits,
    Progress,
    Ticker,
    suggest,
)
from muster.interchange.assembly import Assembly, TooManyProblems
from muster.interchange.tables import (
    TABLE_SPECS,
    Table,
    TableReader,
    join_list,
    join_mapping,
    neutralise,
    table_records,
    table_size,
)
from muster.interchange.zipcheck import check_zip

# openpyxl warns on stderr about what it drops or cannot convert (data validation, a date
# serial out of range); Muster reports what matters as located problems, so the CLI stays clean.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")

# Excel's dates start in 1900 (and 1900-02-29 never was): earlier dates are written as text.
EXCEL_FIRST_DATE = date(1900, 3, 1)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    """Characters XML cannot hold as `_xHHHH_`; a literal `_xHHHH_` keeps its `_` as `_x005F_`."""
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def ooxml_unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# ---------------------------------------------------------------- writing


def xlsx_bytes(dataset: Dataset, *, progress: Progress | None = None) -> bytes:
    """A workbook with one sheet per table, header row bold and frozen."""
    ordered = dataset.sorted()
    ticker = Ticker(progress, sum(table_size(ordered, TABLE_SPECS[t]) for t in TABLES))
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for table in TABLES:
        spec = TABLE_SPECS[table]
        sheet = workbook.create_sheet(table)
        sheet.freeze_panes = "A2"
        header = []
        for name in spec.headers:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for record in table_records(ordered, spec):
            sheet.append(row_cells(spec, record))
            ticker.tick()
    out = io.BytesIO()
    workbook.save(out)
    ticker.finish()
    return out.getvalue()


def row_cells(table: Table, record: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for c in table.columns:
        value = record.get(c.field)
        if value is None or c.kind == "bool":
            out.append(value)
        elif c.kind == "number":
            # openpyxl writes 16 significant digits; the few floats needing 17 go as text
            exact = type(value) is not float or float(f"{value:.16g}") == value
            out.append(value if exact else repr(value))
        elif c.kind == "date":
            day = date.fromisoformat(value)
            out.append(day if day >= EXCEL_FIRST_DATE else value)
        elif c.kind == "list":
            out.append(ooxml_escape(neutralise(join_list(value))))
        elif c.kind == "mapping":
            out.append(ooxml_escape(neutralise(join_mapping(value))))
        else:
            out.append(ooxml_escape(neutralise(str(value))))
    return out


# ---------------------------------------------------------------- reading


def read_xlsx(
    data: bytes,
    *,
    name: str,
    progress: Progress | None = None,
    limits: Limits = LIMITS,
    known: Dataset | None = None,
    check: bool = True,
) -> Dataset:
    """The Dataset in a workbook, or InvalidInput locating every problem (sheet, row, column)."""
    _refuse_doctypes(check_zip(data, name=name, limits=limits, kind="XLSX workbook"), name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except MusterError:
        raise
    except Exception as e:  # openpyxl raises many kinds on a damaged file; none is a bug of ours
        raise InvalidInput(
            Problem(
                f"cannot open the workbook ({type(e).__name__}: {str(e)[:200]}); is it an .xlsx "
                "file saved by a spreadsheet, and complete?",
                file=name,
            )
        ) from None
    try:
        return _read_workbook(workbook, name, progress, limits).build(known=known, check=check)
    finally:
        workbook.close()


def _refuse_doctypes(archive: zipfile.ZipFile, name: str) -> None:
    """InvalidInput when any part declares a DOCTYPE or an entity.

    Spreadsheets never write one; a DOCTYPE is where entity declarations (the "billion laughs"
    bomb) and external entities live, and XML parsers differ in how they fail on them, so every
    part (whatever its name: relationships may point anywhere) is scanned, in UTF-8 and in both
    UTF-16s, before any parser sees it. Inflating costs a fraction of what parsing does.
    """
    for member in archive.infolist():
        tail = b""
        with archive.open(member) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                if _DOCTYPE.search(window):
                    raise InvalidInput(
                        Problem(
                            f"part {member.filename!r} declares a DOCTYPE, which spreadsheets "
                            "never write (entity declarations are refused: an XML entity bomb?)",
                            file=name,
                        )
                    )
                tail = window[-32:]


# XML keywords are case-sensitive and `<!` cannot be followed by a space in a declaration.
_DOCTYPE = re.compile(
    b"|".join(
        re.escape(word.encode(encoding))
        for word in ("<!DOCTYPE", "<!ENTITY")
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    )
)


def _read_workbook(workbook: Any, name: str, progress: Progress | None, limits: Limits) -> Assembly:
    assembly = Assembly(limits=limits)
    sheets: dict[str, Any] = {}
    try:
        for sheet in workbook.worksheets:
            table = sheet.title.strip().lower()
            if table in TABLES and table not in sheets:
                sheets[table] = sheet
            elif _has_values(sheet):
                expected = ", ".join(TABLES)
                assembly.fail(
                    Problem(
                        f"unknown sheet {sheet.title!r}{suggest(table, TABLES)} (expected sheets "
                        f"named after tables: {expected}; empty extra sheets are ignored)",
                        file=name,
                        sheet=sheet.title,
                    )
                )
        if not sheets and not assembly.problems:
            assembly.fail(
                Problem(f"no sheet is named after a table ({', '.join(TABLES)})", file=name)
            )
        ticker = Ticker(progress, sum(s.max_row or 0 for s in sheets.values()))
        for table in TABLES:
            if table in sheets:
                _read_sheet(assembly, TABLE_SPECS[table], sheets[table], name, limits, ticker)
        ticker.finish()
    except TooManyProblems:
        pass
    except MusterError:
        raise
    except Exception as e:  # a damaged sheet part: say which, never a traceback
        assembly.stopped = False
        assembly.problems.append(
            Problem(
                f"cannot read the workbook ({type(e).__name__}: {str(e)[:200]}); is it complete?",
                file=name,
            )
        )
    return assembly


def _has_values(sheet: Any) -> bool:
    for row in sheet.iter_rows(min_row=1, values_only=True):
        if any(v is not None and v != "" for v in row):
            return True
    return False


def _read_sheet(
    assembly: Assembly, table: Table, sheet: Any, name: str, limits: Limits, ticker: Ticker
) -> None:
    reader = TableReader(table, assembly, name, sheet.title, strict_width=False)
    has_header = False
    sheet.reset_dimensions()  # trust the cells, not the sheet's declared size
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        values = _values(assembly, reader, number, cells, limits)
        if values is None:
            continue
        if not has_header:
            if any(v is not None and v != "" for v in values):
                has_header = True
                if not reader.header(values, row=number):
                    return
            continue
        ticker.tick()
        reader.row(number, values)


def _values(
    assembly: Assembly, reader: TableReader, number: int, cells: Any, limits: Limits
) -> list[Any] | None:
    """The row's values, or None when a cell is refused (a formula, an error, huge text)."""
    values: list[Any] = []
    problems: list[Problem] = []
    for i, cell in enumerate(cells):
        value = cell.value
        kind = cell.data_type
        if value is None:
            values.append(None)
            continue
        if kind == "f":
            problems.append(
                _at(
                    reader,
                    i,
                    f"is a formula ({describe(value)}); Muster reads values: "
                    "replace it by its value (Paste Special → Values)",
                )
            )
        elif kind == "e":
            why = " (a formula's error, or a date out of range)" if value == "#VALUE!" else ""
            problems.append(_at(reader, i, f"is an error value {describe(value)}{why}"))
        elif isinstance(value, str):
            if len(value) > limits.max_text_chars:
                problems.append(
                    _at(
                        reader,
                        i,
                        f"text of {len(value):,} characters is longer than the limit of "
                        f"{limits.max_text_chars:,} (Limits.max_text_chars)",
                    )
                )
            value = ooxml_unescape(value)
        values.append(value)
    if problems:
        for p in problems:
            assembly.fail(p.at(file=reader.file, sheet=reader.sheet, row=number))
        return None
    return values


def _at(reader: TableReader, i: int, message: str) -> Problem:
    column = reader.columns[i] if i < len(reader.columns) else None
    return Problem(message, column=column.name if column else _letter(i))


def _letter(i: int) -> str:
    letter: str = get_column_letter(i + 1)
    return letter
