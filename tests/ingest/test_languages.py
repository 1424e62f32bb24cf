"""Articles in the coalition's languages: detection, names, inflections, cues, evaluation."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from typer.testing import CliRunner

from muster.cli import app
from muster.domain import Stance
from muster.ingest import Article, Gazetteer, ingest_article, read_article
from muster.ingest.detect import SUPPORTED, UnsupportedLanguage, detect, language_of
from muster.ingest.evaluate import evaluate, parse_labels
from muster.ingest.languages import LANGUAGES, load, sharp_s
from muster.ingest.multilingual import nations_named
from muster.ingest.translit import skeleton, to_cyrillic, to_latin
from tests.ingest.conftest import LANG_DEV

runner = CliRunner()
DAY = date(2025, 9, 5)


def _article(text: str, day: date = DAY) -> Article:
    return Article(tuple(p for p in text.split("\n\n") if p.strip()), day, name="test")


def _dev_articles() -> list[tuple[str, Path]]:
    return [(d.name, p) for d in sorted(LANG_DEV.iterdir()) for p in sorted(d.glob("*.txt"))]


def test_every_language_has_data_and_a_dev_subset() -> None:
    assert set(LANGUAGES) == set(SUPPORTED) - {"en"}
    assert {d.name for d in LANG_DEV.iterdir() if d.is_dir()} == set(LANGUAGES)
    for code in LANGUAGES:
        data = load(code)
        assert {c.stance for c in data.cues} == set(Stance), code


@pytest.mark.parametrize(("lang", "path"), _dev_articles(), ids=lambda x: str(x)[-30:])
def test_detects_the_labelled_language(lang: str, path: Path) -> None:
    assert detect(path.read_text("utf-8")) == lang


def test_an_unsupported_language_is_refused_by_name(gazetteer: Gazetteer) -> None:
    text = (
        "O primeiro-ministro português disse que Portugal está disponível para enviar "
        "militares para a Ucrânia depois de um cessar-fogo, mas apenas com garantias."
    )
    with pytest.raises(UnsupportedLanguage) as e:
        ingest_article(_article(text), gazetteer)
    message = str(e.value)
    assert "language pt is not supported; supported:" in message
    for code in SUPPORTED:
        assert code in message
    with pytest.raises(UnsupportedLanguage, match="language xx is not supported"):
        language_of("Some English text about troops.", "xx")


def test_the_language_override_wins_over_detection(gazetteer: Gazetteer) -> None:
    text = "Polska nie wyśle swoich żołnierzy na Ukrainę, powiedział premier."
    assert language_of(text) == "pl"
    read_as_pl = ingest_article(_article(text), gazetteer)
    read_as_en = ingest_article(_article(text), gazetteer, language="en")
    assert "read as pl" in read_as_pl.flags
    assert "read as pl" not in read_as_en.flags
    assert read_as_pl.nations == {"POL": "skeptical"}


def _iso2(nation: str) -> str:
    return {"DEU": "DE", "FRA": "FR", "POL": "PL", "GBR": "GB", "ITA": "IT", "ESP": "ES"}[nation]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("nation", ["DEU", "FRA", "POL", "GBR", "ITA", "ESP"])
def test_cldr_names_are_found_in_each_language(
    gazetteer: Gazetteer, lang: str, nation: str
) -> None:
    name = Locale(lang).territories[_iso2(nation)]  # the expectation comes from CLDR
    found = list(nations_named(_article(f"{name}."), gazetteer, lang))
    assert found == [nation]


@pytest.mark.parametrize(
    ("lang", "text", "nation"),
    [
        ("pl", "Żołnierze z Niemiec.", "DEU"),
        ("pl", "Rozmowy w Niemczech.", "DEU"),
        ("pl", "Stanowisko Wielkiej Brytanii.", "GBR"),
        ("pl", "Minister z Francji.", "FRA"),
        ("uk", "Позиція Німеччини.", "DEU"),
        ("uk", "Разом із Німеччиною.", "DEU"),
        ("uk", "Прем'єр-міністр Великої Британії.", "GBR"),
        ("ru", "Позиция Германии.", "DEU"),
        ("ru", "Вместе с Германией.", "DEU"),
        ("ru", "Глава МИД Венгрии.", "HUN"),
        ("de", "Die deutschen Soldaten.", "DEU"),
        ("fr", "Les soldats allemands.", "DEU"),
        ("fr", "Selon l'Élysée.", "FRA"),
        ("ru", "В Кремле ответили.", "RUS"),
        ("uk", "У Кремлі відповіли.", "RUS"),
        ("it", "Secondo il Cremlino.", "RUS"),
    ],
)
def test_inflected_forms_and_metonyms(
    gazetteer: Gazetteer, lang: str, text: str, nation: str
) -> None:
    assert nation in set(nations_named(_article(text), gazetteer, lang))


def test_transliteration_both_ways() -> None:
    for cyrillic, latin in [
        ("Зеленський", "Zelensky"),
        ("Зеленский", "Zelenskyy"),
        ("Мерц", "Merz"),
        ("Макрон", "Macron"),
        ("Стармер", "Starmer"),
        ("Навроцкий", "Nawrocki"),
    ]:
        assert skeleton(cyrillic) == skeleton(latin), (cyrillic, latin)
    assert skeleton("Мерц") != skeleton("Макрон")
    assert to_latin("Зеленський") == "Zelenskyy"  # the national system's spelling
    assert to_cyrillic("Merz") == "Мерц"
    assert skeleton(to_cyrillic("Starmer")) == skeleton("Starmer")


def test_inflected_cyrillic_names_find_their_actor(gazetteer: Gazetteer) -> None:
    day = date(2025, 9, 5)
    for lang, text in [("ru", "Позиция Мерца."), ("uk", "Заява Мерца."), ("pl", "Słowa Merza.")]:
        assert list(nations_named(_article(text, day), gazetteer, lang)) == ["DEU"], lang


@pytest.mark.parametrize(
    ("text", "nation", "stance"),
    [
        ("La Pologne n'enverra pas de soldats en Ukraine, a dit le ministre.", "POL", "skeptical"),
        (
            "Frankreich ist bereit, nach einem Waffenstillstand Soldaten zu entsenden.",
            "FRA",
            "willing",
        ),
        ("Premier Tusk powiedział, że Polska nie wyśle żołnierzy na Ukrainę.", "POL", "skeptical"),
        ("Кремль назвав розміщення іноземних військ в Україні неприйнятним.", "RUS", "opposed"),
        ("Германия не исключает участия в миротворческой миссии на Украине.", "DEU", "undecided"),
        ("La coalizione è guidata dal Regno Unito e dalla Francia.", "GBR", "lead"),
        (
            "España participará solo si hay garantías de Estados Unidos para la misión.",
            "ESP",
            "conditional",
        ),
        ("Nederland is bereid militairen te sturen na een bestand.", "NLD", "willing"),
    ],
)
def test_a_short_sentence_per_language(
    gazetteer: Gazetteer, text: str, nation: str, stance: str
) -> None:
    result = ingest_article(_article(text), gazetteer)
    assert result.nations.get(nation) == stance, result.nations


def test_negation_turns_readiness_round(gazetteer: Gazetteer) -> None:
    ready = ingest_article(_article("Polska jest gotowa wysłać żołnierzy."), gazetteer)
    not_ready = ingest_article(_article("Polska nie jest gotowa wysłać żołnierzy."), gazetteer)
    assert ready.nations == {"POL": "willing"}
    assert not_ready.nations == {"POL": "skeptical"}


def test_eval_ingest_reports_per_language(tmp_path: Path, gazetteer: Gazetteer) -> None:
    for lang in ("de", "pl"):
        shutil.copytree(LANG_DEV / lang, tmp_path / lang)
    done = runner.invoke(app, ["eval-ingest", str(tmp_path), "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    per = report["per_language"]
    assert set(per) == {"de", "pl"}
    for lang in ("de", "pl"):
        folder = tmp_path / lang
        gold = parse_labels(json.loads((folder / "labels.json").read_text("utf-8")), file="x")
        dates = json.loads((folder / "dates.json").read_text("utf-8"))
        results = {
            g.id: ingest_article(
                read_article(
                    (folder / f"{g.id}.txt").read_bytes(),
                    name=g.id,
                    day=date.fromisoformat(dates[g.id]),
                ),
                gazetteer,
            )
            for g in gold
        }
        alone = evaluate(gold, results).as_json()  # the same set scored on its own
        assert per[lang]["labels"] == alone["labels"]
        assert per[lang]["nation_recall"] == alone["nation_recall"]
        assert per[lang]["end_to_end_accuracy"] == alone["end_to_end_accuracy"]
    assert sum(r["labels"] for r in per.values()) == report["labels"]
    text = runner.invoke(app, ["eval-ingest", str(tmp_path)])
    assert "per language:" in text.output
    assert any(line.strip().startswith("pl ") for line in text.output.splitlines())


def test_a_bad_language_in_labels_is_named(tmp_path: Path) -> None:
    doc = [{"id": "a", "language": "French", "labels": []}]
    with pytest.raises(Exception, match="language: expected an ISO 639-1 code"):
        parse_labels(doc, file="labels.json")
    (tmp_path / "a.txt").write_text("x", "utf-8")


def test_ingest_cli_language_option(tmp_path: Path) -> None:
    env = {"MUSTER_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    article = LANG_DEV / "pl" / "k24-2025-08-19.txt"
    bad = runner.invoke(
        app,
        ["ingest", str(article), "--date", "2025-08-19", "--dry-run", "--language", "xx"],
        env=env,
    )
    assert bad.exit_code != 0
    assert "language xx is not supported; supported:" in bad.output
    good = runner.invoke(
        app, ["ingest", str(article), "--date", "2025-08-19", "--dry-run", "--json"], env=env
    )
    assert good.exit_code == 0, good.output
    gold = json.loads((LANG_DEV / "pl" / "labels.json").read_text("utf-8"))
    labelled = next(a for a in gold if a["id"] == article.stem)
    doc, _ = json.JSONDecoder().raw_decode(good.output[good.output.index("{") :])
    proposed = doc["nations"]
    assert {lab["nation"]: lab["stance"] for lab in labelled["labels"]}.items() <= proposed.items()


def test_upper_case_regex_escapes_survive_folding() -> None:
    """Patterns are folded and lower-cased as the text is, but "\\W" must not become "\\w"."""
    from muster.ingest.languages import _rx, pattern

    assert pattern(r"Élysée\W+\S\d\B") == r"elysee\W+\S\d\B"
    rx = _rx([r"non\Wpas"])
    assert rx.search("non-pas")
    assert not rx.search("nonapas")


@pytest.mark.parametrize(
    ("written", "rewritten", "reads", "misses"),
    [
        # "ss?" is "s" or "ss": "ß" is one more spelling, not an optional pair
        ("schliess?t", "schlie(?:ss?|ß)t", ("schliest", "schliesst", "schließt"), ("schliet",)),
        (
            "schliess+t",
            "schlie(?:ss+|ßs*)t",
            ("schliesst", "schliessst", "schließt"),
            ("schliest",),
        ),
        ("schliess*t", "schlie(?:ss*|ßs*)t", ("schliest", "schliesst", "schließt"), ("schliet",)),
        ("schliess??t", "schlie(?:ss??|ß)t", ("schliest", "schliesst", "schließt"), ("schliet",)),
        ("sss?", "(?:ss|ß)s?", ("ss", "sss", "ß", "ßs"), ("s",)),
        ("schliess{2}t", "schliess{2}t", ("schliessst",), ("schliesst",)),
    ],
)
def test_sharp_s_keeps_a_quantified_s_optional_alone(
    written: str, rewritten: str, reads: tuple[str, ...], misses: tuple[str, ...]
) -> None:
    assert sharp_s(written) == rewritten
    rx = re.compile(rf"^(?:{rewritten})$")
    assert all(rx.match(w) for w in reads)
    assert not any(rx.match(w) for w in misses)
