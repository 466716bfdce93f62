"""Crawler errors (the tree is documented in :mod:`crawlers`)."""

from __future__ import annotations


class CrawlerError(Exception):
    """Base class of crawler errors."""


class SourceConfigError(CrawlerError):
    """A source cannot be built from its configuration; the message says which key to fix."""


class CrawlStateError(CrawlerError):
    """The crawl-state database cannot be opened or written."""


class SourceBlockedError(CrawlerError):
    """A site refuses the crawler; ``kind`` is login_wall, captcha or http_<status>."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        self.url = url
        super().__init__(f"source blocked ({kind}) at {url}")
