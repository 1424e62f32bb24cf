"""A leading role stated once for a nation, round 7: one test per construction.

Made-up sentences (none from a labelled set). A nation the article gives the coalition's
leading role (drew up the force's plan, founded it, took the initiative) is `lead` even where
its other sentences read willing or undecided (docs/ingest.md, convention g). False leads
read as willing or nothing: a delegation led by its head, "led by example", a US-led
monitoring mechanism (a task of the force).
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Article, Gazetteer, ingest_article
from tests.ingest.conftest import stances_of

stances = stances_of
DAY = date(2025, 9, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # drawing up the force's plan is leading it; readiness elsewhere does not undo it
        (
            "Belgium and the Netherlands presented a draft plan that includes deploying soldiers "
            "to Ukraine. Belgium said it is ready to send troops after a ceasefire.",
            {"BEL": "lead", "NLD": "lead"},
        ),
        # founders named after a fronted participle and its date
        (
            "Formed last March by Belgium and the Netherlands, the coalition met in Paris. "
            "Belgium and the Netherlands said they would consider a military presence.",
            {"BEL": "lead", "NLD": "lead"},
        ),
        # ... and neither does indecision about its own troops
        (
            "The coalition was founded by Belgium last spring. Belgium has not yet decided how "
            "many soldiers it could send to the force.",
            {"BEL": "lead"},
        ),
        (
            "Belgium took the initiative on the multinational force for Ukraine.",
            {"BEL": "lead"},
        ),
        # the third of a list of office-holders co-chairing, a title's first word outside it
        (
            "The coalition's meeting was co-chaired by President of France Emmanuel Macron, "
            "Prime Minister of the United Kingdom Keir Starmer and Federal Chancellor of "
            "Germany Friedrich Merz.",
            {"FRA": "lead", "GBR": "lead", "DEU": "lead"},
        ),
        # troops pledged, with the givers after the verb
        (
            "The force will rely on troops pledged by Belgium after a ceasefire.",
            {"BEL": "willing"},
        ),
    ],
)
def test_lead_role_stated_once(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "nation", "not_expected"),
    [
        # a delegation led by its minister is not the coalition led
        (
            "A delegation led by Belgium's defence minister will attend the talks on the "
            "multinational force in Ukraine.",
            "BEL",
            "lead",
        ),
        # "led by example" names no leader
        (
            "The coalition's members pledged troops for the force in Ukraine, led by example "
            "rather than by Belgium's words.",
            "BEL",
            "lead",
        ),
        # a task of the force, not the force: a US-led monitoring mechanism
        (
            "The force would work with a US-led monitoring mechanism after a ceasefire.",
            "USA",
            "lead",
        ),
        # a draft plan (a noun) is nobody's drawing up
        (
            "The talks on the force in Ukraine will cover a US draft plan with troops.",
            "USA",
            "lead",
        ),
        # taking the initiative is the subject's, not the speaker's who reports it
        (
            "Belgium's minister expects the force's mission to be organised by countries, "
            "with the French now taking the initiative.",
            "BEL",
            "lead",
        ),
        # founders named as a class, a state later in the clause is none of them
        (
            "The coalition, formed by European nations after the election in the United States, "
            "now includes 30 countries.",
            "USA",
            "lead",
        ),
        # a plan that is not the force's gives no role
        (
            "Belgium presented a plan to cut farm subsidies. It is ready to send troops to the "
            "force in Ukraine.",
            "BEL",
            "lead",
        ),
    ],
)
def test_false_leads(gazetteer: Gazetteer, text: str, nation: str, not_expected: str) -> None:
    assert stances(gazetteer, text).get(nation) != not_expected


def _nations(gaz: Gazetteer, text: str) -> dict[str, str]:
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), DAY, name="t")
    return dict(ingest_article(article, gaz).nations)


@pytest.mark.parametrize(
    ("text", "nation", "expected"),
    [
        # announcing the plans to form the force is founding it (ru)
        (
            "Бельгия и Нидерланды готовы направить войска на Украину. Премьер-министры Бельгии "
            "и Нидерландов объявили о планах формирования будущих сил по обеспечению перемирия.",
            "BEL",
            "lead",
        ),
        # a delegation led by its head is not the coalition led (ru)
        (
            "На саммите впервые присутствовала делегация во главе с министром обороны Бельгии.",
            "BEL",
            None,
        ),
    ],
)
def test_lead_role_multilingual(
    gazetteer: Gazetteer, text: str, nation: str, expected: str | None
) -> None:
    got = _nations(gazetteer, text).get(nation)
    assert got == expected if expected else got != "lead"
