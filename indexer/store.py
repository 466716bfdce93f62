"""The Store interface shared by the embedded store and Elasticsearch, and its request/result types."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from indexer.document import Document, Sentiment, SourceType

FACET_NAMES = ("day", "source", "sentiment", "topic", "province")

ProgressCallback = Callable[[int, int], None]  # (done, total)


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    TIME = "time"


@dataclass(frozen=True)
class SearchFilters:
    """Structured filters combined (AND) with the query expression."""

    since: datetime | None = None
    until: datetime | None = None  # exclusive
    sources: tuple[str, ...] = ()
    source_types: tuple[SourceType, ...] = ()
    sentiments: tuple[Sentiment, ...] = ()
    topics: tuple[str, ...] = ()
    region_prefixes: tuple[str, ...] = ()  # "11", "1101", "110105"
    event_id: str | None = None


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""  # the query language; empty matches every document
    filters: SearchFilters = SearchFilters()
    sort: SortOrder = SortOrder.RELEVANCE
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = ()
    highlight: bool = True

    def __post_init__(self) -> None:
        unknown = set(self.facets) - set(FACET_NAMES)
        if unknown:
            raise ValueError(f"unknown facet(s) {sorted(unknown)}; expected some of {list(FACET_NAMES)}")
        if not 0 <= self.offset <= 100_000 or not 0 <= self.limit <= 1000:
            raise ValueError("offset must be within 0..100000 and limit within 0..1000")


@dataclass
class SearchHit:
    document: Document
    score: float | None
    title_html: str  # HTML-escaped title, query terms wrapped in <mark>
    snippet_html: str  # HTML-escaped excerpt of the text, query terms wrapped in <mark>


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class StoreStats:
    documents: int
    by_source: dict[str, int]
    first_published: datetime | None
    last_published: datetime | None
    size_bytes: int
    backend: str


class Store(ABC):
    """Documents and search. ``open()`` before use, ``close()`` after; ids make every write idempotent."""

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def upsert(self, documents: Iterable[Document]) -> int:
        """Insert or replace documents by id, in bulk; returns how many were written."""

    @abstractmethod
    def get(self, doc_id: str) -> Document | None: ...

    @abstractmethod
    def get_many(self, doc_ids: Sequence[str]) -> list[Document]:
        """The documents that exist, in the order of ``doc_ids``."""

    @abstractmethod
    def delete(self, doc_ids: Sequence[str]) -> int: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult: ...

    def search_at(self, request: SearchRequest, generation: Hashable) -> SearchResult:
        """:meth:`search` for a caller that has just read ``generation`` from :meth:`generation` (the
        search cache, which keys the result by it). That read already brought the searcher up to
        it, so a store need not look for a newer commit again. The result is of ``generation`` or
        of a later commit, never of an earlier one."""
        return self.search(request)

    @abstractmethod
    def iter_documents(self, batch_size: int = 1000) -> Iterator[Document]: ...

    @abstractmethod
    def reindex(self, progress: ProgressCallback | None = None) -> int:
        """Rebuild the search index from the store of record; returns the number of documents."""

    @abstractmethod
    def stats(self) -> StoreStats: ...

    def generation(self) -> Hashable | None:
        """A token that changes whenever what search sees may have changed (a commit by this or any
        other process); search results computed under one token may be reused while it stays the
        same. None: unknown (results must not be reused)."""
        return None

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
