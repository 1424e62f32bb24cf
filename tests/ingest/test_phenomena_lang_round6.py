"""Recall round 6 for German, Polish, Russian and Ukrainian: the constructions the dev sets'
misses shared, one sentence each (written for the test, not dev passages): "ß" and "ss" read
alike, nations by demonym and adjective for every coalition nation, leading by "Federführung",
"Initiative", coordinating or hosting, offers, refusals told as "hat ausgeschlossen, dass",
unreadiness or unwillingness, a person's counterpart ("z premierem Szwecji") holding no cue, a
speaker after "but" announcing no count, and a count told after its cue."""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Article, Gazetteer, ingest_article
from muster.ingest.languages import load, sharp_s

DAY = date(2025, 9, 5)


def _nations(gaz: Gazetteer, text: str, day: date = DAY) -> dict[str, str]:
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), day, name="t")
    return dict(ingest_article(article, gaz).nations)


def test_sharp_s_and_ss_are_one_pair_to_a_pattern() -> None:
    assert sharp_s("ausserhalb") == "au(?:ss|ß)erhalb"
    assert sharp_s("außerhalb") == "au(?:ss|ß)erhalb"
    assert sharp_s(r"\ssoldaten") == r"\ssoldaten"  # a space class, not the pair
    skeptical = [c.rx for c in load("de").cues if c.stance.value == "skeptical"]
    for spelling in ("ausserhalb der ukraine", "außerhalb der ukraine"):
        assert any(rx.search(spelling) for rx in skeptical)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ß in the text, "ss" in the cue; Swiss "ss" in the text, "ß" in the name
        ("Deutschland will nur außerhalb der Ukraine helfen.", {"DEU": "skeptical"}),
        ("Grossbritannien ist bereit, Truppen zu schicken.", {"GBR": "willing"}),
        # demonyms and adjectives of nations beyond the article's own
        ("Die Amerikaner sind bereit, die Mission abzusichern.", {"USA": "willing"}),
        ("Die estnische Regierung ist bereit, Soldaten zu schicken.", {"EST": "willing"}),
        (
            "Francuzi i Brytyjczycy są gotowi wysłać żołnierzy.",
            {"FRA": "willing", "GBR": "willing"},
        ),
        ("Американцы готовы поддержать миссию.", {"USA": "willing"}),
        ("Ірландський уряд готовий направити миротворців.", {"IRL": "willing"}),
        ("Premier Belgii jest gotów wysłać żołnierzy.", {"BEL": "willing"}),
    ],
)
def test_nations_by_every_form(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert _nations(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # leading: Federführung, an initiative of, forming the coalition, coordinating, hosting
        (
            "Die Mission entstand unter Federführung Frankreichs und Großbritanniens.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        ("Der Gipfel geht auf eine Initiative Starmers zurück.", {"GBR": "lead"}),
        (
            "Polen und Spanien wollen eine Koalition der Willigen bilden.",
            {"POL": "lead", "ESP": "lead"},
        ),
        (
            "Инициативу координирует Франция при участии Польши и Италии.",
            {"FRA": "lead", "POL": "lead", "ITA": "lead"},
        ),
        (
            "Саміт, який провели Франція та Велика Британія, тривав дві години.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "Nie znamy szczegółów misji, którą przygotowują Duńczycy i Szwedzi.",
            {"DNK": "lead", "SWE": "lead"},
        ),
        # offers
        ("Finnland bot Hilfe bei der Luftabwehr an.", {"FIN": "willing"}),
        ("Norwegen stellte Ausbilder in Aussicht.", {"NOR": "willing"}),
        # conditions: in principle, depends on
        ("Schweden ist prinzipiell bereit, Soldaten zu schicken.", {"SWE": "conditional"}),
        ("Udział Hiszpanii zależy jednak od zgody parlamentu.", {"ESP": "conditional"}),
        # refusals: ruled out that, did not join, sceptical, unwilling, unready, not allowing
        ("Trump hat ausgeschlossen, dass US-Soldaten in die Ukraine gehen.", {"USA": "skeptical"}),
        ("Trump hat nicht ausgeschlossen, dass US-Soldaten helfen.", {"USA": "undecided"}),
        ("Der Kanzler schloss sich dem Vorstoß nicht an.", {"DEU": "skeptical"}),
        (
            "Sceptycznie do pomysłu podchodzą Hiszpania i Portugalia.",
            {"ESP": "skeptical", "PRT": "skeptical"},
        ),
        ("Польша заявила о своем нежелании участвовать в миссии.", {"POL": "skeptical"}),
        (
            "Премьер Мелони заявила о неготовности Италии отправлять войска.",
            {"ITA": "skeptical"},
        ),
        ("Норвегия допускает отправку военных после перемирия.", {"NOR": "undecided"}),
        ("Венгрия не допускает размещения иностранных войск.", {"HUN": "skeptical"}),
        # the nation inside the cue holds it when none stands around it
        ("Жоден чеський солдат не поїде в Україну.", {"CZE": "skeptical"}),
        # Moscow rejecting NATO countries' troops counts no countries
        ("Moskau hat Soldaten aus Nato-Staaten als inakzeptabel bezeichnet.", {"RUS": "opposed"}),
    ],
)
def test_cue_families_round6(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert _nations(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person's counterpart is not the subject before the cue
        (
            "Prezydent Nawrocki zapewnił podczas briefingu z premierem Szwecji, że nie wyśle "
            "polskich żołnierzy.",
            {"POL": "skeptical"},
        ),
        # a nation's companion still holds the cue after it
        (
            "Frankreich sei bereit, gemeinsam mit Großbritannien Truppen zu entsenden.",
            {"FRA": "willing", "GBR": "willing"},
        ),
        # the speaker after "but" announces no count
        (
            "Kilka państw zadeklarowało gotowość wysłania żołnierzy, ale minister obrony "
            "Władysław Kosiniak-Kamysz odrzucił udział Polski.",
            {"POL": "skeptical"},
        ),
        # a count told after its cue passes to the "among them" list
        (
            "Готовність відправити контингент висловили п'ять країн. Серед них назвали Литву, "
            "Латвію та Естонію.",
            {"LTU": "willing", "LVA": "willing", "EST": "willing"},
        ),
    ],
)
def test_holders_round6(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert _nations(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a word English shares (Polish "to", German "was") makes no short line English
        ("Było to już drugie takie spotkanie zwołane przez prezydenta Francji.", "pl"),
        ("Was Merz dazu sagte, ist nicht klar.", "de"),
        ("Was hat Merz gesagt?", "de"),
        # while English wire sentences stay English
        ("Belgium is weighing whether to send troops.", "en"),
        ("Sweden was ready to send troops, the minister said.", "en"),
        ("Merz had said he was ready to act.", "en"),
    ],
)
def test_short_lines_keep_their_language(text: str, lang: str) -> None:
    from muster.ingest.detect import detect

    assert detect(text) == lang


def test_a_counterpart_is_read_with_its_accents(gazetteer: Gazetteer) -> None:
    """ "gegenüber Macron": the object pattern is folded ("gegenuber"), so the text must be."""
    text = "Merz hat gegenüber Macron offen gelassen, ob Soldaten geschickt werden."
    assert _nations(gazetteer, text) == {"DEU": "undecided"}
