"""Run crawls: one Scrapy crawler per configured source, in one process, once or on adaptive schedules.

The runner wires what ``crawlers`` must not import: the item class derived from the Document
(:func:`app.items.document_item_class`), the document-id function (``indexer.document.make_document_id``),
the Store and the analysis (through :class:`app.ingest.IngestWriter`).

Run by the service with the tantivy index (``write_turns``), the process opens the Store only inside the
writers' turn, once per batch: fetching, extraction and analysis go on while other crawls write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from scrapy.crawler import Crawler, CrawlerRunner
from scrapy.settings import Settings as ScrapySettings
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from twisted.python.failure import Failure

from app.ingest import INGEST_SETTING, IngestWriter, StoreSession, load_analyzer
from app.items import document_item_class
from app.service.queue import PostprocessQueue
from app.service.write_turns import TurnClient
from app.wiring import open_store
from config import Settings
from config.models.sources import BoardSource, FeedSource, SiteSource, WeiboSource
from config.models.sources import Source as SourceConfig
from crawlers.articles import ArticleExtractor
from crawlers.context import CrawlContext
from crawlers.errors import SourceConfigError
from crawlers.health import SourceHealth
from crawlers.polling import IntervalBounds
from crawlers.scrapy_settings import ASYNCIO_REACTOR, process_settings, source_settings
from crawlers.spiders import SourceSpider, spider_class
from crawlers.state import CrawlState
from indexer.document import make_document_id
from indexer.store import Store

logger = logging.getLogger(__name__)

PIPELINES = {"app.ingest.IngestPipeline": 300}
SCHEDULER_TICK_S = 1.0
PROGRESS_TICK_S = 0.5


class CrawlProgress(Protocol):
    """What the runner reports while it crawls (the CLI draws it with rich)."""

    def started(self, source_id: str) -> None: ...

    def update(self, source_id: str, pages: int, items: int, errors: int) -> None: ...

    def finished(self, source_id: str, health: SourceHealth | None) -> None: ...


def select_sources(settings: Settings, source_ids: Sequence[str], all_sources: bool) -> list[SourceConfig]:
    """The sources to crawl: every enabled one with ``all_sources``, else those named (even if disabled)."""
    configured = settings.sources.sources
    if all_sources:
        return [s for s in configured if s.enabled]
    known = {s.id: s for s in configured}
    unknown = [i for i in source_ids if i not in known]
    if unknown:
        raise SourceConfigError(f"unknown source(s) {unknown}; configured: {sorted(known)}")
    return [known[i] for i in source_ids]


def weibo_keywords(settings: Settings, source: WeiboSource) -> list[str]:
    """Search keywords: the ``search_keywords`` of the chosen keyword plans, then the source's own."""
    plans = {p.id: p for p in settings.plans.plans}
    wanted = list(plans) if source.search.plans == "all" else source.search.plans
    unknown = [p for p in wanted if p not in plans]
    if unknown:
        raise SourceConfigError(f"sources.yaml: source {source.id!r} names unknown keyword plan(s) {unknown}")
    keywords = [k for plan_id in wanted for k in plans[plan_id].search_keywords]
    keywords.extend(source.search.keywords)
    unique = list(dict.fromkeys(k.strip() for k in keywords if k.strip()))
    if not unique and not source.accounts:
        raise SourceConfigError(f"sources.yaml: weibo source {source.id!r} has no keywords and no accounts")
    return unique


def interval_bounds(settings: Settings, source: SourceConfig) -> IntervalBounds:
    schedule = settings.schedule
    low = source.interval_min_s or schedule.crawl_interval_min_s
    high = source.interval_max_s or schedule.crawl_interval_max_s
    return IntervalBounds(min_s=low, max_s=max(low, high))


@dataclass
class _Resources:
    state: CrawlState
    writer: IngestWriter
    extractor: ArticleExtractor
    opened: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for resource in reversed(self.opened):
            resource.close()


class CrawlService:
    """Crawls the given sources in one process: once, or forever on each source's adaptive interval."""

    def __init__(
        self,
        settings: Settings,
        sources: list[SourceConfig],
        *,
        progress: CrawlProgress | None = None,
        log_level: str | None = None,
        spider_for: Callable[[SourceConfig], type[SourceSpider]] | None = None,
        analyze: bool = True,
        write_turns: TurnClient | None = None,
    ) -> None:
        self.settings = settings
        self.write_turns = write_turns
        self.sources = sources
        self.progress = progress
        self.log_level = log_level or logging.getLevelName(logging.getLogger().getEffectiveLevel())
        self.spider_for = spider_for or (lambda source: spider_class(source.kind))
        self.analyze = analyze
        self.results: dict[str, SourceHealth | None] = {}
        self._running: dict[str, Crawler] = {}
        self._resources: _Resources | None = None
        self._runner: CrawlerRunner | None = None
        self._keywords = {s.id: weibo_keywords(settings, s) for s in sources if isinstance(s, WeiboSource)}

    def run(self, *, once: bool) -> dict[str, SourceHealth | None]:
        """Crawl until every source ran once (``once``), or until interrupted."""
        if not is_reactor_installed():
            install_reactor(ASYNCIO_REACTOR)
        from twisted.internet import task

        reactor = _reactor()

        for name in ("scrapy", "twisted", "py.warnings"):
            logging.getLogger(name).setLevel(self.log_level)
        self._resources = self._open_resources()
        try:
            self._runner = CrawlerRunner(self._process_settings())
            # Ctrl-C / SIGTERM: stop the crawls cleanly (pipelines flush) before the reactor stops.
            reactor.addSystemEventTrigger("before", "shutdown", self._runner.stop)
            ticker = task.LoopingCall(self._tick, once)
            if once:
                for source in self.sources:
                    self._start(source)
                self._runner.join().addBoth(lambda _: reactor.stop())
            ticker.start(PROGRESS_TICK_S if once else SCHEDULER_TICK_S, now=not once)
            reactor.run()
        finally:
            self._resources.close()
        return self.results

    def _open_resources(self) -> _Resources:
        crawl = self.settings.sources.crawl
        state = CrawlState(self.settings.database_url())
        state.open()
        opened: list[Any] = [state]
        try:
            stores = self._store_sessions(opened)
            needs_extraction = any(isinstance(s, FeedSource | SiteSource) for s in self.sources)
            extractor = ArticleExtractor(crawl.extraction_workers if needs_extraction else 0)
            extractor.start()
            opened.append(extractor)
            queue = PostprocessQueue.open_at(self.settings.database_url())  # the service post-processes
            opened.append(queue)
            writer = IngestWriter(
                stores,
                state,
                load_analyzer(self.settings) if self.analyze else None,
                batch_size=crawl.store_batch_size,
                flush_s=crawl.store_flush_s,
                after_store=queue.enqueue,
            )
            writer.start()
            opened.append(writer)
        except BaseException:
            for resource in reversed(opened):
                resource.close()
            raise
        return _Resources(state=state, writer=writer, extractor=extractor, opened=opened)

    def _store_sessions(self, opened: list[Any]) -> StoreSession:
        """Where each batch is written: the Store opened now and kept, or, with ``write_turns``, a Store
        opened inside the writers' turn for that batch (opening it may already write the index)."""
        if self.write_turns is None:
            store = open_store(self.settings)
            opened.append(store)
            return lambda: nullcontext(store)
        turns = self.write_turns

        @contextmanager
        def in_turn() -> Iterator[Store]:
            with turns.turn():
                store = open_store(self.settings)
                try:
                    yield store
                finally:
                    store.close()

        return in_turn

    def _process_settings(self) -> dict[str, Any]:
        assert self._resources is not None
        settings = process_settings(self.settings.sources.crawl, self.log_level)
        settings["ITEM_PIPELINES"] = dict(PIPELINES)
        settings["LOG_INSTALL_ROOT_HANDLER"] = False
        settings[INGEST_SETTING] = self._resources.writer
        return settings

    def context(self, source: SourceConfig) -> CrawlContext:
        assert self._resources is not None
        return CrawlContext(
            source=source,
            crawl=self.settings.sources.crawl,
            bounds=interval_bounds(self.settings, source),
            state=self._resources.state,
            item_class=document_item_class(),
            document_id=make_document_id,
            keywords=self._keywords.get(source.id, []),
            extractor=self._resources.extractor,
        )

    def _start(self, source: SourceConfig) -> None:
        assert self._runner is not None
        settings = ScrapySettings(self._process_settings(), priority="project")
        settings.setdict(source_settings(self.context(source)), priority="spider")
        crawler = Crawler(self.spider_for(source), settings)
        self._running[source.id] = crawler
        if self.progress is not None:
            self.progress.started(source.id)
        deferred = self._runner.crawl(crawler)
        deferred.addBoth(self._finished, source.id, crawler)

    def _finished(self, result: Any, source_id: str, crawler: Crawler) -> None:
        self._running.pop(source_id, None)
        if isinstance(result, Failure):
            logger.error("crawl of %s failed: %s", source_id, result.getErrorMessage())
        spider = crawler.spider
        health = getattr(getattr(spider, "monitor", None), "health", None)
        self.results[source_id] = health
        if self.progress is not None:
            self.progress.finished(source_id, health)

    def _tick(self, once: bool) -> None:
        try:
            if not once:
                self._start_due()
            self.report_progress()
        except Exception:  # keep scheduling: one failed tick must not stop every later crawl
            logger.exception("crawl scheduler tick failed")

    def _start_due(self) -> None:
        """Start every idle source whose next run is due."""
        assert self._resources is not None
        now = datetime.now(UTC)
        for source in self.sources:
            if source.id in self._running:
                continue
            health = self._resources.state.health(source.id)
            if health is None or health.next_due_at is None or health.next_due_at <= now:
                self._start(source)

    def report_progress(self) -> None:
        if self.progress is None:
            return
        for source_id, crawler in list(self._running.items()):
            monitor = getattr(crawler.spider, "monitor", None)
            if monitor is not None:
                errors = sum(monitor.errors.values())
                self.progress.update(source_id, monitor.pages_fetched, monitor.new_items, errors)


def describe_kind(source: SourceConfig) -> str:
    """A short description of a source for tables: kind and where it points."""
    if isinstance(source, FeedSource):
        return f"feed · {source.feed_urls[0]}"
    if isinstance(source, SiteSource):
        return f"site · {source.start_urls[0]}"
    if isinstance(source, BoardSource):
        return f"board · {source.list_url}"
    return f"weibo · {source.api_base}"


def _reactor() -> Any:
    """The installed Twisted reactor (imported late: the asyncio reactor must be installed first)."""
    from twisted.internet import reactor

    return reactor
