"""Nation recall round 7 for the languages other than English: the constructions behind the
multilingual dev sets' missed nations, one made-up sentence each (written for the test, not dev
passages): nations in a hyphenated compound ("franco-britannique", "франко-британский") and the
plan such a compound names as theirs to lead; a list "among" the nations a count names; a list
after a colon ("to Francja, …"); and cues the lists lacked (Polish "nie chcą wysyłać", Spanish
"prefirieron no participar", German "lehnt Truppen … ab"). Negative cases: a compound naming no
plan, a capital as a venue, the counterpart of a meeting, a combining form standing alone."""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Article, Gazetteer, ingest_article
from muster.ingest.multilingual import find, names_for
from muster.ingest.text import Sentence, fold

DAY = date(2025, 9, 5)


def _nations(gaz: Gazetteer, text: str, *, fallback: bool = False) -> dict[str, str]:
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), DAY, name="t")
    return dict(ingest_article(article, gaz, fallback=fallback).nations)


def _found(gaz: Gazetteer, lang: str, text: str) -> list[str]:
    s = Sentence(0, 0, text, fold(text))
    return [h.nation for h in find(names_for(gaz, lang), gaz, s, DAY)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Une brigade franco-allemande est stationnée en Alsace.", ["FRA", "DEU"]),
        ("it", "Il vertice italo-tedesco si è chiuso ieri.", ["ITA", "DEU"]),
        ("ru", "Франко-британские консультации продолжились.", ["FRA", "GBR"]),
        ("uk", "Франко-британські консультації тривали.", ["FRA", "GBR"]),
        ("pl", "Odbyły się konsultacje francusko-brytyjskie.", ["FRA", "GBR"]),
        # a hyphenated word whose parts are not all nations names none of them
        ("de", "Soldaten aus Nato-Staaten stehen bereit.", []),
        # a combining form alone is a word of its own ("franco": frank, free)
        ("it", "Il porto franco di Trieste.", []),
    ],
)
def test_nations_in_a_compound(
    gazetteer: Gazetteer, lang: str, text: str, expected: list[str]
) -> None:
    assert _found(gazetteer, lang, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the plan a compound names is its nations' to lead
        (
            "Varsavia prende le distanze dall'idea franco-britannica di una missione in Ucraina.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "Mosca respinge i piani franco-britannici per una forza europea.",
            {"FRA": "lead", "GBR": "lead", "RUS": "opposed"},
        ),
        # Dutch: committing oneself ("hebben zich verplicht om") is readiness, for the list
        (
            "België en Denemarken gaan verder: zij hebben zich verplicht om troepen te sturen.",
            {"BEL": "willing", "DNK": "willing"},
        ),
        # Russian: the proposal of Paris and London (genitive) is theirs to lead
        (
            "Премьер Венгрии Виктор Орбан ответил отказом на предложение Парижа и Лондона "
            "направить венгерских военных.",
            {"FRA": "lead", "GBR": "lead", "HUN": "skeptical"},
        ),
        # Spanish: a list "among" the counted nations takes the count's stance
        (
            "Suecia, Noruega y Portugal figuran entre los países que aportarán tropas.",
            {"SWE": "willing", "NOR": "willing", "PRT": "willing"},
        ),
        # Polish: not wanting to send troops, and "należą do nich" after the count
        (
            "Część państw nie chce wysyłać swoich wojsk – należą do nich m.in. Węgry i Słowacja.",
            {"HUN": "skeptical", "SVK": "skeptical"},
        ),
        (
            "Portugalia i Grecja nie chcą wysyłać żołnierzy.",
            {"PRT": "skeptical", "GRC": "skeptical"},
        ),
        # Polish: the list after a colon ("…: to X, Y") names the counted nations
        (
            "Trzy państwa deklarują gotowość wysłania swoich żołnierzy do Ukrainy: to Szwecja, "
            "Norwegia i Portugalia.",
            {"SWE": "willing", "NOR": "willing", "PRT": "willing"},
        ),
        # Spanish: preferring not to take part
        (
            "Portugal y Grecia prefirieron no participar en la fuerza.",
            {"PRT": "skeptical", "GRC": "skeptical"},
        ),
        # German separable "lehnt … ab" with the troops far inside it
        (
            "Ungarn lehnt Truppen zur Absicherung eines Waffenstillstands bislang entschieden ab.",
            {"HUN": "opposed"},
        ),
        # Russian: the Nordic states backing the coalition
        (
            "Норвегия, Швеция и Дания поддержат «коалицию желающих».",
            {"NOR": "willing", "SWE": "willing", "DNK": "willing"},
        ),
    ],
)
def test_listed_nations_take_the_cue(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert _nations(gazetteer, text) == expected


def test_a_compound_naming_no_plan_has_no_stance(gazetteer: Gazetteer) -> None:
    # a Franco-German brigade stationed at home: named, but no plan of theirs
    text = "Une brigade franco-allemande est stationnée en Alsace."
    assert _nations(gazetteer, text) == {}


def test_a_venue_and_a_counterpart_get_no_stance(gazetteer: Gazetteer) -> None:
    # Madrid is where the countries meet, Ukraine whom they met: neither is among them
    text = (
        "En una reunión en Madrid con Ucrania, Suecia y Noruega figuran entre los países que "
        "aportarán tropas."
    )
    got = _nations(gazetteer, text)
    assert got.get("SWE") == "willing"
    assert got.get("NOR") == "willing"
    assert "ESP" not in got
    assert "UKR" not in got


def test_a_count_before_among_gives_the_list_nothing_when_negated(gazetteer: Gazetteer) -> None:
    text = "Suecia y Noruega no figuran entre los países que aportarán tropas."
    got = _nations(gazetteer, text)
    assert got.get("SWE") != "willing"
    assert got.get("NOR") != "willing"
