"""Mechanisms of issue 12 part 2, round 3: one test each, made-up sentences (none from a set).

The error classes of `news_gen_dev3` (once `news_gen_unseen2`), fixed where they arise: a
refusal scoped by "without"/"unless" a condition is conditional; willingness hedged by "but no
decision" is undecided; a clause whose subject is the opposition, a party or a commentator does
not set the state's stance; leading told by a verb frame ("rallied a coalition", "a plan pushed
by X"); a summit at the seat of government makes its state the host; affirming support for
Ukraine, or being expected to attend, is not willingness.
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str, *, fallback: bool = False) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    return ingest_article(article, gazetteer, fallback=fallback)


SCOPED_REFUSAL = [
    # a refusal scoped by "without"/"unless" a condition beyond the premise: conditional
    (
        "Belgium would not deploy troops in Ukraine without security guarantees from the "
        "United States, its defence minister said.",
        {"BEL": "conditional"},
    ),
    (
        "The Netherlands will not send soldiers to the mission without a US backstop.",
        {"NLD": "conditional"},
    ),
    # a refusal with no condition stays a refusal
    ("Austria will not send troops to Ukraine, its chancellor said.", {"AUT": "skeptical"}),
]


@pytest.mark.parametrize(("text", "expected"), SCOPED_REFUSAL)
def test_a_refusal_scoped_by_a_condition_is_conditional(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert ingest(gazetteer, text).nations == expected


def test_not_being_involved_is_declining(gazetteer: Gazetteer) -> None:
    text = (
        "Denmark's plan for the coalition depends on U.S. involvement, despite Washington's "
        "insistence that it won't be directly involved in such a plan."
    )
    assert ingest(gazetteer, text).nations.get("USA") == "skeptical"


HEDGED = [
    (
        "Finland's foreign minister said his country was \"happy to contribute in one way or "
        'the other but we have not made choices".',
        {"FIN": "undecided"},
    ),
    (
        "Latvia is ready to contribute troops, but it has not made choices yet.",
        {"LVA": "undecided"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), HEDGED)
def test_willingness_hedged_by_no_decision_is_undecided(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert ingest(gazetteer, text).nations == expected


NOT_THE_STATE = [
    # the opposition, a party or a commentator does not speak for the state
    (
        "Prime Minister Mark Carney said Canada is open to contributing to the force. "
        "His remarks come as the opposition demands that no Canadian troops be sent to Ukraine.",
        {"CAN": "undecided"},
    ),
    ("Germany's opposition party rejected any deployment of German soldiers.", {}),
    ("Irish commentators said Ireland will not send troops to Ukraine.", {}),
]


@pytest.mark.parametrize(("text", "expected"), NOT_THE_STATE)
def test_only_the_states_office_holders_set_its_stance(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert ingest(gazetteer, text).nations == expected


LEADING = [
    ("On Saturday Denmark rallied a so-called coalition of the willing.", {"DNK": "lead"}),
    ("It is a plan pushed heavily by Finland and Estonia.", {"FIN": "lead", "EST": "lead"}),
    ("The effort, driven by Norway, drew in 20 countries.", {"NOR": "lead"}),
]


@pytest.mark.parametrize(("text", "expected"), LEADING)
def test_leading_told_by_a_verb_frame(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert ingest(gazetteer, text).nations == expected


def test_a_leaders_summit_at_the_seat_of_government_makes_its_state_host(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Tusk spoke before leaving for an emergency meeting of European leaders at the "
        "Elysee Palace."
    )
    assert ingest(gazetteer, text).nations == {"FRA": "lead"}
    # a bilateral visit is not hosting the coalition
    assert ingest(gazetteer, "Zelensky met Macron at the Elysee on Monday.").nations == {}


SUPPORT_ONLY = [
    (
        "Prime Minister Mark Carney joined a call of the coalition of the willing on the "
        'peacekeeping force. "Canada stands shoulder to shoulder with Ukraine," Carney wrote.',
        "CAN",
    ),
    (
        "Leaders discussed the multinational force for Ukraine. Prime Minister Christopher "
        "Luxon reaffirmed New Zealand's support for Ukraine.",
        "NZL",
    ),
    (
        "The coalition of the willing meets in Paris on Tuesday to discuss the force. "
        "Romania's President Nicusor Dan is also expected to take part.",
        "ROU",
    ),
    (
        "Sweden's Prime Minister Ulf Kristersson has joined other world leaders in a virtual "
        "summit on the possible deployment of peacekeepers in Ukraine.",
        "SWE",
    ),
]


@pytest.mark.parametrize(("text", "nation"), SUPPORT_ONLY)
def test_support_for_ukraine_or_attending_is_not_willingness(
    gazetteer: Gazetteer, text: str, nation: str
) -> None:
    assert nation not in ingest(gazetteer, text, fallback=True).nations
