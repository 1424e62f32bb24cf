"""The pages' figure cache: bounded, and holding no figures of data versions nobody asks for."""

import threading

import pytest

from muster.web.pages.data import LruCache, PageCaches


def test_a_newer_version_drops_figures_older_than_the_one_before_it():
    caches = PageCaches(LruCache(2), LruCache(64))
    for version in range(1, 6):
        caches.saw(version)
        for name in ("readable", "coverage"):
            caches.figures.get_or_make((name, version, ("public",)), lambda: object())
    assert len(caches.figures) == 4  # versions 4 and 5
    made = []
    caches.figures.get_or_make(("coverage", 4, ("public",)), lambda: made.append(1))
    assert made == []  # the previous version's figures are still served
    caches.saw(5)  # the same version again drops nothing
    assert len(caches.figures) == 4
    caches.saw(9)
    assert len(caches.figures) == 0


def test_the_lru_holds_at_most_its_size():
    cache = LruCache(3)
    for i in range(10):
        cache.get_or_make(("x", i), lambda i=i: i)
    assert len(cache) == 3


def test_concurrent_misses_make_a_value_once_and_share_it():
    cache = LruCache(8)
    calls = []
    started = threading.Event()
    release = threading.Event()

    def make():
        calls.append(1)
        started.set()
        release.wait(10)
        return object()

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_make("k", make)))
        for _ in range(8)
    ]
    threads[0].start()
    started.wait(10)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 1
    assert len(results) == 8
    assert all(r is results[0] for r in results)


def test_a_failed_make_is_raised_and_not_cached():
    cache = LruCache(8)

    def boom():
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        cache.get_or_make("k", boom)
    assert cache.get_or_make("k", lambda: 3) == 3
