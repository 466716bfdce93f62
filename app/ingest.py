"""The Scrapy item pipeline that turns crawled items into Documents, analyses and stores them.

Items are validated against the Document schema, collected in batches and handed to one writer thread
shared by every crawler of the process. The writer analyses the batch (:mod:`app.analysis`: sentiment,
topics, regions, keywords, summary, SimHash), then takes the Store (in the service: the writers' turn and
a Store opened for this batch only), upserts the batch into it and only then marks its documents seen in
the crawl state: after a ``kill -9`` an item is either stored (and seen) or fetched again — never lost, and never
stored twice because ids are stable and upserts idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Self

from pydantic import ValidationError
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from config import Settings
from crawlers.state import CrawlState
from indexer.document import Document
from indexer.store import Store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.spiders.base import SourceSpider

logger = logging.getLogger(__name__)

INGEST_SETTING = "QINGSHAN_INGEST"
# Batches queued for the writer per crawler before the crawl waits for the writer to catch up.
MAX_PENDING_BATCHES = 3

# A batch in, the same documents analysed out (app.analysis.DocumentAnalyzer).
Analyzer = Callable[[list[Document]], list[Document]]
# Called with each batch right after it is stored, before it is marked seen (app.service.queue).
AfterStore = Callable[[list[Document]], None]
# The Store to write one batch to, held inside (app.crawl_runner: kept open, or opened in a writers' turn).
StoreSession = Callable[[], AbstractContextManager[Store]]


def load_analyzer(settings: Settings) -> Analyzer:
    """The configured document analysis with its models loaded (errors name what is wrong)."""
    from app.analysis import build_document_analyzer

    return build_document_analyzer(settings)


def keep_decisions(store: Store, documents: list[Document]) -> list[Document]:
    """Documents stored again (a re-crawl, a refetch after a crash) keep the event and near-duplicate
    decisions of their stored copy: post-processing, which runs again for them, gives the same answers,
    and until then search and alerts keep seeing the event."""
    fresh = [doc.id for doc in documents if doc.event_id is None]
    stored = {doc.id: doc for doc in store.get_many(fresh) if doc.event_id} if fresh else {}
    if not stored:
        return documents
    return [
        doc.model_copy(update={"event_id": old.event_id, "duplicate_of": old.duplicate_of})
        if doc.event_id is None and (old := stored.get(doc.id)) is not None
        else doc
        for doc in documents
    ]


class IngestWriter:
    """One writer thread for the process: analyse, upsert, then mark seen — in that order."""

    def __init__(
        self,
        stores: StoreSession,
        state: CrawlState,
        analyzer: Analyzer | None,
        *,
        batch_size: int = 50,
        flush_s: float = 5.0,
        after_store: AfterStore | None = None,
    ) -> None:
        self.stores = stores
        self.state = state
        self.analyzer = analyzer
        self.batch_size = batch_size
        self.flush_s = flush_s
        self.after_store = after_store
        self._executor: ThreadPoolExecutor | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> IngestWriter:
        return self  # shared through the Scrapy settings of every crawler

    def start(self) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qingshan-ingest")

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def submit(self, source: str, documents: list[Document], seen_keys: list[str]) -> Future[int]:
        if self._executor is None:
            raise RuntimeError("IngestWriter is not started")
        return self._executor.submit(self.write, source, documents, seen_keys)

    def write(self, source: str, documents: list[Document], seen_keys: list[str]) -> int:
        """Analyse and store ``documents``, then mark ``seen_keys`` seen for ``source``."""
        if self.analyzer is not None:
            documents = self.analyzer(documents)
        with self.stores() as store:
            store.upsert(keep_decisions(store, documents))
            if self.after_store is not None:
                self.after_store(documents)
        self.state.mark_seen(source, seen_keys)
        return len(documents)


class IngestPipeline:
    """Scrapy item pipeline (``ITEM_PIPELINES``) feeding the shared :class:`IngestWriter`."""

    def __init__(self, crawler: Crawler, writer: IngestWriter) -> None:
        self.crawler = crawler
        self.writer = writer
        self._batch: list[Document] = []
        self._batch_started = 0.0
        self._pending: set[asyncio.Future[int]] = set()
        self._timer: task.LoopingCall | None = None
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        writer = crawler.settings.get(INGEST_SETTING)
        if not isinstance(writer, IngestWriter):
            raise RuntimeError(f"{INGEST_SETTING} is not set: run crawls through app.crawl_runner")
        return cls(crawler, writer)

    @property
    def spider(self) -> SourceSpider:
        return self.crawler.spider  # type: ignore[return-value]

    def open_spider(self) -> None:
        self._timer = task.LoopingCall(self._flush_if_old)
        self._timer.start(max(self.writer.flush_s / 2, 0.1), now=False)

    async def process_item(self, item: Any) -> Any:
        try:
            document = Document.model_validate(dict(item))
        except ValidationError as exc:
            self.spider.monitor.error("invalid_item")
            raise DropItem(f"item does not fit the Document schema: {exc}") from exc
        if not self._batch:
            self._batch_started = time.monotonic()
        self._batch.append(document)
        if len(self._batch) >= self.writer.batch_size:
            await self._flush()
        return item

    async def close_spider(self) -> None:
        self._closing = True
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        await self._flush()
        while self._pending:
            await asyncio.wait(set(self._pending))

    def _flush_if_old(self) -> None:
        if self._batch and time.monotonic() - self._batch_started >= self.writer.flush_s:
            deferred_from_coro(self._flush())

    async def _flush(self) -> None:
        documents, self._batch = self._batch, []
        if not documents:
            return
        keys = [key for doc in documents for key in self.spider.seen_keys(doc.id)]
        new = sum(1 for doc in documents if self.spider.is_new(doc.id))
        future = asyncio.wrap_future(self.writer.submit(self.spider.context.source_id, documents, keys))
        self._pending.add(future)
        future.add_done_callback(lambda done: self._written(done, new))
        while len(self._pending) > MAX_PENDING_BATCHES:
            await asyncio.wait(set(self._pending), return_when=asyncio.FIRST_COMPLETED)

    def _written(self, future: asyncio.Future[int], new: int) -> None:
        self._pending.discard(future)
        if future.cancelled():
            return
        exc = future.exception()
        if exc is None:
            self.spider.monitor.items_stored(new)
            return
        logger.error("source %s: storing a batch failed: %s", self.spider.context.source_id, exc)
        self.spider.monitor.error("store")
        if not self._closing:
            self._closing = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="store_error"))
