"""Article pages shared by the feed and site spiders: seen filtering, extraction, the item."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response

from config.models.sources import FeedSource, SiteSource
from crawlers.articles import ArticleFields, PageInput, to_rules
from crawlers.errors import SourceConfigError
from crawlers.spiders.base import SourceSpider, server_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListingHint:
    """What the list or feed said about an article: fallbacks for what the page lacks."""

    listed_url: str
    title: str = ""
    published_at: datetime | None = None
    summary: str = ""
    author: str | None = None


class ArticleSpider(SourceSpider):
    """Requests unseen article pages and turns each into one item."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        source = self.context.source
        assert isinstance(source, FeedSource | SiteSource)
        try:
            to_rules(source.extraction)
        except ValueError as exc:
            raise SourceConfigError(f"sources.yaml: source {source.id!r}: extraction rules: {exc}") from exc

    def article_requests(self, hints: Iterable[ListingHint]) -> tuple[list[Request], int]:
        """Requests for the unseen articles among ``hints``, and how many were unseen."""
        by_id = {self.url_id(hint.listed_url): hint for hint in hints}
        fresh = self.unseen(by_id)
        requests = [
            self.page_request(hint.listed_url, self.parse_article, cb_kwargs={"hint": hint})
            for doc_id, hint in by_id.items()
            if doc_id in fresh
        ]
        return requests, len(fresh)

    async def parse_article(self, response: Response, hint: ListingHint) -> AsyncIterator[Any]:
        source = self.context.source
        assert isinstance(source, FeedSource | SiteSource)
        page = PageInput(
            url=response.url,
            body=response.body,
            content_type=_content_type(response),
            rules=source.extraction,
            fetched_at=server_now(response),
        )
        try:
            fields = await self.context.extractor.extract(page)
        except Exception as exc:  # the extractor's own errors and a broken worker alike
            logger.info("source %s: cannot extract %s: %s", self.context.source_id, response.url, exc)
            self.monitor.error(f"extraction:{type(exc).__name__}")
            return
        for item in self.article_items(response, hint, fields):
            yield item

    def article_items(self, response: Response, hint: ListingHint, fields: ArticleFields) -> Iterator[Any]:
        if not (fields.text or fields.title):
            self.monitor.error("empty_article")
            return
        url = self.document_url(response, fields.canonical_url)
        doc_id = self.url_id(url)
        self.add_alias(doc_id, self.url_id(hint.listed_url))
        fetched_at = datetime.now(UTC)
        yield self.make_item(
            id=doc_id,
            url=url,
            title=fields.title or hint.title,
            text=fields.text or hint.summary,
            author=fields.author or hint.author,
            origin=fields.origin,
            published_at=fields.published_at or hint.published_at or fetched_at,
            fetched_at=fetched_at,
            original_title=fields.original_title,
            original_text=fields.original_text,
        )

    def document_url(self, response: Response, canonical: str | None) -> str:
        """The page's canonical URL when it points into the source's domains, else the fetched URL."""
        if canonical:
            absolute = response.urljoin(canonical)
            if self.on_site(absolute):
                return absolute
        return response.url


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None
