"""The derived full-text index behind the embedded store.

The SQL store of record assigns every write a sequence number; a text index remembers the highest
sequence it has committed (its high-water mark). On open the store re-feeds everything above it, so a
crash between the two writes never leaves a stored document missing from search.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from indexer.fields import normalize_region_prefix
from indexer.store import SearchFilters, SearchRequest

Analyzer = Callable[[str], list[str]]


@dataclass(frozen=True)
class IndexEntry:
    """What a text index stores for one document."""

    doc_id: str
    seq: int
    title_terms: str  # index terms separated by single spaces
    text_terms: str
    tags: list[str]
    published_at: datetime
    source: str
    sentiment: str | None
    topics: list[str]
    provinces: list[str]


@dataclass
class TextHits:
    total: int
    ids: list[str]
    scores: list[float | None]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class TextIndex(ABC):
    """A full-text engine: tantivy or SQLite FTS5."""

    name: str

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def high_water(self) -> int:
        """The highest store sequence number this index has committed (0 when empty)."""

    @abstractmethod
    def write(
        self, entries: Sequence[IndexEntry], deleted_ids: Sequence[str] = (), *, commit: bool = True
    ) -> None:
        """Replace entries by id and delete ids; with ``commit`` make them durable and advance the
        high-water mark (an engine may commit more often than asked)."""

    @abstractmethod
    def commit(self) -> None:
        """Make everything written so far durable and advance the high-water mark."""

    @abstractmethod
    def clear(self) -> None:
        """Drop everything (before a rebuild)."""

    @abstractmethod
    def search(self, node: object, analyzer: Analyzer, request: SearchRequest) -> TextHits: ...

    def search_at(
        self, node: object, analyzer: Analyzer, request: SearchRequest, generation: Hashable
    ) -> TextHits:
        """:meth:`search` for a caller that has just read ``generation`` from :meth:`generation`
        (see :meth:`indexer.store.Store.search_at`)."""
        return self.search(node, analyzer, request)

    @abstractmethod
    def size_bytes(self) -> int: ...

    def generation(self) -> Hashable | None:
        """A token that changes with every commit (see :meth:`indexer.store.Store.generation`); a
        searcher that could be behind it is brought up to date first. None: unknown."""
        return None


def sort_facet(name: str, counts: dict[str, int]) -> list[tuple[str, int]]:
    """Days chronologically; every other facet by count (then value) descending."""
    if name == "day":
        return sorted(counts.items())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def tag_filters(filters: SearchFilters) -> list[tuple[str, list[str]]]:
    """Structured filters as (keyword field, accepted values) pairs, each an OR of tag tokens."""
    pairs: list[tuple[str, tuple[str, ...] | list[str]]] = [
        ("source", [s.lower() for s in filters.sources]),
        ("type", [t.value for t in filters.source_types]),
        ("sentiment", [s.value for s in filters.sentiments]),
        ("topic", [t.lower() for t in filters.topics]),
        ("region", [normalize_region_prefix(p) for p in filters.region_prefixes]),
        ("event", [filters.event_id.lower()] if filters.event_id else []),
    ]
    return [(field, list(values)) for field, values in pairs if values]
