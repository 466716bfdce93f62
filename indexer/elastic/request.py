"""A SearchRequest as an Elasticsearch search, built with the typed DSL (a bad request fails here).

The query expression compiles through :func:`indexer.query.to_elasticsearch`; the structured
filters become ``filter`` clauses (no scoring); sort, pagination and facet aggregations follow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from elasticsearch.dsl import Search
from elasticsearch.dsl.query import Bool, Query, Range, Term, Terms

from indexer.elastic.facets import facet_aggregation
from indexer.fields import normalize_region_prefix
from indexer.query import Analyzer, Node, to_elasticsearch
from indexer.store import SearchFilters, SearchRequest, SortOrder

# ties broken by time then id so that pages never overlap
_SORTS: dict[SortOrder, list[Any]] = {
    SortOrder.RELEVANCE: ["_score", {"published_at": {"order": "desc"}}, {"id": {"order": "asc"}}],
    SortOrder.TIME: [{"published_at": {"order": "desc"}}, {"id": {"order": "asc"}}],
}


def _aware(value: datetime, name: str) -> str:
    if value.tzinfo is None:
        raise ValueError(f"filter {name} must be a timezone-aware datetime")
    return value.isoformat()


def time_range(filters: SearchFilters) -> Query | None:
    """``since`` inclusive, ``until`` exclusive, on ``published_at``."""
    bounds: dict[str, str] = {}
    if filters.since is not None:
        bounds["gte"] = _aware(filters.since, "since")
    if filters.until is not None:
        bounds["lt"] = _aware(filters.until, "until")
    return Range(published_at=bounds) if bounds else None


def filter_queries(filters: SearchFilters) -> list[Query]:
    """One filter clause per non-empty filter; values within a filter are alternatives.

    Keyword values are lower-cased as the embedded engines do (the fields' normalizer would too).
    """
    clauses: list[Query | None] = [
        time_range(filters),
        Terms(source=[s.lower() for s in filters.sources]) if filters.sources else None,
        Terms(source_type=[t.value for t in filters.source_types]) if filters.source_types else None,
        Terms(sentiment=[s.value for s in filters.sentiments]) if filters.sentiments else None,
        Terms(topics=[t.lower() for t in filters.topics]) if filters.topics else None,
        Terms(region_prefixes=sorted({normalize_region_prefix(p) for p in filters.region_prefixes}))
        if filters.region_prefixes
        else None,
        Term(event_id=filters.event_id.lower()) if filters.event_id else None,
    ]
    return [clause for clause in clauses if clause is not None]


def build_search(
    request: SearchRequest, node: Node, analyzer: Analyzer, search: Search[Any] | None = None
) -> Search[Any]:
    """The search for ``request`` whose parsed expression is ``node`` (on ``search``, if given)."""
    search = search if search is not None else Search()
    query = Bool(must=[to_elasticsearch(node, analyzer)], filter=filter_queries(request.filters))
    search = search.query(query).sort(*_SORTS[request.sort])
    search = search[request.offset : request.offset + request.limit].extra(track_total_hits=True)
    for name in request.facets:
        search.aggs.bucket(name, facet_aggregation(name))
    return search
