"""The JSON format: canonical and lossless, and every bad input refused with where it is."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from muster.domain import Capability, Dataset, Mission, Nation, Phase, Pledge
from muster.errors import InvalidInput
from muster.interchange import (
    Limits,
    dumps_json,
    read_dataset,
    read_dataset_bytes,
    write_dataset,
)
from muster.interchange.json_format import _emit_document
from tests.interchange.strategies import datasets

REFERENCE = Path(__file__).parents[2] / "src" / "muster" / "data" / "reference.json"


def doc(**collections: object) -> bytes:
    return json.dumps({"format": "muster", "version": 1, **collections}).encode()


def problems(data: bytes | str, name: str = "in.json", **kw: object) -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(raw, filename=name, **kw)  # type: ignore[arg-type]
    return [str(p) for p in e.value.problems]


NATION = {"iso3": "GBR", "name": "United Kingdom"}
PLEDGE = {
    "id": "P1",
    "nation": "GBR",
    "capability": "inf",
    "quantity": 3,
    "phases": ["truce"],
    "entered_by": "analyst",
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_write_read_write_is_byte_identical(ds: Dataset) -> None:
    text = dumps_json(ds)
    back = read_dataset_bytes(text.encode(), filename="x.json")
    assert back == ds.sorted()
    assert dumps_json(back) == text


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=8), st.lists(JSONISH, max_size=3) | JSONISH, max_size=4))
def test_fast_writer_matches_the_standard_library_exactly(document: dict[str, object]) -> None:
    assert _emit_document(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_reference_data_is_canonical_in_this_format() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert dumps_json(read_dataset(REFERENCE)) == text


def test_write_dataset_then_read_dataset(tmp_path: Path) -> None:
    ds = read_dataset(REFERENCE)
    out = tmp_path / "sub" / "ref.json"
    write_dataset(ds, out)
    assert out.read_bytes() == REFERENCE.read_bytes()
    assert [p.name for p in out.parent.iterdir()] == ["ref.json"]  # no temporary file left


def test_located_field_errors_name_collection_row_field_and_line() -> None:
    data = json.dumps(
        {"format": "muster", "version": 1, "nations": [NATION, {"iso3": "fr", "name": "France"}]},
        indent=2,
    )
    assert problems(data) == [
        "in.json sheet nations, row 2, column iso3: expected an ISO 3166-1 alpha-3 code such as "
        "'GBR', got 'fr' (line 10)"
    ]


def test_every_problem_is_reported_not_only_the_first() -> None:
    bad = [{**PLEDGE, "id": f"P{i}", "quantity": -i} for i in range(1, 6)]
    found = problems(doc(pledges=bad), check=False)
    assert len(found) == 5
    assert found[4].startswith("in.json sheet pledges, row 5, column quantity: expected a number")


def test_dangling_references_are_mapped_back_to_their_rows() -> None:
    data = doc(nations=[NATION], pledges=[PLEDGE, {**PLEDGE, "id": "P2", "nation": "XXX"}])
    found = problems(data)
    assert "in.json sheet pledges, row 2, column nation: unknown nation 'XXX' (line 1)" in found
    assert any("row 1, column capability: unknown capability 'inf'" in p for p in found)


def test_references_may_resolve_in_known_data() -> None:
    known = Dataset(
        nations=(Nation(iso3="GBR", name="UK"),),
        missions=(Mission(id="m", name="M"),),
        phases=(Phase(id="truce", mission="m", name="Truce", seq=1),),
        capabilities=(Capability(id="inf", name="Infantry", unit="bn", domain="land"),),
    )
    ds = read_dataset_bytes(doc(pledges=[PLEDGE]), filename="p.json", known=known)
    assert ds.pledges == (Pledge(**{**PLEDGE, "phases": ("truce",)}),)  # type: ignore[arg-type]
    assert ds.nations == ()


def test_duplicate_keys_in_a_collection_name_both_rows() -> None:
    data = json.dumps({"format": "muster", "version": 1, "nations": [NATION, NATION]}, indent=1)
    assert problems(data) == [
        "in.json sheet nations, row 2, column iso3: duplicate key 'GBR', first at nations row 1 "
        "(line 6) (line 10)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "in.json: the file is empty"),
        ("   \n", "in.json: the file is empty"),
        ("[1, 2]", "in.json: expected a JSON object"),
        ('"muster"', "in.json: expected a JSON object"),
        ('{"format": "csv", "version": 1}', 'not a Muster file: expected "format": "muster"'),
        ('{"version": 1}', 'not a Muster file: expected "format": "muster", got None'),
        (
            '{"format": "muster", "version": 2}',
            "unsupported version 2: this Muster reads version 1",
        ),
        ('{"format": "muster", "version": "1"}', "unsupported version '1'"),
        ('{"format": "muster", "version": true}', "unsupported version True"),
        ('{"format": "muster", "version": 1, "pledge": []}', "unknown collection 'pledge' (did"),
        ('{"format": "muster", "version": 1, "nations": {}}', "sheet nations: expected a list"),
        ('{"format": "muster", "format": "muster", "version": 1}', "names format twice"),
        ('{"format": "muster", "version": 1, "nations": [', "the file ends early (is it trunc"),
        ('{"format": "muster", "version": 1, "nations": ["GB', "the file ends early"),
        ('{"format": "muster", "version": 1,,}', "not valid JSON at line 1, column 35"),
        ('{"format": "muster", "version": 1, "nations": [7]}', "row 1: expected an object"),
    ],
)
def test_malformed_documents_are_refused_clearly(text: str, expected: str) -> None:
    assert any(expected in p for p in problems(text)), problems(text)


def test_duplicate_field_inside_a_record_is_refused() -> None:
    text = (
        '{"format": "muster", "version": 1, '
        '"nations": [{"iso3": "GBR", "iso3": "FRA", "name": "x"}]}'
    )
    assert problems(text) == [
        "in.json sheet nations, row 1: names the field(s) iso3 twice (line 1)"
    ]


def test_duplicate_key_in_a_nested_mapping_is_refused() -> None:
    text = (
        '{"format": "muster", "version": 1, "scenarios": [{"id": "s", "name": "S",'
        ' "forced": {"t": true, "t": false}}]}'
    )
    assert problems(text) == [
        "in.json sheet scenarios, row 1, column forced: an object inside names t twice (line 1)"
    ]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(token: str) -> None:
    text = (
        doc(nations=[{**NATION, "gdp_eur_bn": 0}])
        .decode()
        .replace('"gdp_eur_bn": 0', f'"gdp_eur_bn": {token}')
    )
    assert problems(text) == [
        f"in.json sheet nations, row 1, column gdp_eur_bn: expected a number, got {token} "
        "(not valid in JSON) (line 1)"
    ]


def test_very_deep_nesting_is_refused_without_a_traceback() -> None:
    text = (
        '{"format": "muster", "version": 1, "nations": [{"iso3": "GBR", "name": '
        + "[" * 100_000
        + "]" * 100_000
        + "}]}"
    )
    assert problems(text) == ["in.json: nested too deeply (Muster files nest 32 levels at most)"]


def test_moderately_deep_nesting_is_refused_at_the_documented_limit() -> None:
    text = (
        '{"format": "muster", "version": 1, "nations": [{"iso3": "GBR", "name": '
        + "[" * 40
        + "]" * 40
        + "}]}"
    )
    assert problems(text) == [
        "in.json sheet nations, row 1, column name: nested too deeply "
        "(Muster files nest 32 levels at most) (line 1)"
    ]


def test_text_longer_than_the_limit_is_refused() -> None:
    data = doc(nations=[{**NATION, "name": "x" * 101}])
    assert problems(data, limits=Limits(max_text_chars=100)) == [
        "in.json sheet nations, row 1, column name: text of 101 characters is longer than the "
        "limit of 100 (Limits.max_text_chars) (line 1)"
    ]


def test_lone_surrogate_escape_is_refused() -> None:
    text = doc(nations=[NATION]).decode().replace("United Kingdom", "United \\ud800 Kingdom")
    assert problems(text) == [
        "in.json sheet nations, row 1, column name: contains an unpaired UTF-16 surrogate escape "
        "(line 1)"
    ]


def test_paired_surrogate_escapes_are_text() -> None:
    text = (
        doc(nations=[NATION]).decode().replace("United Kingdom", "UK \\ud83c\\uddec\\ud83c\\udde7")
    )
    assert read_dataset_bytes(text.encode(), filename="x.json").nations[0].name == "UK 🇬🇧"


def test_utf8_bom_is_accepted() -> None:
    ds = read_dataset_bytes(b"\xef\xbb\xbf" + doc(nations=[NATION]), filename="x.json")
    assert ds.nations == (Nation(iso3="GBR", name="United Kingdom"),)


def test_latin1_is_refused_with_line_byte_and_a_guess() -> None:
    text = json.dumps(
        {"format": "muster", "version": 1, "nations": [{"iso3": "TUR", "name": "Türkiye"}]},
        ensure_ascii=False,
        indent=1,
    )
    found = problems(text.encode("latin-1"))
    assert found == [
        "in.json: not UTF-8: byte 0xFC at line 7, byte 14 (offset 87); it looks like "
        'Windows-1252 / Latin-1 (there it reads \'"name": "Türkiye"\'). Save the file as UTF-8'
    ]


def test_utf16_is_refused_for_json() -> None:
    found = problems(doc(nations=[NATION]).decode().encode("utf-16"))
    assert found == [
        "in.json: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"
    ]


def test_utf16_without_bom_is_recognised() -> None:
    found = problems(doc(nations=[NATION]).decode().encode("utf-16-le"))
    assert "in.json: contains a NUL character at line 1, character 2" in found[0]


def test_nul_byte_is_refused_with_its_line() -> None:
    found = problems(b'{"format": "muster",\n "version": 1\x00}')
    assert found == [
        "in.json: contains a NUL character at line 2, character 14; this is not a text file "
        "(or it is UTF-16 without a byte order mark)"
    ]


def test_file_larger_than_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(doc(nations=[NATION]) + b" " * 2000)
    with pytest.raises(InvalidInput, match=r"big.json: file is 0.0 MiB; the limit is 0 MiB"):
        read_dataset(path, limits=Limits(max_file_bytes=1000))


def test_problem_cap_stops_reading_and_says_so() -> None:
    bad = [{**PLEDGE, "id": f"P{i}", "quantity": -1} for i in range(50)]
    found = problems(doc(pledges=bad), check=False, limits=Limits(max_problems=10))
    assert len(found) == 11
    assert found[-1] == (
        "in.json: stopped reading after 10 problems; fix these and read the file again"
    )


def test_reading_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(doc(nations=[NATION, NATION]))
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir()))
    with pytest.raises(InvalidInput):
        read_dataset(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir())) == before


def test_progress_reports_rows_done_and_total() -> None:
    seen: list[tuple[int, int]] = []
    nations = [{"iso3": f"A{chr(65 + i // 26)}{chr(65 + i % 26)}", "name": "N"} for i in range(600)]
    pledges = [{**PLEDGE, "id": f"P{i}", "nation": nations[i % 600]["iso3"]} for i in range(4400)]
    read_dataset_bytes(
        doc(nations=nations, pledges=pledges),
        filename="x.json",
        progress=lambda d, t: seen.append((d, t)),
        check=False,
    )
    assert seen[-1] == (5000, 5000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= 3


def test_dates_and_enumerations_come_back_typed() -> None:
    data = doc(pledges=[{**PLEDGE, "valid_from": "2025-04-01", "status": "confirmed"}])
    (pledge,) = read_dataset_bytes(data, filename="x.json", check=False).pledges
    assert pledge.valid_from == date(2025, 4, 1)
    assert pledge.status.value == "confirmed"


def test_problems_inside_nested_offices_name_the_item_and_field() -> None:
    actor = {
        "name": "A",
        "offices": [{"title": "PM", "nation": "gb", "start": "2025-01-01"}],
    }
    assert problems(doc(actors=[actor]), check=False) == [
        "in.json sheet actors, row 1, column offices: item 1: nation: expected an ISO 3166-1 "
        "alpha-3 code such as 'GBR', got 'gb' (line 1)"
    ]
