"""English stance decisions, round 6: one test per construction, from LABELLING.md's meaning.

Made-up sentences (none from a labelled set). The constructions were found in the error lists
of `news_gen_dev7` (leads read as willing, conditions beyond the premise missed, declining
read as rejecting) and in two known faults; the sentences here are not the sets'.
"""

from __future__ import annotations

import pytest

from muster.ingest import Gazetteer
from tests.ingest.conftest import stances_of

stances = stances_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # negated membership in a participant list: outside the group, no willing (fallback on)
        (
            "A government spokesman said that Japan is not among the 26 countries that pledged "
            "to send troops to Ukraine.",
            {},
        ),
        (
            "Chief Cabinet Secretary Yoshimasa Hayashi stressed that Japan is not among the 26 "
            "countries that pledged to deploy forces once the fighting ends.",
            {},
        ),
        (
            "Japan is not one of the nations ready to send soldiers to Ukraine.",
            {},
        ),
        # ... while plain membership still gives the group's stance
        (
            "Japan is among the nations ready to send soldiers to Ukraine.",
            {"JPN": "willing"},
        ),
        # a comparison with N other countries is no announcement of the members: no lead
        (
            "Merz said that Germany, like 25 other countries, is ready to contribute to the force.",
            {"DEU": "willing"},
        ),
    ],
)
def test_membership_and_comparison(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert stances(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a US backstop after "provided" / "as long as" is a condition beyond the premise
        (
            "Belgium and Sweden have said they are ready to send troops, provided the U.S. "
            "backs the mission.",
            {"BEL": "conditional", "SWE": "conditional"},
        ),
        (
            "Norway is ready to contribute troops as long as the United States supports the force.",
            {"NOR": "conditional"},
        ),
        # "conditions that must be met"
        (
            '"We will take part," said Latvian Prime Minister Evika Silina, "but there are '
            'conditions that must be met."',
            {"LVA": "conditional"},
        ),
        # agreement in principle: "fundamentally ready"
        ("Finland is fundamentally ready to take part in the mission.", {"FIN": "conditional"}),
        # "once" governs a condition beyond the premise: the decision to come is conditional
        (
            "Once a US-backed force is agreed, the Dutch government will decide on the size of "
            "its contribution, Schoof said.",
            {"NLD": "conditional"},
        ),
        # the premise alone ("if the war ends in a negotiated deal") is timing, not a condition
        (
            "Portugal is ready to send troops to keep the peace if the war ends in a negotiated "
            "deal.",
            {"PRT": "willing"},
        ),
    ],
)
def test_conditions_beyond_the_premise(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert stances(gazetteer, text, fallback=False) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # opposing the sending of troops, whose troops unsaid: the holders decline
        (
            "Austria, Ireland and Malta oppose sending troops to Ukraine.",
            {"AUT": "skeptical", "IRL": "skeptical", "MLT": "skeptical"},
        ),
        ("Hungary rejected calls to send soldiers to Ukraine.", {"HUN": "skeptical"}),
        # objecting to others' troops is rejecting the force
        ("Russia objected to sending foreign troops to Ukraine.", {"RUS": "opposed"}),
        ("Belarus objected to Britain sending troops to Ukraine.", {"BLR": "opposed"}),
        ("Russia rejects the deployment of troops in Ukraine.", {"RUS": "opposed"}),
        # ... and so is objecting to sending troops while condemning the force
        (
            "Slovakia has warned against sending troops to Ukraine, calling it a reckless "
            "provocation.",
            {"SVK": "opposed"},
        ),
        # an open mind that calls a deployment premature stays undecided ...
        (
            "Greece said it would consider joining the mission, but that it was too early for "
            "any deployment.",
            {"GRC": "undecided"},
        ),
        (
            "Portugal is willing to discuss the matter but believes it is too early to deploy "
            "troops.",
            {"PRT": "undecided"},
        ),
        # ... while "too early" alone declines
        ("Spain said it is too early to talk about sending troops.", {"ESP": "skeptical"}),
    ],
)
def test_declining_and_open_minds(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert stances(gazetteer, text, fallback=False) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # forming a new coalition is founding it
        (
            'Sweden, Finland and some other nations would form a "coalition of the willing" and '
            "draw up a plan.",
            {"SWE": "lead", "FIN": "lead"},
        ),
        # the possessor of the coalition leads it
        (
            'Thirty nations have agreed to join Keir Starmer\'s "coalition of the willing".',
            {"GBR": "lead"},
        ),
        # recruiting others into the coalition is leading it
        (
            "Macron urged European leaders to join the planned coalition of the willing.",
            {"FRA": "lead"},
        ),
        # a relative clause on a generic noun is not the speaker's stance
        (
            "Prime Minister Keir Starmer said he respected countries that did not want to send "
            "troops.",
            {},
        ),
        # "led by" takes the agent next to it, not a state named further on
        (
            "The force would be led by Europe, including non-European members and the proposed "
            "support of the United States.",
            {},
        ),
        ("The coalition is led by Britain and France.", {"GBR": "lead", "FRA": "lead"}),
    ],
)
def test_leading_roles(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text, fallback=False) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another nation's condemnation does not make a refusal an objection to the force
        (
            "Italy opposes sending troops to Ukraine, while Russia condemned the plan as a "
            "provocation.",
            "skeptical",
        ),
    ],
)
def test_review_round6(gazetteer: Gazetteer, text: str, expected: str) -> None:
    assert stances(gazetteer, text)["ITA"] == expected
