"""The fallback labeller in the languages other than English (multilingual_fallback.py)."""

from __future__ import annotations

from datetime import date

import pytest

from muster.domain import Stance
from muster.ingest import Article, Gazetteer, ingest_article
from muster.ingest.fallback import FAMILIES, family_hits
from muster.ingest.languages import LANGUAGES, load, plain
from muster.ingest.model import FallbackModel
from muster.ingest.multilingual import sentences
from muster.ingest.multilingual_fallback import THRESHOLD, guesses

DAY = date(2025, 9, 5)

# per language: a sentence, and families its words must fire (force, send, ready, neg, ...)
FIRING = {
    "fr": (
        "La France n'est pas prête à envoyer des troupes, a déclaré le ministre.",
        {"neg", "ready", "send", "force", "speech"},
    ),
    "de": (
        "Deutschland ist nicht bereit, Soldaten zu entsenden, sagte der Kanzler.",
        {"neg", "ready", "force", "send", "speech"},
    ),
    "pl": (
        "Polska nie jest gotowa wysłać żołnierzy na Ukrainę, powiedział premier.",
        {"neg", "ready", "send", "force", "speech"},
    ),
    "uk": (
        "Польща не готова направити військових, заявив прем'єр.",
        {"neg", "ready", "send", "force", "speech"},
    ),
    "ru": (
        "Польша не готова направить войска, заявил премьер.",
        {"neg", "ready", "send", "force", "speech"},
    ),
    "it": (
        "L'Italia non è pronta a inviare truppe, ha detto la premier.",
        {"neg", "ready", "send", "force", "speech"},
    ),
    "es": (
        "España no está dispuesta a enviar tropas, dijo el presidente.",
        {"neg", "ready", "send", "force", "speech"},
    ),
    "nl": (
        "Nederland is niet bereid troepen te sturen, zei de premier.",
        {"neg", "ready", "force", "send", "speech"},
    ),
}


def _article(text: str) -> Article:
    return Article((text,), DAY, name="test")


def test_every_language_gives_every_family() -> None:
    assert set(FIRING) == set(LANGUAGES)
    for code in LANGUAGES:
        assert set(load(code).families) == set(FAMILIES), code


@pytest.mark.parametrize("lang", sorted(FIRING))
def test_the_families_fire_in_each_language(lang: str) -> None:
    text, expected = FIRING[lang]
    fired = {name for _, name in family_hits(plain(text), load(lang).families)}
    assert expected <= fired
    # a sentence of no family's words fires none
    assert family_hits(plain("123 456"), load(lang).families) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "fr",
            "La Belgique va déployer des soldats en Ukraine dans le cadre de la coalition, "
            "a déclaré le ministre.",
        ),
        ("uk", "Бельгія направить військових в Україну у складі коаліції."),
    ],
)
def test_a_nation_only_the_fallback_reads_is_proposed_as_a_guess(
    gazetteer: Gazetteer, lang: str, text: str
) -> None:
    article = _article(text)
    ss = sentences(article)
    # the model on its own, whatever the reader's cues give: Belgium sends soldiers
    guessed = guesses(article, gazetteer, lang, frozenset(), ss, [], FallbackModel.default())
    assert guessed["BEL"].found.cue == "fallback"
    assert guessed["BEL"].found.stance is Stance.WILLING
    # through the pipeline: a low-confidence proposal carrying the cue "fallback"
    proposals = {p.nation: p for p in ingest_article(article, gazetteer, language=lang).proposals}
    assert proposals["BEL"].cues == ("fallback",)
    assert proposals["BEL"].confidence < 0.4
    cues_alone = ingest_article(article, gazetteer, language=lang, fallback=False).proposals
    assert "BEL" not in {p.nation for p in cues_alone}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "fr",
            "Le sommet de la coalition s'est tenu en Belgique, où les dirigeants ont parlé "
            "des troupes à envoyer en Ukraine.",
        ),
        (
            "de",
            "Das Treffen der Koalition fand in Belgien statt, wo über die Entsendung von "
            "Truppen gesprochen wurde.",
        ),
    ],
)
def test_a_venue_is_not_proposed(gazetteer: Gazetteer, lang: str, text: str) -> None:
    article = _article(text)
    ss = sentences(article)
    model = FallbackModel.default()
    # even at any threshold: a place the meeting was held is not a subject holding a stance
    assert "BEL" not in guesses(article, gazetteer, lang, frozenset(), ss, [], model, 0.0)
    assert "BEL" not in {p.nation for p in ingest_article(article, gazetteer).proposals}


def test_the_threshold_is_the_models_unless_shipped(gazetteer: Gazetteer) -> None:
    article = _article("La Belgique va déployer des soldats en Ukraine, a déclaré le ministre.")
    ss = sentences(article)
    shipped = FallbackModel.default()
    assert 0 < THRESHOLD < shipped.threshold
    strict = FallbackModel(shipped.label, shipped.stance, 1.0)
    assert guesses(article, gazetteer, "fr", frozenset(), ss, [], strict) == {}
    assert "BEL" in guesses(article, gazetteer, "fr", frozenset(), ss, [], shipped)


def test_the_shipped_guess_stance_model_is_what_training_on_the_multilingual_sets_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`lang_stance_model.json` is reproducible from the sets it names (no hand edits, no stale
    copy after a relabel): retrained by `scripts/lang_fallback_stance.py`, weights agree."""
    import importlib.util
    import json
    import sys
    from importlib import resources
    from pathlib import Path

    from muster.ingest.multilingual_fallback import stance_model

    path = Path(__file__).resolve().parents[2] / "scripts" / "lang_fallback_stance.py"
    spec = importlib.util.spec_from_file_location("lang_fallback_stance", path)
    assert spec
    assert spec.loader
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, script)  # its dataclasses look themselves up
    spec.loader.exec_module(script)
    doc = json.loads(
        resources.files("muster.ingest").joinpath("lang_stance_model.json").read_text("utf-8")
    )
    assert doc["trained_on"] == script.SETS
    shipped = stance_model()
    model = script.fit(script.examples(), doc["l2"])
    assert model.classes == shipped.classes
    assert model.bias == pytest.approx(shipped.bias, abs=2e-3)
    assert model.weights.keys() == shipped.weights.keys()
    for feature, w in shipped.weights.items():
        assert model.weights[feature] == pytest.approx(w, abs=2e-3), feature
