"""Mechanisms of issue 12 part 2, round 2: one test each, made-up sentences (none from a set).

The error classes of `news_gen_dev2` (once the unseen set), fixed where they arise: a lead
role is the article's (readiness elsewhere does not undo it), a condition qualifies readiness,
a role told by "announced by" or "the leading ones are", a leader announcing what "N of X's
allies" pledged, attendance is no stance, declining to comment is no refusal.
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    return ingest_article(article, gazetteer, fallback=False)


ARTICLE_ROLE = [
    # the role named once, readiness stated elsewhere: still the article's lead
    (
        "The mission was launched by Denmark last spring.\n\n"
        "Denmark has pledged troops to it. Denmark is ready to send soldiers, and Denmark "
        "will deploy a battalion once a ceasefire holds.",
        {"DNK": "lead"},
    ),
    (
        '"The leading ones are Finland and Sweden," an official said.\n\n'
        "Only Finland and Sweden have pledged troops so far.",
        {"FIN": "lead", "SWE": "lead"},
    ),
    # a contrary stance still competes with the role, by weight
    (
        "The talks were arranged by Belgium.\n\n"
        "Belgium will not send troops. The Belgian government has ruled out sending soldiers, "
        "and Belgium will not deploy any units either.",
        {"BEL": "skeptical"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ARTICLE_ROLE)
def test_a_role_is_the_articles(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


def test_a_condition_qualifies_readiness_stated_elsewhere(gazetteer: Gazetteer) -> None:
    text = (
        "Chancellor Friedrich Merz said Germany is ready to send soldiers after a ceasefire.\n\n"
        "Germany could deploy a brigade to a neighbouring country, he said. He added that the "
        "deployment would have to be approved by the Bundestag."
    )
    assert ingest(gazetteer, text).nations == {"DEU": "conditional"}


def test_a_leader_announcing_what_n_of_x_allies_pledged_leads(gazetteer: Gazetteer) -> None:
    text = "Prime Minister Keir Starmer said 20 of Ukraine's allies have pledged to deploy troops."
    assert ingest(gazetteer, text).nations == {"GBR": "lead"}


ATTENDANCE = [
    # joining a call or taking part in a summit says nothing of contributing
    "Prime Minister Christopher Luxon will join a call with other leaders on Saturday.",
    "Ireland will take part in the summit in London on Sunday.",
]


@pytest.mark.parametrize("text", ATTENDANCE)
def test_attendance_is_no_stance(gazetteer: Gazetteer, text: str) -> None:
    assert ingest(gazetteer, text).nations == {}


def test_joining_the_force_is_still_readiness(gazetteer: Gazetteer) -> None:
    text = "Ireland will join the reassurance force once a ceasefire holds."
    assert ingest(gazetteer, text).nations == {"IRL": "willing"}


def test_declining_to_comment_is_no_refusal(gazetteer: Gazetteer) -> None:
    text = "The Kremlin declined to confirm the report that it would accept European troops."
    assert ingest(gazetteer, text).nations == {}


MENTIONED_ONLY = [
    # whom a speaker met, an attendee, the members a list names: no stance, even guessed
    (
        "Trump said, after meeting French President Emmanuel Macron at the White House, that "
        "Putin would accept European peacekeepers in Ukraine.",
        "FRA",
    ),
    (
        "The video summit on the peacekeeping force was convened by Keir Starmer, which Spanish "
        "Prime Minister Pedro Sanchez also attended.",
        "ESP",
    ),
    (
        "The coalition has grown to 35 countries, Canada and Japan among them, and 26 countries "
        "had pledged troops for the force by September.",
        "JPN",
    ),
]


@pytest.mark.parametrize(("text", "nation"), MENTIONED_ONLY)
def test_a_nation_only_mentioned_gets_no_proposal(
    gazetteer: Gazetteer, text: str, nation: str
) -> None:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    assert nation not in ingest_article(article, gazetteer).nations  # the fallback is on


def test_a_bare_title_means_the_last_holder_named_as_an_actor(gazetteer: Gazetteer) -> None:
    # Starmer, named later but as the agent of "arranged by", is not whom "the prime
    # minister" means: Albanese, the last prime minister who was a clause's actor, is
    text = (
        "Prime Minister Anthony Albanese will speak to reporters on Saturday.\n\n"
        "The call, being arranged by British Prime Minister Keir Starmer, will include the "
        "leaders of France and Germany.\n\n"
        "The prime minister remains open to considering a request to send Australian troops."
    )
    assert ingest(gazetteer, text).nations == {"GBR": "lead", "AUS": "undecided"}
