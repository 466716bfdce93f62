"""Scrapy settings built from the crawl configuration: politeness, limits and our middlewares."""

from __future__ import annotations

from typing import Any

from config.models.sources import CrawlSettings, SourceBase, WeiboSource
from crawlers.context import CONTEXT_SETTING, CrawlContext

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.BackoffMiddleware": 560,
    "crawlers.middlewares.PacingMiddleware": 570,
    "crawlers.middlewares.BlockDetectionMiddleware": 620,
    "crawlers.middlewares.ConditionalGetMiddleware": 650,
}


def process_settings(crawl: CrawlSettings, log_level: str = "WARNING") -> dict[str, Any]:
    """Settings shared by every crawler of a process (the reactor, logging, politeness defaults)."""
    return {
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "LOG_LEVEL": log_level,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay_s,
        "DOWNLOAD_DELAY_JITTER": 0.5,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout_s,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "REDIRECT_MAX_TIMES": 8,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay_s, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": crawl.autothrottle_max_delay_s,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl.autothrottle_target_concurrency,
        "COOKIES_ENABLED": True,
        "DOWNLOADER_MIDDLEWARES": dict(DOWNLOADER_MIDDLEWARES),
        "HTTPERROR_ALLOW_ALL": False,
        "STATS_DUMP": False,
        "LOGSTATS_INTERVAL": 0,
    }


def source_settings(context: CrawlContext) -> dict[str, Any]:
    """Settings of one source's crawler: its context, its caps and its own politeness overrides."""
    source: SourceBase = context.base
    settings: dict[str, Any] = {
        CONTEXT_SETTING: context,
        "CLOSESPIDER_ITEMCOUNT": source.max_items_per_run,
        "CLOSESPIDER_PAGECOUNT": source.max_requests_per_run,
    }
    if source.obey_robots is not None:
        settings["ROBOTSTXT_OBEY"] = source.obey_robots
    if source.download_delay_s is not None:
        settings["DOWNLOAD_DELAY"] = source.download_delay_s
    if isinstance(source, WeiboSource):
        settings.update(_weibo_settings(source))
    return settings


def _weibo_settings(source: WeiboSource) -> dict[str, Any]:
    # One request at a time, each after a random pause (PacingMiddleware); no adaptive throttling.
    return {
        "CONCURRENT_REQUESTS": 1,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_HTTP_CODES": [500, 502, 503, 504],
    }
