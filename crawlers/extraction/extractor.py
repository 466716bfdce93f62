"""Extract one article (title, text, publication time, author, 来源, canonical URL) from an HTML page.

The pipeline: decode the bytes (:mod:`~crawlers.extraction.encoding`), parse once with lxml, apply the
site's rules (:class:`~crawlers.extraction.rules.ExtractionRules`) where configured, read the markup's
metadata, find the body with the density finder and, when that body is thin, ask trafilatura for a second
opinion; then dates, byline and Traditional → Simplified normalisation.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree, html

from crawlers.extraction.article import BodySource, ExtractedArticle
from crawlers.extraction.byline import ORIGIN_PATTERN, author_in_line, find_author, find_origin
from crawlers.extraction.density import DensityResult, find_body
from crawlers.extraction.encoding import decode_html, normalize_charset
from crawlers.extraction.errors import EmptyPageError, NotHtmlError
from crawlers.extraction.metadata import choose_title, clean_text, read_metadata
from crawlers.extraction.published import find_published, from_selected_text
from crawlers.extraction.rules import ExtractionRules
from crawlers.extraction.second_opinion import needs_second_opinion, prefer_second_opinion, trafilatura_text
from crawlers.extraction.selectors import remove_selected, select_first_text, select_texts
from crawlers.extraction.variants import detect_variant, to_simplified

logger = logging.getLogger(__name__)

_HTML_TAG = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|title|meta|div|p|article|section|table|span|a|h[1-6]|br|font|center)\b",
    re.IGNORECASE,
)
_FEED = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL
)
_LEADING_LABEL = re.compile(r"^\s*[^\s:：]{1,6}\s*[:：]\s*")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Selected:
    """What a site's rules picked out of the page (``None``: the rule is absent or matched nothing)."""

    title: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    origin: str | None = None
    canonical_url: str | None = None


def extract_article(
    page: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    rules: ExtractionRules | None = None,
    reference: datetime | None = None,
) -> ExtractedArticle:
    """Extract the article from ``page`` (raw bytes as fetched, or already decoded text).

    ``content_type`` is the HTTP ``Content-Type`` header (its charset is one decoding hint), ``url`` the
    page's address (relative canonical links, dates in the path), ``reference`` the fetch time that relative
    dates (昨天 21:03, 5分钟前) count from — now when omitted.

    Raises :class:`~crawlers.extraction.errors.EmptyPageError`, :class:`~crawlers.extraction.errors.NotHtmlError`
    or :class:`~crawlers.extraction.errors.UndecodableError` for pages that are not articles at all.
    """
    text, encoding = _decode(page, content_type, rules)
    root = parse_html(text)
    rules = rules or ExtractionRules()
    selected = _apply_rules(root, rules, reference)
    metadata = read_metadata(root, url)
    title = selected.title or choose_title(metadata)
    density = find_body(root, title)
    body, source = _choose_body(selected.body, density, text)
    byline_lines = density.header_lines + density.tail_lines
    published = selected.published_at or find_published(
        metadata, density.header_lines, density.page_lines, url, reference
    )
    article = ExtractedArticle(
        title=title,
        text=body,
        published_at=published,
        author=selected.author or find_author(byline_lines, metadata, density.page_lines),
        origin=selected.origin or find_origin(byline_lines, metadata),
        canonical_url=_absolute(selected.canonical_url, url) or metadata.canonical_url,
        encoding=encoding,
        body_source=source,
    )
    return simplified(article)


def parse_html(text: str) -> html.HtmlElement:
    """Parse decoded page text into an lxml tree; raises when it is empty or not HTML."""
    if not text.strip():
        raise EmptyPageError("the page is empty")
    if _FEED.match(text):
        raise NotHtmlError("this is an RSS/Atom feed, not an HTML page (use a feed source for it)")
    if not _HTML_TAG.search(text):
        raise NotHtmlError("the content has no HTML markup (plain text, JSON or another format?)")
    try:
        return html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise EmptyPageError(f"the page has no parsable HTML content: {exc}") from exc


def simplified(article: ExtractedArticle) -> ExtractedArticle:
    """``article`` with a Traditional title and text converted to Simplified (the originals kept), and its
    author and origin converted too."""
    if detect_variant(article.title + article.text) == "simplified":
        return article
    return article.model_copy(
        update={
            "language_variant": "traditional",
            "original_title": article.title,
            "original_text": article.text,
            "title": to_simplified(article.title),
            "text": to_simplified(article.text),
            "author": to_simplified(article.author) if article.author else None,
            "origin": to_simplified(article.origin) if article.origin else None,
        }
    )


def _decode(
    page: bytes | str, content_type: str | None, rules: ExtractionRules | None
) -> tuple[str, str | None]:
    if isinstance(page, str):
        return page, None
    forced = normalize_charset(rules.encoding) if rules is not None and rules.encoding else None
    if forced is not None:
        return page.decode(forced, errors="replace"), forced
    return decode_html(page, content_type)


def _apply_rules(root: html.HtmlElement, rules: ExtractionRules, reference: datetime | None) -> _Selected:
    for selector in rules.remove:
        remove_selected(root, selector)
    published_text = select_first_text(root, rules.published_at) if rules.published_at else None
    author_text = select_first_text(root, rules.author) if rules.author else None
    origin_text = select_first_text(root, rules.origin) if rules.origin else None
    body_parts = select_texts(root, rules.body) if rules.body else []
    return _Selected(
        title=select_first_text(root, rules.title) if rules.title else None,
        body="\n".join(body_parts) or None,
        published_at=from_selected_text(published_text, rules.date_formats, reference)
        if published_text
        else None,
        author=(author_in_line(author_text) or _strip_label(author_text)) if author_text else None,
        origin=_selected_origin(origin_text) if origin_text else None,
        canonical_url=select_first_text(root, rules.canonical_url) if rules.canonical_url else None,
    )


def _choose_body(rules_body: str | None, density: DensityResult, page: str) -> tuple[str, BodySource]:
    if rules_body:
        return rules_body, "rules"
    if density.first_of_list or not density.page_lines or not needs_second_opinion(density.text):
        return density.text, "density" if density.text else "none"
    theirs = trafilatura_text(page)
    if prefer_second_opinion(density.text, theirs):
        logger.debug("density body too thin (%d chars); using trafilatura's", len(density.text))
        return theirs, "trafilatura"
    return density.text, "density" if density.text else "none"


def _absolute(href: str | None, url: str | None) -> str | None:
    if not href:
        return None
    return urljoin(url, href) if url else href


def _selected_origin(text: str) -> str:
    match = ORIGIN_PATTERN.search(text)
    return match["origin"] if match else _strip_label(text)


def _strip_label(text: str) -> str:
    """``"作者：张三"`` → ``"张三"``: a selected element's short leading label goes."""
    return clean_text(_LEADING_LABEL.sub("", text, count=1))
