"""Linear models as data: probabilities from weights, training, and the JSON they are kept in."""

from __future__ import annotations

import json

import pytest

from muster.ingest.model import FallbackModel, LinearModel, train_linear

TOY = LinearModel(("no", "yes"), (0.0, 0.0), {"good": (-1.0, 1.0), "bad": (1.0, -1.0)})


def test_probabilities_follow_the_weights_and_sum_to_one() -> None:
    plain = TOY.probabilities([])
    assert plain == pytest.approx({"no": 0.5, "yes": 0.5})
    good = TOY.probabilities(["good", "unknown feature"])
    assert good["yes"] == pytest.approx(1 / (1 + pow(2.718281828459045, -2.0)))
    assert sum(good.values()) == pytest.approx(1.0)
    assert TOY.probabilities(["good", "bad"]) == pytest.approx(plain)


def test_training_learns_which_feature_decides() -> None:
    examples = [({"sends", "noise"}, "yes")] * 8 + [({"attends", "noise"}, "no")] * 8
    model = train_linear(examples, ("no", "yes"), l2=0.5)
    assert model.probabilities({"sends"})["yes"] > 0.9
    assert model.probabilities({"attends"})["yes"] < 0.1
    # a feature in every example decides nothing
    assert model.probabilities({"noise"})["yes"] == pytest.approx(0.5, abs=0.05)


def test_training_is_deterministic_and_penalised() -> None:
    examples = [({"a"}, "x"), ({"b"}, "y"), ({"a", "c"}, "z"), ({"c"}, "z")]
    one = train_linear(examples, ("x", "y", "z"), l2=1.0)
    two = train_linear(examples, ("x", "y", "z"), l2=1.0)
    assert one == two
    strong = train_linear(examples, ("x", "y", "z"), l2=100.0)
    assert max(abs(v) for w in strong.weights.values() for v in w) < max(
        abs(v) for w in one.weights.values() for v in w
    )


def test_training_refuses_what_it_cannot_learn_from() -> None:
    with pytest.raises(ValueError, match="no examples"):
        train_linear([], ("no", "yes"))
    with pytest.raises(ValueError, match="unknown class 'maybe'"):
        train_linear([({"a"}, "maybe")], ("no", "yes"))


def test_a_model_survives_its_json() -> None:
    model = FallbackModel(TOY, TOY, 0.7, ("tests/data/news",), "toy")
    again = FallbackModel.from_json(json.loads(model.dumps()))
    assert again == model
    assert model.dumps() == again.dumps()  # the written form is canonical


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({}, "not a fallback model"),
        ({"format": "something-else"}, "not a fallback model"),
        ({"format": "muster-fallback-model/1", "threshold": 0.5}, "malformed"),
    ],
)
def test_a_document_that_is_not_a_model_is_refused(doc: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FallbackModel.from_json(doc)


def test_weights_need_one_value_per_class() -> None:
    with pytest.raises(ValueError, match="one value per class"):
        LinearModel.from_json({"classes": ["no", "yes"], "bias": [0, 0], "weights": {"a": [1]}})


def test_the_shipped_model_reads_and_says_what_it_was_trained_on() -> None:
    model = FallbackModel.default()
    assert 0.0 < model.threshold < 1.0
    assert model.label.classes == ("no", "yes")
    assert set(model.stance.classes) == {
        "lead",
        "willing",
        "conditional",
        "undecided",
        "skeptical",
        "opposed",
    }
    assert model.trained_on == ("tests/data/news", "tests/data/news_holdout")
