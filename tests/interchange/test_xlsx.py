"""XLSX: one sheet per table, lossless round trips, formulas and hostile workbooks refused."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from muster.domain import Dataset, Nation, Scenario, Source
from muster.errors import InvalidInput
from muster.interchange import (
    Limits,
    read_dataset,
    read_dataset_bytes,
    write_dataset,
    write_dataset_bytes,
)
from muster.interchange.tables import TABLE_SPECS
from muster.interchange.xlsx_format import ooxml_escape, ooxml_unescape
from tests.interchange.strategies import datasets

REFERENCE = Path(__file__).parents[2] / "src" / "muster" / "data" / "reference.json"


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_problems(data: bytes, **kw: object) -> list[str]:
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(data, filename="in.xlsx", check=False, **kw)  # type: ignore[arg-type]
    return [str(p) for p in e.value.problems]


PLEDGE_HEADER = ["id", "nation", "capability", "quantity", "phases", "entered_by"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_round_trip_is_lossless(ds: Dataset) -> None:
    back = read_dataset_bytes(write_dataset_bytes(ds, filename="x.xlsx"), filename="x.xlsx")
    assert back == ds.sorted()


def test_reference_data_round_trips_through_a_file(tmp_path: Path) -> None:
    ds = read_dataset(REFERENCE)
    write_dataset(ds, tmp_path / "ref.xlsx")
    assert read_dataset(tmp_path / "ref.xlsx") == ds.sorted()
    wb = openpyxl.load_workbook(tmp_path / "ref.xlsx", read_only=True)
    assert wb.sheetnames == list(TABLE_SPECS)


def test_sheets_hold_typed_cells_and_neutralised_text() -> None:
    ds = Dataset(
        sources=(Source(id="s", title="=cmd|' /C calc'!A0", published=date(2025, 3, 2)),),
        nations=(Nation(iso3="GBR", name="UK", nato=True, gdp_eur_bn=3340.5, aliases=("-x",)),),
    )
    wb = openpyxl.load_workbook(io.BytesIO(write_dataset_bytes(ds, filename="x.xlsx")))
    title, published = wb["sources"]["B2"], wb["sources"]["D2"]
    assert (title.value, title.data_type) == ("'=cmd|' /C calc'!A0", "s")
    assert published.value == datetime(2025, 3, 2)
    nato, gdp, aliases = wb["nations"]["D2"], wb["nations"]["E2"], wb["nations"]["G2"]
    assert (nato.value, gdp.value, aliases.value) == (True, 3340.5, "'-x")
    assert wb["nations"]["A1"].font.bold
    assert wb["nations"].freeze_panes == "A2"


def test_text_xml_cannot_hold_survives() -> None:
    ds = Dataset(
        sources=(Source(id="s", title="bell\x07 cr\r lf\n tab\t", text="_x0041_ and _x00e9_"),)
    )
    back = read_dataset_bytes(write_dataset_bytes(ds, filename="x.xlsx"), filename="x.xlsx")
    assert back == ds


@pytest.mark.parametrize("text", ["", "a\x01b", "_x0041_", "__x1234_", "\ufffe", "_x005F_"])
def test_ooxml_escape_is_invertible(text: str) -> None:
    assert ooxml_unescape(ooxml_escape(text)) == text


def test_dates_before_excel_begins_are_written_as_text() -> None:
    ds = Dataset(sources=(Source(id="s", title="Old", published=date(1815, 6, 18)),))
    data = write_dataset_bytes(ds, filename="x.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(data))["sources"]["D2"].value == "1815-06-18"
    assert read_dataset_bytes(data, filename="x.xlsx") == ds


def test_hand_made_workbook_with_native_types_is_read() -> None:
    data = workbook(
        {
            "Pledges ": [
                [*PLEDGE_HEADER, "valid_from", "illustrative"],
                ["P1", "GBR", "inf", 3, "truce; peace", "me", datetime(2025, 4, 1), True],
                [],
                ["P2", "FRA", "inf", 2.5, "truce", "me", "2025-04-02", "no"],
            ],
            "Sheet": [],
        }
    )
    p1, p2 = read_dataset_bytes(data, filename="in.xlsx", check=False).pledges
    assert (p1.phases, p1.valid_from, p1.illustrative) == (
        ("truce", "peace"),
        date(2025, 4, 1),
        True,
    )
    assert (p2.quantity, p2.valid_from, p2.illustrative) == (2.5, date(2025, 4, 2), False)


def test_formula_and_error_cells_are_refused_where_they_are() -> None:
    data = workbook(
        {
            "pledges": [
                PLEDGE_HEADER,
                ["P1", "GBR", "inf", "=B9*2", "truce", "me"],
                ["P2", "GBR", "inf", "#DIV/0!", "truce", "me"],
            ]
        }
    )
    assert xlsx_problems(data) == [
        "in.xlsx sheet pledges, row 2, column quantity: is a formula ('=B9*2'); Muster reads "
        "values: replace it by its value (Paste Special → Values)",
        "in.xlsx sheet pledges, row 3, column quantity: is an error value '#DIV/0!'",
    ]


def test_wrong_types_are_located_by_sheet_row_and_column() -> None:
    data = workbook(
        {
            "pledges": [
                [*PLEDGE_HEADER, "readiness_days"],
                ["P1", "GBR", "inf", "two battalions", "truce", "me", 2.5],
                ["P2", "GBR", "inf", True, "truce", "me", 3],
            ]
        }
    )
    assert xlsx_problems(data) == [
        "in.xlsx sheet pledges, row 2, column quantity: expected a number, got 'two battalions'",
        "in.xlsx sheet pledges, row 2, column readiness_days: expected a whole number, got 2.5",
        "in.xlsx sheet pledges, row 3, column quantity: expected a number, got True",
    ]


def test_missing_and_unknown_columns_and_sheets() -> None:
    data = workbook(
        {
            "pledges": [["id", "nation", "qty"], ["P1", "GBR", 3]],
            "pledge notes": [["anything"]],
        }
    )
    expected_columns = ", ".join(TABLE_SPECS["pledges"].headers)
    assert xlsx_problems(data) == [
        "in.xlsx sheet pledge notes: unknown sheet 'pledge notes' (expected sheets named after "
        "tables: " + ", ".join(TABLE_SPECS) + "; empty extra sheets are ignored)",
        f"in.xlsx sheet pledges, row 1: unknown column 'qty' (expected: {expected_columns})",
        "in.xlsx sheet pledges, row 1: missing required columns: capability, quantity, phases",
    ]


def test_value_under_no_header_is_refused() -> None:
    data = workbook({"missions": [["id", "name"], ["m", "M", None, "stray"]]})
    assert xlsx_problems(data) == [
        "in.xlsx sheet missions, row 2: has 4 cells but the header names 2 columns"
    ]


def test_duplicate_keys_across_rows() -> None:
    data = workbook({"missions": [["id", "name"], ["m", "M"], ["n", "N"], ["m", "M again"]]})
    assert xlsx_problems(data) == [
        "in.xlsx sheet missions, row 4, column id: duplicate key 'm', first at missions row 2"
    ]


def test_dangling_references_map_to_sheet_rows() -> None:
    data = workbook(
        {
            "nations": [["iso3", "name"], ["GBR", "UK"]],
            "actors": [["name"], ["Keir Starmer"]],
            "offices": [
                ["actor", "title", "nation", "start"],
                ["Keir Starmer", "PM", "GRB", date(2024, 7, 5)],
            ],
        }
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(data, filename="in.xlsx")
    assert [str(p) for p in e.value.problems] == [
        "in.xlsx sheet offices, row 2, column nation: unknown nation 'GRB'"
    ]


def test_workbook_without_a_table_sheet_is_refused() -> None:
    assert xlsx_problems(workbook({"Sheet1": []})) == [
        "in.xlsx: no sheet is named after a table (" + ", ".join(TABLE_SPECS) + ")"
    ]


def test_truncated_workbook_is_refused() -> None:
    data = write_dataset_bytes(read_dataset(REFERENCE), filename="x.xlsx")
    found = xlsx_problems(data[: len(data) - 300])
    assert len(found) == 1
    assert found[0].startswith("in.xlsx: not a readable XLSX workbook: ")


def test_not_a_workbook_is_refused() -> None:
    assert xlsx_problems(b"id,name\nm,M\n")[0].startswith(
        "in.xlsx: not a readable XLSX workbook: File is not a zip file"
    )
    assert xlsx_problems(b"") == ["in.xlsx: the file is empty (expected an XLSX workbook)"]


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    (found,) = xlsx_problems(out.getvalue())
    assert found.startswith("in.xlsx: cannot open the workbook (")


def test_zip_bomb_is_refused_before_openpyxl_opens_it() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (64 * 1024 * 1024))
    (found,) = xlsx_problems(out.getvalue())
    assert found.startswith("in.xlsx: member 'xl/worksheets/sheet1.xml' would unpack ")
    assert found.endswith("(64 MiB); the limit is 100 times (a zip bomb?)")


def test_declared_unpacked_size_is_limited() -> None:
    data = write_dataset_bytes(read_dataset(REFERENCE), filename="x.xlsx")
    (found,) = xlsx_problems(data, limits=Limits(max_unzipped_bytes=10_000))
    assert found.startswith("in.xlsx: would unpack to 0 MiB; the limit is 0 MiB")


def test_entity_expansion_bomb_is_refused() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = write_dataset_bytes(Dataset(), filename="x.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                doctype = f"<!DOCTYPE worksheet [{entities}]>".encode()
                body = doctype + body.replace(b">id<", b">&lol9;<", 1)
                assert b"&lol9;" in body
            dst.writestr(item, body)
    (found,) = xlsx_problems(out.getvalue())
    assert found == (
        "in.xlsx: part 'xl/worksheets/sheet1.xml' declares a DOCTYPE, which spreadsheets never "
        "write (entity declarations are refused: an XML entity bomb?)"
    )


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_doctype_in_utf16_or_in_an_oddly_named_part_is_refused(encoding: str) -> None:
    """Review finding: a UTF-16 part declaring an entity passed the UTF-8 scan."""
    data = write_dataset_bytes(Dataset(), filename="x.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        bom = "\ufeff"
        part = f'{bom}<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "pwned">]><x/>'
        dst.writestr("xl/custom/part.bin", part.encode(encoding))
    (found,) = xlsx_problems(out.getvalue())
    assert "part 'xl/custom/part.bin' declares a DOCTYPE" in found


def test_huge_cell_is_refused() -> None:
    data = workbook({"missions": [["id", "name"], ["m", "x" * 2_000]]})
    assert xlsx_problems(data, limits=Limits(max_text_chars=1_000)) == [
        "in.xlsx sheet missions, row 2, column name: text of 2,000 characters is longer than "
        "the limit of 1,000 (Limits.max_text_chars)"
    ]


def test_formula_injection_round_trip_keeps_a_note_starting_with_equals() -> None:
    ds = Dataset(scenarios=(Scenario(id="s", name="+S", description="=1+1"),))
    back = read_dataset_bytes(write_dataset_bytes(ds, filename="x.xlsx"), filename="x.xlsx")
    assert back.scenarios[0].description == "=1+1"
    assert back == ds


def test_a_date_serial_out_of_range_is_a_located_problem_and_prints_nothing(
    tmp_path: Path,
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "sources"
    ws.append(["id", "title", "published"])
    ws.append(["s", "T", 1e10])
    ws["C2"].number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "in.xlsx")
    assert xlsx_problems((tmp_path / "in.xlsx").read_bytes()) == [
        "in.xlsx sheet sources, row 2, column published: is an error value '#VALUE!' (a "
        "formula's error, or a date out of range)"
    ]
    # pytest records warnings itself, so a plain interpreter shows what a CLI user would see
    script = (
        "import sys\n"
        "from muster.interchange import read_dataset\n"
        "try:\n    read_dataset(sys.argv[1])\nexcept Exception as e:\n    print(type(e).__name__)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "in.xlsx")], capture_output=True, text=True
    )
    assert (run.stdout, run.stderr) == ("InvalidInput\n", "")
