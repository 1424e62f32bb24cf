"""Accuracy of the ingester against labels in the format of `seed_labels.json`.

Nation recall and precision compare the nations labelled with those proposed. Stance accuracy,
per-class and macro F1 and the confusion matrix are over nations both labelled and proposed (a
missed nation already counts against recall); `end_to_end` is the share of all labels proposed
with the right stance. Speaker precision: of the proposals naming a speaker for a labelled
nation, the share naming the labelled one (names compared without accents or case); speaker
recall: of the labels naming a speaker, the share proposed with that speaker. The errors list
a wrong or unlabelled speaker as "speaker" and a labelled speaker proposed as none as
"speaker-missed".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from muster.domain import Stance
from muster.errors import InvalidInput, Problem
from muster.ingest.pipeline import IngestResult
from muster.ingest.text import fold
from muster.ingest.translit import skeleton

STANCES = tuple(s.value for s in Stance)


@dataclass(frozen=True, slots=True)
class GoldLabel:
    nation: str
    stance: str
    speaker: str | None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    labels: tuple[GoldLabel, ...]
    url: str | None = None
    published: date | None = None
    language: str | None = None  # ISO 639-1, as labelled


def parse_labels(doc: Any, *, file: str) -> list[GoldArticle]:
    """Articles and labels from a parsed labels.json, or InvalidInput naming each bad entry."""
    problems: list[Problem] = []
    if not isinstance(doc, list):
        raise InvalidInput(Problem("expected a JSON list of articles", file=file))
    out: list[GoldArticle] = []
    for i, item in enumerate(doc, 1):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            problems.append(
                Problem('expected an object with a text "id"', file=file, row=i, field="id")
            )
            continue
        labels = []
        for j, lab in enumerate(item.get("labels") or [], 1):
            if not isinstance(lab, Mapping):
                problems.append(Problem(f"label {j}: expected an object", file=file, row=i))
                continue
            nation, stance, speaker = lab.get("nation"), lab.get("stance"), lab.get("speaker")
            if not (isinstance(nation, str) and len(nation) == 3 and nation.isupper()):
                problems.append(
                    Problem(
                        f"label {j}: expected an ISO3 nation, got {nation!r}",
                        file=file,
                        row=i,
                        field="nation",
                    )
                )
                continue
            if stance not in STANCES:
                problems.append(
                    Problem(
                        f"label {j}: expected one of {', '.join(STANCES)}, got {stance!r}",
                        file=file,
                        row=i,
                        field="stance",
                    )
                )
                continue
            if speaker is not None and not isinstance(speaker, str):
                problems.append(
                    Problem(
                        f"label {j}: speaker must be text or null",
                        file=file,
                        row=i,
                        field="speaker",
                    )
                )
                continue
            labels.append(GoldLabel(nation, stance, speaker, lab.get("evidence")))
        published = item.get("published")
        try:
            day = date.fromisoformat(published) if isinstance(published, str) else None
        except ValueError:
            problems.append(
                Problem(
                    f"published: not a date: {published!r}", file=file, row=i, field="published"
                )
            )
            day = None
        lang = item.get("language")
        if lang is not None and not (isinstance(lang, str) and len(lang) == 2 and lang.islower()):
            problems.append(
                Problem(
                    f"language: expected an ISO 639-1 code such as 'fr', got {lang!r}",
                    file=file,
                    row=i,
                    field="language",
                )
            )
            lang = None
        out.append(GoldArticle(item["id"], tuple(labels), item.get("url"), day, lang))
    if problems:
        raise InvalidInput(problems)
    return out


# What the per-language table shows, in this order.
PER_LANGUAGE_KEYS = (
    "articles",
    "labels",
    "nation_recall",
    "stance_accuracy",
    "end_to_end_accuracy",
    "macro_f1",
    "speaker_precision",
)


def by_language(
    gold: Sequence[GoldArticle],
    results: Mapping[str, IngestResult],
    languages: Mapping[str, str],
) -> dict[str, dict[str, Any]]:
    """The main figures per language (`languages`: article id → ISO 639-1), languages sorted."""
    groups: dict[str, list[GoldArticle]] = {}
    for g in gold:
        groups.setdefault(languages.get(g.id, "?"), []).append(g)
    out = {}
    for lang in sorted(groups):
        full = evaluate(groups[lang], results).as_json()
        out[lang] = {k: full[k] for k in PER_LANGUAGE_KEYS}
    return out


def same_person(a: str, b: str) -> bool:
    """Whether two written names are one person's, whatever the transliteration: labels spell
    a name as their source did (Sergei or Sergey Lavrov, Zelensky or Zelenskyy, Зеленський),
    and a speaker is right or wrong by who it is, not by how it is spelt."""
    if fold(a).casefold().strip() == fold(b).casefold().strip() or " ".join(
        skeleton(w) for w in a.split()
    ) == " ".join(skeleton(w) for w in b.split()):
        return True
    # the given name as the source wrote it, the surname the same: an initial (J. or Jan
    # Kowalski) or a known short form (Chris or Christopher Luxon); a name that merely begins
    # another is someone else ("Jan" is not "Janusz", "Jo" not "John"), but the first part of a
    # hyphenated given name is the name ("Jean" or "Jean-Noël Barrot")
    wa, wb = fold(a).casefold().split(), fold(b).casefold().split()
    if len(wa) != len(wb) or len(wa) < 2 or wa[1:] != wb[1:]:
        return False
    x, y = wa[0].rstrip("."), wb[0].rstrip(".")
    if min(len(x), len(y)) == 1:
        return x[:1] == y[:1]
    # the first part of a hyphenated given name ("Jean" for "Jean-Noël Barrot")
    if x.partition("-")[0] == y or y.partition("-")[0] == x:
        return True
    return y in _SHORT_FORMS.get(x, ()) or x in _SHORT_FORMS.get(y, ())


# Given names and the full names they are short for (folded, lower case).
_SHORT_FORMS = {
    "alex": ("alexander", "alexandre", "alexandra", "alexandr"),
    "andy": ("andrew",),
    "ben": ("benjamin",),
    "bill": ("william",),
    "bob": ("robert",),
    "chris": ("christopher", "christian", "christina", "christine"),
    "dan": ("daniel",),
    "dave": ("david",),
    "jim": ("james",),
    "kate": ("katherine", "catherine", "kathryn"),
    "liz": ("elizabeth",),
    "matt": ("matthew",),
    "mike": ("michael",),
    "nick": ("nicholas", "nicolas"),
    "pete": ("peter",),
    "rob": ("robert",),
    "sam": ("samuel",),
    "steve": ("steven", "stephen"),
    "tom": ("thomas",),
    "tony": ("anthony", "antony"),
}


@dataclass(frozen=True, slots=True)
class Report:
    articles: int
    labels: int
    proposed: int
    nation_recall: float
    nation_precision: float
    stance_accuracy: float
    end_to_end: float
    per_class_f1: dict[str, float]
    macro_f1: float
    speaker_precision: float
    speaker_recall: float
    confusion: dict[str, dict[str, int]]
    articles_per_second: float | None
    errors: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "labels": self.labels,
            "proposed": self.proposed,
            "nation_recall": round(self.nation_recall, 4),
            "nation_precision": round(self.nation_precision, 4),
            "stance_accuracy": round(self.stance_accuracy, 4),
            "end_to_end_accuracy": round(self.end_to_end, 4),
            "per_class_f1": {k: round(v, 4) for k, v in self.per_class_f1.items()},
            "macro_f1": round(self.macro_f1, 4),
            "speaker_precision": round(self.speaker_precision, 4),
            "speaker_recall": round(self.speaker_recall, 4),
            "confusion": self.confusion,
            "articles_per_second": (
                None if self.articles_per_second is None else round(self.articles_per_second, 1)
            ),
            "errors": list(self.errors),
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(
    gold: Sequence[GoldArticle],
    results: Mapping[str, IngestResult],
    *,
    seconds: float | None = None,
) -> Report:
    """Score `results` (article id → IngestResult) against `gold`; `seconds` is ingest time."""
    confusion = {g: dict.fromkeys(STANCES, 0) for g in STANCES}
    n_gold = n_pred = n_hit = n_right = 0
    sp_named = sp_right = sp_gold = sp_found = 0
    errors: list[dict[str, Any]] = []
    for article in gold:
        result = results.get(article.id)
        predicted = {p.nation: p for p in result.proposals} if result else {}
        labelled = {lab.nation: lab for lab in article.labels}
        n_gold += len(labelled)
        n_pred += len(predicted)
        for nation, lab in labelled.items():
            p = predicted.get(nation)
            if p is None:
                errors.append(
                    {"id": article.id, "nation": nation, "error": "missed", "gold": lab.stance}
                )
                continue
            n_hit += 1
            confusion[lab.stance][p.stance.value] += 1
            if p.stance.value == lab.stance:
                n_right += 1
            else:
                errors.append(
                    {
                        "id": article.id,
                        "nation": nation,
                        "error": "stance",
                        "gold": lab.stance,
                        "proposed": p.stance.value,
                        "evidence": p.evidence,
                    }
                )
            if p.speaker is not None:
                sp_named += 1
                ok = lab.speaker is not None and same_person(p.speaker, lab.speaker)
                sp_right += ok
                if not ok:
                    errors.append(
                        {
                            "id": article.id,
                            "nation": nation,
                            "error": "speaker",
                            "gold": lab.speaker,
                            "proposed": p.speaker,
                            "evidence": p.evidence,
                        }
                    )
            if lab.speaker is not None:
                sp_gold += 1
                sp_found += p.speaker is not None and same_person(p.speaker, lab.speaker)
                if p.speaker is None:
                    # silence costs speaker recall: listed so it is seen as a precision error is
                    errors.append(
                        {
                            "id": article.id,
                            "nation": nation,
                            "error": "speaker-missed",
                            "gold": lab.speaker,
                            "evidence": p.evidence,
                        }
                    )
        for nation in predicted.keys() - labelled.keys():
            errors.append(
                {
                    "id": article.id,
                    "nation": nation,
                    "error": "extra",
                    "proposed": predicted[nation].stance.value,
                }
            )
    f1: dict[str, float] = {}
    for st in STANCES:
        tp = confusion[st][st]
        fp = sum(confusion[g][st] for g in STANCES) - tp
        fn = sum(confusion[st].values()) - tp
        if tp + fp + fn == 0:
            continue  # a class neither labelled nor proposed says nothing
        prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1[st] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return Report(
        articles=len(gold),
        labels=n_gold,
        proposed=n_pred,
        nation_recall=_ratio(n_hit, n_gold),
        nation_precision=_ratio(n_hit, n_pred),
        stance_accuracy=_ratio(n_right, n_hit),
        end_to_end=_ratio(n_right, n_gold),
        per_class_f1=f1,
        macro_f1=sum(f1.values()) / len(f1) if f1 else 0.0,
        speaker_precision=_ratio(sp_right, sp_named),
        speaker_recall=_ratio(sp_found, sp_gold),
        confusion=confusion,
        articles_per_second=(len(gold) / seconds) if seconds else None,
        errors=tuple(errors),
    )
