"""A generator of bad input files: JSON, CSV and XLSX for `muster import`, articles for `muster
ingest`. Every case says which fragments the error must contain (file, row, column) to count as
located. Files are built at run time (the 100 MB ones too); nothing big is committed.

The files are small slices of the demo coalition (three records of one collection), so each
merges into a database that holds the demo; one bad cell is what makes a case fail. `controls()`
gives the same slices unharmed: they must import cleanly, which proves the harm is the cause.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import openpyxl

from muster.data import demo_dataset
from muster.domain import ConditionStatus, Dataset
from muster.domain.condition import StatusChange
from muster.domain.records import to_record
from muster.interchange import write_dataset_bytes

MB = 1024 * 1024
ROW = 1  # the record we harm: the second of three (JSON row 2, spreadsheet row 3)


@dataclass(frozen=True)
class Case:
    """One bad file: its name, its bytes (or how to make them), what the error must name."""

    name: str
    kind: str
    fmt: str
    data: bytes | Callable[[], bytes]
    expect: tuple[str, ...] = ()
    command: str = "import"
    args: tuple[str, ...] = field(default_factory=tuple)

    def content(self) -> bytes:
        return self.data() if callable(self.data) else self.data


# --- the slices ---------------------------------------------------------------------------

NESTED = {
    "offices": "actors",
    "substitutions": "capabilities",
    "condition_statuses": "conditions",
}
LISTS = {
    "phases",
    "conditions",
    "caveats",
    "sources",
    "prerequisites",
    "aliases",
    "demonyms",
    "metonyms",
    "required_tags",
    "excluded_tags",
    "contributions",
}


def _slice(collection: str) -> Dataset:
    ds = demo_dataset()
    if collection == "offices":
        actors = tuple(a for a in ds.actors if len(a.offices) >= 1)[:3]
        return Dataset(actors=actors)
    if collection == "substitutions":
        return Dataset(capabilities=tuple(c for c in ds.capabilities if c.substitutes)[:3])
    if collection == "condition_statuses":
        # three conditions the other slices leave alone, each given a dated history (which the
        # controls add once; see run_controls)
        plain = [c for c in ds.conditions[3:] if not c.prerequisites and not c.status_history]
        return Dataset(
            conditions=tuple(
                replace(
                    c,
                    status_history=(
                        StatusChange(status=ConditionStatus.UNKNOWN, start=date(2025, 3, 2)),
                        StatusChange(status=ConditionStatus.HOLDS, start=date(2025, 5, 6 + i)),
                    ),
                )
                for i, c in enumerate(plain[:3])
            )
        )
    items = getattr(ds, collection)[:3]
    return Dataset(**{collection: tuple(items)})


def _tables(collection: str) -> dict[str, list[list[str]]]:
    """The slice as CSV tables: name → rows (header first)."""
    data = write_dataset_bytes(_slice(collection), filename="slice.zip")
    out: dict[str, list[list[str]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for member in z.namelist():
            rows = list(csv.reader(io.StringIO(z.read(member).decode("utf-8"))))
            if len(rows) > 1:
                out[member.removesuffix(".csv")] = rows
    return out


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _xlsx(tables: dict[str, list[list[Any]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _table_files(
    collection: str, harm: Callable[[list[list[str]]], None], stem: str
) -> Iterator[tuple[str, str, bytes]]:
    """(format, file name, bytes) of the slice with `harm` applied to its table, as CSV (a
    single file, or a zip with the owner's table for nested ones) and XLSX."""
    tables = _tables(collection)
    harm(tables[collection])
    if collection in NESTED:
        yield "csv", f"{stem}.zip", _zip({f"{k}.csv": _csv(v) for k, v in tables.items()})
    else:
        yield "csv", f"{stem}/{collection}.csv", _csv(tables[collection])
    yield "xlsx", f"{stem}.xlsx", _xlsx(tables)  # type: ignore[arg-type]


def _document(collection: str) -> dict[str, Any]:
    ds = _slice(collection)
    doc: dict[str, Any] = {"format": "muster", "version": 1}
    for name, items in ds.collections():
        if items:
            doc[name] = [to_record(x) for x in items]
    return doc


def _json(doc: Any) -> bytes:
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


def _json_value(column: str, text: str) -> Any:
    if column in LISTS:
        return [text]
    try:
        return json.loads(text)
    except ValueError:
        return text


# --- cases ------------------------------------------------------------------------------

# (collection, column, bad cell): each is harmed in row ROW of its table, in every format.
CELLS: list[tuple[str, str, str]] = [
    ("pledges", "quantity", "two battalions"),
    ("pledges", "quantity", "-3"),
    ("pledges", "quantity", "=1+2"),
    ("pledges", "quantity", "1e999"),
    ("pledges", "readiness_days", "soon"),
    ("pledges", "valid_from", "2025-02-30"),
    ("pledges", "valid_from", "99999-01-01"),
    ("pledges", "valid_to", "0000-00-00"),
    ("pledges", "status", "maybe"),
    ("pledges", "classification", "secret"),
    ("pledges", "nation", "ZZZ"),
    ("pledges", "nation", "=cmd|' /C calc'!A0"),
    ("pledges", "conditions", "martians-land"),
    ("pledges", "capability", "death-star"),
    ("pledges", "phases", "ph-nowhere"),
    ("pledges", "illustrative", "perhaps"),
    ("nations", "gdp_eur_bn", "lots"),
    ("nations", "eu", "maybe"),
    ("nations", "gdp_year", "last year"),
    ("statements", "date", "2025-13-01"),
    ("statements", "date", "+002025-03-02"),
    ("statements", "stance", "enthusiastic"),
    ("statements", "nation", "ATL"),
    ("statements", "confidence", "1.7"),
    ("statements", "conditions", "no-such-condition"),
    ("statements", "actor", "Nobody Atall"),
    ("requirement_lines", "quantity", "many"),
    ("requirement_lines", "phase", "ph-nowhere"),
    ("requirement_lines", "priority", "high"),
    ("conditions", "probability", "1.5"),
    ("condition_statuses", "status", "perhaps"),
    ("condition_statuses", "start", "2025-02-30"),
    ("condition_statuses", "condition", "no-such-condition"),
    ("conditions", "prerequisites", "no-such-condition"),
    ("aid_records", "value_eur", "a lot"),
    ("aid_records", "committed", "2025-02-29"),
    ("aid_records", "type", "moral"),
    ("phases", "seq", "first"),
    ("capabilities", "domain", "space-lasers"),
    ("offices", "start", "yesterday"),
    ("offices", "nation", "QQQ"),
    ("substitutions", "efficiency", "-1"),
]
# Collections whose structure (columns, keys) the corpus harms.
STRUCTURED = ("pledges", "nations", "statements", "requirement_lines", "conditions", "offices")
REQUIRED = {
    "pledges": "quantity",
    "nations": "name",
    "statements": "stance",
    "requirement_lines": "capability",
    "conditions": "name",
    "offices": "start",
}


def _set(column: str, value: str) -> Callable[[list[list[str]]], None]:
    def harm(rows: list[list[str]]) -> None:
        rows[1 + ROW][rows[0].index(column)] = value

    return harm


def cell_cases() -> Iterator[Case]:
    """One bad cell, in CSV, XLSX and (for top-level collections) JSON."""
    for n, (collection, column, bad) in enumerate(CELLS):
        stem = f"cell{n:02d}-{column}"
        for fmt, name, data in _table_files(collection, _set(column, bad), stem):
            yield Case(name, f"bad cell: {column}={bad}", fmt, data, (f"row {ROW + 2}", column))
        if collection not in NESTED:
            doc = _document(collection)
            doc[collection][ROW][column] = _json_value(column, bad)
            yield Case(
                f"{stem}.json",
                f"bad value: {column}={bad}",
                "json",
                _json(doc),
                (f"{stem}.json", f"row {ROW + 1}", column),
            )


def structure_cases() -> Iterator[Case]:
    """Missing, extra and repeated columns; duplicate keys; empty required cells."""
    for collection in STRUCTURED:
        required = REQUIRED[collection]

        def drop(rows: list[list[str]], col: str = required) -> None:
            i = rows[0].index(col)
            for row in rows:
                del row[i]

        def extra(rows: list[list[str]]) -> None:
            rows[0].append("colour")
            for row in rows[1:]:
                row.append("blue")

        def repeat(rows: list[list[str]], col: str = required) -> None:
            i = rows[0].index(col)
            for row in rows:
                row.append(row[i])

        def duplicate(rows: list[list[str]]) -> None:
            rows[1 + ROW] = list(rows[1])

        def blank(rows: list[list[str]], col: str = required) -> None:
            rows[1 + ROW][rows[0].index(col)] = ""

        harms: list[tuple[str, Callable[[list[list[str]]], None], tuple[str, ...]]] = [
            ("missing column", drop, (required,)),
            ("extra column", extra, ("colour",)),
            ("repeated column", repeat, (required,)),
            ("empty required cell", blank, (f"row {ROW + 2}", required)),
        ]
        if collection not in NESTED:  # nested rows have no key of their own
            harms.append(("duplicate key", duplicate, ("row 3",)))
        for label, harm, expect in harms:
            stem = f"{label.replace(' ', '-')}-{collection}"
            for fmt, name, data in _table_files(collection, harm, stem):
                yield Case(name, label, fmt, data, expect)
        if collection in NESTED:
            continue
        key = next(iter(_document(collection)[collection][0]))
        stem = f"json-{collection}"
        doc = _document(collection)
        del doc[collection][ROW][required]
        yield Case(f"{stem}-missing.json", "missing field", "json", _json(doc), ("row 2", required))
        doc = _document(collection)
        doc[collection][ROW]["colour"] = "blue"
        yield Case(f"{stem}-extra.json", "unknown field", "json", _json(doc), ("row 2", "colour"))
        doc = _document(collection)
        doc[collection][ROW][key] = doc[collection][0][key]
        yield Case(f"{stem}-dupkey.json", "duplicate key", "json", _json(doc), ("row 2",))
        doc = _document(collection)
        doc[collection][ROW][required] = None
        yield Case(f"{stem}-null.json", "null required", "json", _json(doc), ("row 2", required))
        text = _json(_document(collection)).decode()
        twice = text.replace(f'"{key}": ', f'"{key}": "x", "{key}": ', 1)
        yield Case(f"{stem}-twice.json", "object names a key twice", "json", twice.encode(), (key,))


def _pledge_rows() -> list[list[str]]:
    return _tables("pledges")["pledges"]


def _harmed_csv(value: str, column: str = "note") -> str:
    rows = _pledge_rows()
    rows[1 + ROW][rows[0].index(column)] = value
    return _csv(rows).decode("utf-8")


def encoding_cases() -> Iterator[Case]:
    """BOMs, Latin-1, UTF-16, NUL bytes and broken UTF-8, in CSV and JSON."""
    bad_qty = _harmed_csv("two battalions", "quantity")
    yield Case(
        "bom/pledges.csv",
        "UTF-8 BOM + bad cell",
        "csv",
        b"\xef\xbb\xbf" + bad_qty.encode(),
        ("row 3", "quantity"),
    )
    accented = _harmed_csv("Défense européenne")
    yield Case("latin1/pledges.csv", "Latin-1", "csv", accented.encode("latin-1"), ("pledges",))
    # UTF-16 with a BOM is Excel's "Unicode Text" and is read: the bad cell must still be found
    yield Case(
        "utf16/pledges.csv",
        "UTF-16 + bad cell",
        "csv",
        bad_qty.encode("utf-16"),
        ("row 3", "quantity"),
    )
    yield Case(
        "utf16be/pledges.csv",
        "UTF-16 BE, no BOM",
        "csv",
        accented.encode("utf-16-be"),
        ("pledges",),
    )
    yield Case(
        "nul/pledges.csv",
        "NUL byte in a cell",
        "csv",
        _harmed_csv("before\x00after").encode(),
        ("line 3",),
    )
    raw = accented.encode()
    yield Case(
        "broken-utf8/pledges.csv",
        "cut multi-byte character",
        "csv",
        raw.replace("é".encode(), b"\xc3", 1),
        ("pledges",),
    )
    doc = _document("pledges")
    doc["pledges"][ROW]["quantity"] = "two battalions"
    text = _json(doc)
    yield Case(
        "bom.json", "UTF-8 BOM + bad value", "json", b"\xef\xbb\xbf" + text, ("row 2", "quantity")
    )
    doc = _document("pledges")
    doc["pledges"][ROW]["note"] = "Défense européenne"
    latin = _json(doc).decode()
    yield Case("latin1.json", "Latin-1", "json", latin.encode("latin-1"), ("latin1.json",))
    yield Case("utf16.json", "UTF-16", "json", latin.encode("utf-16"), ("utf16.json",))
    doc = _document("pledges")
    doc["pledges"][ROW]["note"] = "before\x00after"
    yield Case("nul-escape.json", "NUL (\\u0000) in text", "json", _json(doc), ("row 2", "note"))
    raw_nul = _json(_document("pledges")).replace(b"Illustrative", b"Illus\x00trative", 1)
    yield Case("nul-raw.json", "raw NUL byte", "json", raw_nul, ("nul-raw.json", "line"))
    lone = _json(_document("pledges")).replace(b"Illustrative", b"\\ud800Illustrative", 1)
    yield Case("surrogate.json", "unpaired surrogate", "json", lone, ("surrogate.json",))
    rows = _pledge_rows()
    rows[1 + ROW][rows[0].index("note")] = "before-NUL-after"
    nul = _patched(_xlsx({"pledges": rows}), b"-NUL-", b"_x0000_")  # type: ignore[dict-item]
    yield Case("nul.xlsx", "NUL in a cell (OOXML escape)", "xlsx", nul, ("row 3",))
    raw = _patched(_xlsx({"pledges": rows}), b"-NUL-", b"\x00")  # type: ignore[dict-item]
    yield Case("nul-raw.xlsx", "raw NUL byte in the sheet XML", "xlsx", raw, ("nul-raw.xlsx",))


def _patched(workbook: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its XML parts (what openpyxl won't write)."""
    src = zipfile.ZipFile(io.BytesIO(workbook))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item).replace(old, new))
    return buf.getvalue()


def _big_json() -> bytes:
    doc = _json(_document("pledges")).decode()
    return doc.replace('"note": "', '"note": "' + "x" * (100 * MB), 1).encode()


def _big_csv() -> bytes:
    return _harmed_csv("x" * (100 * MB)).encode()


def _big_xlsx() -> bytes:
    """A real workbook whose shared string is 100 MB (it packs ~1,000× smaller)."""
    small = _xlsx({"pledges": _pledge_rows()})  # type: ignore[dict-item]
    return _patched(small, b"Illustrative quantity", b"x" * (100 * MB))


def _nested(depth: int) -> bytes:
    doc = _json(_document("pledges")).decode()
    deep = "[" * depth + "]" * depth
    return doc.replace('"caveats": [', f'"caveats": [{deep}, ', 1).encode()


@functools.cache
def _zeros_zip(member: str, megabytes: int, workbook: bool) -> bytes:
    """A zip whose one big member is `megabytes` MiB of zeros (packs ~1,000× smaller); cached,
    since deflating a gigabyte takes seconds."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        if workbook:
            z.writestr("[Content_Types].xml", "<Types/>")
        with z.open(member, "w", force_zip64=True) as f:
            chunk = b"\0" * (16 * MB)
            for _ in range(megabytes // 16):
                f.write(chunk)
    return buf.getvalue()


def _many_members() -> bytes:
    return _zip({f"junk{i}.csv": b"x" for i in range(2000)})


def size_cases(bomb_mb: int) -> Iterator[Case]:
    """100 MB fields, nesting far past the limit, zip bombs of `bomb_mb` MiB."""
    yield Case("big-field.json", "100 MB field", "json", _big_json, ("row 1", "note"))
    yield Case("big-field/pledges.csv", "100 MB field", "csv", _big_csv, ("row 3",))
    yield Case("big-field.xlsx", "100 MB field", "xlsx", _big_xlsx, ("big-field.xlsx",))
    for depth in (40, 1_000, 100_000):
        yield Case(
            f"nested-{depth}.json", f"nesting {depth} deep", "json", _nested(depth), ("nested",)
        )
    label = f"zip bomb ({bomb_mb:,} MiB of zeros)"
    yield Case(
        "bomb.xlsx",
        label,
        "xlsx",
        lambda: _zeros_zip("xl/worksheets/sheet1.xml", bomb_mb, True),
        ("bomb.xlsx",),
    )
    yield Case(
        "bomb.zip", label, "csv", lambda: _zeros_zip("pledges.csv", bomb_mb, False), ("bomb.zip",)
    )
    yield Case("members.zip", "2,000 members", "csv", _many_members, ("members.zip",))


def _truncations(name: str, fmt: str, data: bytes) -> Iterator[Case]:
    folder, _, base = name.rpartition("/")
    for frac in (0.5, 0.9):
        cut = data[: int(len(data) * frac)]
        tag = f"cut{int(frac * 100)}"
        if folder:
            yield Case(f"{folder}-{tag}/{base}", f"truncated at {frac:.0%}", fmt, cut, (base,))
        else:
            stem, _, ext = base.rpartition(".")
            new = f"{stem}-{tag}.{ext}"
            yield Case(new, f"truncated at {frac:.0%}", fmt, cut, (new,))


def shape_cases() -> Iterator[Case]:
    """Files that are not what their name says, truncated files, formulas, and odd layouts."""
    good_json = _json(_document("pledges"))
    good_csv = _csv(_pledge_rows())
    good_xlsx = _xlsx({"pledges": _pledge_rows()})  # type: ignore[dict-item]
    good_zip = _zip({"pledges.csv": good_csv})
    yield from _truncations("trunc.json", "json", good_json)
    yield from _truncations(
        "trunc/pledges.csv", "csv", good_csv.replace(b"Illustrative", b'"quoted, Illustrative', 1)
    )
    yield from _truncations("trunc.xlsx", "xlsx", good_xlsx)
    yield from _truncations("trunc.zip", "csv", good_zip)
    plain = [
        ("empty.json", "json", b""),
        ("spaces.json", "json", b"   \n\t "),
        ("array.json", "json", b"[]"),
        ("string.json", "json", b'"muster"'),
        ("no-format.json", "json", b'{"version": 1, "pledges": []}'),
        ("format-other.json", "json", b'{"format": "excel", "version": 1}'),
        ("version-9.json", "json", b'{"format": "muster", "version": 9}'),
        ("version-text.json", "json", b'{"format": "muster", "version": "1"}'),
        ("collection.json", "json", b'{"format": "muster", "version": 1, "widgets": []}'),
        ("typo.json", "json", b'{"format": "muster", "version": 1, "pledgez": []}'),
        ("not-list.json", "json", b'{"format": "muster", "version": 1, "pledges": {}}'),
        ("not-object.json", "json", b'{"format": "muster", "version": 1, "pledges": [7]}'),
        ("nan.json", "json", good_json.replace(b'"quantity": 1,', b'"quantity": NaN,', 1)),
        ("inf.json", "json", good_json.replace(b'"quantity": 1,', b'"quantity": Infinity,', 1)),
        ("trailing.json", "json", good_json + b"\n{}"),
        ("binary.json", "json", bytes(range(256)) * 4),
        ("comment.json", "json", b"// pledges\n" + good_json),
        ("png.json", "json", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        ("empty/pledges.csv", "csv", b""),
        ("semicolons/pledges.csv", "csv", good_csv.replace(b",", b";")),
        ("widgets.csv", "csv", good_csv),
        ("binary/pledges.csv", "csv", bytes(range(256)) * 4),
        ("header-junk/pledges.csv", "csv", b"\x00\x01\x02,\x03\r\n1,2\r\n"),
        ("quote/pledges.csv", "csv", good_csv.replace(b"\r\np-", b'\r\n"p-', 2)),
        ("short-row/pledges.csv", "csv", good_csv + b"p-x,GBR\r\n"),
        ("long-row/pledges.csv", "csv", good_csv + b"a," * 40 + b"\r\n"),
        ("empty.xlsx", "xlsx", b""),
        ("text.xlsx", "xlsx", good_csv),
        ("zip-not-workbook.xlsx", "xlsx", good_zip),
        ("empty.zip", "csv", b""),
        ("text.zip", "csv", good_csv),
        ("unknown-ext.pdf", "other", good_json),
        ("no-ext", "other", good_json),
    ]
    for name, fmt, data in plain:
        yield Case(name, "not what its name says", fmt, data, (name.rpartition("/")[2],))
    rows = _pledge_rows()
    formula: list[list[Any]] = [list(r) for r in rows]
    formula[1 + ROW][rows[0].index("note")] = '=HYPERLINK("http://evil.example","x")'
    yield Case("formula.xlsx", "formula cell", "xlsx", _xlsx({"pledges": formula}), ("row 3",))
    formula = [list(r) for r in rows]
    formula[1 + ROW][rows[0].index("quantity")] = "=2+3"
    yield Case(
        "formula-qty.xlsx",
        "formula in a number",
        "xlsx",
        _xlsx({"pledges": formula}),
        ("row 3", "quantity"),
    )
    yield Case("sheet.xlsx", "unknown sheet", "xlsx", _xlsx({"widgets": rows}), ("widgets",))  # type: ignore[dict-item]
    typed: list[list[Any]] = [list(r) for r in rows]
    typed[1 + ROW][rows[0].index("valid_from")] = 3.5
    yield Case(
        "typed-date.xlsx",
        "number in a date column",
        "xlsx",
        _xlsx({"pledges": typed}),
        ("row 3", "valid_from"),
    )
    typed = [list(r) for r in rows]
    typed[1 + ROW][rows[0].index("quantity")] = True
    yield Case(
        "typed-bool.xlsx",
        "boolean in a number column",
        "xlsx",
        _xlsx({"pledges": typed}),
        ("row 3", "quantity"),
    )


def import_cases(*, bomb_mb: int = 1104) -> list[Case]:
    """Every bad file; zip bombs of `bomb_mb` MiB (over 1 GiB by default: the unpacked-size
    limit; smaller ones are still refused for their compression ratio)."""
    cases = [
        *cell_cases(),
        *structure_cases(),
        *encoding_cases(),
        *size_cases(bomb_mb),
        *shape_cases(),
    ]
    names = [c.name for c in cases]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise ValueError(f"corpus names repeat: {sorted(duplicated)}")
    return cases


def controls() -> list[Case]:
    """The unharmed slices, in every format: each must import with exit code 0."""
    out: list[Case] = []
    for collection in sorted({c for c, _, _ in CELLS}):
        for fmt, name, data in _table_files(collection, lambda _: None, "control"):
            out.append(Case(name, "control", fmt, data))
        if collection not in NESTED:
            out.append(
                Case(f"control-{collection}.json", "control", "json", _json(_document(collection)))
            )
    return [replace(c, name=f"{i:02d}-{c.name}") for i, c in enumerate(out)]


# --- articles for `muster ingest` ---------------------------------------------------------

ARTICLE = (
    "LONDON — Prime Minister Keir Starmer said on Sunday that Britain was ready to put troops "
    "on the ground in Ukraine as part of a coalition of the willing.\n"
)


def _pdf(text: bytes) -> bytes:
    """A PDF as PDFs are: a header, then a compressed (binary) content stream."""
    stream = zlib.compress(b"BT /F1 12 Tf (" + text + b") Tj ET")
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def ingest_cases() -> list[Case]:
    """Bad articles and bad options for `muster ingest FILE --date D`."""
    good = ARTICLE.encode()
    articles = [
        ("empty.txt", b""),
        ("spaces.txt", b" \n\n\t  \n"),
        ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        ("nul.txt", good.replace(b"troops", b"tro\x00ops")),
        ("late-nul.txt", good * 60 + b"\x00" + good),
        ("latin1.txt", "Défense: M. Macron a déclaré que la France était prête.".encode("latin-1")),
        ("utf16.txt", ARTICLE.encode("utf-16")),
        ("broken-utf8.txt", good + b"\xc3"),
        ("scripts.html", b"<html><script>alert(1)</script><style>p{}</style></html>"),
        ("nested.html", b"<div>" * 100_000 + b"</div>" * 100_000),
        ("article.pdf", _pdf(good)),
        ("article.docx", _zip({"word/document.xml": good})),
        ("big.txt", b""),  # filled below: 100 MB
    ]
    cases = [Case(n, "bad article", "article", d, (n,), "ingest") for n, d in articles[:-1]]
    cases.append(
        Case(
            "big.txt",
            "100 MB article",
            "article",
            lambda: b"word " * (20 * MB),
            ("big.txt",),
            "ingest",
        )
    )
    for bad_date in ("2025-02-30", "03/03/2025", "yesterday", "99999-01-01"):
        cases.append(
            Case(
                f"date-{bad_date.replace('/', '-')}.txt",
                "bad --date",
                "article",
                good,
                ("--date",),
                "ingest",
                ("--date", bad_date),
            )
        )
    return cases
