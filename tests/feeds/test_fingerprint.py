"""Duplicate fingerprints: normalised URLs, text digests, MinHash similarity and its bands."""

import pytest

from muster.feeds.fingerprint import (
    BANDS,
    NEAR_DUPLICATE,
    PERMUTATIONS,
    band_keys,
    content_digest,
    signature,
    similarity,
    url_key,
)
from tests.feeds.samples import ARTICLES


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://www.Example.com:443/a/b/?utm_source=x&b=2&a=1#top",
            "http://example.com/a/b?a=1&b=2",
        ),
        ("http://example.com/a?fbclid=1", "https://example.com/a"),
        ("http://example.com/%7Euser/", "http://example.com/~user"),
        ("http://EXAMPLE.com./a", "http://example.com/a"),
        ("http://example.com", "http://example.com/"),
    ],
)
def test_the_same_article_has_one_url_key(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://example.com/a?id=1", "http://example.com/a?id=2"),
        ("http://example.com/a", "http://example.org/a"),
        ("http://example.com:8080/a", "http://example.com/a"),
        ("http://example.com/a/b", "http://example.com/a/c"),
    ],
)
def test_different_articles_keep_different_url_keys(a, b):
    assert url_key(a) != url_key(b)


def test_url_key_reads_a_worked_example():
    assert url_key("https://www.Example.com:443/a/b/?utm_source=x&b=2&a=1#top") == (
        "example.com/a/b?a=1&b=2"
    )


TEXT = " ".join(ARTICLES["starmer"][1])
OTHER = " ".join(ARTICLES["frederiksen"][1])


def test_digest_ignores_case_accents_punctuation_and_spacing():
    assert content_digest("Élysée:  the  PRESIDENT said…") == content_digest(
        "elysee the president said"
    )
    assert content_digest(TEXT) != content_digest(OTHER)


def test_signature_is_512_bytes_and_stable():
    sig = signature(TEXT)
    assert sig is not None
    assert len(sig) == PERMUTATIONS * 4
    # fixed hash family: the same text gives the same bytes in every process and version
    assert sig == signature(TEXT)
    assert sig.hex()[:16] == signature(TEXT.upper()).hex()[:16]
    assert signature("   ...   ") is None


def test_near_same_text_scores_above_the_threshold_and_others_far_below():
    reworded = TEXT.replace("on Sunday", "late on Sunday evening").replace(
        "help secure a peace deal", "help secure any peace deal"
    )
    added = TEXT + " The Prime Minister will travel to Washington next week to meet the president."
    sig = signature(TEXT)
    assert sig is not None
    assert similarity(sig, signature(reworded) or b"") >= NEAR_DUPLICATE
    assert similarity(sig, signature(added) or b"") >= NEAR_DUPLICATE
    assert similarity(sig, signature(OTHER) or b"") < 0.1
    assert similarity(sig, sig) == 1.0


def test_estimate_tracks_the_exact_jaccard():
    from muster.feeds.fingerprint import shingles

    half = " ".join(TEXT.split()[: len(TEXT.split()) // 2])
    a, b = shingles(TEXT), shingles(half)
    exact = len(a & b) / len(a | b)
    estimate = similarity(signature(TEXT) or b"", signature(half) or b"")
    assert abs(estimate - exact) < 0.15  # 128 permutations: standard error about 0.044


def test_similar_texts_share_a_band_and_different_ones_do_not():
    reworded = TEXT.replace("on Sunday", "on Sunday evening")
    keys = band_keys(signature(TEXT) or b"")
    assert len(keys) == BANDS
    assert set(keys) & set(band_keys(signature(reworded) or b""))
    assert not set(keys) & set(band_keys(signature(OTHER) or b""))
