"""The ``_source`` of a Document in Elasticsearch, and back.

The source is the Document's JSON plus the derived search fields; the derived fields are excluded
from the stored ``_source`` by the mapping, so what comes back is the Document's JSON again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.analysis import Tokenizer, analyze_joined
from indexer.document import Document
from indexer.elastic.mapping import DERIVED_FIELDS, terms_field
from indexer.fields import TEXT_FIELDS, region_prefixes


def document_source(doc: Document, tokenizer: Tokenizer) -> dict[str, Any]:
    """What is sent to Elasticsearch for ``doc``: its JSON and the derived search fields."""
    source = doc.model_dump(mode="json")
    for name in TEXT_FIELDS:
        source[terms_field(name)] = analyze_joined(getattr(doc, name), tokenizer)
    source["region_prefixes"] = region_prefixes(doc.regions)
    source["provinces"] = doc.provinces
    return source


def source_document(source: Mapping[str, Any]) -> Document:
    """The Document stored as ``source`` (derived fields, if present, are ignored)."""
    return Document.model_validate({key: value for key, value in source.items() if key not in DERIVED_FIELDS})
