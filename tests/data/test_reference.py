"""The packaged gazetteer loads, hangs together, and maps speakers to nations by date."""

from __future__ import annotations

from datetime import date

import pytest

from muster.data import REFERENCE_FILE, dumps, parse, read_text, reference_dataset
from muster.domain import Dataset
from muster.errors import InvalidInput

EU_2025 = {
    "AUT",
    "BEL",
    "BGR",
    "HRV",
    "CYP",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IRL",
    "ITA",
    "LVA",
    "LTU",
    "LUX",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
}


@pytest.fixture(scope="module")
def ref() -> Dataset:
    return reference_dataset()


def test_reference_loads_and_checks_clean(ref: Dataset) -> None:
    assert ref.check() == []
    assert len(ref.nations) >= 45
    assert len(ref.actors) >= 80


def test_reference_file_is_in_canonical_form() -> None:
    text = read_text(REFERENCE_FILE)
    assert dumps(parse(text, file=REFERENCE_FILE)) == text, (
        "reference.json is not in canonical form: run scripts/build_reference_data.py"
    )


def test_membership_as_of_2025(ref: Dataset) -> None:
    nations = ref.index("nations")
    assert {n.iso3 for n in ref.nations if n.eu} == EU_2025
    assert nations["FIN"].nato
    assert nations["SWE"].nato
    assert not nations["AUT"].nato
    assert not nations["IRL"].nato
    assert nations["GBR"].nato
    assert not nations["GBR"].eu
    assert not nations["UKR"].nato
    assert not nations["UKR"].eu


def test_every_nation_cites_its_gdp_source(ref: Dataset) -> None:
    sources = ref.index("sources")
    for n in ref.nations:
        assert n.gdp_eur_bn is not None, n.iso3
        assert n.gdp_eur_bn > 0, n.iso3
        assert n.gdp_year == 2023, n.iso3
        assert n.source in sources, n.iso3
    # Germany's economy is larger than France's, France's than Italy's (World Bank, 2023).
    nations = ref.index("nations")
    assert nations["DEU"].gdp_eur_bn > nations["FRA"].gdp_eur_bn > nations["ITA"].gdp_eur_bn  # type: ignore[operator]


def test_every_office_cites_a_source(ref: Dataset) -> None:
    sources = ref.index("sources")
    for actor in ref.actors:
        for office in actor.offices:
            assert office.source in sources, (actor.name, office.title)


def test_names_the_ingester_needs(ref: Dataset) -> None:
    nations = ref.index("nations")
    assert {"Britain", "UK"} <= set(nations["GBR"].aliases)
    assert "Holland" in nations["NLD"].aliases
    assert "Dutch" in nations["NLD"].demonyms
    assert {"Downing Street", "London"} <= set(nations["GBR"].metonyms)
    assert "the Kremlin" in nations["RUS"].metonyms
    assert "the White House" in nations["USA"].metonyms
    actors = ref.index("actors")
    assert "Orban" in actors["Viktor Orbán"].aliases
    assert "Zelensky" in actors["Volodymyr Zelenskyy"].aliases
    assert actors["Mette Frederiksen"].gender == "f"
    assert actors["Keir Starmer"].gender == "m"


def test_no_name_points_at_two_nations(ref: Dataset) -> None:
    owner: dict[str, str] = {}
    for n in ref.nations:
        for name in (n.name, *n.aliases, *n.demonyms, *n.metonyms):
            assert owner.setdefault(name.lower(), n.iso3) == n.iso3, name


def test_scholz_then_merz(ref: Dataset) -> None:
    actors = ref.index("actors")
    scholz, merz = actors["Olaf Scholz"], actors["Friedrich Merz"]
    assert scholz.nation_on(date(2025, 3, 3)) == "DEU"
    assert scholz.nation_on(date(2025, 5, 7)) is None
    assert merz.nation_on(date(2025, 5, 5)) is None
    assert merz.nation_on(date(2025, 5, 6)) == "DEU"
    assert merz.nation_on(date(2026, 1, 6)) == "DEU"


@pytest.mark.parametrize(
    ("name", "day", "nation"),
    [
        ("Petr Fiala", date(2025, 3, 3), "CZE"),
        ("Petr Fiala", date(2025, 12, 10), None),
        ("Andrej Babiš", date(2025, 12, 9), "CZE"),
        ("François Bayrou", date(2025, 3, 3), "FRA"),
        ("François Bayrou", date(2025, 9, 10), None),
        ("Sébastien Lecornu", date(2025, 9, 10), "FRA"),
        ("Joe Biden", date(2025, 1, 21), None),
        ("Donald Trump", date(2025, 3, 3), "USA"),
        ("Justin Trudeau", date(2025, 3, 3), "CAN"),
        ("Mark Carney", date(2025, 3, 27), "CAN"),
        ("David Lammy", date(2025, 3, 3), "GBR"),
        ("Yvette Cooper", date(2026, 1, 6), "GBR"),
        ("Mark Rutte", date(2025, 3, 3), None),
        ("António Costa", date(2025, 3, 3), None),
        ("Ursula von der Leyen", date(2025, 3, 3), None),
        ("Shigeru Ishiba", date(2025, 11, 1), None),
        ("Sanae Takaichi", date(2025, 11, 1), "JPN"),
        ("Dick Schoof", date(2026, 1, 6), "NLD"),
        ("Dick Schoof", date(2026, 3, 1), None),
        ("Rob Jetten", date(2026, 3, 1), "NLD"),
    ],
)
def test_who_speaks_for_whom(ref: Dataset, name: str, day: date, nation: str | None) -> None:
    assert ref.index("actors")[name].nation_on(day) == nation


def test_bad_file_is_refused_with_its_location() -> None:
    text = '{"format": "muster", "version": 1, "nations": [{"iso3": "gb", "name": "UK"}]}'
    with pytest.raises(InvalidInput) as err:
        parse(text, file="x.json")
    problem = err.value.problems[0]
    assert (problem.file, problem.sheet, problem.row, problem.field) == (
        "x.json",
        "nations",
        1,
        "iso3",
    )


def test_wrong_format_header_is_refused() -> None:
    with pytest.raises(InvalidInput, match="version"):
        parse('{"format": "muster", "version": 2}', file="x.json")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        parse("{", file="x.json")
