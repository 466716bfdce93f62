"""Search results remembered while the index is unchanged, for a console where many people run the
same searches (monitoring plans, facet clicks, paging back and forth).

    cache = SearchCache(store, entries=512)
    result, outcome = cache.search(request)     # outcome: hit, partial, miss or off

A result is keyed by the canonical query text (``to_text(parse(q))``), the filters and the page, and
reused only while :meth:`Store.generation` stays the token it was computed under: any commit, by this
process or another (the crawler), empties the cache before the next search. A store that cannot tell
(generation None) is searched every time. The token is read once per search, before the lookup; a
miss is searched at it (:meth:`Store.search_at`) and kept under it, so a commit during the search can
only make the next search compute again, never make an older result look current. Facet counts and
totals are kept apart from the page of hits, so paging or changing the sort reuses the counts and
computes only the page. Concurrent searches for the same uncached page wait for the first instead of
computing it again. Cached results are shared between callers: treat them as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Generic, TypeVar

from indexer.query import parse, to_text
from indexer.store import SearchHit, SearchRequest, SearchResult, Store

V = TypeVar("V")
_WAIT_S = 30.0  # a waiter computes the page itself if the first search takes longer than this


class Outcome(StrEnum):
    HIT = "hit"  # counts and page both cached
    PARTIAL = "partial"  # one of them computed
    MISS = "miss"  # both computed
    OFF = "off"  # not cached (cache disabled, or the store has no generation)


@dataclass(frozen=True)
class _Page:
    total: int
    hits: list[SearchHit]


@dataclass(frozen=True)
class _Counts:
    facets: dict[str, list[tuple[str, int]]]


class _Lru(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, V] = OrderedDict()

    def clear(self) -> None:
        self.items.clear()

    def get(self, key: Hashable) -> V | None:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


class SearchCache:
    """At most ``entries`` pages of hits and ``entries`` sets of facet counts (least recently used go
    first); ``entries=0`` turns caching off."""

    def __init__(self, store: Store, entries: int = 512) -> None:
        self.store = store
        self.entries = entries
        self._pages: _Lru[_Page] = _Lru(entries)
        self._counts: _Lru[_Counts] = _Lru(entries)
        self._generation: Hashable | None = None
        self._lock = threading.Lock()
        self._in_flight: dict[Hashable, threading.Event] = {}

    def search(self, request: SearchRequest) -> tuple[SearchResult, Outcome]:
        """The store's result for ``request`` (QuerySyntaxError as the store raises it)."""
        generation = self.store.generation() if self.entries > 0 else None
        if generation is None:
            return self.store.search(request), Outcome.OFF
        query = to_text(parse(request.query))
        page_key = (query, request.filters, request.sort, request.offset, request.limit, request.highlight)
        counts_key = (query, request.filters, request.facets) if request.facets else None
        leader = self._lead(page_key, generation)
        try:
            return self._search(request, generation, page_key, counts_key)
        finally:
            if leader is not None:
                with self._lock:
                    self._in_flight.pop(page_key, None)
                leader.set()

    def _lead(self, page_key: Hashable, generation: Hashable) -> threading.Event | None:
        """Wait while another thread computes this page; returns an event to set when this thread
        is the one computing it (None when it only waited)."""
        with self._lock:
            self._set_generation(generation)
            if self._pages.get(page_key) is not None:
                return None
            running = self._in_flight.get(page_key)
            if running is None:
                event = self._in_flight[page_key] = threading.Event()
                return event
        running.wait(_WAIT_S)
        return None

    def _search(
        self,
        request: SearchRequest,
        generation: Hashable,
        page_key: Hashable,
        counts_key: Hashable | None,
    ) -> tuple[SearchResult, Outcome]:
        with self._lock:
            self._set_generation(generation)
            page = self._pages.get(page_key)
            counts = self._counts.get(counts_key) if counts_key is not None else None
        if page is not None and (counts_key is None or counts is not None):
            facets = dict(counts.facets) if counts is not None else {}
            return SearchResult(page.total, list(page.hits), facets), Outcome.HIT
        if page is None and counts is None:
            result = self.store.search_at(request, generation)
            outcome = Outcome.MISS
        elif page is None:
            assert counts is not None
            found = self.store.search_at(replace(request, facets=()), generation)
            result = SearchResult(found.total, found.hits, dict(counts.facets))
            outcome = Outcome.PARTIAL
        else:
            counted = self.store.search_at(replace(request, offset=0, limit=0), generation)
            result = SearchResult(counted.total, list(page.hits), counted.facets)
            outcome = Outcome.PARTIAL
        with self._lock:
            if self._generation == generation:  # not if a commit emptied the cache meanwhile
                self._pages.put(page_key, _Page(result.total, list(result.hits)))
                if counts_key is not None:
                    self._counts.put(counts_key, _Counts(dict(result.facets)))
        return result, outcome

    def _set_generation(self, generation: Hashable) -> None:
        """Under the lock: another token empties the cache. (A search that read the token just before
        a commit may switch back to it; it empties the cache again, never serves a newer token's
        searches from an older index.)"""
        if generation != self._generation:
            self._pages.clear()
            self._counts.clear()
            self._generation = generation
