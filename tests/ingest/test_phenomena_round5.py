"""English generalisation, round 5 (issue 12 part 2): one test per construction, from
LABELLING.md's meaning.

Made-up sentences (none from a labelled set). The constructions were found in the error lists
of `news_gen_dev5` and `news_gen_dev6`; the sentences here are not theirs.
"""

from __future__ import annotations

from functools import partial

import pytest

from muster.ingest import Gazetteer
from tests.ingest.conftest import stances_of

stances = partial(stances_of, fallback=False)  # the cues alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a leader announcing what the members said: the announcer leads, not "willing"
        (
            "Prime Minister Keir Starmer announced that 30 nations have said they are ready to "
            "deploy troops to Ukraine once a truce holds.",
            {"GBR": "lead"},
        ),
        # no count of members between the speech verb and the cue: the speaker's own stance
        (
            "Prime Minister Mark Carney said he was ready to send Canadian troops.",
            {"CAN": "willing"},
        ),
        # proposing the coalition itself is founding it
        (
            "French President Emmanuel Macron has proposed a coalition of the willing to "
            "protect a future ceasefire.",
            {"FRA": "lead"},
        ),
        # other help offered, then troops refused in the same breath: declining
        (
            "Italy would provide training and equipment, but not troops, after the war ends.",
            {"ITA": "skeptical"},
        ),
        # "shot down the idea" named for an enumeration of states
        (
            "Other governments, notably Hungary and Slovakia, have shot down the idea of "
            "sending soldiers.",
            {"HUN": "skeptical", "SVK": "skeptical"},
        ),
        (
            "Austria poured cold water on the idea of sending Austrian soldiers.",
            {"AUT": "skeptical"},
        ),
        # a list after a colon names a generic subject's members
        (
            "Only four countries said they were willing to send troops: Sweden, Denmark, "
            "Belgium and the Netherlands.",
            {"SWE": "willing", "DNK": "willing", "BEL": "willing", "NLD": "willing"},
        ),
        # a numbered group in the list: "the three Baltic states" are its members
        (
            "Five countries said they were ready to send troops: Finland, Sweden and the three "
            "Baltic states.",
            {
                "FIN": "willing",
                "SWE": "willing",
                "EST": "willing",
                "LVA": "willing",
                "LTU": "willing",
            },
        ),
        # states led by states: the leaders lead
        (
            "Several European countries, led by Spain and Portugal, are drafting a plan for "
            "a reassurance force.",
            {"ESP": "lead", "PRT": "lead"},
        ),
    ],
)
def test_phenomenon(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text) == expected


def test_a_government_led_by_its_leader_leads_nothing(gazetteer: Gazetteer) -> None:
    assert stances(gazetteer, "Spain, led by Pedro Sánchez, will not send troops.") == {
        "ESP": "skeptical"
    }


def test_a_colon_before_the_cue_is_no_member_list(gazetteer: Gazetteer) -> None:
    text = "The outcome so far: several countries said they were ready to send troops."
    assert stances(gazetteer, text) == {}


@pytest.mark.parametrize(
    "text",
    [
        # a capital as the place of a summit, or as a summit's modifier, is not the state
        "At the special summit in Rome, the leaders discussed a peacekeeping force for Ukraine. "
        "The force would deploy after a ceasefire.",
        "The Rome summit on a peacekeeping force for Ukraine ended without a decision on troops.",
    ],
)
def test_a_capital_as_a_venue_gets_no_guess(gazetteer: Gazetteer, text: str) -> None:
    assert "ITA" not in stances(gazetteer, text, fallback=True)
