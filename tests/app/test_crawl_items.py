"""The Scrapy item class is derived from the Document: same fields, unknown keys refused."""

from __future__ import annotations

import pytest

from app.items import document_item_class
from indexer.document import Document


def test_one_field_per_document_field() -> None:
    item_class = document_item_class()
    assert set(item_class.fields) == set(Document.model_fields)
    assert document_item_class() is item_class


def test_unknown_keys_raise() -> None:
    item_class = document_item_class()
    with pytest.raises(KeyError, match="post_id"):
        item_class(url="http://x/", post_id="1")
