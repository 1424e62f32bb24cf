"""English stance decisions, round 7: one test per construction, from LABELLING.md's meaning.

Made-up sentences (none from a labelled set). The constructions were found by classifying the
misses and wrong stances of the eleven English tuning sets (conditions beyond the premise
stated without "if", "once again" read as a condition, possibilities read as readiness, a
task of the force read as leading the coalition); each has its negative case beside it.
"""

from __future__ import annotations

import pytest

from muster.ingest import Gazetteer
from muster.ingest.conditions import conditions_in
from tests.ingest.conftest import stances_of

stances = stances_of


@pytest.mark.parametrize(
    ("lower", "conditional"),
    [
        # "once again" / "at once" are no timing and no condition
        ("belgium said once again it would send troops; the us guarantees were discussed.", False),
        (
            "the dutch will decide at once whether to send soldiers; american backing is asked.",
            False,
        ),
        ("belgium has more than once offered troops; us guarantees were discussed.", False),
        # ... while "once" still governs a condition beyond the premise
        ("belgium will send troops once the us backstop is agreed.", True),
        # premise-only timing is not conditional
        ("belgium will send troops once the fighting ends.", False),
        ("belgium will send troops as soon as a truce holds.", False),
        # conditions stated without being named
        ("belgium could contribute soldiers under certain conditions.", True),
        ("belgium is ready to take part, but conditions that must be met are set.", True),
        # what the others must do too
        ("belgium will be part of it as soon as there is a joint decision to deploy.", True),
        # the US taking part as what the deployment needs
        ("a belgian source said any deployment of troops must involve the united states.", True),
        # expecting another to provide the backstop
        ("belgium is ready to send troops but expects washington to provide air cover.", True),
        # a wish or a need is no condition
        ("it would be helpful if there were a clear mandate for the troops.", False),
        ("belgium could send troops if the need arises.", False),
    ],
)
def test_conditions_beyond_premise(lower: str, conditional: bool) -> None:
    assert conditions_in(lower).conditional is conditional


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "once again" repeats: readiness with premise-only timing stays willing
        (
            "Belgium said once again that it is ready to send troops after a ceasefire.",
            {"BEL": "willing"},
        ),
        # a condition stated without "if": conditional
        (
            "Belgium could contribute soldiers to the force under a number of conditions that "
            "the other allies also have to meet.",
            {"BEL": "conditional"},
        ),
        (
            "Belgium is ready to send soldiers, but expects Washington to provide a backstop.",
            {"BEL": "conditional"},
        ),
        # the US is not conditional on its own backstop; the offering nation is
        (
            "Belgian officials said involvement would hinge on a guarantee that the US would "
            "provide support in an emergency.",
            {"BEL": "conditional"},
        ),
        # an open mind and a condition stated in the next sentence: conditional (guide:
        # "does not rule out" is conditional when a condition is stated)
        (
            "Prime Minister Bart De Wever said he was not ruling out Belgian participation in "
            "the force. "
            "De Wever said Belgian involvement would depend on a clear mandate.",
            {"BEL": "conditional"},
        ),
        # ... an open mind alone stays undecided
        (
            "Prime Minister Bart De Wever said he was not ruling out Belgian participation.",
            {"BEL": "undecided"},
        ),
    ],
)
def test_conditional_readiness(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a forecast is not a stance taken
        (
            "Belgium is expected to take part in the multinational force in Ukraine.",
            {"BEL": "undecided"},
        ),
        # ... expected at a meeting is attending, not a stance on the force
        ("Belgium's prime minister is also expected to take part.", {}),
        # joining the planning is not joining the force
        (
            "Belgium committed to taking part in the military planning, officials said.",
            {"BEL": "undecided"},
        ),
        # a refusal dated to now keeps the question open ...
        (
            "A spokesman said Belgium was not prepared to commit troops at this stage.",
            {"BEL": "undecided"},
        ),
        # ... a plain refusal declines
        ("A spokesman said Belgium was not prepared to send troops.", {"BEL": "skeptical"}),
    ],
)
def test_possibility_and_dated_refusal(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert stances(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # leading the truce monitoring is a contribution, not leading the coalition
        (
            "Under the plan the United States would lead a ceasefire-monitoring mechanism.",
            {"USA": "willing"},
        ),
        ("The accord sets up a U.S.-led system to monitor the truce.", {"USA": "willing"}),
        # ... while a coalition led by a nation is its lead
        ("The coalition is UK-led and meets in London on Monday.", {"GBR": "lead"}),
        # a role in the article's voice
        (
            "The force will include, for the first time, participation from Canada.",
            {"CAN": "willing"},
        ),
        (
            "Leaders welcomed Prime Minister Carney's commitment to providing troops for the "
            "force.",
            {"CAN": "willing"},
        ),
        # leading named in the article's voice
        (
            "Despite good leadership from Britain, it is still unclear who will command.",
            {"GBR": "lead"},
        ),
        (
            "Britain's defence secretary urged his counterparts from 30 countries to press ahead "
            "with plans for the force.",
            {"GBR": "lead"},
        ),
    ],
)
def test_roles(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capital naming a document or an event is a place, not the state
        ("The Oslo declaration also commits to a ceasefire monitoring system.", {}),
        # ... a capital as the subject is the state
        ("Oslo is ready to send troops to the force.", {"NOR": "willing"}),
        # signing the coalition's declaration of intent is willing
        (
            "Moscow condemned the declaration of intent signed in Rome by the leaders of Norway "
            "and Belgium.",
            {"NOR": "willing", "BEL": "willing"},
        ),
    ],
)
def test_places_and_signatures(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    got = stances(gazetteer, text)
    assert {k: v for k, v in got.items() if k not in ("RUS", "ITA")} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # outside the coalition, said of the nation: declining
        ("Canada is not part of the coalition of the willing.", {"CAN": "skeptical"}),
        # ... while being part of it is no refusal
        ("Canada is part of the coalition of the willing.", {"CAN": "willing"}),
        # the nation's troops refused outright
        ("There will be no Canadian troops deployed to Ukraine.", {"CAN": "skeptical"}),
        # no commitment made yet: undecided (LABELLING: "not yet made concrete commitments")
        ("Canada has made no firm commitment to the force.", {"CAN": "undecided"}),
        ("Canada has yet to commit to a role in the force.", {"CAN": "undecided"}),
    ],
)
def test_outside_and_uncommitted(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert stances(gazetteer, text) == expected


# Review of round 7 (made-up sentences): each reading held by a nation that also says more


@pytest.mark.parametrize(
    ("text", "nation", "expected"),
    [
        # outside the coalition, yet sending troops: the willing send cue is the stance
        ("Italy is not part of the coalition but will send troops to Ukraine.", "ITA", "willing"),
        ("Italy, which is not part of the coalition, said it would send troops.", "ITA", "willing"),
        # "the coalition's command" is not the coalition
        ("Germany is not part of the coalition's command but will send troops.", "DEU", "willing"),
        # joining the planning beside a separate readiness to send
        (
            "Britain is ready to send troops and is committed to taking part in the planning.",
            "GBR",
            "willing",
        ),
        (
            "Austria is committed to taking part in planning the force and will send troops.",
            "AUT",
            "willing",
        ),
        # a dated refusal followed by a refusal for good stays a refusal
        (
            "Spain said it was not ready to send troops at this stage, and would never do so.",
            "ESP",
            "skeptical",
        ),
        ("Poland is not ready to join the force yet, and says it never will.", "POL", "skeptical"),
    ],
)
def test_review_round7(gazetteer: Gazetteer, text: str, nation: str, expected: str) -> None:
    assert stances(gazetteer, text).get(nation) == expected


@pytest.mark.parametrize(
    ("text", "nation"),
    [
        # leadership or participation wanted or missing is not the nation's own
        ("There was a lack of leadership from Germany, critics said.", "DEU"),
        ("The UK wants participation from the United States, Starmer said.", "USA"),
    ],
)
def test_review_round7_wanted(gazetteer: Gazetteer, text: str, nation: str) -> None:
    assert nation not in stances(gazetteer, text)
