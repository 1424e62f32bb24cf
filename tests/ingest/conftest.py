"""Fixtures for the ingester's tests: the reference gazetteer and the labelled news sets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from muster.data import reference_dataset
from muster.ingest import Gazetteer, GoldArticle, IngestResult, ingest_article, read_article
from muster.ingest.evaluate import parse_labels

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = DATA / "news"
HOLDOUT = DATA / "news_holdout"
FRESH = DATA / "news_fresh"
FRESH2 = DATA / "news_fresh2"
GEN_DEV = DATA / "news_gen_dev"
GEN_DEV2 = DATA / "news_gen_dev2"
GEN_DEV3 = DATA / "news_gen_dev3"
GEN_DEV4 = DATA / "news_gen_dev4"  # news_gen_unseen3 until it was scored once
GEN_DEV5 = DATA / "news_gen_dev5"  # news_gen_unseen4 until it was scored once
GEN_DEV6 = DATA / "news_gen_dev6"  # news_gen_unseen5 until it was scored once
GEN_DEV7 = DATA / "news_gen_dev7"  # news_gen_unseen6 until it was scored once
GEN_DEV8 = DATA / "news_gen_dev8"  # scored first at bcbb7ba, before round 6
GEN_DEV9 = DATA / "news_gen_dev9"  # news_gen_unseen7 until it was scored once
GEN_DEV10 = DATA / "news_gen_dev10"  # news_gen_unseen8 until it was scored once
GEN_DEV11 = DATA / "news_gen_dev11"  # news_gen_unseen9 until it was scored once
# Multilingual sets (one subfolder per language). news_lang_dev2 was the unseen set, scored once
# (docs/ingest.md keeps that figure), and is dev since; news_lang_dev3 was written as dev.
LANG_DEV = DATA / "news_lang_dev"
LANG_DEV2 = DATA / "news_lang_dev2"
LANG_DEV3 = DATA / "news_lang_dev3"
LANG_DEV4 = DATA / "news_lang_dev4"  # news_lang_unseen2 until it was scored once
LANG_DEV5 = DATA / "news_lang_dev5"  # news_lang_unseen3 until it was scored once
LANG_DEV6 = DATA / "news_lang_dev6"  # scored first at 288c173, before round 6
LANG_DEV7 = DATA / "news_lang_dev7"  # news_lang_unseen4 until it was scored once
LANG_DEV8 = DATA / "news_lang_dev8"  # news_lang_unseen5 until it was scored once
LANG_DEV9 = DATA / "news_lang_dev9"  # news_lang_unseen6 until it was scored once


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    ref = reference_dataset()
    return Gazetteer.build(ref.nations, ref.actors)


def load_set(folder: Path) -> list[GoldArticle]:
    return parse_labels(json.loads((folder / "labels.json").read_text("utf-8")), file="labels")


def run_set(
    folder: Path, gaz: Gazetteer, *, fallback: bool = True, arbiter: bool = True
) -> dict[str, IngestResult]:
    dates = json.loads((folder / "dates.json").read_text("utf-8"))
    out = {}
    for a in load_set(folder):
        data = (folder / f"{a.id}.txt").read_bytes()
        article = read_article(data, name=f"{a.id}.txt", day=date.fromisoformat(dates[a.id]))
        out[a.id] = ingest_article(article, gaz, fallback=fallback, arbiter=arbiter)
    return out


def run_lang_set(
    folder: Path, gaz: Gazetteer, langs: tuple[str, ...] = ()
) -> tuple[list[GoldArticle], dict[str, IngestResult]]:
    """A multilingual set's gold articles and results over its language subfolders (all, or
    those in `langs`)."""
    gold: list[GoldArticle] = []
    results: dict[str, IngestResult] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if not langs or sub.name in langs:
            gold += load_set(sub)
            results |= run_set(sub, gaz)
    return gold, results


def stances_of(
    gaz: Gazetteer, text: str, *, fallback: bool = True, day: date = date(2025, 9, 4)
) -> dict[str, str]:
    """The stance `ingest_article` proposes per nation for a made-up English passage."""
    article = read_article(text.encode("utf-8"), name="t.txt", day=day)
    return dict(ingest_article(article, gaz, fallback=fallback).nations)
