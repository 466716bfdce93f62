"""The base of every source spider: built from a :class:`CrawlContext`, monitored, incremental.

Items are instances of the item class the application passes in (one field per Document field, so an
unknown key raises). Ids come from the document-id function the application passes in. A document
counts as seen only after the application's pipeline has stored it (see :meth:`seen_keys`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawlers.context import CrawlContext, context_from
from crawlers.errors import SourceBlockedError
from crawlers.failures import BlockedRequest, NotModified, classify_failure
from crawlers.middlewares import META_CONDITIONAL, META_EXPECT_JSON
from crawlers.monitor import RunMonitor

logger = logging.getLogger(__name__)

BLOCKED_REASON = "blocked"
# A request whose 404 is expected now and then (a numbered list page past the last one).
META_OPTIONAL = "qs_optional"
# A list page, feed or API page: if it cannot be reached, the run reached nothing.
META_LISTING = "qs_listing"
# Refusals by policy (robots.txt, other domains) are only errors for listings.
_POLICY_KINDS = {"robots", "offsite"}


class SourceSpider(scrapy.Spider):
    """Common wiring; subclasses implement :meth:`start`."""

    kind: ClassVar[str] = ""
    name = "qingshan-source"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        context = context_from(crawler.settings)
        spider = super().from_crawler(crawler, *args, context=context, **kwargs)
        crawler.signals.connect(spider.on_response, signal=signals.response_received)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    def __init__(self, *, context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=context.source_id, **kwargs)
        self.context = context
        self.monitor = RunMonitor(context)
        self.allowed_domains = allowed_domains(context)
        self._aliases: dict[str, list[str]] = {}
        # Ids emitted again to update a stored document (not new items).
        self.refreshing: set[str] = set()

    # signals

    def on_response(self, response: Response, request: Request, spider: scrapy.Spider) -> None:
        if spider is self:
            self.monitor.page_fetched()

    def on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        if spider is self:
            self.before_finish(reason)
            self.monitor.finish(reason)

    def before_finish(self, reason: str) -> None:
        """A last look at the run before its health is computed (subclasses may flag more)."""

    # requests

    def listing_request(self, url: str, callback: Any, *, json: bool = False, **kwargs: Any) -> Request:
        """A list page, feed or API page: conditional GET, never filtered as a duplicate."""
        meta = {
            META_CONDITIONAL: not json,
            META_EXPECT_JSON: json,
            META_LISTING: True,
            **kwargs.pop("meta", {}),
        }
        return Request(url, callback=callback, errback=self.on_error, dont_filter=True, meta=meta, **kwargs)

    def page_request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    def on_error(self, failure: Failure) -> None:
        """Count the failure by kind; a refusal ends the run and degrades the source."""
        exc = failure.value
        if isinstance(exc, NotModified):
            return
        if isinstance(exc, BlockedRequest):
            raise CloseSpider(BLOCKED_REASON)
        kind = classify_failure(failure)
        request: Request | None = getattr(failure, "request", None)
        meta = request.meta if request is not None else {}
        if kind in _POLICY_KINDS and not meta.get(META_LISTING):
            logger.debug("source %s: %s skipped (%s)", self.context.source_id, request, kind)
            return
        if kind == "http_404" and meta.get(META_OPTIONAL):
            return
        self.monitor.error(kind)

    def json_payload(self, response: Response) -> Any:
        """The decoded JSON body, or None (counted as ``malformed_json``) when it is not JSON."""
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError):
            self.monitor.error("malformed_json")
            return None

    def blocked(self, error: SourceBlockedError) -> CloseSpider:
        """Record a refusal found in a response body; raise the returned exception."""
        self.monitor.block(error.kind)
        return CloseSpider(BLOCKED_REASON)

    def on_site(self, url: str) -> bool:
        """Whether ``url`` is on one of the source's domains (or their subdomains)."""
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    # items and ids

    def make_item(self, **fields: Any) -> Mapping[str, Any]:
        fields.setdefault("source", self.context.source_id)
        fields.setdefault("source_type", self.context.source.source_type)
        fields.setdefault("fetched_at", datetime.now(UTC))
        return self.context.item_class(**fields)

    def url_id(self, url: str) -> str:
        return self.context.document_id(url=url)

    def post_id(self, platform: str, post_id: str) -> str:
        return self.context.document_id(platform=platform, post_id=post_id)

    def unseen(self, doc_ids: Iterable[str]) -> set[str]:
        ids = set(doc_ids)
        return ids - self.context.state.seen_ids(self.context.source_id, ids)

    def add_alias(self, doc_id: str, alias_id: str) -> None:
        """Also mark ``alias_id`` (the id of the URL as listed) seen once ``doc_id`` is stored."""
        if alias_id != doc_id:
            self._aliases.setdefault(doc_id, []).append(alias_id)

    def is_new(self, doc_id: str) -> bool:
        """Whether the item ``doc_id`` is a new document (not a refresh of a stored one)."""
        return doc_id not in self.refreshing

    def seen_keys(self, doc_id: str) -> list[str]:
        """Every id to mark seen once the item ``doc_id`` is stored (called by the pipeline)."""
        return [doc_id, *self._aliases.pop(doc_id, [])]


def server_now(response: Response) -> datetime:
    """The server's clock (its Date header) anchors 5分钟前 and 昨天; our own clock if it has none."""
    value = response.headers.get(b"Date")
    if value:
        try:
            return parsedate_to_datetime(value.decode("latin-1"))
        except (TypeError, ValueError):
            pass
    return datetime.now(UTC)


def allowed_domains(context: CrawlContext) -> list[str]:
    """Hosts of the configured URLs plus the configured extra domains (subdomains follow)."""
    hosts = {
        urlsplit(url.replace("{page}", "1").replace("{id}", "1")).hostname
        for url in context.base.configured_urls()
    }
    hosts.update(context.base.allowed_domains)
    return sorted(h for h in hosts if h)
