"""SearchRequests become the expected Elasticsearch request bodies (built with the DSL, no server)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from indexer.analysis import analyze, whitespace_tokenizer
from indexer.document import SHANGHAI, Sentiment, SourceType
from indexer.elastic.facets import facet_aggregation, read_facets
from indexer.elastic.request import build_search, filter_queries
from indexer.elastic.scan import KEEP_ALIVE, scan_search
from indexer.errors import QuerySyntaxError
from indexer.query import parse
from indexer.store import FACET_NAMES, SearchFilters, SearchRequest, SortOrder


def analyzer(text: str) -> list[str]:
    return analyze(text, whitespace_tokenizer)


def body(request: SearchRequest) -> dict[str, Any]:
    result: dict[str, Any] = build_search(request, parse(request.query), analyzer).to_dict()
    return result


def filters_of(filters: SearchFilters) -> list[dict[str, Any]]:
    return [clause.to_dict() for clause in filter_queries(filters)]


def test_empty_request_matches_everything_by_relevance_then_time() -> None:
    assert body(SearchRequest()) == {
        "query": {"bool": {"must": [{"match_all": {}}]}},
        "sort": ["_score", {"published_at": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "from": 0,
        "size": 20,
        "track_total_hits": True,
    }


def test_query_expression_compiles_into_must_with_filters_beside_it() -> None:
    request = SearchRequest(query="title:偷排 source:Weibo", filters=SearchFilters(sources=("weibo",)))
    query = body(request)["query"]["bool"]
    assert query["filter"] == [{"terms": {"source": ["weibo"]}}]
    assert query["must"] == [
        {
            "bool": {
                "must": [
                    {"match_phrase": {"title_terms": {"query": "偷排"}}},
                    {"term": {"source": {"value": "weibo"}}},
                ]
            }
        }
    ]


def test_every_filter_becomes_a_non_scoring_clause() -> None:
    filters = SearchFilters(
        since=datetime(2026, 11, 1, tzinfo=SHANGHAI),
        until=datetime(2026, 12, 1, tzinfo=SHANGHAI),
        sources=("Weibo", "board"),
        source_types=(SourceType.SOCIAL, SourceType.BOARD),
        sentiments=(Sentiment.NEGATIVE,),
        topics=("Water",),
        region_prefixes=("320000", "3201", "110105"),
        event_id="EV-7",
    )
    assert filters_of(filters) == [
        {"range": {"published_at": {"gte": "2026-11-01T00:00:00+08:00", "lt": "2026-12-01T00:00:00+08:00"}}},
        {"terms": {"source": ["weibo", "board"]}},
        {"terms": {"source_type": ["social", "board"]}},
        {"terms": {"sentiment": ["negative"]}},
        {"terms": {"topics": ["water"]}},
        {"terms": {"region_prefixes": ["110105", "32", "3201"]}},
        {"term": {"event_id": "ev-7"}},
    ]


def test_open_ended_time_ranges_and_no_filters() -> None:
    assert filters_of(SearchFilters()) == []
    since_only = SearchFilters(since=datetime(2026, 11, 1, 8, tzinfo=SHANGHAI))
    assert filters_of(since_only) == [{"range": {"published_at": {"gte": "2026-11-01T08:00:00+08:00"}}}]


def test_time_sort_and_pagination() -> None:
    request = SearchRequest(query="雾霾", sort=SortOrder.TIME, offset=40, limit=20)
    result = body(request)
    assert result["sort"] == [{"published_at": {"order": "desc"}}, {"id": {"order": "asc"}}]
    assert (result["from"], result["size"]) == (40, 20)


def test_facets_are_aggregations() -> None:
    result = body(SearchRequest(limit=0, facets=FACET_NAMES))
    assert result["size"] == 0
    assert result["aggs"]["day"] == {
        "date_histogram": {
            "field": "published_at",
            "calendar_interval": "day",
            "time_zone": "Asia/Shanghai",
            "format": "yyyy-MM-dd",
            "min_doc_count": 1,
        }
    }
    terms_fields = {name: agg["terms"]["field"] for name, agg in result["aggs"].items() if name != "day"}
    assert terms_fields == {
        "source": "source",
        "sentiment": "sentiment",
        "topic": "topics",
        "province": "provinces",
    }
    assert result["aggs"]["topic"]["terms"]["order"] == [{"_count": "desc"}, {"_key": "asc"}]


def test_facet_buckets_read_back_in_store_format() -> None:
    aggregations = {
        "day": {
            "buckets": [
                {"key_as_string": "2026-11-19", "key": 1763481600000, "doc_count": 2},
                {"key_as_string": "2026-11-20", "key": 1763568000000, "doc_count": 5},
            ]
        },
        "source": {"buckets": [{"key": "board", "doc_count": 3}, {"key": "weibo", "doc_count": 4}]},
        "sentiment": {"buckets": []},
    }
    assert read_facets(["day", "source", "sentiment", "topic"], aggregations) == {
        "day": [("2026-11-19", 2), ("2026-11-20", 5)],
        "source": [("weibo", 4), ("board", 3)],
        "sentiment": [],
        "topic": [],
    }


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(since=datetime(2026, 11, 1)),
        SearchFilters(until=datetime(2026, 11, 1)),
        SearchFilters(region_prefixes=("1",)),
        SearchFilters(region_prefixes=("beijing",)),
    ],
)
def test_invalid_filters_fail_before_any_request(filters: SearchFilters) -> None:
    with pytest.raises(ValueError, match=r"timezone-aware|region code"):
        body(SearchRequest(filters=filters))


def test_invalid_requests_fail_at_construction() -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        SearchRequest(facets=("weekday",))
    with pytest.raises(ValueError, match="unknown facet"):
        facet_aggregation("weekday")
    with pytest.raises(QuerySyntaxError):
        body(SearchRequest(query="((雾霾"))


def test_document_scan_pages_through_a_point_in_time() -> None:
    first = scan_search("pit-1", 500, None).to_dict()
    assert first == {
        "pit": {"id": "pit-1", "keep_alive": KEEP_ALIVE},
        "size": 500,
        "sort": ["_shard_doc"],
        "track_total_hits": False,
    }
    assert scan_search("pit-2", 500, [17, 4]).to_dict()["search_after"] == [17, 4]
