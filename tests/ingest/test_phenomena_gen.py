"""Phenomena of issue 12 part 2 (English that generalises), one test each, from LABELLING.md.

Made-up sentences (none from a labelled set), one per root cause: article-level lead roles,
lists of participants, modal and conditional constructions, attribution in sentences that
name several nations.
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    return ingest_article(article, gazetteer, fallback=False)


LEAD = [
    # a fronted participle: the thing led is the main clause's subject
    (
        "Led by Britain and France, the mission would patrol Ukraine's airspace.",
        {"GBR": "lead", "FRA": "lead"},
    ),
    (
        "Co-chaired by Denmark and the Netherlands, the meeting agreed a training plan.",
        {"DNK": "lead", "NLD": "lead"},
    ),
    # the role named in apposition, or as being at the forefront
    (
        "Tusk and Frederiksen, the coalition's co-chairs, met in Warsaw.",
        {"POL": "lead", "DNK": "lead"},
    ),
    ("Belgium, the mission's co-leader, said it would send troops.", {"BEL": "lead"}),
    (
        "Finland and Sweden have been at the forefront of efforts to form a maritime mission.",
        {"FIN": "lead", "SWE": "lead"},
    ),
    # a leader announcing, after the fact, what "these countries" pledged leads
    (
        "Several allies met in Paris. These nations have pledged to deploy soldiers after a "
        "truce, Prime Minister Keir Starmer said.",
        {"GBR": "lead"},
    ),
]

NO_LEAD = [
    # a government led by its leader is no lead role; nor is a fronted one
    "Led by Pedro Sanchez, Spain's government met on Tuesday.",
]


@pytest.mark.parametrize(("text", "expected"), LEAD)
def test_lead(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


@pytest.mark.parametrize("text", NO_LEAD)
def test_no_lead(gazetteer: Gazetteer, text: str) -> None:
    assert "lead" not in ingest(gazetteer, text).nations.values()


MODAL = [
    # an open mind is undecided; an open mind with a stated condition is conditional
    ("Austria would be open to a role in the force.", {"AUT": "undecided"}),
    (
        "Portugal is open to the idea if it is consulted on the mission's planning.",
        {"PRT": "conditional"},
    ),
    (
        "Sweden is open to joining the force, but the decision will depend on a clear mandate.",
        {"SWE": "conditional"},
    ),
    # "does not rule out" is undecided, or conditional when a condition is stated
    ("Japan does not rule out sending personnel.", {"JPN": "undecided"}),
    (
        "Japan does not rule out sending personnel, provided there is a legal basis for it.",
        {"JPN": "conditional"},
    ),
    # the mission's premise is timing: ready after a ceasefire is willing
    ("Finland is ready to send troops if there is a ceasefire.", {"FIN": "willing"}),
    ("Finland is ready to send troops if its parliament approves.", {"FIN": "conditional"}),
    # being asked is a formality, not a condition
    (
        "Ireland would consider sending troops if a request is made by the coalition.",
        {"IRL": "undecided"},
    ),
    # premature as to the details is not premature as to the mission
    (
        "Latvia is ready to send a company. It is too early to discuss the details of a "
        "possible mission, its defence minister said.",
        {"LVA": "willing"},
    ),
    ("Greece said it was premature to discuss sending troops.", {"GRC": "skeptical"}),
    ("Washington sees no role for American troops in such a force.", {"USA": "skeptical"}),
]


@pytest.mark.parametrize(("text", "expected"), MODAL)
def test_modal(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


SEVERAL = [
    # the possessor of the noun that governs the cue holds it, not the clause's subject
    ("France welcomed Canada's decision to contribute troops.", {"CAN": "willing"}),
    ("Spain's refusal to send troops angered Paris.", {"ESP": "skeptical"}),
    # a relative clause with no subject of its own is its antecedent's
    (
        "Unlike France, which is ready to deploy troops, Italy will not send soldiers.",
        {"FRA": "willing", "ITA": "skeptical"},
    ),
    # a fronted "While ..." clause keeps its own subject and speaker; the condition in the
    # main clause is the main clause's subject's
    (
        "While Belgium signalled openness to stationing forces after a truce, Austria said any "
        "decision would depend on U.S. involvement.",
        {"BEL": "undecided", "AUT": "conditional"},
    ),
    (
        "Croatia said Zagreb would send troops, while Turkey would secure the Black Sea with "
        "U.S. support.",
        {"HRV": "willing", "TUR": "conditional"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_several_nations(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


LISTS = [
    # the members a list names hold the cue of the generic subject they belong to
    (
        "Twenty-six countries committed to the reassurance force, among them Belgium, "
        "Lithuania and Sweden.",
        {"BEL": "willing", "LTU": "willing", "SWE": "willing"},
    ),
    (
        "Among the countries that pledged troops were Denmark and Norway.",
        {"DNK": "willing", "NOR": "willing"},
    ),
    (
        "Countries that will not send soldiers include Croatia and Greece, diplomats said.",
        {"HRV": "skeptical", "GRC": "skeptical"},
    ),
    (
        "Those ready to send troops are Britain, France and Belgium.",
        {"GBR": "willing", "FRA": "willing", "BEL": "willing"},
    ),
    # a leader announcing the members' pledges leads, and the members named are willing
    (
        "Macron said 26 countries had committed to deploy troops, including Belgium and Lithuania.",
        {"FRA": "lead", "BEL": "willing", "LTU": "willing"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_participant_lists(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


def test_a_generic_subject_alone_holds_nothing(gazetteer: Gazetteer) -> None:
    assert ingest(gazetteer, "Many countries are ready to send troops.").nations == {}
