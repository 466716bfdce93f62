"""Errors raised by the article extractor (the tree is documented in :mod:`crawlers.extraction`)."""

from __future__ import annotations

from crawlers.errors import CrawlerError


class ExtractionError(CrawlerError):
    """Base class: a page could not be turned into an article."""


class UndecodableError(ExtractionError):
    """The bytes are not text in any encoding we accept (binary data, or mostly invalid bytes)."""


class NotHtmlError(ExtractionError):
    """The text decodes but is not an HTML page (plain text, JSON, XML feed...)."""


class EmptyPageError(ExtractionError):
    """The page is empty or has no readable text at all."""


class SelectorError(ExtractionError, ValueError):
    """A configured CSS/XPath selector does not compile."""
