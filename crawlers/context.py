"""What a crawl of one source needs from outside, handed to Scrapy components through the settings.

The application builds one :class:`CrawlContext` per source and puts it under :data:`CONTEXT_SETTING`;
spiders, middlewares and the monitor read it with :func:`context_from`. Scrapy deep-copies settings for
every crawler, so the context (and the shared resources it carries) is passed by reference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from config.models.sources import CrawlSettings, FeedSource, SiteSource, SourceBase
from config.models.sources import Source as SourceConfig
from crawlers.polling import IntervalBounds
from crawlers.state import CrawlState

CONTEXT_SETTING = "QINGSHAN_CONTEXT"


class DocumentIdFunction(Protocol):
    """Stable document ids: ``(url=...)`` for pages, ``(platform=..., post_id=...)`` for posts."""

    def __call__(
        self, *, url: str | None = None, platform: str | None = None, post_id: str | None = None
    ) -> str: ...


ItemFactory = Callable[..., Mapping[str, Any]]


@dataclass
class CrawlContext:
    """One source's configuration plus the shared state, item class and id function of the run."""

    source: SourceConfig
    crawl: CrawlSettings
    bounds: IntervalBounds
    state: CrawlState
    item_class: ItemFactory
    document_id: DocumentIdFunction
    # Weibo search keywords resolved from the keyword plans (empty for other kinds).
    keywords: list[str] = field(default_factory=list)
    # Processes used for article extraction (shared by every crawler of the process).
    extractor: Any = None

    def __deepcopy__(self, memo: dict[int, Any]) -> CrawlContext:
        return self

    @property
    def source_id(self) -> str:
        return self.source.id

    @property
    def base(self) -> SourceBase:
        return self.source

    @property
    def is_html_source(self) -> bool:
        return isinstance(self.source, FeedSource | SiteSource)


def context_from(settings: Any) -> CrawlContext:
    """The context in a crawler's settings; a missing one is a wiring error, said loudly."""
    context = settings.get(CONTEXT_SETTING)
    if not isinstance(context, CrawlContext):
        raise RuntimeError(
            f"{CONTEXT_SETTING} is not set: build crawls with app.crawl_runner (it passes the source, "
            "the item class and the document-id function to the spiders)"
        )
    return context
