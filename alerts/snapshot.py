"""What an event looks like at one moment: :class:`EventSnapshot`, computed from its Documents.

Alerts never import nlp: the event's items come from the Store (``SearchFilters(event_id=...)``) and
the heat formula is an optional callable the app passes (NLP's heat index); without it a documented
fallback is used (:func:`fallback_heat`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from alerts.levels import log_scale
from alerts.sensitivity import SensitiveHits, SensitiveTermScanner, merge_hits
from indexer.document import Document, Sentiment, SourceType
from indexer.store import SearchFilters, SearchRequest, SortOrder, Store

logger = logging.getLogger(__name__)

# (the event's documents, the moment) → heat 0–100
HeatFunction = Callable[[Sequence[Document], datetime], float]

_PAGE = 1000
_MAX_OFFSET = 100_000


@dataclass(frozen=True)
class ItemRef:
    """An item as alerts show it: enough to cite and link it."""

    doc_id: str
    title: str
    url: str
    source: str
    source_type: str
    published_at: datetime

    @classmethod
    def of(cls, doc: Document) -> ItemRef:
        title = doc.title or doc.text[:60]
        return cls(doc.id, title, doc.url, doc.source, doc.source_type.value, doc.published_at)

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "published_at": self.published_at.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ItemRef:
        return cls(**{**data, "published_at": datetime.fromisoformat(data["published_at"])})


@dataclass(frozen=True)
class EventSnapshot:
    """An event's state as of ``as_of``: size, spread, tone, places, subjects and its key items."""

    event_id: str
    title: str
    as_of: datetime
    first_seen: datetime
    last_seen: datetime
    item_count: int
    sources: tuple[str, ...]
    source_types: dict[str, int]
    regions: tuple[str, ...]  # 6-digit codes, most mentioned first
    region_counts: dict[str, int]
    located_items: int  # items with at least one region
    topics: tuple[str, ...]  # most frequent first
    negative_share: float
    rated_items: int
    heat: float
    velocity: float  # items per hour over the velocity window before as_of
    engagement: int  # reposts + comments + likes
    reads: int
    official_items: tuple[ItemRef, ...]
    representative: tuple[ItemRef, ...]
    sensitive: dict[str, tuple[str, ...]]  # category id → terms found
    doc_ids: tuple[str, ...] = field(repr=False, default=())

    @property
    def representative_doc_ids(self) -> tuple[str, ...]:
        return tuple(item.doc_id for item in self.representative)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (the alert keeps its latest snapshot; its item ids are in alert_items)."""
        data = dict(self.__dict__)
        data.pop("doc_ids")
        for key in ("as_of", "first_seen", "last_seen"):
            data[key] = data[key].isoformat()
        data["official_items"] = [i.to_json() for i in self.official_items]
        data["representative"] = [i.to_json() for i in self.representative]
        data["sensitive"] = {k: list(v) for k, v in self.sensitive.items()}
        for key in ("sources", "regions", "topics"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventSnapshot:
        values = dict(data)
        for key in ("as_of", "first_seen", "last_seen"):
            values[key] = datetime.fromisoformat(values[key])
        for key in ("official_items", "representative"):
            values[key] = tuple(ItemRef.from_json(i) for i in values[key])
        for key in ("sources", "regions", "topics"):
            values[key] = tuple(values[key])
        values["sensitive"] = {k: tuple(v) for k, v in values["sensitive"].items()}
        return cls(**values)


def fallback_heat(documents: Sequence[Document], now: datetime) -> float:
    """Heat 0–100 when the app passes none: 100 × (0.4 volume + 0.2 sources + 0.2 engagement + 0.2
    velocity), each ln-scaled (200 items, 30 sources, 100,000 interactions, 20 items/hour over 6 h)."""
    recent = sum(now - timedelta(hours=6) < d.published_at <= now for d in documents)
    interactions = sum(_interactions(d) + d.engagement.reads / 100 for d in documents)
    value = (
        0.4 * log_scale(len(documents), 200)
        + 0.2 * log_scale(len({d.source for d in documents}), 30)
        + 0.2 * log_scale(interactions, 100_000)
        + 0.2 * log_scale(recent / 6, 20)
    )
    return round(100 * value, 2)


def is_official(doc: Document, official_authors: frozenset[str] = frozenset()) -> bool:
    """An item from an official source (政务新媒体, a bureau's site, a board's official reply)."""
    return doc.source_type is SourceType.OFFICIAL or (
        doc.author is not None and doc.author in official_authors
    )


class SnapshotBuilder:
    """Builds :class:`EventSnapshot` from an event's documents (see the module docstring)."""

    def __init__(
        self,
        scanner: SensitiveTermScanner,
        *,
        velocity_window: timedelta = timedelta(hours=3),
        heat: HeatFunction | None = None,
        representative_count: int = 5,
        official_authors: frozenset[str] = frozenset(),
    ) -> None:
        self.scanner = scanner
        self.velocity_window = velocity_window
        self.heat = heat or fallback_heat
        self.representative_count = representative_count
        self.official_authors = official_authors

    def from_store(
        self, store: Store, event_id: str, now: datetime, title: str | None = None
    ) -> EventSnapshot | None:
        """The snapshot of the event's documents in the store, or None when it has none."""
        documents = list(fetch_event_documents(store, event_id))
        if not documents:
            return None
        return self.build(event_id, documents, now, title=title)

    def build(
        self,
        event_id: str,
        documents: Sequence[Document],
        now: datetime,
        *,
        title: str | None = None,
        hits: Mapping[str, SensitiveHits] | None = None,
    ) -> EventSnapshot:
        """The snapshot of ``documents`` (at least one) as of ``now``; ``hits`` caches scans by doc id."""
        if not documents:
            raise ValueError("an event snapshot needs at least one document")
        docs = sorted(documents, key=lambda d: (d.published_at, d.id))
        scans = [hits[d.id] if hits is not None and d.id in hits else self.scanner.scan(d) for d in docs]
        rated = [d for d in docs if d.sentiment is not None]
        regions = Counter(code for d in docs for code in set(d.regions))
        topics = Counter(topic for d in docs for topic in set(d.topics))
        return EventSnapshot(
            event_id=event_id,
            title=title or _event_title(docs),
            as_of=now,
            first_seen=docs[0].published_at,
            last_seen=docs[-1].published_at,
            item_count=len(docs),
            sources=tuple(sorted({d.source for d in docs})),
            source_types=dict(Counter(d.source_type.value for d in docs)),
            regions=tuple(code for code, _ in regions.most_common()),
            region_counts=dict(regions),
            located_items=sum(1 for d in docs if d.regions),
            topics=tuple(topic for topic, _ in topics.most_common()),
            negative_share=_share(rated, Sentiment.NEGATIVE),
            rated_items=len(rated),
            heat=float(self.heat(docs, now)),
            velocity=self._velocity(docs, now),
            engagement=sum(_interactions(d) for d in docs),
            reads=sum(d.engagement.reads for d in docs),
            official_items=tuple(ItemRef.of(d) for d in docs if is_official(d, self.official_authors)),
            representative=tuple(
                ItemRef.of(d) for d in representative_documents(docs, self.representative_count)
            ),
            sensitive=merge_hits(scans),
            doc_ids=tuple(d.id for d in docs),
        )

    def _velocity(self, docs: Sequence[Document], now: datetime) -> float:
        start = now - self.velocity_window
        recent = sum(start < d.published_at <= now for d in docs)
        return round(recent / (self.velocity_window.total_seconds() / 3600), 3)


def representative_documents(docs: Sequence[Document], count: int) -> list[Document]:
    """The first report, then the most engaged items of other sources, then the rest by engagement."""
    if not docs:
        return []
    first = min(docs, key=lambda d: (d.published_at, d.id))
    ranked = sorted(docs, key=lambda d: (-_interactions(d), d.published_at, d.id))
    chosen: dict[str, Document] = {first.id: first}
    seen_sources = {first.source}
    for doc in ranked:
        if len(chosen) < count and doc.source not in seen_sources:
            chosen[doc.id] = doc
            seen_sources.add(doc.source)
    for doc in ranked:
        if len(chosen) < count:
            chosen.setdefault(doc.id, doc)
    return list(chosen.values())[:count]


def fetch_event_documents(store: Store, event_id: str) -> Iterator[Document]:
    """Every document of the event, through the Store's search (pages of 1000)."""
    offset = 0
    while offset <= _MAX_OFFSET:
        request = SearchRequest(
            filters=SearchFilters(event_id=event_id),
            sort=SortOrder.TIME,
            offset=offset,
            limit=_PAGE,
            highlight=False,
        )
        hits = store.search(request).hits
        yield from (hit.document for hit in hits)
        if len(hits) < _PAGE:
            return
        offset += _PAGE
    logger.warning("event %s has more than %d documents; the rest are ignored", event_id, _MAX_OFFSET)


def _event_title(docs: Sequence[Document]) -> str:
    titled = [d for d in docs if d.title.strip()]
    preferred = [d for d in titled if d.source_type in (SourceType.NEWS, SourceType.OFFICIAL)]
    chosen = (preferred or titled or list(docs))[0]
    return (chosen.title or chosen.text[:60]).strip()


def _share(rated: Sequence[Document], sentiment: Sentiment) -> float:
    if not rated:
        return 0.0
    return round(sum(d.sentiment is sentiment for d in rated) / len(rated), 4)


def _interactions(doc: Document) -> int:
    e = doc.engagement
    return e.reposts + e.comments + e.likes
