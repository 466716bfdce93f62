"""Crawl sources (``sources.yaml``): one strict model per spider kind, a discriminated union on ``kind``.

The crawler converts these plain settings into its own objects (extraction rules, Scrapy settings);
config never imports crawlers. Selectors are written ``css:...`` or ``xpath:...``; patterns are Python
regular expressions; URL templates use ``{page}`` (and ``{id}`` for message boards).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, model_validator

from config.models.base import StrictModel


def _check_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc
    return pattern


def _check_http_url(url: str) -> str:
    parts = urlsplit(url.replace("{page}", "1").replace("{id}", "1"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("expected an absolute http(s) URL")
    return url


Regex = Annotated[str, AfterValidator(_check_regex)]
HttpUrl = Annotated[str, AfterValidator(_check_http_url)]
Selector = Annotated[str, Field(pattern=r"^(css|xpath):\S.*$")]
DomainName = Annotated[str, Field(pattern=r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
JsonPath = Annotated[str, Field(pattern=r"^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$")]
SourceId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]


class HealthSettings(StrictModel):
    """When a source counts as degraded or silent."""

    # Consecutive failed runs (fetch errors, nothing usable) before a source is ``degraded``.
    failures_to_degrade: int = Field(default=3, ge=1)
    # A source is ``silent`` when it yields nothing for this many times its usual gap between new items...
    silent_factor: float = Field(default=4.0, ge=1.0)
    # ...and for at least this long (hours).
    silent_min_h: float = Field(default=6.0, gt=0)
    # Weight of the latest run in the moving average of new items per hour (the "usual rate").
    rate_smoothing: float = Field(default=0.3, gt=0, le=1)


class BlockDetection(StrictModel):
    """Signs that a site refuses the crawler: the source is marked degraded, never "no new posts"."""

    statuses: list[int] = [403, 418, 432]
    # A redirect whose Location matches one of these is a login wall.
    login_url_patterns: list[Regex] = [
        r"passport\.weibo\.c(n|om)",
        r"login\.sina\.com\.cn",
        r"/(signin|login)\b",
    ]
    # Text in a page (or in a JSON API's reply) that only a captcha or login page contains.
    captcha_markers: list[str] = ["验证码", "安全验证", "captcha", "geetest"]
    login_markers: list[str] = ["请先登录", "登录后查看", "passport.weibo"]


class CrawlSettings(StrictModel):
    """Politeness and resource limits shared by every source (a source may narrow some of them)."""

    user_agent: str = "qingshan/0.1 (environmental news monitoring; +https://github.com/qingshan)"
    obey_robots: bool = True
    concurrent_requests: int = Field(default=16, ge=1, le=256)
    concurrent_requests_per_domain: int = Field(default=2, ge=1, le=64)
    download_delay_s: float = Field(default=1.0, ge=0)
    download_timeout_s: float = Field(default=30.0, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    # Retries wait base × 2^(attempt-1) seconds, at most the maximum.
    retry_backoff_s: float = Field(default=2.0, ge=0)
    retry_backoff_max_s: float = Field(default=60.0, ge=0)
    max_page_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    autothrottle: bool = True
    autothrottle_target_concurrency: float = Field(default=1.0, gt=0)
    autothrottle_max_delay_s: float = Field(default=60.0, gt=0)
    # Processes that run article extraction beside the crawl (0 = in the crawl process).
    extraction_workers: int = Field(default=1, ge=0, le=32)
    # Items are written to the store in batches; a URL counts as seen only once its item is stored.
    store_batch_size: int = Field(default=50, ge=1, le=10_000)
    store_flush_s: float = Field(default=5.0, gt=0)
    health: HealthSettings = HealthSettings()
    block: BlockDetection = BlockDetection()


class ExtractionRuleSettings(StrictModel):
    """Per-site overrides for the generic article extractor; unset fields are left to it."""

    title: Selector | None = None
    body: Selector | None = None
    published_at: Selector | None = None
    author: Selector | None = None
    origin: Selector | None = None
    canonical_url: Selector | None = None
    # Elements removed before extraction (share bars, related-article boxes).
    remove: list[Selector] = []
    # strptime formats tried on the published_at text before the generic date parser.
    date_formats: list[str] = []
    # Force this encoding for a site whose charset declarations are wrong.
    encoding: str | None = None


class SourceBase(StrictModel):
    """What every source has: identity, where it may go, how often, how much per run."""

    id: SourceId
    name: str = Field(min_length=1)
    # Home region of the source (administrative code), used to resolve ambiguous place names.
    region: str | None = Field(default=None, pattern=r"^\d{6}$")
    enabled: bool = True
    # A national or provincial outlet (人民网, 新华网, 省级媒体): its items weigh more in event heat.
    mainstream: bool = False
    # Hosts the crawler may follow besides those of the configured URLs (subdomains included).
    allowed_domains: list[DomainName] = []
    obey_robots: bool | None = None  # None = crawl.obey_robots
    download_delay_s: float | None = Field(default=None, ge=0)
    # Polling interval bounds (seconds); None = schedule.yaml's crawl_interval_min_s / _max_s.
    interval_min_s: int | None = Field(default=None, ge=1)
    interval_max_s: int | None = Field(default=None, ge=1)
    max_items_per_run: int = Field(default=200, ge=1)
    max_requests_per_run: int = Field(default=1000, ge=1)
    # Hours without new items before the source is "silent"; None = derived from its usual rate.
    silent_after_h: float | None = Field(default=None, gt=0)

    def configured_urls(self) -> list[str]:
        """Every URL the configuration names (their hosts are always allowed)."""
        return []


class FeedSource(SourceBase):
    """An RSS or Atom feed; each entry's article page is fetched and extracted."""

    kind: Literal["feed"]
    source_type: Literal["news", "official"] = "news"
    feed_urls: list[HttpUrl] = Field(min_length=1)
    # False: take the text from the feed entry itself (full-text feeds) instead of the page.
    fetch_articles: bool = True
    extraction: ExtractionRuleSettings = ExtractionRuleSettings()

    def configured_urls(self) -> list[str]:
        return list(self.feed_urls)


class ArticleLinkRules(StrictModel):
    """Which links on a list page are articles."""

    allow: list[Regex] = []
    deny: list[Regex] = []
    # Only links inside these regions of the list page (empty = the whole page).
    restrict: list[Selector] = []


class PaginationRules(StrictModel):
    """How to reach older list pages: a "next" link, or numbered URLs from a template."""

    next: Selector | None = None
    url_template: HttpUrl | None = None
    first_page: int = Field(default=2, ge=0)


class SiteSource(SourceBase):
    """Channel or list pages → article links → article pages, to a bounded depth of list pages."""

    kind: Literal["site"]
    source_type: Literal["news", "official"] = "news"
    start_urls: list[HttpUrl] = Field(min_length=1)
    article_links: ArticleLinkRules = ArticleLinkRules()
    pagination: PaginationRules = PaginationRules()
    # List pages followed per start URL, the first included.
    max_depth: int = Field(default=3, ge=1, le=100)
    # Stop paging once a list page holds only articles that are already stored.
    stop_at_seen: bool = True
    extraction: ExtractionRuleSettings = ExtractionRuleSettings()

    def configured_urls(self) -> list[str]:
        extra = [self.pagination.url_template] if self.pagination.url_template else []
        return [*self.start_urls, *extra]

    @model_validator(mode="after")
    def _template_has_one_list(self) -> SiteSource:
        template = self.pagination.url_template
        if template is not None and (len(self.start_urls) != 1 or "{page}" not in template):
            raise ValueError("pagination.url_template needs exactly one start URL and a {page} placeholder")
        return self


class WeiboAccount(StrictModel):
    """An account whose timeline is followed; without ``uid`` it is looked up by its exact name."""

    name: str = Field(min_length=1)
    uid: str | None = Field(default=None, pattern=r"^\d{5,12}$")
    # Posts of this account are official responses (source_type official).
    official: bool = True


class WeiboSearch(StrictModel):
    """Keyword search: the ``search_keywords`` of keyword plans, plus extra keywords."""

    plans: Literal["all"] | list[str] = "all"
    keywords: list[str] = []


class WeiboSource(SourceBase):
    """Weibo through the mobile JSON API (m.weibo.cn): keyword search and account timelines."""

    kind: Literal["weibo"]
    source_type: Literal["social"] = "social"
    api_base: HttpUrl = "https://m.weibo.cn"
    search: WeiboSearch = WeiboSearch()
    accounts: list[WeiboAccount] = []
    # user.verified_type values that mark an official (government) account.
    official_verified_types: list[int] = [1]
    # The Cookie header of a logged-in session; write {"$env": "WEIBO_COOKIE"}.
    cookie: str | None = None
    max_pages: int = Field(default=2, ge=1, le=50)
    fetch_long_text: bool = True
    # Posts already stored but younger than this (hours) are stored again with their current
    # reposts/comments/likes, so spread can be followed (0 = never; long posts are not refreshed).
    refresh_engagement_h: float = Field(default=24.0, ge=0)
    # Each request waits a random time in this range (pacing against bans).
    delay_min_s: float = Field(default=3.0, ge=0)
    delay_max_s: float = Field(default=8.0, ge=0)
    max_items_per_run: int = Field(default=300, ge=1)
    max_requests_per_run: int = Field(default=60, ge=1)

    def configured_urls(self) -> list[str]:
        return [self.api_base]

    @model_validator(mode="after")
    def _delays_ordered(self) -> WeiboSource:
        if self.delay_max_s < self.delay_min_s:
            raise ValueError("delay_max_s must not be smaller than delay_min_s")
        return self


class BoardFields(StrictModel):
    """Where each value sits in one record of the JSON (dotted paths; list indices are numbers)."""

    id: JsonPath | None = None
    title: JsonPath | None = None
    content: JsonPath | None = None
    region: JsonPath | None = None
    time: JsonPath | None = None
    author: JsonPath | None = None
    reply_status: JsonPath | None = None
    reply_text: JsonPath | None = None
    reply_time: JsonPath | None = None
    reply_author: JsonPath | None = None


class BoardDetail(StrictModel):
    """A per-message request for what the list lacks (full text, the official reply)."""

    url: HttpUrl  # with {id}
    fields: BoardFields


class BoardSource(SourceBase):
    """A public message board or complaint channel behind a JSON API, mapped field by field."""

    kind: Literal["board"]
    source_type: Literal["board"] = "board"
    list_url: HttpUrl  # may contain {page}
    method: Literal["GET", "POST"] = "GET"
    # JSON body for POST; any string "{page}" inside is replaced by the page number.
    body: dict[str, Any] | None = None
    headers: dict[str, str] = {}
    items_path: JsonPath
    fields: BoardFields
    detail: BoardDetail | None = None
    # The public page of one message (with {id}); it is the document's URL.
    item_url: HttpUrl
    # reply_status values that mean "answered".
    replied_values: list[str] = ["1", "true", "已回复", "已办理"]
    first_page: int = Field(default=1, ge=0)
    max_pages: int = Field(default=3, ge=1, le=100)

    def configured_urls(self) -> list[str]:
        detail = [self.detail.url] if self.detail else []
        return [self.list_url, self.item_url, *detail]

    @model_validator(mode="after")
    def _has_id(self) -> BoardSource:
        if self.fields.id is None:
            raise ValueError("fields.id is required: it identifies a message across runs")
        if "{id}" not in self.item_url:
            raise ValueError("item_url must contain {id}")
        return self


Source = Annotated[FeedSource | SiteSource | WeiboSource | BoardSource, Field(discriminator="kind")]


class SourceSettings(StrictModel):
    """``sources.yaml``."""

    crawl: CrawlSettings = CrawlSettings()
    sources: list[Source] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> SourceSettings:
        seen: set[str] = set()
        for source in self.sources:
            if source.id in seen:
                raise ValueError(f"source id {source.id!r} is used twice")
            seen.add(source.id)
        return self

    def get(self, source_id: str) -> FeedSource | SiteSource | WeiboSource | BoardSource | None:
        """The source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)
