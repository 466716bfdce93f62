"""Downloader middlewares: conditional GET, block detection, retry backoff and Weibo pacing.

Order (``DOWNLOADER_MIDDLEWARES`` in :mod:`crawlers.scrapy_settings`): block detection (620) and
conditional GET (650) sit between the redirect middleware (600) and the downloader, so they see raw
3xx and 304 answers; backoff (560) delays retried requests after the retry middleware (550) made them.
"""

from __future__ import annotations

import logging
import random
import re
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawlers.context import CrawlContext, context_from
from crawlers.failures import BlockedRequest, NotModified
from crawlers.state import Validators

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.monitor import RunMonitor

logger = logging.getLogger(__name__)

# Request meta keys set by the spiders.
META_CONDITIONAL = "qs_conditional"  # send and remember ETag / Last-Modified
META_EXPECT_JSON = "qs_expect_json"  # an API call: an HTML answer is a login wall or a captcha
_SNIFF_BYTES = 65536


async def sleep(seconds: float) -> None:
    """Wait without blocking the reactor."""
    if seconds > 0:
        from twisted.internet import reactor  # imported late: the runner installs the asyncio reactor first

        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class _ContextMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.context: CrawlContext = context_from(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def monitor(self) -> RunMonitor:
        return self.crawler.spider.monitor  # type: ignore[union-attr,no-any-return]


class ConditionalGetMiddleware(_ContextMiddleware):
    """If-None-Match / If-Modified-Since on listing requests; a 304 becomes :class:`NotModified`."""

    def process_request(self, request: Request) -> None:
        if not request.meta.get(META_CONDITIONAL):
            return
        known = self.context.state.validators([request.url]).get(request.url)
        if known is None:
            return
        if known.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = known.etag
        if known.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = known.last_modified

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get(META_CONDITIONAL):
            return response
        if response.status == 304:
            self.monitor.page_not_modified()
            raise NotModified(f"not modified: {request.url}")
        if response.status == 200:
            etag = _header(response, b"ETag")
            last_modified = _header(response, b"Last-Modified")
            if etag or last_modified:
                self.monitor.remember_validators(request.url, Validators(etag, last_modified))
        return response


class BlockDetectionMiddleware(_ContextMiddleware):
    """Refusals (HTTP 418/432, a redirect to a login page, a captcha page) raise :class:`BlockedRequest`."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        block = self.context.crawl.block
        self.statuses = set(block.statuses)
        self.login_urls = [re.compile(p) for p in block.login_url_patterns]
        self.captcha_markers = [m.lower() for m in block.captcha_markers]
        self.login_markers = [m.lower() for m in block.login_markers]

    def process_response(self, request: Request, response: Response) -> Response:
        kind = self.refusal(request, response)
        if kind is not None:
            self.monitor.block(kind)
            raise BlockedRequest(kind, request.url)
        return response

    def refusal(self, request: Request, response: Response) -> str | None:
        """What kind of refusal ``response`` is, or None for an ordinary answer."""
        if response.status in self.statuses:
            return f"http_{response.status}"
        if 300 <= response.status < 400:
            location = _header(response, b"Location") or ""
            return "login_wall" if any(p.search(location) for p in self.login_urls) else None
        if request.meta.get(META_EXPECT_JSON) and response.status == 200 and not _looks_like_json(response):
            return self._page_kind(response.body[:_SNIFF_BYTES])
        return None

    def _page_kind(self, head: bytes) -> str | None:
        text = head.decode("utf-8", errors="replace").lower()
        if any(marker in text for marker in self.captcha_markers):
            return "captcha"
        if any(marker in text for marker in self.login_markers) or ("<form" in text and "password" in text):
            return "login_wall"
        return None


class BackoffMiddleware(_ContextMiddleware):
    """Retried requests wait base × 2^(attempt−1) seconds (capped) before going out again."""

    async def process_request(self, request: Request) -> None:
        attempt = int(request.meta.get("retry_times", 0))
        if attempt <= 0:
            return
        crawl = self.context.crawl
        await sleep(min(crawl.retry_backoff_max_s, crawl.retry_backoff_s * 2 ** (attempt - 1)))


class PacingMiddleware(_ContextMiddleware):
    """Requests of a paced source (Weibo) each wait a random time within its configured range."""

    async def process_request(self, request: Request) -> None:
        pacing = getattr(self.crawler.spider, "pacing", None)
        if pacing is None:
            return
        low, high = pacing
        await sleep(random.uniform(low, high))


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _looks_like_json(response: Response) -> bool:
    head = response.body[:64].lstrip()
    return head[:1] in {b"{", b"["}
