"""The Elasticsearch compilation: the request bodies representative queries produce."""

from __future__ import annotations

from typing import Any

import pytest

from indexer.analysis import analyze, whitespace_tokenizer
from indexer.fields import KEYWORD_FIELDS, TEXT_FIELDS
from indexer.query import ES_FIELD_NAMES, MatchAll, parse, to_elasticsearch


def compiled(query: str) -> dict[str, Any]:
    return to_elasticsearch(parse(query), lambda text: analyze(text, whitespace_tokenizer)).to_dict()


def either(phrase: str) -> dict[str, Any]:
    return {
        "bool": {
            "should": [
                {"match_phrase": {"title_terms": {"query": phrase}}},
                {"match_phrase": {"text_terms": {"query": phrase}}},
            ],
            "minimum_should_match": 1,
        }
    }


def test_field_names_cover_every_query_field() -> None:
    assert set(ES_FIELD_NAMES) == {*TEXT_FIELDS, *KEYWORD_FIELDS}
    assert ES_FIELD_NAMES["region"] == "region_prefixes"
    assert ES_FIELD_NAMES["author"] == "author_kw"


def test_unfielded_text_searches_title_or_text() -> None:
    assert compiled("雾霾") == either("雾霾")
    assert compiled("PM2.5") == either("pm2 5")


def test_fielded_text_and_phrases() -> None:
    assert compiled("title:偷排") == {"match_phrase": {"title_terms": {"query": "偷排"}}}
    assert compiled('text:"Black  Water"') == {"match_phrase": {"text_terms": {"query": "black water"}}}


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("source:Weibo", "source", "weibo"),
        ("type:social", "source_type", "social"),
        ("sentiment:负面", "sentiment", "negative"),
        ("topic:water", "topics", "water"),
        ("region:320100", "region_prefixes", "3201"),
        ('author:"张 三"', "author_kw", "张 三"),
        ("event:E1", "event_id", "e1"),
    ],
)
def test_keyword_terms(query: str, field: str, value: str) -> None:
    assert compiled(query) == {"term": {field: {"value": value}}}


def test_boolean_structure() -> None:
    assert compiled("(雾霾 | PM2.5) 北京 -演习") == {
        "bool": {
            "must": [
                {"bool": {"should": [either("雾霾"), either("pm2 5")], "minimum_should_match": 1}},
                either("北京"),
            ],
            "must_not": [either("演习")],
        }
    }


def test_negations_are_pushed_to_the_leaves() -> None:
    weibo = {"term": {"source": {"value": "weibo"}}}
    social = {"term": {"source_type": {"value": "social"}}}
    assert compiled("-(source:weibo | type:social)") == {"bool": {"must_not": [weibo, social]}}
    assert compiled("-(source:weibo type:social)") == {
        "bool": {
            "should": [{"bool": {"must_not": [weibo]}}, {"bool": {"must_not": [social]}}],
            "minimum_should_match": 1,
        }
    }
    assert compiled("--source:weibo") == weibo


def test_nesting_of_groups_of_the_same_kind_is_merged() -> None:
    assert compiled("source:a (source:b (source:c source:d))") == {
        "bool": {"must": [{"term": {"source": {"value": v}}} for v in "abcd"]}
    }


def test_pure_negation_and_empty_cases() -> None:
    assert compiled("-source:weibo") == {"bool": {"must_not": [{"term": {"source": {"value": "weibo"}}}]}}
    assert compiled("") == {"match_all": {}}
    assert to_elasticsearch(MatchAll(), str.split).to_dict() == {"match_all": {}}
    assert compiled("🙂") == {"match_none": {}}
