"""The multilingual reader's mechanisms, one phenomenon at a time (issue 12: recall in the
coalition's languages). Each case is a sentence of the kind the press writes, not a dev
passage: companions sharing a lead, "N countries ..., said X", "among them" lists, a condition
said to be absent, a cue's object, German inversion, possessives, lists of people, roles kept
over readiness, and the refusal and hesitation families."""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Article, Gazetteer, ingest_article

DAY = date(2025, 9, 5)


def _nations(gaz: Gazetteer, text: str, day: date = DAY) -> dict[str, str]:
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), day, name="t")
    return dict(ingest_article(article, gaz).nations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gemeinsam mit Frankreich und Polen stellt sich Deutschland an die Spitze der "
            "Koalition der Willigen.",
            {"DEU": "lead", "FRA": "lead", "POL": "lead"},
        ),
        (
            "Brytyjski premier wraz z prezydentem Francji stoi na czele koalicji chętnych.",
            {"GBR": "lead", "FRA": "lead"},
        ),
        (
            "Le sommet est accueilli par Emmanuel Macron, qui co-dirige la coalition avec Londres.",
            {"FRA": "lead", "GBR": "lead"},
        ),
    ],
)
def test_companions_share_a_leading_role(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert _nations(gazetteer, text) == expected


def test_a_companion_of_readiness_is_not_given_it(gazetteer: Gazetteer) -> None:
    text = "Nach dem Treffen mit Macron sagte Merz, Deutschland sei bereit, Soldaten zu schicken."
    assert _nations(gazetteer, text) == {"DEU": "willing"}


@pytest.mark.parametrize(
    ("text", "nation"),
    [
        (
            "Vingt-six pays sont prêts à envoyer des troupes en Ukraine, a annoncé le "
            "président Emmanuel Macron.",
            "FRA",
        ),
        (
            "26 Länder wollen sich an einer Sicherungstruppe für die Ukraine beteiligen, "
            "erklärte Emmanuel Macron.",
            "FRA",
        ),
        ("– 26 krajów zobowiązało się do udziału w siłach – przekazał Macron.", "FRA"),
        ("26 країн готові направити війська, заявив Еммануель Макрон.", "FRA"),
    ],
)
def test_a_count_announced_by_a_leader_is_his_nations_lead(
    gazetteer: Gazetteer, text: str, nation: str
) -> None:
    assert _nations(gazetteer, text) == {nation: "lead"}


def test_a_count_with_no_speaker_gives_nobody_a_stance(gazetteer: Gazetteer) -> None:
    text = "Vingt-six pays sont prêts à envoyer des troupes, selon un diplomate européen."
    assert _nations(gazetteer, text) == {}


@pytest.mark.parametrize(
    ("text", "nations"),
    [
        (
            "Do Paryża i Londynu dołączyło około ośmiu państw gotowych wysłać oddziały. "
            "Media wymieniają wśród nich Danię, Estonię i Hiszpanię.",
            {"DNK", "EST", "ESP"},
        ),
        (
            "Plusieurs pays sont prêts à envoyer des soldats, parmi lesquels la Belgique et "
            "la Suède.",
            {"BEL", "SWE"},
        ),
        (
            "Acht Staaten sind bereit, Soldaten zu schicken, darunter Dänemark und Schweden.",
            {"DNK", "SWE"},
        ),
        ("Десять країн готові надіслати війська, серед них Данія та Естонія.", {"DNK", "EST"}),
    ],
)
def test_among_them_lists_take_the_counts_stance(
    gazetteer: Gazetteer, text: str, nations: set[str]
) -> None:
    found = _nations(gazetteer, text)
    assert {n for n, st in found.items() if st == "willing"} >= nations
    assert set(found) - {"FRA", "GBR"} == nations


def test_among_without_a_count_says_nothing(gazetteer: Gazetteer) -> None:
    text = "Die Minister trafen sich in Brüssel, darunter jene aus Dänemark und Schweden."
    assert _nations(gazetteer, text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Франція та Велика Британія готові надіслати війська навіть без мандата ООН.",
        "La France et le Royaume-Uni sont prêts à déployer des soldats même sans mandat de l'ONU.",
    ],
)
def test_a_condition_said_to_be_absent_is_no_condition(gazetteer: Gazetteer, text: str) -> None:
    assert _nations(gazetteer, text) == {"FRA": "willing", "GBR": "willing"}


def test_a_nation_after_a_cue_as_its_object_does_not_hold_it(gazetteer: Gazetteer) -> None:
    text = "La cheffe du gouvernement a insisté sur le refus d'une escalade avec la Russie."
    assert _nations(gazetteer, text) == {}


def test_german_inversion_the_subject_inside_the_cue(gazetteer: Gazetteer) -> None:
    text = (
        "Ob eine deutsche Beteiligung beim Treffen mit Macron zur Sprache komme, ließ "
        "Regierungssprecher Steffen Hebestreit offen."
    )
    assert _nations(gazetteer, text, date(2025, 3, 18)) == {"DEU": "undecided"}


def test_a_pronoun_before_a_later_nation_keeps_the_last_subject(gazetteer: Gazetteer) -> None:
    text = (
        "Bundeskanzler Friedrich Merz wurde im ZDF gefragt. Auf die Frage wich er aus und "
        "verwies auf Kanadier und Australier in der Koalition."
    )
    assert _nations(gazetteer, text, date(2025, 12, 16)) == {"DEU": "undecided"}


def test_his_country_is_not_a_count(gazetteer: Gazetteer) -> None:
    text = (
        "Премьер-министр Венгрии Виктор Орбан заявил, что его страна не будет "
        "присоединяться к коалиции желающих."
    )
    assert _nations(gazetteer, text, date(2025, 10, 23)) == {"HUN": "opposed"}


def test_a_comma_list_of_people(gazetteer: Gazetteer) -> None:
    text = "Эмманюэль Макрон, Кир Стармер и Владимир Зеленский подписали декларацию."
    assert _nations(gazetteer, text, date(2026, 1, 6)) == {"FRA": "willing", "GBR": "willing"}


def test_a_named_leading_role_outweighs_readiness(gazetteer: Gazetteer) -> None:
    text = (
        "Wielka Brytania stoi na czele koalicji chętnych. Wielka Brytania jest gotowa wysłać "
        "żołnierzy. Brytyjczycy są gotowi, a Londyn zadeklarował gotowość."
    )
    assert _nations(gazetteer, text) == {"GBR": "lead"}


@pytest.mark.parametrize(
    ("text", "expected", "day"),
    [
        (
            "La Croatie, la Roumanie et la Grèce ont refusé de fournir des troupes.",
            {"HRV": "skeptical", "ROU": "skeptical", "GRC": "skeptical"},
            DAY,
        ),
        (
            "Kroatien und Rumänien lehnten es ab, Truppen bereitzustellen.",
            {"HRV": "skeptical", "ROU": "skeptical"},
            DAY,
        ),
        (
            "Putin lehnt die Stationierung ausländischer Truppen in der Ukraine ab.",
            {"RUS": "opposed"},
            DAY,
        ),
        (
            "Meloni ha ribadito il no dell'Italia all'invio di soldati in Ucraina.",
            {"ITA": "skeptical"},
            DAY,
        ),
        (
            "Трамп виключив розміщення американських військ в Україні.",
            {"USA": "skeptical"},
            DAY,
        ),
        (
            "Трамп не виключив розміщення американських військ в Україні.",
            {"USA": "undecided"},
            DAY,
        ),
        ("Washington hésite encore à s'engager.", {"USA": "undecided"}, DAY),
        (
            "Estados Unidos no tendrá tropas sobre el terreno en Ucrania.",
            {"USA": "skeptical"},
            DAY,
        ),
    ],
)
def test_refusal_and_hesitation_families(
    gazetteer: Gazetteer, text: str, expected: dict[str, str], day: date
) -> None:
    assert _nations(gazetteer, text, day) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le sommet s'est tenu à Paris en présence de représentants du Canada et du Japon.",
        "Der Gipfel fand in London statt; Vertreter aus Kanada und Japan nahmen teil.",
        "W spotkaniu uczestniczyli przedstawiciele Kanady i Japonii.",
        "У зустрічі взяли участь представники Канади та Японії.",
        "Merz telefonierte am Montag mit Starmer und Macron.",
        "Zełenski rozmawiał z Macronem o gwarancjach.",
        "Зеленський провів розмову з Мерцом та Стармером.",
    ],
)
def test_nations_only_attending_or_met_get_no_stance(gazetteer: Gazetteer, text: str) -> None:
    assert _nations(gazetteer, text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Parmi les pays prêts à envoyer des troupes figurent la Belgique, l'Estonie et la "
        "Lituanie.",
        "Zu den Staaten, die Soldaten schicken wollen, gehören Belgien, Estland und Litauen.",
        "Gotowość wysłania wojsk zgłosiły m.in. Belgia, Estonia i Litwa.",
        "Готовність направити війська висловили, зокрема, Бельгія, Естонія та Литва.",
    ],
)
def test_participant_lists_after_the_cue(gazetteer: Gazetteer, text: str) -> None:
    assert _nations(gazetteer, text) == {"BEL": "willing", "EST": "willing", "LTU": "willing"}


def test_an_abbreviation_ends_no_sentence(gazetteer: Gazetteer) -> None:
    from muster.ingest.multilingual import sentences

    article = Article(("Zgłosiły to m.in. Belgia i Estonia. Potem Litwa.",), DAY, name="t")
    assert [s.text for s in sentences(article)] == [
        "Zgłosiły to m.in. Belgia i Estonia.",
        "Potem Litwa.",
    ]


def test_a_mention_merged_across_a_cue_is_its_subject(gazetteer: Gazetteer) -> None:
    text = "Premier Tusk wykluczył wysłanie polskich żołnierzy na Ukrainę."
    assert _nations(gazetteer, text) == {"POL": "skeptical"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("España no descarta enviar tropas si hay un alto el fuego.", {"ESP": "undecided"}),
        ("Italia non ha escluso l'invio di soldati.", {"ITA": "undecided"}),
        ("Il governo italiano ha escluso l'invio di soldati.", {"ITA": "skeptical"}),
        ("Merz schloss einen Einsatz deutscher Soldaten nicht aus.", {"DEU": "undecided"}),
        ("Merz schloss einen Einsatz deutscher Soldaten aus.", {"DEU": "skeptical"}),
        ("Polska nie wyklucza udziału w misji.", {"POL": "undecided"}),
        (
            "Rumunia i Bułgaria na razie nie podjęły decyzji.",
            {"ROU": "undecided", "BGR": "undecided"},
        ),
    ],
)
def test_not_ruling_out_is_not_ruling_out(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    """The longest cue wins an overlap, so "no descarta enviar" is not read as "descarta
    enviar"; each language's pattern list is tried longest first."""
    assert _nations(gazetteer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Alors que la France se dit prête à envoyer des troupes, l'Italie refuse.",
        "Während Frankreich bereit ist, Soldaten zu schicken, lehnt Italien eine Beteiligung ab.",
        "Podczas gdy Francja jest gotowa wysłać żołnierzy, Włochy odmawiają.",
        "Якщо Франція готова надіслати війська, то Італія відмовляється.",
    ],
)
def test_two_nations_two_stances_in_one_sentence(gazetteer: Gazetteer, text: str) -> None:
    """A bare refusal closing a clause is its subject's; German inversion puts the subject
    ("lehnt Italien … ab") inside the cue."""
    assert _nations(gazetteer, text) == {"FRA": "willing", "ITA": "skeptical"}


# Round 5 (news_lang_dev4's error classes): groups of nations, "these countries", a country
# named as the place of a deployment, and the cue families that recurred across languages.


@pytest.mark.parametrize(
    "text",
    [
        "Die baltischen Staaten sind bereit, Soldaten zu entsenden.",
        "Les pays baltes sont prêts à envoyer des soldats.",
        "I paesi baltici sono pronti a inviare soldati.",
        "Kraje bałtyckie są gotowe wysłać żołnierzy.",
        "Країни Балтії готові направити військових.",
    ],
)
def test_a_group_is_each_of_its_nations(gazetteer: Gazetteer, text: str) -> None:
    assert _nations(gazetteer, text) == {"EST": "willing", "LVA": "willing", "LTU": "willing"}


@pytest.mark.parametrize(
    "text",
    [
        "Alla domanda su Spagna e Portogallo, Macron ha detto che questi Paesi hanno "
        "confermato il loro contributo.",
        "Auf Spanien und Portugal angesprochen, sagte Macron, diese Länder seien bereit, "
        "Soldaten zu schicken.",
        "Interrogé sur l'Espagne et le Portugal, Macron a répondu que ces pays étaient prêts "
        "à envoyer des soldats.",
    ],
)
def test_these_countries_are_the_ones_listed(gazetteer: Gazetteer, text: str) -> None:
    """ "questi Paesi" points back to the list, not to the speaker, and is no count (so the
    speaker does not lead)."""
    assert _nations(gazetteer, text) == {"ESP": "willing", "PRT": "willing"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Der Kreml hat eine Stationierung westlicher Soldaten in Polen als inakzeptabel "
            "bezeichnet.",
            {"RUS": "opposed"},
        ),
        (
            "Le Kremlin a jugé la présence de soldats étrangers en Pologne inacceptable.",
            {"RUS": "opposed"},
        ),
    ],
)
def test_a_place_of_deployment_does_not_hold_the_cue(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert _nations(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # initiative, invitation, driving force → lead
        (
            "Il vertice è stato convocato su iniziativa della Francia.",
            {"FRA": "lead"},
        ),
        (
            "Das Treffen wurde von Frankreich und Großbritannien initiiert.",
            {"FRA": "lead", "GBR": "lead"},
        ),
        (
            "La rencontre a été organisée à l'initiative de la Norvège.",
            {"NOR": "lead"},
        ),
        ("Finlandia i Szwecja są siłą napędową tej inicjatywy.", {"FIN": "lead", "SWE": "lead"}),
        # intention, support of a deployment, could supply → willing
        (
            "Le Danemark a exprimé sa volonté de participer à la force.",
            {"DNK": "willing"},
        ),
        ("Norwegia popiera wysłanie wojsk na Ukrainę.", {"NOR": "willing"}),
        ("Noorwegen heeft laten weten dat het troepen kan leveren.", {"NOR": "willing"}),
        # not yet, no commitment, depends on → undecided
        (
            "Portugal wil nog helemaal niets toezeggen over een bijdrage.",
            {"PRT": "undecided"},
        ),
        (
            "Il Portogallo non ha ancora confermato l'invio di soldati.",
            {"PRT": "undecided"},
        ),
        ("У Норвегії не відкидають можливості відправки військових.", {"NOR": "undecided"}),
        ("Norwegen schließt nicht aus, Soldaten in die Ukraine zu schicken.", {"NOR": "undecided"}),
        (
            "Belgien und Norwegen überlegen, Friedenstruppen in die Ukraine zu entsenden.",
            {"BEL": "undecided", "NOR": "undecided"},
        ),
        # premature, no soldier will go, not planning to → skeptical
        (
            "Dania uznała rozmowę o wysłaniu wojsk za przedwczesną.",
            {"DNK": "skeptical"},
        ),
        ("Slowakije is niet van plan troepen te sturen.", {"SVK": "skeptical"}),
        # unacceptable, rejects → opposed
        ("Rusland wijst elke westerse troepenmacht af.", {"RUS": "opposed"}),
    ],
)
def test_recurring_cue_families(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert _nations(gazetteer, text) == expected
