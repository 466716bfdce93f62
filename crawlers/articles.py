"""Article extraction beside the crawl: pages go to worker processes, fields come back.

Scrapy and the extractor are both CPU-bound; running extraction in other processes lets the two
overlap instead of taking turns on one core. ``workers=0`` extracts in the crawl process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from config.models.sources import ExtractionRuleSettings
from crawlers.extraction import ExtractionRules, extract_article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageInput:
    """What the extractor needs of one fetched page (small and picklable)."""

    url: str
    body: bytes
    content_type: str | None
    rules: ExtractionRuleSettings
    # When the page was fetched (by the server's clock): relative dates count from it.
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class ArticleFields:
    """The extractor's result in plain values."""

    title: str
    text: str
    published_at: datetime | None
    author: str | None
    origin: str | None
    canonical_url: str | None
    encoding: str | None
    original_title: str | None = None
    original_text: str | None = None


def extract_page(page: PageInput) -> ArticleFields:
    """Run the article extractor on one page (in a worker process, or inline)."""
    article = extract_article(
        page.body,
        url=page.url,
        content_type=page.content_type,
        rules=to_rules(page.rules),
        reference=page.fetched_at,
    )
    return ArticleFields(
        title=article.title,
        text=article.text,
        published_at=article.published_at,
        author=article.author,
        origin=article.origin,
        canonical_url=article.canonical_url,
        encoding=article.encoding,
        original_title=article.original_title,
        original_text=article.original_text,
    )


def to_rules(settings: ExtractionRuleSettings) -> ExtractionRules:
    """The extractor's rules for the configured overrides (``css:`` prefixes dropped; it reads XPath by shape)."""
    values = settings.model_dump()
    for key in ("title", "body", "published_at", "author", "origin", "canonical_url"):
        values[key] = _selector(values[key])
    values["remove"] = [_selector(s) for s in values["remove"]]
    return ExtractionRules(**values)


def _selector(selector: str | None) -> str | None:
    return selector.removeprefix("css:") if selector is not None else None


def _ready() -> bool:
    return True


class ArticleExtractor:
    """A pool of extraction processes shared by every crawler of the process."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self.workers > 0 and self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["crawlers.articles", "crawlers.extraction"])
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            # Start the workers now (importing the extractor takes a while), not on the first page.
            for future in [self._pool.submit(_ready) for _ in range(self.workers)]:
                future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __deepcopy__(self, memo: dict[int, Any]) -> ArticleExtractor:
        return self

    async def extract(self, page: PageInput) -> ArticleFields:
        if self._pool is None:
            return extract_page(page)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, extract_page, page)
