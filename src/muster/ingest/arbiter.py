"""The stance arbiter: a six-class model that may overrule the cues' stance for a nation.

The cues (`cues.py`, `stance.py`) and `pipeline._choose` pick one stance per nation from hand
rules; what those rules could not learn from one set at a time (an offer "premature" to make,
a decision "not at this stage", readiness "once a ceasefire holds") the labelled sets together
can teach. `features` describes the nation's evidence as the rules saw it: the stance the
rules chose and the cue that decided it, the other stances voted and how strongly, who held
the cue (an actor, a state, a demonym; quoted, speaking), and the word families of the
deciding sentence around the cue — negation and modality just before it, condition words,
"premature / too early / at this stage / not yet / no decision" (`EARLY`), a leading role
anywhere in the article. A linear model (`model.ArbiterModel`, trained offline by
`learn.train_arbiter`, shipped as `arbiter_model.json`) scores the six stances; the pipeline
takes its stance only when it differs from the rules' and its probability reaches the model's
threshold, so the rules keep every decision the model is not sure about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from muster.domain import Stance
from muster.ingest.fallback import FAMILIES, family_hits
from muster.ingest.stance import Evidence
from muster.ingest.text import Sentence

# word families the fallback's `FAMILIES` do not name: a decision still to come
EXTRA: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{rx})\b")
    for name, rx in {
        "early": r"premature|prematurely|too early|too soon|at this (?:stage|point|time|moment)|"
        r"for now|for the time being|so far|as yet|not yet|yet to|remains? to be seen|"
        r"in due course|later|wait\w*|await\w*",
        "decision": r"decid\w+|decision\w*|made up (?:its|their|his|her) mind|concrete|"
        r"final|firm|specific|details?|assess\w*|evaluat\w+|study\w*|review\w*",
        "ceasefire": r"cease-?fire|truce|peace (?:deal|agreement|accord)|armistice|"
        r"end of (?:the )?(?:war|fighting|hostilities)|after the war|post-?war",
        "us": r"(?:united states|u\.?s\.?|washington|american|trump)",
        "first-person": r"we|our|i|my|us",
        "pending": r"await\w* (?:a |the |their |its )?(?:\w+ )?decisions?|no decision|"
        r"(?:has|have|had) (?:not|n't) (?:yet )?(?:decided|taken (?:a |any )?decision|"
        r"made (?:any |a )?(?:concrete|final|firm))|"
        r"not (?:yet )?(?:made|taken) (?:a |any )?(?:decision|concrete|final|firm)|"
        r"yet to (?:decide|be decided|make|take)|at this stage|"
        r"(?:concrete|firm|specific) (?:promises|commitments|pledges|decisions?)|"
        r"to decide (?:what|whether|how)|time (?:has|had) not (?:yet )?come",
        "contrast": r"but|however|although|though|while|whereas|yet|still",
        "positive": r"support\w*|welcom\w+|willing\w*|ready|open to|no problem|no objection|"
        r"committed|commit\w*|in favou?r|backs?|backing|endors\w+|prepared to (?:discuss|"
        r"consider|help|contribute)",
    }.items()
}
_ALL = {**FAMILIES, **EXTRA}
_NEAR = 40  # characters before the cue read as its negation / modality scope


@lru_cache(maxsize=64)
def _hits(lower: str) -> tuple[tuple[int, str], ...]:
    """(position, family) of every family word in the sentence (each nation of a sentence reads
    the same; the fallback's families already read there are not read again)."""
    extra = [(m.start(), name) for name, rx in EXTRA.items() for m in rx.finditer(lower)]
    return (*family_hits(lower), *extra)


def _within(hits: Sequence[tuple[int, str]], a: int, b: int) -> set[str]:
    return {name for at, name in hits if a <= at < b}


def features(
    nation: str,
    evidence: Sequence[Evidence],
    scores: Mapping[Stance, float],
    chosen: Stance,
    deciding: Evidence,
    sentence: Sentence,
    *,
    role: bool,
    speaking: bool,
    quoted: bool,
) -> frozenset[str]:
    """The arbiter's features of one nation's evidence in an article (see the module)."""
    lower = sentence.lower
    at = deciding.at
    total = sum(scores.values()) or 1.0
    share = scores.get(chosen, 0.0) / total
    f = {
        f"rule:{chosen.value}",
        f"cue:{deciding.cue}",
        f"rule:{chosen.value}&cue:{deciding.cue}",
        f"holder:{deciding.holder.kind}",
        f"share:{'all' if share > 0.999 else 'most' if share >= 0.6 else 'some'}",
        f"votes:{min(len(evidence), 3)}",
        f"stances:{min(len(scores), 3)}",
    }
    f.update(f"has:{st.value}" for st, w in scores.items() if w > 0 and st is not chosen)
    if role:
        f.add("article:lead-role")
    if speaking:
        f.add("speaking")
    if quoted:
        f.add("quoted")
    if nation in ("RUS", "USA"):
        f.add(f"nation:{nation}")
    hits = _hits(lower)
    whole = {name for _, name in hits}
    f.update(f"S:{x}" for x in whole)
    before = _within(hits, max(0, at - _NEAR), at) & {"neg", "modal", "early", "condition"}
    f.update(f"B:{x}" for x in before)
    f.update(f"A:{x}" for x in _within(hits, at, at + 120))
    f.update(f"{chosen.value}&S:{x}" for x in whole & {"early", "decision", "neg", "modal"})
    f.update(f"{chosen.value}&S:{x}" for x in whole & {"condition", "ceasefire", "us", "pending"})
    if {"early", "contrast", "positive"} <= whole:
        # a disposition hedged by timing ("supports the plan but it is premature to ..."):
        # the decision is still open, unlike a bare "too early to talk about sending troops"
        f.add("hedged-timing")
        f.add(f"{chosen.value}&hedged-timing")
    if {"early", "neg"} <= whole and "contrast" not in whole:
        f.add("bare-timing-refusal")
    return frozenset(f)
