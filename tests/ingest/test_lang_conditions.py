"""Conditions and contributions named in the eight other languages (issue 12): the phrases of
each `languages/<code>.toml` name conditions.py's kinds, resolved through the same catalogue as
in English. Each case is a sentence written for the phenomenon, not a dev passage: conditions
found, a parliament's approval given to the parliament's nation, nothing named for a statement
that states no condition, contributions with their numbers, and `muster ingest --json`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.data import demo_dataset
from muster.ingest import Article, Gazetteer, IngestResult, ingest_article
from muster.ingest.catalogue import ConditionCatalogue

DAY = date(2025, 9, 5)


def _ingest(
    gaz: Gazetteer, text: str, lang: str, catalogue: ConditionCatalogue | None = None
) -> IngestResult:
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), DAY, name="t")
    return ingest_article(article, gaz, language=lang, conditions=catalogue)


def _conditions(result: IngestResult) -> dict[str, tuple[str, set[str]]]:
    return {p.nation: (p.stance.value, {c.id for c in p.conditions}) for p in result.proposals}


@pytest.mark.parametrize(
    ("lang", "text", "nation", "expected"),
    [
        (
            "fr",
            "La France n'enverra des troupes qu'après un cessez-le-feu et seulement avec une "
            "garantie américaine, a prévenu Emmanuel Macron.",
            "FRA",
            {"truce-agreed", "us-backstop"},
        ),
        (
            "fr",
            "L'Espagne participera à condition que la mission ait un mandat de l'ONU.",
            "ESP",
            {"un-mandate"},
        ),
        (
            "de",
            "Deutschland wird sich nur mit einem Bundestagsmandat und einer US-Rückendeckung "
            "beteiligen.",
            "DEU",
            {"us-backstop", "german-parliament-approves"},
        ),
        (
            "de",
            "Polen ist bereit, Soldaten zu schicken, vorausgesetzt, alle Verbündeten machen mit.",
            "POL",
            {"all-allies-commit"},
        ),
        (
            "pl",
            "Polska wyśle żołnierzy tylko pod warunkiem zgody Sejmu i amerykańskich gwarancji "
            "bezpieczeństwa.",
            "POL",
            {"us-backstop", "polish-parliament-approves"},
        ),
        (
            "pl",
            "Niemcy uzależniają udział od zawieszenia broni i mandatu Bundestagu.",
            "DEU",
            {"truce-agreed", "german-parliament-approves"},
        ),
        (
            "uk",
            "Польща готова долучитися лише за умови припинення вогню та гарантій США.",
            "POL",
            {"truce-agreed", "us-backstop"},
        ),
        (
            "uk",
            "Німеччина вимагає згоди Бундестагу і мандата ООН.",
            "DEU",
            {"german-parliament-approves", "un-mandate"},
        ),
        (
            "ru",
            "Германия примет участие только при условии прекращения огня и гарантий "
            "безопасности со стороны США.",
            "DEU",
            {"truce-agreed", "us-backstop"},
        ),
        (
            "it",
            "L'Italia parteciperà solo con un mandato dell'Onu e dopo un cessate il fuoco.",
            "ITA",
            {"truce-agreed", "un-mandate"},
        ),
        (
            "es",
            "España participará solo si hay un alto el fuego y con la autorización del Congreso "
            "de los Diputados.",
            "ESP",
            {"truce-agreed", "spanish-parliament-approves"},
        ),
        (
            "es",
            "Alemania está dispuesta a participar con garantías de seguridad de Estados Unidos.",
            "DEU",
            {"us-backstop"},
        ),
        (
            "nl",
            "Nederland doet alleen mee met instemming van de Tweede Kamer en Amerikaanse steun.",
            "NLD",
            {"us-backstop", "dutch-parliament-approves"},
        ),
        (
            "nl",
            "Duitsland wil meedoen op voorwaarde dat alle bondgenoten meedoen en er een "
            "staakt-het-vuren is.",
            "DEU",
            {"truce-agreed", "all-allies-commit"},
        ),
    ],
)
def test_a_conditional_statement_carries_its_conditions(
    gazetteer: Gazetteer, lang: str, text: str, nation: str, expected: set[str]
) -> None:
    found = _conditions(_ingest(gazetteer, text, lang))
    assert found[nation] == ("conditional", expected)


@pytest.mark.parametrize(
    ("lang", "text", "nation", "parliament"),
    [
        # the parliament named is its own nation's, whoever speaks
        (
            "fr",
            "L'Italie n'enverra des soldats qu'avec l'accord de son parlement, a dit "
            "Giorgia Meloni.",
            "ITA",
            "italian-parliament-approves",
        ),
        (
            "pl",
            "Premier Tusk powiedział, że Niemcy wyślą żołnierzy tylko za zgodą Bundestagu.",
            "DEU",
            "german-parliament-approves",
        ),
        (
            "it",
            "La Germania è pronta a partecipare, ma servirà un voto del Parlamento tedesco.",
            "DEU",
            "german-parliament-approves",
        ),
        (
            "fr",
            "Les Pays-Bas participeront à condition d'obtenir un mandat du Parlement néerlandais.",
            "NLD",
            "dutch-parliament-approves",
        ),
        (
            "de",
            "Italien wird sich beteiligen, sofern die Tweede Kamer dem Einsatz zustimmt.",
            "ITA",
            "dutch-parliament-approves",
        ),
        (
            "uk",
            "Нідерланди візьмуть участь за умови згоди парламенту.",
            "NLD",
            "dutch-parliament-approves",
        ),
        (
            "ru",
            "Польша готова участвовать, если сейм одобрит миссию.",
            "POL",
            "polish-parliament-approves",
        ),
    ],
)
def test_a_parliaments_approval_is_its_nations(
    gazetteer: Gazetteer, lang: str, text: str, nation: str, parliament: str
) -> None:
    _, ids = _conditions(_ingest(gazetteer, text, lang))[nation]
    assert parliament in ids


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "La France est prête à envoyer des troupes en Ukraine."),
        (
            "de",
            "In der Fragestunde des Bundestags ließ Bundeskanzler Friedrich Merz offen, ob "
            "er deutsche Soldaten schicken will.",
        ),
        ("pl", "Polska nie wyśle żołnierzy na Ukrainę po zakończeniu wojny."),
        ("uk", "Франція готова надіслати війська."),
        ("ru", "Великобритания готова направить войска после прекращения огня."),
        ("it", "La Francia e il Regno Unito guidano la coalizione dei volenterosi."),
        ("es", "Francia está dispuesta a enviar tropas."),
        ("nl", "Frankrijk is bereid troepen te sturen."),
    ],
)
def test_no_condition_is_invented_for_a_statement_stating_none(
    gazetteer: Gazetteer, lang: str, text: str
) -> None:
    result = _ingest(gazetteer, text, lang)
    assert result.proposals
    for p in result.proposals:
        assert p.stance.value != "conditional"
        assert p.conditions == ()


def test_a_condition_said_to_be_absent_is_not_named(gazetteer: Gazetteer) -> None:
    found = _conditions(
        _ingest(gazetteer, "La France est prête à agir, même sans mandat de l'ONU.", "fr")
    )
    assert found["FRA"] == ("willing", set())


def test_a_refusal_scoped_by_without_names_what_it_needs(gazetteer: Gazetteer) -> None:
    _, ids = _conditions(
        _ingest(gazetteer, "Deutschland wird keine Soldaten ohne US-Rückendeckung schicken.", "de")
    )["DEU"]
    assert ids == {"us-backstop"}


def test_a_condition_told_in_the_next_sentence_is_the_statements(gazetteer: Gazetteer) -> None:
    text = (
        "Bundeskanzler Friedrich Merz sagte, Deutschland sei unter Bedingungen zu einem "
        "Beitrag bereit. Voraussetzung sei eine amerikanische Absicherung."
    )
    assert _conditions(_ingest(gazetteer, text, "de"))["DEU"] == ("conditional", {"us-backstop"})


def test_the_database_catalogue_resolves_and_proposes_new(gazetteer: Gazetteer) -> None:
    catalogue = ConditionCatalogue.build(demo_dataset().conditions, gazetteer)
    text = (
        "Nederland doet alleen mee met instemming van de Tweede Kamer en Amerikaanse steun.\n\n"
        "Estland is bereid, op voorwaarde dat de Riigikogu instemt."
    )
    result = _ingest(gazetteer, text, "nl", catalogue)
    by_nation = {p.nation: {(c.id, c.new) for c in p.conditions} for p in result.proposals}
    assert by_nation["NLD"] == {("dutch-parliament-approves", False), ("us-backstop", False)}
    assert by_nation["EST"] == {("estonian-parliament-approves", True)}


@pytest.mark.parametrize(
    ("lang", "text", "nation", "expected"),
    [
        (
            "fr",
            "La France est prête à déployer 2 000 soldats et des avions de chasse pour la "
            "police du ciel.",
            "FRA",
            ["troops: 2 000 soldats", "air defence"],
        ),
        (
            "de",
            "Frankreich ist bereit, 2.000 Soldaten zu entsenden und die Luftverteidigung zu "
            "stärken.",
            "FRA",
            ["troops: 2.000 Soldaten", "air defence"],
        ),
        ("pl", "Francja jest gotowa wysłać 5 tys. żołnierzy.", "FRA", ["troops: 5 tys. żołnierzy"]),
        (
            "uk",
            "Британія готова надіслати 10 000 військових і допомогти з розмінуванням у "
            "Чорному морі.",
            "GBR",
            ["troops: 10 000 військових", "maritime"],
        ),
        (
            "ru",
            "Франция готова направить несколько тысяч военных и помочь с логистикой.",
            "FRA",
            ["troops: несколько тысяч военных", "logistics"],
        ),
        (
            "it",
            "L'Italia è pronta a contribuire con l'addestramento e lo sminamento.",
            "ITA",
            ["maritime", "training"],
        ),
        (
            "es",
            "España está dispuesta a aportar instructores y apoyo logístico.",
            "ESP",
            ["logistics", "training"],
        ),
        (
            "nl",
            "Nederland is bereid luchtverdediging en inlichtingen te leveren.",
            "NLD",
            ["air defence", "intelligence"],
        ),
    ],
)
def test_contributions_are_named(
    gazetteer: Gazetteer, lang: str, text: str, nation: str, expected: list[str]
) -> None:
    proposal = next(p for p in _ingest(gazetteer, text, lang).proposals if p.nation == nation)
    assert sorted(proposal.contributions) == sorted(expected)


def test_ingest_json_shows_a_german_condition(tmp_path: Path) -> None:
    article = tmp_path / "artikel.txt"
    article.write_text(
        "Bundeskanzler Friedrich Merz sagte, Deutschland werde sich nur mit einem Mandat des "
        "Bundestages und einer amerikanischen Rückendeckung an einer Friedenstruppe "
        "beteiligen.\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(
        app, ["ingest", str(article), "--date", "2025-09-04", "--dry-run", "--json"]
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert set(doc) == {"date", "statements", "nations", "language"}
    (germany,) = doc["statements"]
    assert (germany["nation"], germany["stance"]) == ("DEU", "conditional")
    assert germany["conditions"] == [
        {"id": "us-backstop", "name": "US backstop for the force", "new": False},
        {"id": "german-parliament-approves", "name": "German parliament approves", "new": False},
    ]
