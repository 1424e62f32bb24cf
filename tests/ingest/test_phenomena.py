"""One test per phenomenon the stance rules handle, written from LABELLING.md's meaning.

The sentences are made up for the rule they exercise (none is taken from the labelled sets), so
a rule that only matched a set's wording would fail here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from muster.ingest import Gazetteer, ingest_article, read_article
from muster.ingest.stance import cue_matches
from muster.ingest.text import sentences_of

DAY = date(2025, 3, 20)


def stances(gazetteer: Gazetteer, text: str, day: date = DAY) -> dict[str, str]:
    article = read_article(text.encode("utf-8"), name="t.txt", day=day)
    return ingest_article(article, gazetteer).nations


def test_enumeration_in_the_next_sentence_names_the_generic_subject(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Several governments said they would not deploy soldiers to Ukraine. "
        "Among them are Spain and Portugal."
    )
    assert stances(gazetteer, text) == {"ESP": "skeptical", "PRT": "skeptical"}


def test_an_unrelated_next_sentence_takes_no_stance(gazetteer: Gazetteer) -> None:
    text = (
        "Several governments said they would not deploy soldiers to Ukraine. "
        "Spain and Portugal held elections last year."
    )
    assert stances(gazetteer, text) == {}


def test_a_passive_leader_group_stops_at_the_first_unrelated_state(gazetteer: Gazetteer) -> None:
    text = (
        "The planning cell, organised by Finland and Sweden, on how allies could act if the "
        "United States stays away, met again."
    )
    assert stances(gazetteer, text) == {"FIN": "lead", "SWE": "lead"}


def test_possessive_names_coordinate(gazetteer: Gazetteer) -> None:
    text = (
        "Spain's Pedro Sánchez and Portugal's Luís Montenegro have backed the idea of "
        "European troops in a peace mission."
    )
    assert stances(gazetteer, text) == {"ESP": "willing", "PRT": "willing"}


def test_united_states_is_not_a_speech_verb(gazetteer: Gazetteer) -> None:
    text = (
        "Represented by its envoy, the United States endorsed the plan and committed to "
        "support the force."
    )
    assert stances(gazetteer, text) == {"USA": "willing"}


def test_a_relative_clause_keeps_its_own_subject(gazetteer: Gazetteer) -> None:
    text = "Europeans have asked for American air cover, which Washington has so far refused."
    assert stances(gazetteer, text) == {"USA": "skeptical"}


def test_the_coalition_meeting_at_a_seat_of_government_makes_its_state_host(
    gazetteer: Gazetteer,
) -> None:
    assert stances(gazetteer, "Leaders of the coalition met at Downing Street on Sunday.") == {
        "GBR": "lead"
    }
    # a city is only a venue; another meeting at the White House is not the coalition's
    assert stances(gazetteer, "Leaders of the coalition met in Brussels on Sunday.") == {}
    assert stances(gazetteer, "European leaders met at the White House on Monday.") == {}


def test_a_leader_announcing_what_allies_pledged_leads(gazetteer: Gazetteer) -> None:
    text = "Jonas Gahr Støre said on Friday that 20 allies had pledged to send troops."
    assert stances(gazetteer, text) == {"NOR": "lead"}


def test_questions_about_the_mission_are_undecided(gazetteer: Gazetteer) -> None:
    text = (
        '"Who would command it? What if there is an escalation?" '
        "Finnish Defence Minister Antti Häkkänen asked."
    )
    assert stances(gazetteer, text) == {"FIN": "undecided"}


def test_an_attribution_after_a_question_stays_in_its_sentence() -> None:
    paragraph = '"Who pays for it?" Finnish Defence Minister Antti Häkkänen asked. Then he left.'
    assert [s.text for s in sentences_of((paragraph,))] == [
        '"Who pays for it?" Finnish Defence Minister Antti Häkkänen asked.',
        "Then he left.",
    ]


def test_a_condition_makes_readiness_conditional(gazetteer: Gazetteer) -> None:
    text = "Finland is ready to send troops, but only with a US backstop."
    assert stances(gazetteer, text) == {"FIN": "conditional"}


def test_a_condition_in_another_clause_is_not_yours(gazetteer: Gazetteer) -> None:
    text = (
        "Belgium would provide minesweepers, while Portugal would send engineers only if "
        "its parliament approves the mission."
    )
    assert stances(gazetteer, text) == {"BEL": "willing", "PRT": "conditional"}


@pytest.mark.parametrize(
    "text",
    [
        "Norway is ready to deploy troops if a ceasefire is agreed.",
        "Norway is ready to join the force if it is deployed.",
        "Norway is ready to send soldiers to defend Ukraine if Russia attacks again.",
    ],
)
def test_the_mission_premise_and_its_trigger_are_not_conditions(
    gazetteer: Gazetteer, text: str
) -> None:
    assert stances(gazetteer, text) == {"NOR": "willing"}


def test_no_troops_but_other_help_is_skeptical(gazetteer: Gazetteer) -> None:
    text = "Greece will not send troops, but is ready to provide ships for maritime surveillance."
    assert stances(gazetteer, text) == {"GRC": "skeptical"}


def test_cannot_be_ruled_out_is_undecided(gazetteer: Gazetteer) -> None:
    text = "Austria's chancellor said Austrian participation cannot be ruled out."
    assert stances(gazetteer, text) == {"AUT": "undecided"}


def test_ruling_out_something_else_is_no_refusal() -> None:
    assert [
        c.name for c, _, _ in cue_matches("austria ruled out changing its neutrality law.")
    ] == []
    assert [c.name for c, _, _ in cue_matches("austria ruled out sending soldiers.")] == [
        "rules out"
    ]


def test_refusing_to_accept_foreign_troops_is_opposed(gazetteer: Gazetteer) -> None:
    text = "Moscow will never accept foreign troops in Ukraine, the Kremlin said."
    assert stances(gazetteer, text) == {"RUS": "opposed"}


def test_cannot_say_whether_is_undecided(gazetteer: Gazetteer) -> None:
    text = "Japan's prime minister said he could not say whether Tokyo would contribute."
    assert stances(gazetteer, text) == {"JPN": "undecided"}


def test_an_opposition_leader_speaks_for_no_state(gazetteer: Gazetteer) -> None:
    text = (
        "Prime Minister Dick Schoof said his government would consider requests to take part, "
        "but Jan Jansen, the leader of a small party, said he would not send Dutch troops."
    )
    assert stances(gazetteer, text) == {"NLD": "undecided"}


def test_cues_read_through_quotation_marks(gazetteer: Gazetteer) -> None:
    assert stances(gazetteer, 'Portugal is "ready and willing" to send troops.') == {
        "PRT": "willing"
    }


def _wire_sentences() -> list[tuple[str, dict[str, str]]]:
    out = []
    for line in (Path(__file__).parent / "wire_sentences.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            expected, text = line.split(" | ", 1)
            out.append((text, dict(pair.split(":") for pair in expected.split(","))))
    return out


SENTENCES = _wire_sentences()


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[t[:40] for t, _ in SENTENCES])
def test_wire_sentences(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text, date(2025, 9, 10)) == expected
