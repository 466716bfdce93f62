"""What runs after each stored batch: near-duplicates, event clustering, alert evaluation.

The ingest writer queues every stored document (:class:`app.service.queue.PostprocessQueue`); the service
drains the queue in one place, in batches:

1. near-duplicates: a :class:`nlp.dedup.DuplicateDetector` (rebuilt at start from ``postprocess_items``)
   gives ``duplicate_of``; the decision is recorded before anything else, so a restart repeats it;
2. events: each document becomes an :class:`nlp.events.EventItem` (``mainstream`` from the source's
   configuration) and the :class:`nlp.events.EventClusterer` places it (idempotent: a placed item keeps
   its event);
3. ``event_id`` and ``duplicate_of`` are written back to the Documents (a Store upsert of the stored copy);
4. the observers (alert evaluation) are told which events changed;
5. only then the batch leaves the queue.

A ``kill -9`` anywhere leaves the batch queued; processing it again gives the same answers and writes the
same values, so nothing is lost and nothing is doubled (alert evaluation is idempotent per event).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, select, update

from app.service.database import ServiceDatabase
from app.service.queue import PostprocessQueue, QueuedDocument
from app.service.tables import postprocess_items, to_signed, to_unsigned
from config import Settings
from indexer.document import Document
from indexer.store import Store
from nlp.dedup import DuplicateDetector
from nlp.events import Engagement, EventClusterer, EventItem
from nlp.simhash import text_simhash

logger = logging.getLogger(__name__)


class EventObserver(Protocol):
    """Told after each batch which events gained or changed items (alert evaluation); ``store`` is the
    Store the batch was just written to."""

    def events_changed(self, store: Store, event_ids: Sequence[str], now: datetime) -> None: ...


@dataclass
class PassResult:
    """What one :meth:`Postprocessor.drain` did."""

    documents: int = 0
    duplicates: int = 0
    new_events: int = 0
    events: set[str] = field(default_factory=set)

    def summary(self) -> str:
        return (
            f"{self.documents} documents · {self.duplicates} near-duplicates · "
            f"{len(self.events)} events touched ({self.new_events} new)"
        )


@dataclass(frozen=True)
class Decision:
    """Post-processing's answer for one document."""

    doc_id: str
    simhash: int
    duplicate_of: str | None
    event_id: str | None = None


class Postprocessor:
    """Drains the post-processing queue (see the module docstring). ``open()`` first, ``close()`` after."""

    def __init__(
        self,
        database: ServiceDatabase,
        clusterer: EventClusterer,
        *,
        mainstream_sources: frozenset[str] = frozenset(),
        observers: Sequence[EventObserver] = (),
        batch_size: int = 200,
        dedup_window: timedelta = timedelta(days=30),
    ) -> None:
        self.database = database
        self.queue = PostprocessQueue(database)
        self.clusterer = clusterer
        self.mainstream_sources = mainstream_sources
        self.observers = list(observers)
        self.batch_size = batch_size
        self.dedup_window = dedup_window
        self.detector = DuplicateDetector()
        self._stop_requested = False

    @classmethod
    def from_settings(
        cls, settings: Settings, database: ServiceDatabase, observers: Sequence[EventObserver] = ()
    ) -> Postprocessor:
        post = settings.schedule.postprocess
        return cls(
            database,
            EventClusterer.from_settings(settings),
            mainstream_sources=frozenset(s.id for s in settings.sources.sources if s.mainstream),
            observers=observers,
            batch_size=post.batch_size,
            dedup_window=timedelta(days=post.dedup_window_days),
        )

    def open(self) -> None:
        """Open the event clusterer and rebuild the near-duplicate index from recorded decisions."""
        self.clusterer.open()
        loaded = 0
        for doc_id, fingerprint, duplicate_of in self._recorded_since(datetime.now(UTC) - self.dedup_window):
            self.detector.add(doc_id, fingerprint, duplicate_of)
            loaded += 1
        logger.info("post-processing ready: %d recent fingerprints indexed", loaded)

    def close(self) -> None:
        self.clusterer.close()

    def request_stop(self) -> None:
        """Finish the current batch, then return from :meth:`drain`."""
        self._stop_requested = True

    def pending(self) -> int:
        return self.queue.pending()

    def drain(self, store: Store, now: datetime | None = None) -> PassResult:
        """Process queued documents batch by batch until the queue is empty (or a stop is requested)."""
        result = PassResult()
        while not self._stop_requested:
            entries = self.queue.claim(self.batch_size)
            if not entries:
                break
            self.process(store, entries, now or datetime.now(UTC), result)
        return result

    def process(
        self, store: Store, entries: Sequence[QueuedDocument], now: datetime, result: PassResult
    ) -> None:
        """Process one claimed batch and release it from the queue."""
        documents = sorted(store.get_many([e.doc_id for e in entries]), key=lambda d: (d.published_at, d.id))
        decisions = self._deduplicate(documents)
        decisions = self._cluster(documents, decisions, result)
        self._write_back(store, decisions)
        touched = sorted({d.event_id for d in decisions.values() if d.event_id})
        for observer in self.observers:
            observer.events_changed(store, touched, now)
        self.queue.done(entries)
        result.documents += len(documents)
        result.duplicates += sum(1 for d in decisions.values() if d.duplicate_of)
        result.events.update(touched)

    # 1. near-duplicates ------------------------------------------------------------------------------

    def _deduplicate(self, documents: Sequence[Document]) -> dict[str, Decision]:
        recorded = self._recorded_decisions([d.id for d in documents])
        decisions: dict[str, Decision] = {}
        for doc in documents:
            known = recorded.get(doc.id)
            fingerprint = known.simhash if known else fingerprint_of(doc)
            match = self.detector.add(doc.id, fingerprint, known.duplicate_of if known else None)
            decisions[doc.id] = known or Decision(doc.id, fingerprint, match.duplicate_of)
        self._record([d for doc_id, d in decisions.items() if doc_id not in recorded])
        return decisions

    def _record(self, decisions: Sequence[Decision]) -> None:
        if not decisions:
            return
        now = datetime.now(UTC)
        rows = [
            {
                "doc_id": d.doc_id,
                "simhash": to_signed(d.simhash),
                "duplicate_of": d.duplicate_of,
                "event_id": None,
                "processed_at": now,
            }
            for d in decisions
        ]
        with self.database.begin() as connection:
            connection.execute(postprocess_items.insert(), rows)

    def _recorded_decisions(self, doc_ids: Sequence[str]) -> dict[str, Decision]:
        query = select(postprocess_items).where(postprocess_items.c.doc_id.in_(list(doc_ids)))
        with self.database.connect() as connection:
            return {
                row.doc_id: Decision(
                    row.doc_id, to_unsigned(row.simhash) or 0, row.duplicate_of, row.event_id
                )
                for row in connection.execute(query)
            }

    def _recorded_since(self, since: datetime) -> Iterator[tuple[str, int, str | None]]:
        query = (
            select(postprocess_items.c.doc_id, postprocess_items.c.simhash, postprocess_items.c.duplicate_of)
            .where(postprocess_items.c.processed_at >= since)
            .order_by(postprocess_items.c.seq)
        )
        with self.database.connect() as connection:
            for row in connection.execute(query):
                yield row.doc_id, to_unsigned(row.simhash) or 0, row.duplicate_of

    # 2. events -----------------------------------------------------------------------------------------

    def _cluster(
        self, documents: Sequence[Document], decisions: dict[str, Decision], result: PassResult
    ) -> dict[str, Decision]:
        items = [self.event_item(doc, decisions[doc.id].duplicate_of) for doc in documents]
        assignments = self.clusterer.add_many(items)
        result.new_events += sum(1 for a in assignments if a.created)
        placed = {a.item_id: a.event_id for a in assignments}
        changed = [d for d in decisions.values() if d.event_id != placed.get(d.doc_id)]
        if changed:
            statement = (
                update(postprocess_items)
                .where(postprocess_items.c.doc_id == bindparam("placed_id"))
                .values(event_id=bindparam("placed_event"))
            )
            params = [{"placed_id": d.doc_id, "placed_event": placed.get(d.doc_id)} for d in changed]
            with self.database.begin() as connection:
                connection.execute(statement, params)
        return {
            doc_id: Decision(d.doc_id, d.simhash, d.duplicate_of, placed.get(doc_id))
            for doc_id, d in decisions.items()
        }

    def event_item(self, doc: Document, duplicate_of: str | None) -> EventItem:
        """The clusterer's view of a document."""
        engagement = doc.engagement
        return EventItem(
            id=doc.id,
            title=doc.title,
            text=doc.text,
            published_at=doc.published_at,
            source=doc.source,
            source_type=doc.source_type.value,
            regions=tuple(doc.regions),
            topics=tuple(doc.topics),
            sentiment=doc.sentiment.value if doc.sentiment else None,
            engagement=Engagement(
                engagement.reposts, engagement.comments, engagement.likes, engagement.reads
            ),
            keywords=tuple(doc.keywords),
            parent_id=doc.parent_id,
            duplicate_of=duplicate_of,
            mainstream=doc.source in self.mainstream_sources,
        )

    # 3. write back ---------------------------------------------------------------------------------------

    def _write_back(self, store: Store, decisions: dict[str, Decision]) -> None:
        """Set the decisions on the stored copies (read again now: a crawl may have refreshed them)."""
        updated = []
        for doc in store.get_many(list(decisions)):
            decision = decisions[doc.id]
            values = {
                "event_id": decision.event_id,
                "duplicate_of": decision.duplicate_of,
                "simhash": doc.simhash if doc.simhash is not None else decision.simhash,
            }
            if any(getattr(doc, name) != value for name, value in values.items()):
                updated.append(doc.model_copy(update=values))
        if updated:
            store.upsert(updated)


def fingerprint_of(doc: Document) -> int:
    """The document's SimHash (computed from title and text when the analysis did not set it)."""
    if doc.simhash is not None:
        return doc.simhash
    return text_simhash(f"{doc.title}\n{doc.text}")
