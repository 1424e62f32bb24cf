"""Who speaks for a nation (issue 12 part 2, speaker precision): made-up sentences, none from a set.

A person named only as the owner of the voice ("the Trump administration", "a spokesman for
Chancellor Merz") is not the speaker; a spokesperson's sentence and a leading role the article
gives in its own voice take no speaker from elsewhere in the article; the second of a pair a
preposition governs ("a meeting between Lammy and Vance") is no subject, so no speaker.
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article
from muster.ingest.model import ArbiterModel, LinearModel

STANCES = ("lead", "willing", "conditional", "undecided", "skeptical", "opposed")

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str, day: date = DAY) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=day)
    return ingest_article(article, gazetteer, fallback=False)


def speakers(result: IngestResult) -> dict[str, str | None]:
    return {p.nation: p.speaker for p in result.proposals}


PROXIES = [
    (
        "Donald Trump spoke to reporters on Monday. The Trump administration has ruled out "
        "sending troops to Ukraine.",
        "USA",
    ),
    (
        "Donald Trump spoke to reporters on Monday. President Donald Trump's administration has "
        "ruled out sending troops to Ukraine.",
        "USA",
    ),
    (
        "Friedrich Merz travelled to Paris on Monday. A spokesman for Chancellor Friedrich Merz "
        "said Germany was not prepared to send troops at this stage.",
        "DEU",
    ),
]


@pytest.mark.parametrize(("text", "nation"), PROXIES)
def test_a_name_owning_the_voice_is_not_the_speaker(
    gazetteer: Gazetteer, text: str, nation: str
) -> None:
    result = ingest(gazetteer, text)
    assert nation in speakers(result)
    assert speakers(result)[nation] is None


def test_the_person_an_office_reports_speaking_is(gazetteer: Gazetteer) -> None:
    text = (
        "Prime Minister Mark Carney's office said he told allies that Canada is ready to send "
        "troops to Ukraine after a ceasefire."
    )
    assert speakers(ingest(gazetteer, text)).get("CAN") == "Mark Carney"


def test_a_spokesperson_speaks_for_the_state_with_no_speaker(gazetteer: Gazetteer) -> None:
    text = (
        "Friedrich Merz arrived in London on Monday. A German government spokeswoman said it "
        "was premature to discuss sending troops to Ukraine."
    )
    result = ingest(gazetteer, text)
    assert result.nations.get("DEU") == "skeptical"
    assert speakers(result)["DEU"] is None


def test_a_lead_in_the_articles_voice_has_no_speaker(gazetteer: Gazetteer) -> None:
    text = (
        "Keir Starmer arrived in Paris on Monday. The coalition, led by Britain and France, "
        "discussed the force."
    )
    result = ingest(gazetteer, text)
    assert result.nations.get("GBR") == "lead"
    assert speakers(result)["GBR"] is None


def test_a_lead_held_by_a_person_keeps_the_speaker(gazetteer: Gazetteer) -> None:
    text = "The coalition was convened by British Prime Minister Keir Starmer in March."
    result = ingest(gazetteer, text)
    assert result.nations.get("GBR") == "lead"
    assert speakers(result)["GBR"] == "Keir Starmer"


def test_a_readiness_elsewhere_keeps_the_most_named_speaker(gazetteer: Gazetteer) -> None:
    text = "Mark Carney spoke in Ottawa on Monday. Canada is ready to send troops to Ukraine."
    assert speakers(ingest(gazetteer, text)).get("CAN") == "Mark Carney"


def test_the_second_of_a_governed_pair_is_no_speaker(gazetteer: Gazetteer) -> None:
    text = (
        "It remains unclear, following a meeting between UK foreign secretary David Lammy and "
        "U.S. vice president JD Vance, whether America would provide a backstop to the force."
    )
    result = ingest(gazetteer, text, date(2025, 3, 16))
    assert "USA" in speakers(result)
    assert speakers(result)["USA"] is None


def test_a_lead_speaks_through_the_articles_main_voice(gazetteer: Gazetteer) -> None:
    """As in the seed article: the leader who speaks throughout is the lead's speaker."""
    text = (
        "Britain and France have promised to muster a coalition to secure a peace deal. "
        'Emmanuel Macron said: "Europe must act." Macron said the talks were useful. '
        "Macron told reporters that he would call Donald Trump."
    )
    result = ingest(gazetteer, text)
    assert result.nations.get("FRA") == "lead"
    assert speakers(result)["FRA"] == "Emmanuel Macron"
    assert speakers(result)["GBR"] is None  # no British voice in the article


def test_hosting_an_earlier_summit_gives_the_lead_no_speaker(gazetteer: Gazetteer) -> None:
    text = (
        "The group, spearheaded by France and the United Kingdom, met on Thursday. "
        "French President Emmanuel Macron, who hosted an earlier summit on the issue, has "
        "proposed placing the force in key towns."
    )
    result = ingest(gazetteer, text, date(2025, 4, 11))
    assert result.nations.get("FRA") == "lead"
    assert speakers(result)["FRA"] is None


def _always(stance: str) -> ArbiterModel:
    """A toy arbiter that always prefers `stance`, whatever the evidence."""
    bias = tuple(5.0 if c == stance else 0.0 for c in STANCES)
    return ArbiterModel(LinearModel(STANCES, bias, {}), 0.7)


def test_an_overruled_stance_takes_the_speaker_of_its_own_evidence(gazetteer: Gazetteer) -> None:
    text = (
        "Defence Secretary John Healey said Britain is ready to send troops to Ukraine. Prime "
        "Minister Keir Starmer said Britain will not send troops before a ceasefire is agreed "
        "and that it is premature."
    )
    article = read_article(text.encode("utf-8"), name="t.txt", day=date(2025, 4, 10))
    rules = ingest_article(article, gazetteer, fallback=False, arbiter=False)
    assert (rules.nations["GBR"], speakers(rules)["GBR"]) == ("skeptical", "Keir Starmer")
    judged = ingest_article(article, gazetteer, fallback=False, arbiter=_always("willing"))
    assert (judged.nations["GBR"], speakers(judged)["GBR"]) == ("willing", "John Healey")
