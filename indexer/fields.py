"""Searchable fields of the query language and the keyword "tags" that carry them in full-text engines.

Text fields (``title:``, ``text:``) are matched against analysed terms. Keyword fields (``source:``,
``type:``, ``sentiment:``, ``topic:``, ``region:``, ``author:``, ``event:``) are exact values; in
tantivy and FTS5 they are indexed as opaque tag tokens in a ``tags`` column so that one full-text
expression can mix both. Elasticsearch uses real keyword fields of the same names.
"""

from __future__ import annotations

from indexer.document import Document

TEXT_FIELDS = ("title", "text")
# query-language name → Document attribute (or derived value) it filters on
KEYWORD_FIELDS = ("source", "type", "sentiment", "topic", "region", "author", "event")
FIELD_ALIASES = {"body": "text", "source_type": "type", "标题": "title", "正文": "text", "来源": "source"}

# Every document carries this tag, so a pure negation (``-演习``) can be written as "all NOT x".
ALL_TAG = "qsall"

REGION_PREFIX_LENGTHS = (2, 4, 6)


def tag_token(field: str, value: str) -> str:
    """An opaque token ``qs<field>x<hex of value>``: only [a-z0-9], so every analyser keeps it whole."""
    return f"qs{field}x{value.lower().encode('utf-8').hex()}"


def normalize_region_prefix(code: str) -> str:
    """``320000`` → ``32``, ``320100`` → ``3201``; raises ValueError unless 2, 4 or 6 digits remain."""
    if not code.isdigit() or len(code) not in REGION_PREFIX_LENGTHS:
        raise ValueError("a region code must have 2, 4 or 6 digits")
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def region_prefixes(codes: list[str]) -> list[str]:
    """All prefixes (province, city, county) of the documents' region codes, without repeats."""
    prefixes: set[str] = set()
    for code in codes:
        for length in REGION_PREFIX_LENGTHS:
            prefix = normalize_region_prefix(code[:length].ljust(6, "0"))
            prefixes.add(prefix)
    return sorted(prefixes)


def keyword_values(doc: Document) -> dict[str, list[str]]:
    """The values of every keyword field of ``doc`` (lower-cased, as tags compare them)."""
    return {
        "source": [doc.source.lower()],
        "type": [doc.source_type.value],
        "sentiment": [doc.sentiment.value] if doc.sentiment else [],
        "topic": [t.lower() for t in doc.topics],
        "region": region_prefixes(doc.regions),
        "author": [doc.author.lower()] if doc.author else [],
        "event": [doc.event_id.lower()] if doc.event_id else [],
    }


def document_tags(doc: Document) -> list[str]:
    """All tag tokens of ``doc``, ALL_TAG first."""
    tags = [ALL_TAG]
    for field, values in keyword_values(doc).items():
        tags.extend(tag_token(field, value) for value in values)
    return tags
