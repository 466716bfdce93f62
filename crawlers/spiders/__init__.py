"""One spider class per source kind; :func:`spider_class` picks it for a configured source."""

from __future__ import annotations

from crawlers.spiders.base import SourceSpider
from crawlers.spiders.board import BoardSpider
from crawlers.spiders.feed import FeedSpider
from crawlers.spiders.site import SiteSpider
from crawlers.spiders.weibo import WeiboSpider

SPIDERS: dict[str, type[SourceSpider]] = {
    "feed": FeedSpider,
    "site": SiteSpider,
    "weibo": WeiboSpider,
    "board": BoardSpider,
}


def spider_class(kind: str) -> type[SourceSpider]:
    """The spider for a source kind (``feed``, ``site``, ``weibo``, ``board``)."""
    return SPIDERS[kind]


__all__ = [
    "SPIDERS",
    "BoardSpider",
    "FeedSpider",
    "SiteSpider",
    "SourceSpider",
    "WeiboSpider",
    "spider_class",
]
