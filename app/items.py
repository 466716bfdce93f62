"""The Scrapy item class, derived from the Document schema (never declared twice)."""

from __future__ import annotations

from functools import cache

import scrapy

from indexer.document import Document


@cache
def document_item_class() -> type[scrapy.Item]:
    """A ``scrapy.Item`` subclass with one Field per Document field; unknown keys raise KeyError."""
    fields = {name: scrapy.Field() for name in Document.model_fields}
    return type("DocumentItem", (scrapy.Item,), {"__module__": __name__, **fields})
