"""The Elasticsearch mapping, derived from the Document model.

Every Document field becomes a property of the same name, its type read from the model's
annotation: strings and enums are ``keyword`` (lower-case normalizer, as the query language compares
keyword values case-insensitively), except the prose fields, which are stored in ``_source`` only;
``bool`` → ``boolean``, ``int`` → ``long`` (``unsigned_long`` when the model allows values ≥ 2**63),
``float`` → ``double``, datetimes → ``date``, nested models → ``object``; lists map to their item
type. A few derived fields (``DERIVED_FIELDS``) carry what search needs: the analysed terms of title
and text on a whitespace analyzer (segmentation happens in Python with the tokenizer the store was
given, so no analysis plugin is needed), region prefixes, provinces and an alias of the author.
Derived fields are excluded from ``_source``: the stored source is exactly the Document's JSON.
"""

from __future__ import annotations

import hashlib
import json
import types
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from elasticsearch.dsl import (
    Boolean,
    Date,
    Double,
    Keyword,
    Long,
    Mapping,
    Object,
    Text,
    UnsignedLong,
    analyzer,
    normalizer,
)
from elasticsearch.dsl.field import Alias, Field
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from indexer.document import Document
from indexer.fields import TEXT_FIELDS

WHITESPACE_LOWER = analyzer("qs_whitespace_lower", tokenizer="whitespace", filter=["lowercase"])
LOWERCASE = normalizer("qs_lowercase", filter=["lowercase"])

# Prose: stored for display and highlighting, searched through the *_terms fields instead.
PROSE_FIELDS = frozenset({*TEXT_FIELDS, "original_title", "original_text", "summary"})
DEFAULT_IGNORE_ABOVE = 256  # characters; longer keyword values stay in _source but are not indexed
MAX_IGNORE_ABOVE = 8191  # keeps a keyword term under Lucene's 32,766-byte limit in UTF-8


def terms_field(name: str) -> str:
    """The analysed companion of a text field: ``title`` → ``title_terms``."""
    return f"{name}_terms"


DERIVED_FIELDS: dict[str, Field] = {
    **{terms_field(name): Text(analyzer=WHITESPACE_LOWER) for name in TEXT_FIELDS},
    "region_prefixes": Keyword(),
    "provinces": Keyword(),
    "author_kw": Alias(path="author"),  # the query language's ``author:`` field
}


def _unwrap(name: str, annotation: Any) -> Any:
    """Strip ``X | None``, ``Annotated[X, ...]`` and ``list[X]`` down to X (ES arrays are implicit)."""
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                raise TypeError(f"cannot map field {name!r}: a union of several types {annotation!r}")
            annotation = args[0]
        elif origin is Annotated or origin is list:
            annotation = get_args(annotation)[0]
        else:
            return annotation


def _upper_bound(info: FieldInfo) -> int | None:
    """The largest integer the model allows, if it says."""
    for item in info.metadata:
        if isinstance(item, annotated_types.Lt) and isinstance(item.lt, int):
            return item.lt - 1
        if isinstance(item, annotated_types.Le) and isinstance(item.le, int):
            return item.le
    return None


def _max_length(info: FieldInfo) -> int | None:
    for item in info.metadata:
        if isinstance(item, annotated_types.MaxLen):
            return item.max_length
    return None


def _keyword(info: FieldInfo) -> Keyword:
    limit = _max_length(info) or DEFAULT_IGNORE_ABOVE
    return Keyword(normalizer=LOWERCASE, ignore_above=min(limit, MAX_IGNORE_ABOVE))


def es_field(name: str, info: FieldInfo) -> Field:
    """The Elasticsearch field for one pydantic field."""
    kind = _unwrap(name, info.annotation)
    if name in PROSE_FIELDS:
        return Text(index=False)
    if not isinstance(kind, type):
        raise TypeError(f"cannot map field {name!r} of type {kind!r}")
    if issubclass(kind, BaseModel):
        return Object(
            properties={sub: es_field(sub, sub_info) for sub, sub_info in kind.model_fields.items()}
        )
    if issubclass(kind, bool):
        return Boolean()
    if issubclass(kind, int):
        bound = _upper_bound(info)
        return UnsignedLong() if bound is not None and bound >= 2**63 else Long()
    if issubclass(kind, float):
        return Double()
    if issubclass(kind, datetime):
        return Date()
    if issubclass(kind, str | Enum):
        return _keyword(info)
    raise TypeError(f"cannot map field {name!r} of type {kind!r}")


def document_fields() -> dict[str, Field]:
    """Document fields then derived fields, by name."""
    clash = set(DERIVED_FIELDS) & set(Document.model_fields)
    if clash:
        raise TypeError(f"derived Elasticsearch fields clash with Document fields: {sorted(clash)}")
    fields = {name: es_field(name, info) for name, info in Document.model_fields.items()}
    return {**fields, **DERIVED_FIELDS}


def document_mapping() -> Mapping:
    """The full mapping: strict (unknown fields are rejected), derived fields kept out of ``_source``."""
    mapping = Mapping()
    for name, field in document_fields().items():
        mapping.field(name, field)
    mapping.meta("dynamic", "strict")
    mapping.meta("_source", excludes=sorted(DERIVED_FIELDS))
    mapping.meta("_meta", schema=schema_fingerprint())
    return mapping


def schema_fingerprint() -> str:
    """A short hash of the field definitions; an index built with another one needs a migration."""
    properties = {name: field.to_dict() for name, field in document_fields().items()}
    body = json.dumps(properties, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
