"""The multilingual reader on the constructions French, Italian, Spanish and Dutch news used
where it missed nations (news_lang_dev5's error list): nation adjectives and demonyms of every
coalition nation, creating/participating/cleft-signing cues, refusals to accept, "has ruled it
out", the Baltic adjective alone, a count between a leader and his lead cue, a counted cue's
speaker after it who has a cue of his own, and lower-case words that only look like a
capital's stem. Each case is a sentence of the kind the press writes, read in its language."""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Article, Gazetteer, ingest_article
from muster.ingest.multilingual import nations_named

DAY = date(2025, 9, 5)


def _read(gaz: Gazetteer, lang: str, text: str, day: date = DAY) -> dict[str, str]:
    article = Article((text,), day, name="t")
    return dict(ingest_article(article, gaz, language=lang).nations)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # adjectives and demonyms of nations other than the big six
        (
            "fr",
            "Le président croate a prévenu qu'aucun soldat croate n'ira en Ukraine.",
            {"HRV": "skeptical"},
        ),
        ("es", "El Gobierno portugués no enviará tropas a Ucrania.", {"PRT": "skeptical"}),
        ("nl", "De Oostenrijkse regering sluit deelname niet uit.", {"AUT": "undecided"}),
        (
            "it",
            "Inglesi e francesi spingono per mandare truppe in Ucraina, mentre Polonia e Italia "
            "si tirano fuori.",
            {"GBR": "willing", "FRA": "willing", "POL": "skeptical", "ITA": "skeptical"},
        ),
    ],
)
def test_adjectives_and_demonyms_of_coalition_nations(
    gazetteer: Gazetteer, lang: str, text: str, expected: dict[str, str]
) -> None:
    assert _read(gazetteer, lang, text) == expected


def test_a_lower_case_word_is_not_a_capitals_stem(gazetteer: Gazetteer) -> None:
    # "tirano" (they pull) shares its stem with Tirana; only a capitalised word is a name's
    text = "Polonia e Italia si tirano fuori dalla missione."
    assert "ALB" not in set(nations_named(Article((text,), DAY, name="t"), gazetteer, "it"))


def test_the_baltic_adjective_alone_names_the_three(gazetteer: Gazetteer) -> None:
    text = "De Baltische en Noordse landen hebben laten weten mogelijk mee te doen."
    named = set(nations_named(Article((text,), DAY, name="t"), gazetteer, "nl"))
    assert {"EST", "LVA", "LTU"} <= named


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # created by, participation of, "to sign are X and Y", taking the lead
        (
            "fr",
            "La coalition, créée par Macron et Starmer, se réunit jeudi.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "es",
            "La misión estará liderada por Francia, con la participación de aliados como "
            "Canadá, Japón y Australia.",
            {"FRA": "lead", "CAN": "willing", "JPN": "willing", "AUS": "willing"},
        ),
        (
            "it",
            "Il vertice è stato co-presieduto dal presidente francese Emmanuel Macron e dal "
            "premier britannico Keir Starmer.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "it",
            "Gli europei vi prenderanno parte, e a firmare sono Francia e Gran Bretagna.",
            {"FRA": "willing", "GBR": "willing"},
        ),
        (
            "nl",
            "Frankrijk en het Verenigd Koninkrijk lijken het voortouw te nemen.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "nl",
            "Coalitieaanvoerders Frankrijk en het Verenigd Koninkrijk willen na een bestand "
            "troepen in Oekraïne legeren.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "fr",
            "Les alliés prêts à le faire, comme la Grande-Bretagne et la France, déploieront "
            "des unités en Ukraine.",
            {"GBR": "willing", "FRA": "willing"},
        ),
        # "líderes" (leaders) is no leading role
        ("es", "Los líderes de Polonia y Hungría se reunieron en Varsovia.", {}),
        # will not accept → opposed
        (
            "it",
            "La Russia ha avvertito che non accetterà un intervento militare straniero in Ucraina.",
            {"RUS": "opposed"},
        ),
        (
            "fr",
            "Moscou a averti qu'elle n'accepterait aucun déploiement de troupes occidentales.",
            {"RUS": "opposed"},
        ),
        (
            "nl",
            "Rusland heeft gezegd dat het geen Europese militaire macht in Oekraïne zal "
            "aanvaarden.",
            {"RUS": "opposed"},
        ),
        (
            "nl",
            "Rusland heeft laten weten dat het in geen geval instemt met NAVO-troepen.",
            {"RUS": "opposed"},
        ),
        # ruled out, not planned, does not intend → skeptical
        ("nl", "Italië en Polen hebben het uitgesloten.", {"ITA": "skeptical", "POL": "skeptical"}),
        (
            "es",
            "Meloni reiteró que no está prevista la participación de Italia en una fuerza militar.",
            {"ITA": "skeptical"},
        ),
        ("it", "L'Italia non intende mandare truppe in Ucraina.", {"ITA": "skeptical"}),
        ("it", "La Polonia non prevede di inviare truppe in Ucraina.", {"POL": "skeptical"}),
        # whether or not, possibly taking part, a possibility evoked across commas → undecided
        (
            "nl",
            "Volgens Brekelmans valt pas later het besluit of Nederland wel of niet meedoet.",
            {"NLD": "undecided"},
        ),
        ("nl", "Litouwen heeft laten weten mogelijk mee te doen.", {"LTU": "undecided"}),
        (
            "fr",
            "Le premier ministre espagnol Pedro Sánchez a évoqué, à Paris, la possibilité "
            "d'envoyer des soldats.",
            {"ESP": "undecided"},
        ),
        (
            "es",
            "Según Macron, el apoyo de Estados Unidos se concretará «en los próximos días».",
            {"USA": "undecided"},
        ),
        (
            "es",
            "París y Londres pondrán la mayor parte de las tropas, Turquía se ocuparía de la "
            "seguridad marítima.",
            {"FRA": "willing", "GBR": "willing", "TUR": "willing"},
        ),
    ],
)
def test_cue_families_of_the_fifth_round(
    gazetteer: Gazetteer, lang: str, text: str, expected: dict[str, str]
) -> None:
    assert _read(gazetteer, lang, text) == expected


def test_a_count_between_a_leader_and_his_lead_cue_leaves_him_the_lead(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "De Franse president Emmanuel Macron heeft de coalitie van bereidwillige landen "
        "opnieuw in Parijs bijeengeroepen."
    )
    assert _read(gazetteer, "nl", text) == {"FRA": "lead"}


def test_a_person_with_a_cue_of_his_own_is_not_the_counts_speaker(gazetteer: Gazetteer) -> None:
    said = "Vingt-six pays sont prêts à envoyer des troupes, a annoncé Emmanuel Macron."
    assert _read(gazetteer, "fr", said) == {"FRA": "lead"}
    own = (
        "Pour lui, une coalition de pays prêts à envoyer leurs troupes n'est pas la meilleure "
        "solution, et le président Nawrocki refuse l'envoi de soldats polonais."
    )
    assert _read(gazetteer, "fr", own, date(2025, 8, 18)) == {"POL": "skeptical"}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the press's own spelling of a surname
        (
            "fr",
            "Vladimir Poutine a averti que toute force occidentale serait une « cible légitime ».",
            {"RUS": "opposed"},
        ),
        (
            "nl",
            "Poetin zei dat hij geen westerse troepen in Oekraïne zal aanvaarden.",
            {"RUS": "opposed"},
        ),
        # announcing a force's creation leads; "avec la Russie" at the far end is no companion
        (
            "fr",
            "Emmanuel Macron a annoncé la création d'une force de réassurance de 26 pays, pour "
            "la plupart européens, chargée de garantir la sécurité de l'Ukraine dans le cadre "
            "d'un futur cessez-le-feu avec la Russie.",
            {"FRA": "lead"},
        ),
    ],
)
def test_spellings_creation_and_a_companions_reach(
    gazetteer: Gazetteer, lang: str, text: str, expected: dict[str, str]
) -> None:
    assert _read(gazetteer, lang, text) == expected


def test_a_common_word_is_not_a_surname_by_its_skeleton(gazetteer: Gazetteer) -> None:
    # "Veel" (many) has van Weel's spelling skeleton: the Netherlands says nothing here
    text = "Veel landen zijn bereid vredestroepen voor Oekraïne te leveren, zei Rutte."
    assert "NLD" not in _read(gazetteer, "nl", text, date(2025, 3, 17))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "it",
            "La premier Giorgia Meloni ha parlato di un'alta convergenza tra Ucraina, Stati Uniti "
            "ed Europa, ribadendo però il no all'invio di truppe italiane.",
            {"ITA": "skeptical"},
        ),
        (
            "nl",
            "Volgens Starmer kan het Verenigd Koninkrijk een brug slaan tussen Europa en de "
            "Verenigde Staten en is het bereid troepen te sturen.",
            {"GBR": "willing"},
        ),
    ],
)
def test_nations_between_are_not_the_subject(
    gazetteer: Gazetteer, lang: str, text: str, expected: dict[str, str]
) -> None:
    assert _read(gazetteer, lang, text, date(2026, 1, 6)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # "no troops without X" is a condition, not a refusal
        (
            "it",
            "Una fonte del governo tedesco ha detto che non ci saranno truppe europee in Ucraina "
            "« senza il pieno coinvolgimento degli Stati Uniti ».",
            {"DEU": "conditional"},
        ),
        (
            "fr",
            "Berlin a fait savoir qu'il n'y aura pas de troupes allemandes en Ukraine sans un "
            "mandat clair.",
            {"DEU": "conditional"},
        ),
        # the Daily Telegraph is not the Irish Dáil: no parliament, no condition
        (
            "it",
            "Il premier britannico Keir Starmer ha scritto sul Daily Telegraph di essere pronto "
            "a inviare truppe in Ucraina.",
            {"GBR": "willing"},
        ),
    ],
)
def test_no_troops_without_and_a_newspaper_named_daily(
    gazetteer: Gazetteer, lang: str, text: str, expected: dict[str, str]
) -> None:
    assert _read(gazetteer, lang, text, date(2025, 2, 17)) == expected
