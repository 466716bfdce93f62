"""Article extraction: bytes of an HTML page in, a typed :class:`ExtractedArticle` out.

Public API::

    extract_article(page, *, url=None, content_type=None, rules=None, reference=None) -> ExtractedArticle
    decode_html(body, content_type_header=None) -> (text, encoding)
    ExtractionRules      # per-site CSS/XPath overrides, configured in sources.yaml
    parse_datetime(text, reference=None), search_datetime(text, reference=None), date_from_url(url)
    detect_variant(text), to_simplified(text)

Exceptions::

    ExtractionError          base (a crawlers.errors.CrawlerError): the page could not be turned into an article
    ├── UndecodableError     the bytes are not text in any supported encoding
    ├── NotHtmlError         text, but not an HTML page (plain text, JSON, a feed)
    ├── EmptyPageError       nothing to read (empty body, no parsable markup)
    └── SelectorError        a configured selector does not compile (also a ValueError)
"""

from crawlers.extraction.article import ExtractedArticle
from crawlers.extraction.dates import SHANGHAI, date_from_url, parse_datetime, search_datetime
from crawlers.extraction.encoding import decode_html
from crawlers.extraction.errors import (
    EmptyPageError,
    ExtractionError,
    NotHtmlError,
    SelectorError,
    UndecodableError,
)
from crawlers.extraction.extractor import extract_article
from crawlers.extraction.rules import ExtractionRules
from crawlers.extraction.variants import detect_variant, to_simplified

__all__ = [
    "SHANGHAI",
    "EmptyPageError",
    "ExtractedArticle",
    "ExtractionError",
    "ExtractionRules",
    "NotHtmlError",
    "SelectorError",
    "UndecodableError",
    "date_from_url",
    "decode_html",
    "detect_variant",
    "extract_article",
    "parse_datetime",
    "search_datetime",
    "to_simplified",
]
