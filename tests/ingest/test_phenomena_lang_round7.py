"""Stance round 7 for the languages other than English: the constructions the dev sets' stance
errors shared, one made-up sentence each (written for the test, not dev passages): ruling out
told by a separable verb ("sluiten ... uit") and its negation, "n'a pas exclu l'envoi", "with the
leaders of" as no leading role, "bereits" (already) as no readiness, a leading role told with
"según él", leading the truce's monitoring as a part in the mission, a condition naming a nation
as no stance of that nation; and the fallback's guesses taking the stance of the model trained on
the multilingual labels."""

from __future__ import annotations

from datetime import date

import pytest

from muster.domain import Stance
from muster.ingest import Article, Gazetteer, ingest_article
from muster.ingest.multilingual_fallback import stance_model

DAY = date(2025, 9, 5)


def _nations(gaz: Gazetteer, text: str, *, fallback: bool = True) -> dict[str, str]:
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), DAY, name="t")
    return dict(ingest_article(article, gaz, fallback=fallback).nations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dutch separable "uitsluiten": ruled out, and "niet uit" (not ruled out) however far
        (
            "Polen, Duitsland en Italië sluiten het sturen van eigen soldaten voorlopig uit.",
            {"POL": "skeptical", "DEU": "skeptical", "ITA": "skeptical"},
        ),
        ("België sluit het sturen van militairen niet uit.", {"BEL": "undecided"}),
        # French: not having ruled out the sending is no refusal
        (
            "Le Premier ministre canadien Mark Carney n'a pas exclu l'envoi de soldats en Ukraine.",
            {"CAN": "undecided"},
        ),
        (
            "Le Premier ministre canadien Mark Carney a exclu l'envoi de soldats en Ukraine.",
            {"CAN": "skeptical"},
        ),
        # Ukrainian: "the leaders of the process are" leads; "with the leaders of" does not
        (
            "Лідерами процесу залишаються Велика Британія та Франція.",
            {"GBR": "lead", "FRA": "lead"},
        ),
        # German "bereits" (already) is no "bereit" (ready)
        ("Der Kanzler sagte, Deutschland sei bereits in Litauen engagiert.", {}),
        # Spanish: "led, according to him, by" leads the nations after it, not the speaker's
        (
            "Lavrov tildó de partido de la guerra al grupo de aliados, encabezado según él por "
            "Reino Unido y Francia.",
            {"GBR": "lead", "FRA": "lead"},
        ),
        # leading the truce's monitoring is a part in the mission, not the coalition's lead
        (
            "Las garantías incluyen un mecanismo de vigilancia del alto el fuego liderado por "
            "Estados Unidos.",
            {"USA": "willing"},
        ),
        ("La coalición está encabezada por Francia y Reino Unido.", {"FRA": "lead", "GBR": "lead"}),
    ],
)
def test_stance_constructions(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert _nations(gazetteer, text) == expected


def test_with_the_leaders_of_is_no_leading_role(gazetteer: Gazetteer) -> None:
    got = _nations(
        gazetteer,
        "Президент Польщі разом із лідерами Франції та Великої Британії підписав декларацію "
        "про наміри розгорнути війська.",
    )
    # signing a declaration of intent to deploy: willing, not absent and not leading
    assert got.get("FRA") == "willing"
    assert got.get("GBR") == "willing"


def test_a_condition_naming_a_nation_is_not_its_stance(gazetteer: Gazetteer) -> None:
    # the Europeans ask for a US guarantee: a condition of theirs, no stance of the US
    text = "Los europeos pidieron garantías de Estados Unidos."
    assert "USA" not in _nations(gazetteer, text, fallback=False)


def test_the_guesses_stance_model_reads_the_cue_and_the_nation() -> None:
    m = stance_model()
    assert set(m.classes) == {s.value for s in Stance}
    assert any(f.startswith("cue:") for f in m.weights)
    assert any(f.startswith("n:") for f in m.weights)
