"""The ``feed`` spider: RSS/Atom feeds → article pages (or the entries' own text)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response

from config.models.sources import FeedSource
from crawlers.feeds import FeedEntry, parse_feed
from crawlers.spiders.article_pages import ArticleSpider, ListingHint


class FeedSpider(ArticleSpider):
    kind = "feed"

    @property
    def feed_source(self) -> FeedSource:
        source = self.context.source
        assert isinstance(source, FeedSource)
        return source

    async def start(self) -> AsyncIterator[Any]:
        for url in self.feed_source.feed_urls:
            yield self.listing_request(url, self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        content_type = response.headers.get(b"Content-Type")
        feed = parse_feed(response.body, content_type.decode("latin-1") if content_type else None)
        if feed.malformed:
            self.monitor.error("malformed_feed")
            if not feed.entries:
                return
        self.monitor.listing_ok()
        entries = [e for e in feed.entries if self.on_site(e.url)]
        if self.feed_source.fetch_articles:
            requests, _ = self.article_requests(_hint(e) for e in entries)
            yield from requests
        else:
            yield from self.entry_items(entries)

    def entry_items(self, entries: list[FeedEntry]) -> Iterator[Any]:
        """Items straight from a full-text feed, for the entries not stored yet."""
        by_id = {self.url_id(e.url): e for e in entries}
        fresh = self.unseen(by_id)
        now = datetime.now(UTC)
        for doc_id, entry in by_id.items():
            if doc_id in fresh:
                yield self.make_item(
                    id=doc_id,
                    url=entry.url,
                    title=entry.title,
                    text=entry.content or entry.summary,
                    author=entry.author,
                    published_at=entry.published_at or now,
                    fetched_at=now,
                )


def _hint(entry: FeedEntry) -> ListingHint:
    return ListingHint(
        listed_url=entry.url,
        title=entry.title,
        published_at=entry.published_at,
        summary=entry.content or entry.summary,
        author=entry.author,
    )
