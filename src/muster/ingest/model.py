"""Linear models over named features: the fallback labeller's learned part, as data.

A `LinearModel` scores named binary features with one weight per class and turns the scores
into probabilities (softmax; two classes make a logistic model). `train_linear` fits one by
L2-regularised maximum likelihood (L-BFGS); `FallbackModel` bundles the two the ingester uses
(does the article give this nation a stance; which one) and reads or writes them as JSON, so
the weights are committed as data and nothing is trained or downloaded at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from scipy.optimize import minimize

from muster.domain import Stance

MODEL_FORMAT = "muster-fallback-model/1"
ARBITER_FORMAT = "muster-stance-arbiter/1"
# a list of numbers or short strings spread over lines by json.dumps(indent=...)
_ITEM = re.compile(r'"[^"\n]*"|[-\d.e]+')
_INLINE = re.compile(r"\[\s*((?:[-\d.e]+|\"[^\"\n]*\")(?:,\s*(?:[-\d.e]+|\"[^\"\n]*\"))*)\s*\]")


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Classes, a bias per class, and per feature a weight per class."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """Each class's probability given the features present (unknown features count 0)."""
        z = list(self.bias)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    z[k] += v
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return {c: v / total for c, v in zip(self.classes, e, strict=True)}

    def as_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "bias": [round(b, 5) for b in self.bias],
            "weights": {
                f: [round(v, 5) for v in w]
                for f, w in sorted(self.weights.items())
                if any(abs(v) >= 1e-5 for v in w)
            },
        }

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> LinearModel:
        classes = tuple(str(c) for c in doc["classes"])
        bias = tuple(float(b) for b in doc["bias"])
        weights = {str(f): tuple(float(v) for v in w) for f, w in doc["weights"].items()}
        if len(bias) != len(classes) or any(len(w) != len(classes) for w in weights.values()):
            raise ValueError("every weight needs one value per class")
        return cls(classes, bias, weights)


def train_linear(
    examples: Sequence[tuple[Iterable[str], str]],
    classes: Sequence[str],
    *,
    l2: float = 1.0,
) -> LinearModel:
    """Fit a softmax model to (features, class) examples by L2-penalised likelihood.

    Deterministic (L-BFGS from zero); the bias is not penalised. Raises ValueError when there
    are no examples or a class is not in `classes`.
    """
    if not examples:
        raise ValueError("no examples to train on")
    index = {c: k for k, c in enumerate(classes)}
    vocab = sorted({f for feats, _ in examples for f in feats})
    col = {f: j for j, f in enumerate(vocab)}
    x = np.zeros((len(examples), len(vocab) + 1))
    x[:, -1] = 1.0
    y = np.zeros((len(examples), len(classes)))
    for i, (feats, label) in enumerate(examples):
        if label not in index:
            raise ValueError(f"unknown class {label!r}")
        for f in feats:
            x[i, col[f]] = 1.0
        y[i, index[label]] = 1.0
    n_classes = len(classes)
    penalty = np.ones((len(vocab) + 1, 1))
    penalty[-1] = 0.0

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = flat.reshape(len(vocab) + 1, n_classes)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        value = -(y * log_p).sum() + 0.5 * l2 * float((penalty * w * w).sum())
        grad = x.T @ (np.exp(log_p) - y) + l2 * penalty * w
        return float(value), grad.ravel()

    start = np.zeros((len(vocab) + 1) * n_classes)
    fit = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = fit.x.reshape(len(vocab) + 1, n_classes)
    # softmax is unchanged by a constant per row: centre each row so the JSON is canonical
    w = w - w.mean(axis=1, keepdims=True)
    weights = {f: tuple(float(v) for v in w[j]) for f, j in col.items()}
    return LinearModel(tuple(classes), tuple(float(v) for v in w[-1]), weights)


@dataclass(frozen=True, slots=True)
class FallbackModel:
    """The fallback labeller's two models and the probability a label needs."""

    label: LinearModel  # classes ("no", "yes"): does the article give the nation a stance
    stance: LinearModel  # classes: the six stances
    threshold: float
    trained_on: tuple[str, ...] = ()
    notes: str = ""

    def labelled(self, features: Iterable[str]) -> float:
        """The probability that the article gives the nation described a stance."""
        return self.label.probabilities(features)["yes"]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
            "notes": self.notes,
            "label": self.label.as_json(),
            "stance": self.stance.as_json(),
        }

    def dumps(self) -> str:
        """The model as JSON text, one feature a line (deterministic, diff-friendly)."""
        return _dumps(self.as_json())

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> FallbackModel:
        """Read a model written by `as_json`; ValueError when it is not one."""
        if not isinstance(doc, Mapping) or doc.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a fallback model (expected format {MODEL_FORMAT!r})")
        try:
            return cls(
                label=LinearModel.from_json(doc["label"]),
                stance=LinearModel.from_json(doc["stance"]),
                threshold=float(doc["threshold"]),
                trained_on=tuple(str(t) for t in doc.get("trained_on", ())),
                notes=str(doc.get("notes", "")),
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"malformed fallback model: {e}") from None

    @staticmethod
    @cache
    def default() -> FallbackModel:
        """The model shipped with Muster (`fallback_model.json`, package data, read once)."""
        text = resources.files("muster.ingest").joinpath("fallback_model.json").read_text("utf-8")
        return FallbackModel.from_json(json.loads(text))


def _dumps(doc: Mapping[str, Any]) -> str:
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)
    return _INLINE.sub(lambda m: "[" + ", ".join(_ITEM.findall(m.group(1))) + "]", text) + "\n"


@dataclass(frozen=True, slots=True)
class ArbiterModel:
    """The stance arbiter (`arbiter.py`): a six-class model over a nation's rule evidence, and
    the probability its stance needs to overrule the rules'."""

    stance: LinearModel
    threshold: float
    trained_on: tuple[str, ...] = ()
    notes: str = ""

    def overrule(self, features: Iterable[str], rules: str) -> tuple[str, float] | None:
        """The model's stance and its probability when it differs from `rules` with
        probability ≥ the threshold; None when the rules' stance stands."""
        probs = self.stance.probabilities(features)
        best = max(probs, key=lambda c: probs[c])
        return (best, probs[best]) if best != rules and probs[best] >= self.threshold else None

    def as_json(self) -> dict[str, Any]:
        return {
            "format": ARBITER_FORMAT,
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
            "notes": self.notes,
            "stance": self.stance.as_json(),
        }

    def dumps(self) -> str:
        """The model as JSON text, one feature a line (deterministic, diff-friendly)."""
        return _dumps(self.as_json())

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> ArbiterModel:
        """Read a model written by `as_json`; ValueError when it is not one."""
        if not isinstance(doc, Mapping) or doc.get("format") != ARBITER_FORMAT:
            raise ValueError(f"not a stance arbiter (expected format {ARBITER_FORMAT!r})")
        try:
            made = cls(
                stance=LinearModel.from_json(doc["stance"]),
                threshold=float(doc["threshold"]),
                trained_on=tuple(str(t) for t in doc.get("trained_on", ())),
                notes=str(doc.get("notes", "")),
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"malformed stance arbiter: {e}") from None
        unknown = sorted(set(made.stance.classes) - {s.value for s in Stance})
        if unknown:  # else an article would fail mid-way, when the arbiter first overrules
            raise ValueError(f"malformed stance arbiter: classes {unknown} are not stances")
        return made

    @staticmethod
    @cache
    def default() -> ArbiterModel:
        """The arbiter shipped with Muster (`arbiter_model.json`, package data, read once)."""
        text = resources.files("muster.ingest").joinpath("arbiter_model.json").read_text("utf-8")
        return ArbiterModel.from_json(json.loads(text))
