"""CSV: one file per table, lossless round trips, formula injection neutralised, located errors."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from muster.domain import Dataset, Nation, Pledge, Scenario, Source
from muster.errors import InvalidInput
from muster.interchange import (
    Limits,
    read_dataset,
    read_dataset_bytes,
    write_dataset,
    write_dataset_bytes,
)
from muster.interchange.tables import TABLE_SPECS, join_list, neutralise, restore, split_list
from tests.interchange.strategies import datasets

REFERENCE = Path(__file__).parents[2] / "src" / "muster" / "data" / "reference.json"
PLEDGE_HEADER = "id,nation,capability,quantity,phases,entered_by"


def csv_problems(text: str | bytes, name: str = "pledges.csv", **kw: object) -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(raw, filename=name, check=False, **kw)  # type: ignore[arg-type]
    return [str(p) for p in e.value.problems]


def read_pledges(text: str) -> tuple[Pledge, ...]:
    return read_dataset_bytes(text.encode(), filename="pledges.csv", check=False).pledges


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_zip_of_csv_round_trip_is_lossless_and_stable(ds: Dataset) -> None:
    data = write_dataset_bytes(ds, filename="all.zip")
    back = read_dataset_bytes(data, filename="all.zip")
    assert back == ds.sorted()
    assert write_dataset_bytes(back, filename="all.zip") == data


def test_directory_round_trip_of_the_reference_data(tmp_path: Path) -> None:
    ds = read_dataset(REFERENCE)
    write_dataset(ds, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{t}.csv" for t in TABLE_SPECS
    )
    assert read_dataset(tmp_path / "out") == ds.sorted()


def test_offices_live_in_their_own_file_keyed_by_actor(tmp_path: Path) -> None:
    write_dataset(read_dataset(REFERENCE), tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "offices.csv").read_text())))
    scholz = [r for r in rows if r["actor"] == "Olaf Scholz" and r["title"] == "Chancellor"]
    assert scholz == [
        {
            "actor": "Olaf Scholz",
            "title": "Chancellor",
            "nation": "DEU",
            "start": "2021-12-08",
            "end": "2025-05-06",
            "source": scholz[0]["source"],
        }
    ]
    assert "offices" not in (tmp_path / "actors.csv").read_text().splitlines()[0]


def test_formula_looking_text_is_neutralised_on_export_and_restored_on_import() -> None:
    note = "=HYPERLINK('http://evil', 'click')"
    ds = Dataset(
        sources=(Source(id="s", title="@SUM(A1)", text="-2+3", outlet="+cmd"),),
        nations=(Nation(iso3="GBR", name="=1+1", aliases=("=x", "'=y", "'plain")),),
        scenarios=(Scenario(id="sc", name="S", description=note),),
    )
    sources = write_dataset_bytes(ds, filename="sources.csv").decode()
    assert sources.splitlines()[1] == "s,'@SUM(A1),'+cmd,,,'-2+3,"  # the last: language
    nations = write_dataset_bytes(ds, filename="nations.csv").decode()
    assert "'=1+1" in nations
    assert "'=x; '=y; 'plain" in nations  # the cell is neutralised as a whole
    scenarios = write_dataset_bytes(ds, filename="scenarios.csv").decode()
    assert "'=HYPERLINK(" in scenarios
    back = read_dataset_bytes(write_dataset_bytes(ds, filename="x.zip"), filename="x.zip")
    assert back == ds.sorted()
    assert back.scenarios[0].description == note


def test_numbers_stay_numbers() -> None:
    ds = Dataset(nations=(Nation(iso3="GBR", name="UK", gdp_eur_bn=-0.0 + 3340.25),))
    line = write_dataset_bytes(ds, filename="nations.csv").decode().splitlines()[1]
    assert line.startswith("GBR,UK,false,false,3340.25,")


@pytest.mark.parametrize(
    "text",
    ["", "=", "'", "''", "'=", "-", "''-x", "a'=b", "\t", "\r", "@", "=1+1", "'\t", "x"],
)
def test_neutralise_and_restore_are_exact_inverses(text: str) -> None:
    assert restore(neutralise(text)) == text
    assert neutralise(text)[:1] not in set("=+-@\t\r")


@pytest.mark.parametrize(
    ("items", "cell"),
    [
        (["a", "b"], "a; b"),
        (["a;b", "c"], "a\\;b; c"),
        (["back\\slash"], "back\\\\slash"),
        (["x\\;y"], "x\\\\\\;y"),
    ],
)
def test_list_cells_escape_separators(items: list[str], cell: str) -> None:
    assert join_list(items) == cell
    assert split_list(cell) == items


def test_list_and_mapping_cells_are_parsed() -> None:
    text = (
        "id,name,forced,probabilities,statuses\n"
        "s1,Truce holds,truce=true; us=no,peace=0.25 ;truce = 1,offered;confirmed\n"
    )
    (sc,) = read_dataset_bytes(text.encode(), filename="scenarios.csv", check=False).scenarios
    assert dict(sc.forced) == {"truce": True, "us": False}
    assert dict(sc.probabilities) == {"peace": 0.25, "truce": 1.0}
    assert [s.value for s in sc.statuses] == ["offered", "confirmed"]


def test_bad_mapping_cell_is_located() -> None:
    text = "id,name,forced\ns1,S,truce\ns2,S,a=true; a=false\ns3,S,a=perhaps\n"
    assert csv_problems(text, "scenarios.csv") == [
        "scenarios.csv row 2, column forced: expected name=value pairs separated by ';', got "
        "'truce'",
        "scenarios.csv row 3, column forced: names 'a' twice",
        "scenarios.csv row 4, column forced: a: expected true or false, got 'perhaps'",
    ]


def test_wrong_types_are_located_with_expected_and_found() -> None:
    text = (
        f"{PLEDGE_HEADER},readiness_days,valid_from,status\n"
        "P1,GBR,inf,3,truce,a,30,2025-04-01,offered\n"
        "P2,GBR,inf,two battalions,truce,a,soon,2025-13-01,maybe\n"
    )
    assert csv_problems(text) == [
        "pledges.csv row 3, column quantity: expected a number, got 'two battalions'",
        "pledges.csv row 3, column status: expected one of draft, offered, confirmed, deployed, "
        "withdrawn, got 'maybe'",
        "pledges.csv row 3, column readiness_days: expected a whole number, got 'soon'",
        "pledges.csv row 3, column valid_from: expected a date (YYYY-MM-DD), got '2025-13-01'",
    ]


def test_domain_rules_are_located_too() -> None:
    text = f"{PLEDGE_HEADER}\nP1,GBR,inf,-2,truce,a\n"
    assert csv_problems(text) == [
        "pledges.csv row 2, column quantity: expected a number ≥ 0, got -2"
    ]


def test_missing_required_columns_are_named() -> None:
    assert csv_problems("id,nation,capability\nP1,GBR,inf\n") == [
        "pledges.csv row 1: missing required columns: quantity, phases"
    ]


def test_unknown_and_repeated_columns_are_refused() -> None:
    text = f"{PLEDGE_HEADER},quantty,nation\nP1,GBR,inf,3,truce,a,3,GBR\n"
    assert csv_problems(text) == [
        "pledges.csv row 1: unknown column 'quantty' (did you mean 'quantity'?) (expected: "
        + ", ".join(TABLE_SPECS["pledges"].headers)
        + ")",
        "pledges.csv row 1: column 'nation' appears twice",
    ]


def test_headers_are_matched_ignoring_case_and_spaces() -> None:
    (p,) = read_pledges(" ID , Nation,CAPABILITY,quantity,phases,entered_by\nP1,GBR,inf,3,t,a\n")
    assert (p.id, p.quantity) == ("P1", 3.0)


def test_missing_required_value_says_so() -> None:
    assert csv_problems(f"{PLEDGE_HEADER}\nP1,GBR,inf,,truce,a\n") == [
        "pledges.csv row 2, column quantity: is required"
    ]


def test_unknown_references_are_located_by_row_and_column() -> None:
    known = read_dataset(REFERENCE)
    text = f"{PLEDGE_HEADER}\nP1,GBR,inf,3,truce,a\nP2,XYZ,inf,3,truce,a\n"
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(text.encode(), filename="pledges.csv", known=known)
    found = [str(p) for p in e.value.problems]
    assert "pledges.csv row 3, column nation: unknown nation 'XYZ'" in found
    assert "pledges.csv row 2, column capability: unknown capability 'inf'" in found
    assert "pledges.csv row 2, column phases: unknown phase 'truce'" in found


def test_unknown_conditions_in_a_list_are_located() -> None:
    text = "id,name\nc1,Truce\n"
    conditions = read_dataset_bytes(text.encode(), filename="conditions.csv", check=False)
    pledges = f"{PLEDGE_HEADER},conditions\nP1,GBR,inf,3,truce,a,c1; c9\n"
    known = read_dataset(REFERENCE).merged(conditions)
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(pledges.encode(), filename="pledges.csv", known=known)
    assert "pledges.csv row 2, column conditions: unknown condition 'c9'" in [
        str(p) for p in e.value.problems
    ]


def test_nested_rows_for_unknown_owners_and_bad_references(tmp_path: Path) -> None:
    (tmp_path / "nations.csv").write_text("iso3,name\nGBR,United Kingdom\n")
    (tmp_path / "actors.csv").write_text("name\nKeir Starmer\n")
    (tmp_path / "offices.csv").write_text(
        "actor,title,nation,start\n"
        "Keir Starmer,Prime Minister,GBR,2024-07-05\n"
        "Keir Starmer,Leader,XXX,2020-04-04\n"
        "Nobody,Prime Minister,GBR,2024-07-05\n"
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset(tmp_path)
    assert [str(p) for p in e.value.problems] == [
        "offices.csv row 4, column actor: unknown actor 'Nobody'"
    ]
    (tmp_path / "offices.csv").write_text(
        "actor,title,nation,start\nKeir Starmer,Leader,XXX,2020-04-04\n"
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset(tmp_path)
    assert [str(p) for p in e.value.problems] == [
        "offices.csv row 2, column nation: unknown nation 'XXX'"
    ]


def test_substitution_rows_use_their_own_column_names(tmp_path: Path) -> None:
    (tmp_path / "capabilities.csv").write_text("id,name,unit,domain\ninf,Infantry,bn,land\n")
    (tmp_path / "substitutions.csv").write_text(
        "capability,substitutes_for,efficiency\ninf,mech,0.5\ninf,arty,2\n"
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset(tmp_path)
    assert [str(p) for p in e.value.problems] == [
        "substitutions.csv row 3, column efficiency: expected a number > 0 and ≤ 1, got 2"
    ]
    (tmp_path / "substitutions.csv").write_text(
        "capability,substitutes_for,efficiency\ninf,mech,0.5\n"
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset(tmp_path)
    assert [str(p) for p in e.value.problems] == [
        "substitutions.csv row 2, column substitutes_for: unknown capability 'mech'"
    ]


def test_duplicate_keys_and_rows_name_both_rows() -> None:
    text = f"{PLEDGE_HEADER}\nP1,GBR,inf,3,truce,a\nP2,GBR,inf,3,truce,a\nP1,GBR,inf,3,truce,a\n"
    assert csv_problems(text) == [
        "pledges.csv row 4, column id: duplicate key 'P1', first at pledges.csv row 2"
    ]


def test_bad_dates_in_offices_are_located(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text("name\nA\n")
    (tmp_path / "offices.csv").write_text(
        "actor,title,nation,start,end\nA,PM,GBR,03/02/2025,\nA,PM,GBR,2025-05-06,2025-01-01\n"
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset(tmp_path, check=False)
    assert [str(p) for p in e.value.problems] == [
        "offices.csv row 2, column start: expected a date (YYYY-MM-DD), got '03/02/2025'",
        "offices.csv row 3, column end: end 2025-01-01 is before start 2025-05-06",
    ]


def test_utf8_bom_and_crlf_are_accepted() -> None:
    text = "\ufeffid,nation,capability,quantity,phases,entered_by\r\nP1,GBR,inf,3,truce,a\r\n"
    assert read_pledges(text)[0].id == "P1"


def test_utf16_with_bom_and_tabs_is_accepted() -> None:
    text = "id\tnation\tcapability\tquantity\tphases\tentered_by\r\nP1\tGBR\tinf\t3\ttruce\ta\r\n"
    ds = read_dataset_bytes(text.encode("utf-16"), filename="pledges.csv", check=False)
    assert ds.pledges[0].quantity == 3.0


def test_latin1_is_refused_with_line_and_byte() -> None:
    text = "iso3,name\nGBR,United Kingdom\nTUR,Türkiye\n"
    assert csv_problems(text.encode("cp1252"), "nations.csv") == [
        "nations.csv: not UTF-8: byte 0xFC at line 3, byte 6 (offset 34); it looks like "
        "Windows-1252 / Latin-1 (there it reads 'TUR,Türkiye'). Save the file as UTF-8"
    ]


def test_utf16_without_bom_is_refused() -> None:
    found = csv_problems("iso3,name\nGBR,UK\n".encode("utf-16-le"), "nations.csv")
    assert found[0].startswith("nations.csv: contains a NUL character at line 1, character 2")


def test_nul_byte_is_refused() -> None:
    assert csv_problems(b"iso3,name\nGBR,U\x00K\n", "nations.csv") == [
        "nations.csv: contains a NUL character at line 2, character 6; this is not a text file "
        "(or it is UTF-16 without a byte order mark)"
    ]


def test_empty_file_is_refused_naming_the_expected_header() -> None:
    assert csv_problems(b"", "missions.csv") == [
        "missions.csv: the file is empty: expected a header row such as id,name,description,source"
    ]


def test_header_only_file_is_an_empty_table() -> None:
    assert read_dataset_bytes(b"id,name\n", filename="missions.csv").missions == ()


def test_truncated_file_is_refused() -> None:
    full = f"{PLEDGE_HEADER}\nP1,GBR,inf,3,truce,a\nP2,GBR,inf,3,truce,a\n"
    assert csv_problems(full[:-9]) == [
        "pledges.csv row 3: has 4 of 6 cells (is the file truncated, or a separator missing?)"
    ]
    quoted = f'{PLEDGE_HEADER},note\nP1,GBR,inf,3,truce,a,"a long note that is cut'
    assert csv_problems(quoted) == [
        "pledges.csv row 2: the file ends inside a quoted cell (is it truncated?)"
    ]


def test_extra_cells_are_refused() -> None:
    assert csv_problems(f"{PLEDGE_HEADER}\nP1,GBR,inf,3,truce,a,oops\n") == [
        "pledges.csv row 2: has 7 cells but the header names 6 columns"
    ]


def test_semicolon_separated_file_gets_a_hint() -> None:
    assert csv_problems("id;nation;capability\nP1;GBR;inf\n") == [
        "pledges.csv row 1: the columns are separated by ';'; Muster reads comma-separated CSV "
        "(in a spreadsheet, save as 'CSV UTF-8 (comma delimited)')"
    ]


def test_huge_cell_is_refused_at_the_csv_limit() -> None:
    text = f"{PLEDGE_HEADER},note\nP1,GBR,inf,3,truce,a,{'x' * 200_000}\n"
    assert csv_problems(text) == [
        "pledges.csv row 2: a cell is longer than 131,072 characters (the CSV limit; use JSON)"
    ]


def test_export_refuses_text_it_could_not_read_back() -> None:
    ds = Dataset(sources=(Source(id="s", title="T", text="x" * 200_000),))
    with pytest.raises(InvalidInput, match=r"sources.csv column text: text longer than 131,072"):
        write_dataset_bytes(ds, filename="sources.csv")


def test_file_named_after_no_table_is_refused() -> None:
    assert csv_problems(b"id\n", "pledge.csv") == [
        "pledge.csv: cannot tell which table 'pledge' holds (did you mean 'pledges'?): name the "
        "file after one of " + ", ".join(TABLE_SPECS) + " (e.g. pledges.csv)"
    ]


def test_directory_with_unknown_csv_or_no_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no CSV files found"):
        read_dataset(tmp_path)
    (tmp_path / "notes.csv").write_text("x\n")
    with pytest.raises(InvalidInput, match=r"notes\.csv: cannot tell which table 'notes' holds"):
        read_dataset(tmp_path)


def test_zip_bomb_is_refused_before_unpacking() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("pledges.csv", b"id" + b" " * (20 * 1024 * 1024))
    found = csv_problems(out.getvalue(), "all.zip")
    assert len(found) == 1
    assert found[0].startswith("all.zip: member 'pledges.csv' would unpack ")
    assert found[0].endswith("times its packed size (20 MiB); the limit is 100 times (a zip bomb?)")


def test_truncated_zip_is_refused() -> None:
    data = write_dataset_bytes(read_dataset(REFERENCE), filename="x.zip")
    found = csv_problems(data[: len(data) // 2], "x.zip")
    assert found[0].startswith("x.zip: not a readable zip archive")


def test_problem_cap_applies_to_csv() -> None:
    rows = "".join(f"P{i},GBR,inf,-1,truce,a\n" for i in range(30))
    found = csv_problems(f"{PLEDGE_HEADER}\n{rows}", limits=Limits(max_problems=5))
    assert len(found) == 6
    assert found[-1].startswith("pledges.csv: stopped reading after 5 problems")


def test_a_single_table_export_holds_only_that_table() -> None:
    ds = read_dataset(REFERENCE)
    text = write_dataset_bytes(ds, filename="nations.csv").decode()
    assert text.splitlines()[0] == ",".join(TABLE_SPECS["nations"].headers)
    assert len(text.splitlines()) == len(ds.nations) + 1
    back = read_dataset_bytes(text.encode(), filename="nations.csv", check=False)
    assert back.nations == ds.sorted().nations


def test_substitution_rules_of_the_owner_are_located(tmp_path: Path) -> None:
    (tmp_path / "capabilities.csv").write_text(
        "id,name,unit,domain\ninf,Infantry,bn,land\nmech,Mech,bn,land\n"
    )
    (tmp_path / "substitutions.csv").write_text(
        "capability,substitutes_for,efficiency\ninf,inf,0.5\ninf,mech,0.5\ninf,mech,0.7\n"
    )
    with pytest.raises(InvalidInput) as e:
        read_dataset(tmp_path)
    assert [str(p) for p in e.value.problems] == [
        "substitutions.csv row 2, column substitutes_for: a capability cannot substitute for "
        "itself",
        "substitutions.csv row 4, column substitutes_for: 'inf' substitutes for 'mech' twice, "
        "first at substitutions.csv row 3",
    ]


def test_a_lone_actors_file_keeps_the_offices_already_known(tmp_path: Path) -> None:
    known = read_dataset(REFERENCE)
    scholz = known.index("actors")["Olaf Scholz"]
    assert scholz.offices
    text = "name,aliases,gender\nOlaf Scholz,Scholz,m\n"
    (read,) = read_dataset_bytes(text.encode(), filename="actors.csv", known=known).actors
    assert read.offices == scholz.offices
    (tmp_path / "actors.csv").write_text(text)
    (tmp_path / "offices.csv").write_text("actor,title,nation,start\n")
    (read,) = read_dataset(tmp_path, known=known).actors
    assert read.offices == ()  # an offices table that is given, even empty, says so
