"""Convention h (docs/ingest.md): the signatories of a joint statement or declaration that backs
the force or its guarantees are `willing`, each state of the list; attendees, signatories of a
text about something else, and states that did not sign are not. Sentences written for the
test (not dev passages), in English and the eight languages."""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Article, Gazetteer, ingest_article

DAY = date(2025, 12, 16)


def _signed(gaz: Gazetteer, text: str) -> dict[str, str]:
    """The nations proposed from a list of signatories, with their stances."""
    article = Article(tuple(p for p in text.split("\n\n") if p.strip()), DAY, name="t")
    return {
        p.nation: p.stance.value
        for p in ingest_article(article, gaz).proposals
        if any(c.endswith("signatory") for c in p.cues)
    }


IBERIA_BENELUX = {"ESP": "willing", "BEL": "willing", "PRT": "willing"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the list after "on behalf of the leaders of", the force in the next sentence
        (
            "In a joint statement issued on behalf of the leaders of Spain, Belgium, Portugal "
            "and Estonia, the leaders set out a framework for lasting peace. The proposed "
            "multinational force would help secure Ukraine's skies.",
            {**IBERIA_BENELUX, "EST": "willing"},
        ),
        # "the signatories included" after the declaration's sentence, leaders between names
        (
            "A joint declaration in Brussels proposed a reassurance force for Ukraine. The "
            "signatories included the leaders of Latvia, Lithuania and Croatia.",
            {"LVA": "willing", "LTU": "willing", "HRV": "willing"},
        ),
        # a signing verb after its list: "... signed it"
        (
            "The final declaration says a European-led force should help secure Ukraine's "
            "seas. Leaders from Spain, Belgium and Portugal signed it.",
            IBERIA_BENELUX,
        ),
        # "signed by" with security guarantees as the text's content
        (
            "The joint declaration on security guarantees for Ukraine was signed by Spain, "
            "Belgium and Portugal.",
            IBERIA_BENELUX,
        ),
    ],
)
def test_english_signatories_are_willing(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert _signed(gazetteer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # attending a summit is no signature
        "The summit was attended by the leaders of Spain, Belgium and Portugal, who discussed "
        "a multinational force for Ukraine.",
        # a joint statement about something else
        "In a joint statement signed by Spain, Belgium and Portugal, the leaders called for "
        "new sanctions on Russian oil.",
        # not signing; a force backed by a state is no signature of that state
        "The United States did not sign the joint declaration on a multinational force.",
        "The joint declaration proposed a multinational force backed by the United States.",
        # a venue is no signatory
        "The joint declaration on a multinational force was adopted by leaders in Paris.",
        # a spokesman's statement is no joint text
        "A statement issued by Spain said its troops would not be sent to Ukraine.",
    ],
)
def test_english_lists_that_sign_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert _signed(gazetteer, text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Die gemeinsame Erklärung sieht eine multinationale Truppe für die Ukraine vor. "
        "Unterzeichnet wurde sie von den Regierungschefs Spaniens, Belgiens und Portugals.",
        "Dans une déclaration commune, les dirigeants soutiennent une force multinationale en "
        "Ukraine. La déclaration est signée par l'Espagne, la Belgique et le Portugal.",
        "Wspólna deklaracja przewiduje rozmieszczenie sił wielonarodowych na Ukrainie. "
        "Deklaracja została podpisana przez przywódców Hiszpanii, Belgii i Portugalii.",
        "Спільну заяву про гарантії безпеки для України підписали лідери Іспанії, Бельгії та "
        "Португалії.",
        "Совместное заявление о гарантиях безопасности для Украины подписали лидеры Испании, "
        "Бельгии и Португалии.",
        "La dichiarazione congiunta, firmata da Spagna, Belgio e Portogallo, sostiene una forza "
        "multinazionale in Ucraina.",
        "La declaración conjunta, firmada por España, Bélgica y Portugal, respalda una fuerza "
        "multinacional en Ucrania.",
        "De gezamenlijke verklaring over een multinationale macht voor Oekraïne werd "
        "ondertekend door Spanje, België en Portugal.",
    ],
)
def test_signatories_in_eight_languages(gazetteer: Gazetteer, text: str) -> None:
    assert _signed(gazetteer, text) == IBERIA_BENELUX


@pytest.mark.parametrize(
    "text",
    [
        # attendees of a summit
        "An dem Gipfel nahmen die Regierungschefs Spaniens, Belgiens und Portugals teil, um "
        "über eine multinationale Truppe zu sprechen.",
        # a declaration about sanctions
        "La déclaration commune, signée par l'Espagne, la Belgique et le Portugal, appelle à de "
        "nouvelles sanctions contre le pétrole russe.",
        # talks, no signature
        "Лидеры Испании, Бельгии и Португалии обсудили в Берлине многонациональные силы.",
        "La dichiarazione congiunta sulle sanzioni è stata firmata da Spagna, Belgio e Portogallo.",
        # a venue after the marker
        "La déclaration commune sur une force multinationale a été signée par les dirigeants "
        "à Paris.",
    ],
)
def test_other_languages_lists_that_sign_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert _signed(gazetteer, text) == {}


# Review of round 7 (B1-B7): texts against the force, a neighbouring sentence on another
# topic, a second list with its own verb, "X-ed by" attached to the force, "on behalf of" away
# from the text, a negated signing verb. None of these signs.
@pytest.mark.parametrize(
    "text",
    [
        # B1: a declaration against the force
        "A declaration issued by Moscow warned that a multinational force would escalate the war.",
        "The joint declaration signed by Russia and Belarus warned that a multinational force "
        "would escalate the war.",
        "Совместное заявление, подписанное лидерами России и Белоруссии, осуждает "
        "многонациональные силы на Украине.",
        "Спільну заяву, підписану лідерами Росії та Білорусі, засуджує багатонаціональні сили "
        "в Україні.",
        "La déclaration commune signée par la Russie et la Biélorussie condamne la force "
        "multinationale en Ukraine.",
        "Wspólna deklaracja podpisana przez Rosję i Białoruś potępia wielonarodowe siły na "
        "Ukrainie.",
        "De gezamenlijke verklaring, ondertekend door Rusland en Wit-Rusland, veroordeelt de "
        "multinationale troepenmacht in Oekraïne.",
        # B2: the joint text is on sanctions; the force is another sentence's topic
        "In a joint statement signed by Spain, Belgium and Portugal, the leaders called for "
        "sanctions. Russia rejected any multinational force.",
        "In einer gemeinsamen Erklärung, unterzeichnet von Spanien, Belgien und Portugal, "
        "forderten die Staats- und Regierungschefs Sanktionen. Russland lehnte jede "
        "multinationale Truppe ab.",
        "Dans une déclaration commune signée par l'Espagne, la Belgique et le Portugal, les "
        "dirigeants ont appelé à des sanctions. La Russie rejette toute force multinationale.",
        # B4: "X-ed by" attached to the force, or one state's declaration
        "The declaration said a multinational force, endorsed by the United States, would deploy.",
        "A multinational force would deploy in spring, according to a declaration issued by "
        "the White House.",
        # B5: "on behalf of" away from the text
        "Macron spoke on behalf of France at the summit where a declaration on the "
        "multinational force was discussed.",
        # B6: a negated signing verb after the list
        "La dichiarazione congiunta sostiene una forza multinazionale in Ucraina. Ungheria e "
        "Slovacchia non l'hanno firmata.",
        "La declaración conjunta respalda una fuerza multinacional en Ucrania. Hungría y "
        "Eslovaquia no la firmaron.",
        "Die gemeinsame Erklärung sieht eine multinationale Truppe für die Ukraine vor. "
        "Ungarn und die Slowakei haben sie nicht unterzeichnet.",
        # not signing, said after the text or of the list
        "The joint declaration on the multinational force was not signed by Hungary.",
        "The final declaration backs a multinational force for Ukraine. Hungary and Slovakia "
        "never signed it.",
    ],
)
def test_review_lists_that_sign_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert _signed(gazetteer, text) == {}


def test_a_second_list_with_its_own_verb_signs_nothing(gazetteer: Gazetteer) -> None:
    # B3: ", and the leaders of Russia and Belarus denounced it" is not part of the list
    text = (
        "The joint declaration on the multinational force was signed by France and Germany, "
        "and the leaders of Russia and Belarus denounced it."
    )
    assert _signed(gazetteer, text) == {"FRA": "willing", "DEU": "willing"}


def test_a_leader_and_the_leaders_of_three_states_sign(gazetteer: Gazetteer) -> None:
    text = (
        "Merz and the leaders of France, the UK and Poland signed the joint declaration on the "
        "multinational force."
    )
    expected = {"DEU": "willing", "FRA": "willing", "GBR": "willing", "POL": "willing"}
    assert _signed(gazetteer, text) == expected


def test_the_text_backs_the_force_in_the_next_sentence_that_speaks_of_it(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "In a joint statement signed by Spain, Belgium and Portugal, the leaders met in "
        "Madrid. The statement backs a multinational force for Ukraine."
    )
    assert _signed(gazetteer, text) == IBERIA_BENELUX


def test_joining_a_coalition_is_not_ruling_out(gazetteer: Gazetteer) -> None:
    # B7: "sluit zich aan bij ... uit Europa" joins; it rules nothing out
    article = Article(
        (
            "België sluit zich aan bij de coalitie van landen uit Europa die troepen naar "
            "Oekraïne willen sturen.",
        ),
        DAY,
        name="t",
    )
    got = dict(ingest_article(article, gazetteer).nations)
    assert got.get("BEL") not in ("skeptical", "opposed")


# Round 7, article-level (sigart7): the article's joint texts are found once; a list that
# speaks of a text backing the force signs it however far after it, and "a statement by
# leaders from X, Y" or "A statement issued by 10 leaders" names a text of its own.
_FILLER = (
    " The talks lasted well into the night. Officials described the mood as constructive. "
    "Further meetings are planned for the spring."
)


@pytest.mark.parametrize(
    "text",
    [
        # the force in the text's sentence, the list five sentences later
        "A statement issued by 10 European leaders said a multinational force should help "
        "secure Ukraine's skies." + _FILLER + " The statement was also signed by the leaders "
        "of Spain, Belgium and Portugal.",
        # "a joint statement by leaders from", the force three sentences later in a sentence
        # that speaks of the statement
        "The talks produced a joint statement by leaders from Spain, Belgium and Portugal."
        + _FILLER
        + " The statement backs a multinational force for Ukraine.",
        # Spanish: fronted object, members as a title with a nationality adjective
        "Los líderes emitieron una declaración conjunta que respalda una fuerza multinacional "
        "en Ucrania.\n\nLas conversaciones se prolongaron hasta la noche. Los funcionarios "
        "hablaron de un ambiente constructivo.\n\nEl texto lo firmaron el presidente del "
        "Gobierno español, el primer ministro belga y el primer ministro portugués.",
        # Italian: "firmata tra gli altri da", the force two paragraphs later
        "I leader hanno pubblicato una dichiarazione congiunta, firmata tra gli altri dalla "
        "Spagna, dal Belgio e dal Portogallo.\n\nI colloqui sono durati fino a tarda notte. "
        "Altri incontri sono previsti in primavera.\n\nIl testo sostiene una forza "
        "multinazionale in Ucraina.",
        # German: the list paragraphs after the text
        "Die gemeinsame Erklärung sieht eine multinationale Truppe für die Ukraine vor.\n\n"
        "Die Gespräche dauerten bis in die Nacht. Weitere Treffen sind im Frühjahr geplant.\n\n"
        "Die Erklärung wurde unterzeichnet von Spanien, Belgien und Portugal.",
        # French: the list paragraphs after the text
        "Dans une déclaration commune, les dirigeants soutiennent une force multinationale en "
        "Ukraine.\n\nLes discussions ont duré jusque tard dans la nuit. D'autres réunions sont "
        "prévues au printemps.\n\nLa déclaration a été signée par l'Espagne, la Belgique et le "
        "Portugal.",
    ],
)
def test_a_later_list_signs_the_text_however_far(gazetteer: Gazetteer, text: str) -> None:
    assert _signed(gazetteer, text) == IBERIA_BENELUX


@pytest.mark.parametrize(
    "text",
    [
        # the text warns of the force: its later list signs nothing
        "A joint declaration warned that a multinational force in Ukraine would be dangerous."
        + _FILLER
        + " The declaration was signed by Spain, Belgium and Portugal.",
        # a text on sanctions, the force elsewhere: its list signs nothing
        "A multinational force was discussed separately. A joint statement on new sanctions "
        "against Russian oil was agreed." + _FILLER + " The statement was signed by the "
        "leaders of Spain, Belgium and Portugal.",
        # a later list that did not sign
        "The joint declaration backs a multinational force for Ukraine." + _FILLER + " The "
        "declaration was not signed by Spain, Belgium or Portugal.",
        # a later list of attendees
        "The joint declaration backs a multinational force for Ukraine." + _FILLER + " The "
        "summit was attended by the leaders of Spain, Belgium and Portugal.",
        # a second text, against the force, before the list that speaks of it
        "The joint declaration backs a multinational force for Ukraine." + _FILLER + " A "
        "declaration issued by Moscow condemned it. The declaration was signed by the leaders "
        "of Spain, Belgium and Portugal.",
        # Spanish: the text rejects the force
        "Los líderes emitieron una declaración conjunta que rechaza una fuerza multinacional "
        "en Ucrania.\n\nLas conversaciones se prolongaron hasta la noche.\n\nEl texto lo "
        "firmaron España, Bélgica y Portugal.",
        # Italian: a text on sanctions
        "I leader hanno pubblicato una dichiarazione congiunta sulle sanzioni, firmata tra gli "
        "altri da Spagna, Belgio e Portogallo.\n\nI colloqui sono durati fino a tarda notte.",
        # the force named just before a list that speaks of a text on sanctions
        "A joint statement on new sanctions against Russian oil was agreed." + _FILLER + " A "
        "multinational force was discussed separately. The statement was signed by the "
        "leaders of Spain, Belgium and Portugal.",
        "La dichiarazione congiunta chiede nuove sanzioni sul petrolio russo.\n\nI colloqui "
        "sono durati fino a tarda notte. Si è parlato anche di una forza multinazionale in "
        "Ucraina. La dichiarazione è stata firmata da Spagna, Belgio e Portogallo.",
        # German: not signed
        "Die gemeinsame Erklärung sieht eine multinationale Truppe für die Ukraine vor.\n\n"
        "Die Gespräche dauerten bis in die Nacht.\n\nDie Erklärung wurde nicht unterzeichnet "
        "von Spanien, Belgien und Portugal.",
        # French: a text on sanctions
        "La déclaration commune appelle à de nouvelles sanctions contre le pétrole russe.\n\n"
        "Les discussions ont duré jusque tard dans la nuit.\n\nLa déclaration a été signée par "
        "l'Espagne, la Belgique et le Portugal.",
    ],
)
def test_a_later_list_of_a_text_that_backs_nothing_signs_nothing(
    gazetteer: Gazetteer, text: str
) -> None:
    assert _signed(gazetteer, text) == {}
