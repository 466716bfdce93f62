"""A search response read back as a SearchResult, with snippets made by :mod:`indexer.highlight`.

Highlighting runs in Python on the stored title and text (not Elasticsearch's highlighter) so that
every backend marks exactly the same terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from indexer.elastic.facets import read_facets
from indexer.elastic.source import source_document
from indexer.highlight import highlight, snippet
from indexer.store import SearchHit, SearchResult


def search_hit(hit: Mapping[str, Any], terms: Sequence[str]) -> SearchHit:
    document = source_document(hit["_source"])
    score = hit.get("_score")
    return SearchHit(
        document=document,
        score=float(score) if score is not None else None,
        title_html=highlight(document.title, list(terms)),
        snippet_html=snippet(document.text, list(terms)),
    )


def search_result(response: Mapping[str, Any], facets: Sequence[str], terms: Sequence[str]) -> SearchResult:
    """The SearchResult of a raw search response body."""
    hits = response["hits"]
    return SearchResult(
        total=int(hits["total"]["value"]),
        hits=[search_hit(hit, terms) for hit in hits["hits"]],
        facets=read_facets(facets, response.get("aggregations", {})) if facets else {},
    )
