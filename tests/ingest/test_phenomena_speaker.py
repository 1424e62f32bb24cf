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
from muster.ingest.pipeline import _in_subject, _read

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


def test_proposing_for_the_force_gives_the_lead_its_speaker(gazetteer: Gazetteer) -> None:
    """Was "no speaker" (hosting an earlier summit is a venue); labelling convention b
    (2026-12-07) names the office-holder who proposes something about the force, and
    news_gen_dev4 jrv-2025-04-11 is relabelled so."""
    text = (
        "The group, spearheaded by France and the United Kingdom, met on Thursday. "
        "French President Emmanuel Macron, who hosted an earlier summit on the issue, has "
        "proposed placing the force in key towns."
    )
    result = ingest(gazetteer, text, date(2025, 4, 11))
    assert result.nations.get("FRA") == "lead"
    assert speakers(result)["FRA"] == "Emmanuel Macron"


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


# Speaker attribution, round 6: the constructions behind the speaker errors of the English dev
# sets, each in made-up words.
SPOKEN = [
    # a relative clause between the speaker and the verb names someone else
    (
        "President Donald Trump, who spoke with Vladimir Putin on Friday, indicated that "
        "Washington could take part in the force.",
        "USA",
        "Donald Trump",
    ),
    # an appositive name closed by a comma before the verb
    (
        "The prime minister of neighbouring Norway, Jonas Gahr Store, said Norway is not ready "
        "to send troops to Ukraine.",
        "NOR",
        "Jonas Gahr Støre",
    ),
    # passive speech: "as stated by"
    (
        "The initiative was led by the United Kingdom and France, as stated by British Prime "
        "Minister Keir Starmer after the summit.",
        "GBR",
        "Keir Starmer",
    ),
    # "According to" opening the sentence
    (
        "According to Macron, the effort will be led by France and the United Kingdom.",
        "FRA",
        "Emmanuel Macron",
    ),
    # a state's statement credited to a person of that state
    (
        "Estonia has indicated it could send a company of troops to Ukraine, according to Prime "
        "Minister Kristen Michal.",
        "EST",
        "Kristen Michal",
    ),
]


@pytest.mark.parametrize(("text", "nation", "speaker"), SPOKEN)
def test_the_speaker_of_a_construction_is_found(
    gazetteer: Gazetteer, text: str, nation: str, speaker: str
) -> None:
    assert speakers(ingest(gazetteer, text)).get(nation) == speaker


def test_a_participial_phrase_before_the_verb_is_not_the_speaker(gazetteer: Gazetteer) -> None:
    """ "Carney, speaking during a visit to Paris, said ...": Paris (France) does not speak."""
    text = (
        "Prime Minister Mark Carney, speaking to reporters during a visit to Paris, said Canada "
        "is ready to send troops to Ukraine."
    )
    result = ingest(gazetteer, text, date(2026, 1, 6))
    assert speakers(result).get("CAN") == "Mark Carney"
    assert "FRA" not in result.nations


def test_a_voice_the_gazetteer_lacks_breaks_the_pronoun_chain(gazetteer: Gazetteer) -> None:
    """he after "According to Clarke, ..." is not the person named before Clarke."""
    text = (
        "Keir Starmer said the coalition would grow. According to Clarke, the group will "
        "include France. In addition, he believes that Finland may join."
    )
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    read = _read(article, gazetteer)
    he = [m for ms in read.mentions for m in ms if m.kind == "pronoun"]
    assert all(m.actor != "Keir Starmer" for m in he)


NO_VOICE = [
    # the owner of the voice that speaks, and a possessor, do not act in the sentence
    (
        "The prime minister's spokesman said more than 30 nations had agreed to join Keir "
        "Starmer's coalition. So far only the UK and France have confirmed that they are "
        "willing to send troops.",
        "GBR",
        date(2025, 3, 17),
    ),
    # a name as a modifier ("the Putin-Trump meeting") is no subject
    (
        "The newspaper said that if the coming Putin-Trump meeting brings a ceasefire, Ukraine "
        "may ask for monitors. Moscow strongly opposes NATO troops in Ukraine.",
        "RUS",
        date(2025, 8, 11),
    ),
]


@pytest.mark.parametrize(("text", "nation", "day"), NO_VOICE)
def test_a_person_who_does_not_act_is_no_voice_for_the_nation(
    gazetteer: Gazetteer, text: str, nation: str, day: date
) -> None:
    result = ingest(gazetteer, text, day)
    assert nation in result.nations
    assert speakers(result)[nation] is None


def test_a_person_acting_in_another_states_reported_speech_is_its_speaker(
    gazetteer: Gazetteer,
) -> None:
    """Labelling convention b: the office-holder the article shows acting on the coalition."""
    text = 'Macron said the summit had agreed that he and Starmer would "co-pilot" the coalition.'
    result = ingest(gazetteer, text, date(2025, 3, 27))
    assert result.nations.get("GBR") == "lead"
    assert speakers(result)["GBR"] == "Keir Starmer"
    assert speakers(result)["FRA"] == "Emmanuel Macron"


def test_an_agent_the_article_narrates_after_a_quote_keeps_the_speaker(
    gazetteer: Gazetteer,
) -> None:
    """Not reported speech: the quote before the verb is what is said; "hosted by" narrates."""
    text = (
        '"We have an open mind," Frederiksen told TV2 after a meeting in London hosted by UK '
        "Prime Minister Keir Starmer."
    )
    assert speakers(ingest(gazetteer, text, date(2025, 3, 10))).get("GBR") == "Keir Starmer"


def test_a_surname_alone_takes_the_full_name_the_article_gives(gazetteer: Gazetteer) -> None:
    text = (
        "Croatian President Milanović: Croatian soldiers will not be deployed to Ukraine\n\n"
        "Croatian President Zoran Milanović has said that Croatia will not send its troops."
    )
    speaker = speakers(ingest(gazetteer, text, date(2026, 1, 7))).get("HRV")
    assert speaker is not None
    assert speaker.split()[0] == "Zoran"


def test_a_state_confirming_then_its_official_saying_gives_the_official(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Japan has confirmed that it will not send troops to Ukraine after a ceasefire, Chief "
        "Cabinet Secretary Yoshimasa Hayashi said."
    )
    assert speakers(ingest(gazetteer, text, date(2025, 9, 5))).get("JPN") == "Yoshimasa Hayashi"


def test_a_headline_stance_takes_the_speaker_who_states_it_in_the_body(
    gazetteer: Gazetteer,
) -> None:
    """The stance's strongest sentence is the article's own voice; a person of the nation
    states the same stance further on: theirs is the statement (not the most named person)."""
    text = (
        "Russia opposes any foreign troops in Ukraine\n\n"
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Monday. Peskov said the talks "
        "were useful. Peskov said the meeting went well.\n\n"
        "Foreign Minister Sergei Lavrov called the presence of foreign troops in Ukraine "
        "unacceptable."
    )
    result = ingest(gazetteer, text, date(2025, 2, 25))
    assert result.nations.get("RUS") == "opposed"
    assert speakers(result)["RUS"] == "Sergei Lavrov"


def test_a_states_representative_speaks_for_it(gazetteer: Gazetteer) -> None:
    text = (
        "Represented by Steve Witkoff, the United States endorsed the framework and committed "
        "to supervise the ceasefire monitoring mechanism."
    )
    assert speakers(ingest(gazetteer, text, date(2026, 1, 6))).get("USA") == "Steve Witkoff"


@pytest.mark.parametrize(
    ("text", "name", "voices"),
    [
        # the agents of an action noun, the second of a pair included
        (
            "The threat answers discussions by British Prime Minister Keir Starmer and French "
            "President Emmanuel Macron about assembling a coalition.",
            "Emmanuel Macron",
            True,
        ),
        # the first subject, though a later clause has a speaker of its own
        (
            'But Italian Prime Minister Giorgia Meloni offered "no participation," and Czech '
            'Prime Minister Petr Fiala called the discussion "premature".',
            "Giorgia Meloni",
            True,
        ),
        # an object and a possessor are no voice
        ("Downing Street has warned Vladimir Putin about the force.", "Vladimir Putin", False),
        ("Emmanuel Macron's idea was first about troops on the ground.", "Emmanuel Macron", False),
    ],
)
def test_whom_a_fallback_guess_may_take_as_its_voice(
    gazetteer: Gazetteer, text: str, name: str, voices: bool
) -> None:
    article = read_article(text.encode("utf-8"), name="t.txt", day=date(2025, 3, 17))
    read = _read(article, gazetteer)
    (m,) = [m for m in read.mentions[0] if m.actor == name and m.kind == "actor"]
    assert _in_subject(read, 0, m) is voices


def test_a_role_in_the_articles_voice_takes_the_nations_speaking_person(
    gazetteer: Gazetteer,
) -> None:
    """Convention b: a lead stated in the article's voice names the office-holder who speaks
    for the nation elsewhere; one who only arrives somewhere is no voice."""
    text = (
        "The coalition, led by France and the UK, met on Thursday. John Healey said the "
        "planning was real. Emmanuel Macron arrived in Kyiv on Saturday."
    )
    said = speakers(ingest(gazetteer, text, date(2025, 4, 10)))
    assert said["GBR"] == "John Healey"
    assert said["FRA"] is None


def test_a_role_in_the_articles_voice_takes_the_nations_host(gazetteer: Gazetteer) -> None:
    """Convention b: hosting, chairing, convening ... the coalition is acting for the nation."""
    text = (
        "The coalition, led by France and the UK, met on Tuesday. British Prime Minister Keir "
        "Starmer hosted a virtual meeting of the group."
    )
    assert speakers(ingest(gazetteer, text, date(2025, 8, 19)))["GBR"] == "Keir Starmer"
