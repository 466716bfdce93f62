"""The ``site`` spider: list pages → article links → article pages, paging to a bounded depth.

Paging stops at ``max_depth`` list pages per start URL, at the last page, and — with ``stop_at_seen`` —
at a list page whose articles are all stored already (lists are newest first).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from config.models.sources import SiteSource
from crawlers.spiders.article_pages import ArticleSpider, ListingHint
from crawlers.spiders.base import META_OPTIONAL


def split_selectors(selectors: list[str]) -> tuple[list[str], list[str]]:
    """``css:...`` and ``xpath:...`` selectors, separated and without their prefix."""
    css = [s.removeprefix("css:") for s in selectors if s.startswith("css:")]
    xpath = [s.removeprefix("xpath:") for s in selectors if s.startswith("xpath:")]
    return css, xpath


def select_first(response: Response, selector: str) -> str | None:
    """The first match of a ``css:`` / ``xpath:`` selector: an element's href, or its text."""
    kind, _, expression = selector.partition(":")
    nodes = response.css(expression) if kind == "css" else response.xpath(expression)
    if not nodes:
        return None
    node = nodes[0]
    href = node.attrib.get("href") if hasattr(node, "attrib") else None
    value = href or node.get()
    return str(value).strip() if value else None


class SiteSpider(ArticleSpider):
    kind = "site"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        rules = self.site.article_links
        css, xpath = split_selectors(rules.restrict)
        self.links = LinkExtractor(
            allow=rules.allow,
            deny=rules.deny,
            restrict_css=css,
            restrict_xpaths=xpath,
            unique=True,
        )

    @property
    def site(self) -> SiteSource:
        source = self.context.source
        assert isinstance(source, SiteSource)
        return source

    async def start(self) -> AsyncIterator[Any]:
        for url in self.site.start_urls:
            yield self.listing_request(url, self.parse_list, cb_kwargs={"depth": 1})

    def parse_list(self, response: Response, depth: int) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self.monitor.error("not_html")
            return
        self.monitor.listing_ok()
        hints = [
            ListingHint(listed_url=link.url, title=link.text.strip())
            for link in self.links.extract_links(response)
            if self.on_site(link.url)
        ]
        requests, fresh = self.article_requests(hints)
        yield from requests
        if depth >= self.site.max_depth or (self.site.stop_at_seen and hints and fresh == 0):
            return
        next_url = self.next_page(response, depth)
        if next_url is not None:
            yield self.listing_request(
                next_url,
                self.parse_list,
                cb_kwargs={"depth": depth + 1},
                meta={META_OPTIONAL: self.site.pagination.url_template is not None},
            )

    def next_page(self, response: Response, depth: int) -> str | None:
        """The list page after the one at ``depth`` (1 = the start page), or None."""
        pagination = self.site.pagination
        if pagination.next is not None:
            href = select_first(response, pagination.next)
            url = response.urljoin(href) if href else None
            return url if url and self.on_site(url) else None
        if pagination.url_template is not None:
            return pagination.url_template.replace("{page}", str(pagination.first_page + depth - 1))
        return None
