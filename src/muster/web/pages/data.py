"""The data a page shows: the stored dataset, filtered to what the reader may read, cached.

Loading every row per request would not meet the dashboard's latency target, so each process
keeps the last datasets it loaded keyed by the data's version (a counter every change bumps in
its own transaction: `muster.store.history.current_data_version`). Filtered datasets and
computed figures are cached under (version, the reader's `read_scope`, ...), so two readers who
may read the same rows share them and no figure ever crosses a read boundary.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request

from muster.app.freshness import ReaderVersion, reader_version
from muster.auth import User
from muster.auth.policy import filter_dataset, read_scope
from muster.domain import Dataset
from muster.store.history import DataVersion, current_data_version
from muster.store.load import load_dataset
from muster.web.deps import DbSession, Reader

T = TypeVar("T")


class LruCache:
    """A small thread-safe LRU map; `get_or_make` computes a missing value outside the lock,
    once: concurrent requests for the same missing key wait for the first one's result (after
    a write, fifty readers of the dashboard make its figures once, not fifty times)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._making: dict[Any, Future[Any]] = {}
        self._lock = threading.Lock()

    def get_or_make(self, key: Any, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                value: T = self._items[key]
                return value
            pending = self._making.get(key)
            if pending is None:
                mine: Future[Any] = Future()
                self._making[key] = mine
        if pending is not None:
            waited: T = pending.result()  # raises what the maker raised
            return waited
        try:
            value = make()
        except BaseException as e:
            with self._lock:
                del self._making[key]
            mine.set_exception(e)
            raise
        with self._lock:
            del self._making[key]
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        mine.set_result(value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def drop(self, stale: Callable[[Any], bool]) -> None:
        """Remove every entry whose key is `stale`."""
        with self._lock:
            for key in [k for k in self._items if stale(k)]:
                del self._items[key]

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class PageData:
    """What one request may read, with the keys to cache figures computed from it."""

    user: User
    dataset: Dataset
    version: DataVersion  # the database's: a cache key, never shown (it counts hidden changes)
    scope: tuple[str, ...]
    cache: LruCache
    seen: ReaderVersion  # what the reader may be shown: moves only with what they may read

    def cached(self, name: str, *parts: Any, make: Callable[[], T]) -> T:
        """A figure computed from `dataset`, cached for this data version and read scope."""
        return self.cache.get_or_make((name, self.version.number, self.scope, *parts), make)


@dataclass(slots=True)
class PageCaches:
    """Per app: the last two full datasets, and figures derived from them.

    Figures are keyed (name, data version, ...). When a newer version is first seen, figures
    of versions older than the one before it are dropped: nobody asks for them again (a reader
    still finishing on the previous version keeps its), so under steady writes memory holds
    about two versions' figures instead of filling the LRU with dead ones.
    """

    datasets: LruCache
    figures: LruCache
    newest: int = -1

    def saw(self, version: int) -> None:
        if version <= self.newest:
            return
        self.newest = version
        self.figures.drop(lambda key: key[1] < version - 1)


def page_caches(request: Request | FastAPI) -> PageCaches:
    """The app's caches (`request` may be the app itself: its start-up warms them)."""
    app = request if isinstance(request, FastAPI) else request.app
    caches = getattr(app.state, "page_caches", None)
    if caches is None:
        caches = app.state.page_caches = PageCaches(LruCache(2), LruCache(64))
    assert isinstance(caches, PageCaches)
    return caches


def page_data(request: Request, user: Reader, db: DbSession) -> PageData:
    """The dataset `user` may read (via `muster.auth.policy.filter_dataset`), cached by version."""
    caches = page_caches(request)
    version = current_data_version(session=db)
    caches.saw(version.number)
    full = caches.datasets.get_or_make(version.number, lambda: load_dataset(session=db))
    scope = read_scope(user)
    readable = caches.figures.get_or_make(
        ("readable", version.number, scope), lambda: filter_dataset(user, full)
    )
    seen = caches.figures.get_or_make(
        ("reader-version", version.number, scope),
        lambda: reader_version(db=db, user=user, dataset=readable),
    )
    return PageData(user, readable, version, scope, caches.figures, seen)


ReadData = Annotated[PageData, Depends(page_data)]
