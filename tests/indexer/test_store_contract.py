"""The Store contract: the same behaviour from every backend (tantivy, FTS5, Elasticsearch)."""

from __future__ import annotations

from datetime import datetime

import pytest

from indexer.document import SHANGHAI, Sentiment, SourceType
from indexer.errors import QuerySyntaxError
from indexer.store import FACET_NAMES, SearchFilters, SearchRequest, SortOrder, Store
from tests.indexer.sample_documents import doc, sample_documents


@pytest.fixture
def loaded(store: Store) -> Store:
    assert store.upsert(sample_documents()) == 8
    return store


def titles(store: Store, query: str = "", **kwargs: object) -> set[str]:
    result = store.search(SearchRequest(query=query, limit=100, **kwargs))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return {hit.document.title for hit in result.hits}


def test_round_trip_keeps_every_field(loaded: Store) -> None:
    original = sample_documents()[3]
    stored = loaded.get(original.id)
    assert stored == original
    assert stored is not None and stored.published_at.utcoffset() == SHANGHAI.utcoffset(stored.published_at)


def test_upsert_is_idempotent_and_replaces(loaded: Store) -> None:
    first = sample_documents()[0]
    loaded.upsert([first, first])
    assert loaded.count() == 8
    changed = first.model_copy(update={"title": "青溪县死鱼事件后续", "text": "企业已完成整改。"})
    loaded.upsert([changed])
    assert loaded.count() == 8
    assert loaded.get(first.id) == changed
    assert "偷排" not in "".join(titles(loaded, "偷排"))
    assert titles(loaded, "整改") == {"青溪县死鱼事件后续", "县生态环境局通报城南河段死鱼调查进展"}


def test_get_many_keeps_order_and_skips_missing(loaded: Store) -> None:
    docs = sample_documents()
    found = loaded.get_many([docs[2].id, "missing", docs[0].id])
    assert [d.id for d in found] == [docs[2].id, docs[0].id]


def test_delete_removes_from_search(loaded: Store) -> None:
    docs = sample_documents()
    assert loaded.delete([docs[1].id]) == 1
    assert loaded.get(docs[1].id) is None
    assert titles(loaded, "橙色预警") == set()
    assert loaded.count() == 7


def test_terms_phrases_and_booleans(loaded: Store) -> None:
    assert titles(loaded, "死鱼") == {
        "青溪县河段出现大面积死鱼 环保部门连夜取样",
        "县生态环境局通报城南河段死鱼调查进展",
    }
    assert titles(loaded, "雾霾 北京 -演习") == {"北京启动重污染天气橙色预警"}
    assert titles(loaded, "(湿地 | 黑臭水体) -候鸟") == {"市民反映小区旁黑臭水体问题"}
    assert titles(loaded, '"黑臭水体"') == {"市民反映小区旁黑臭水体问题"}
    assert titles(loaded, "pm2.5") == {"北京启动重污染天气橙色预警"}


def test_fields_in_the_query_language(loaded: Store) -> None:
    assert titles(loaded, "title:死鱼") == {
        "青溪县河段出现大面积死鱼 环保部门连夜取样",
        "县生态环境局通报城南河段死鱼调查进展",
    }
    assert titles(loaded, "title:偷排") == set()
    assert titles(loaded, "source:weibo") == {
        "湿地修复让候鸟重回湖畔",
        '<script>alert("x")</script>雾霾 & 噪声',
    }
    assert titles(loaded, "region:3201 -type:official") == {
        "青溪县河段出现大面积死鱼 环保部门连夜取样",
        "市民反映小区旁黑臭水体问题",
    }
    assert titles(loaded, "sentiment:positive") == {"湿地修复让候鸟重回湖畔"}


def test_filters(loaded: Store) -> None:
    day21 = SearchFilters(
        since=datetime(2026, 11, 21, tzinfo=SHANGHAI), until=datetime(2026, 11, 21, 16, tzinfo=SHANGHAI)
    )
    assert titles(loaded, filters=day21) == {
        "湿地修复让候鸟重回湖畔",
        "市民反映小区旁黑臭水体问题",
    }  # until is exclusive
    only = SearchFilters(sources=("weibo", "board"), sentiments=(Sentiment.NEGATIVE,))
    assert titles(loaded, filters=only) == {
        "市民反映小区旁黑臭水体问题",
        '<script>alert("x")</script>雾霾 & 噪声',
    }
    water_officials = SearchFilters(topics=("water",), source_types=(SourceType.OFFICIAL,))
    assert titles(loaded, filters=water_officials) == {"县生态环境局通报城南河段死鱼调查进展"}
    beijing = SearchFilters(region_prefixes=("11",))
    assert len(titles(loaded, filters=beijing)) == 3
    chaoyang = SearchFilters(region_prefixes=("110105",))
    assert titles(loaded, filters=chaoyang) == {'<script>alert("x")</script>雾霾 & 噪声'}


def test_sort_by_time_and_paginate(loaded: Store) -> None:
    first = loaded.search(SearchRequest(sort=SortOrder.TIME, limit=3))
    second = loaded.search(SearchRequest(sort=SortOrder.TIME, limit=3, offset=3))
    assert first.total == second.total == 8
    times = [h.document.published_at for h in first.hits + second.hits]
    assert times == sorted(times, reverse=True)
    assert not {h.document.id for h in first.hits} & {h.document.id for h in second.hits}


def test_relevance_ranks_title_and_frequency(loaded: Store) -> None:
    result = loaded.search(SearchRequest(query="死鱼"))
    assert result.total == 2
    assert all(h.score is not None and h.score > 0 for h in result.hits)


def test_facets(loaded: Store) -> None:
    result = loaded.search(SearchRequest(facets=FACET_NAMES))
    facets = result.facets
    # 2026-11-19 22:30 and 2026-11-21 23:30 Shanghai stay on their own days (not UTC days)
    assert facets["day"] == [("2026-11-19", 2), ("2026-11-20", 2), ("2026-11-21", 4)]
    assert facets["source"][0] == ("news-a", 3)
    assert dict(facets["sentiment"]) == {"negative": 4, "neutral": 2, "positive": 1}
    assert dict(facets["topic"])["water"] == 3
    assert dict(facets["province"]) == {"320000": 3, "110000": 3, "360000": 1}


def test_highlights_escape_hostile_content(loaded: Store) -> None:
    result = loaded.search(SearchRequest(query="雾霾 噪声"))
    assert result.total == 1
    hit = result.hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>雾霾</mark>" in hit.title_html
    assert "<img" not in hit.snippet_html and "<mark>噪声</mark>" in hit.snippet_html
    stripped = hit.title_html.replace("<mark>", "").replace("</mark>", "") + hit.snippet_html.replace(
        "<mark>", ""
    ).replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped


@pytest.mark.parametrize(
    "query",
    [
        '"; DROP TABLE documents; --',
        "NEAR(a b) OR *",
        "title:",
        "((((雾霾",
        '"unterminated',
        "a" * 10_000,
        "雾霾 AND OR NOT",
        "{title}: x ^y",
        "\x00\u202e雾霾",
    ],
)
def test_hostile_queries_error_cleanly(loaded: Store, query: str) -> None:
    try:
        result = loaded.search(SearchRequest(query=query))
    except QuerySyntaxError as exc:
        assert exc.reason
    else:
        assert result.total >= 0
    assert loaded.count() == 8


def test_iterate_and_reindex(loaded: Store) -> None:
    assert {d.id for d in loaded.iter_documents(batch_size=3)} == {d.id for d in sample_documents()}
    assert loaded.reindex() == 8
    assert titles(loaded, "湿地") == {"湿地修复让候鸟重回湖畔"}


def test_bulk_upsert_many(store: Store) -> None:
    docs = [doc(f"bulk-{i}", f"第{i}号公告", f"环境监测数据第{i}期，空气质量良好。") for i in range(1200)]
    assert store.upsert(docs) == 1200
    assert store.count() == 1200
    assert store.search(SearchRequest(query="空气质量", limit=5)).total == 1200


def test_facets_when_nothing_matches_and_count_only(loaded: Store) -> None:
    empty = loaded.search(SearchRequest(query="不存在的词语组合", facets=("day", "source")))
    assert empty.total == 0
    assert empty.facets == {"day": [], "source": []}
    counted = loaded.search(SearchRequest(query="死鱼", limit=0))
    assert counted.total == 2
    assert counted.hits == []


def test_dictionary_words_inside_longer_compounds_are_found(store: Store) -> None:
    store.upsert(
        [
            doc("compound-1", "各地持续推进消除黑臭水体攻坚", "今年以来，城区消除黑臭水体十二处。"),
            doc("compound-2", "河道整治", "黑臭 水体 两个词分开出现。"),
        ]
    )
    assert titles(store, "黑臭水体") == {"各地持续推进消除黑臭水体攻坚"}
    assert titles(store, "消除黑臭水体") == {"各地持续推进消除黑臭水体攻坚"}
    assert titles(store, "黑臭") == {"各地持续推进消除黑臭水体攻坚", "河道整治"}
