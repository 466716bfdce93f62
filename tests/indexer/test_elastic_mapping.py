"""The Elasticsearch mapping, template and _source are derived from the Document model (no server)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import pytest
from pydantic import BaseModel, Field

from indexer.analysis import whitespace_tokenizer
from indexer.document import SHANGHAI, Document, Engagement, Sentiment, SourceType
from indexer.elastic.indices import MAX_RESULT_WINDOW, IndexLayout, documents_index, template_body
from indexer.elastic.mapping import DERIVED_FIELDS, document_mapping, es_field, schema_fingerprint
from indexer.elastic.source import document_source, source_document
from indexer.query import ES_FIELD_NAMES
from indexer.store import SearchRequest


def properties() -> dict[str, dict[str, object]]:
    mapping: dict[str, dict[str, object]] = document_mapping().to_dict()["properties"]
    return mapping


def sample() -> Document:
    at = datetime(2026, 11, 20, 8, 30, tzinfo=SHANGHAI)
    return Document(
        id="a1b2",
        url="https://news.example.cn/a.html",
        source="Weibo",
        source_type=SourceType.SOCIAL,
        title="北京 雾霾 PM2.5 超标",
        text="市民 反映 雾霾 严重",
        author="环保 Lao Wang",
        published_at=at,
        fetched_at=at,
        engagement=Engagement(reposts=1, likes=7),
        sentiment=Sentiment.NEGATIVE,
        sentiment_score=0.875,
        topics=["air"],
        regions=["110105", "320115"],
        simhash=2**64 - 1,
        event_id="EV-1",
    )


def test_every_document_field_is_mapped_with_its_derived_companions() -> None:
    props = properties()
    assert list(props)[: len(Document.model_fields)] == list(Document.model_fields)
    assert set(props) == set(Document.model_fields) | set(DERIVED_FIELDS)


@pytest.mark.parametrize(
    ("name", "expected_type"),
    [
        ("id", "keyword"),
        ("source", "keyword"),
        ("source_type", "keyword"),
        ("sentiment", "keyword"),
        ("topics", "keyword"),
        ("regions", "keyword"),
        ("event_id", "keyword"),
        ("author_verified", "boolean"),
        ("published_at", "date"),
        ("fetched_at", "date"),
        ("sentiment_score", "double"),
        ("simhash", "unsigned_long"),
        ("engagement", "object"),
        ("title", "text"),
        ("title_terms", "text"),
        ("text_terms", "text"),
        ("author_kw", "alias"),
    ],
)
def test_field_types_follow_the_model(name: str, expected_type: str) -> None:
    assert properties()[name]["type"] == expected_type


def test_keywords_are_case_insensitive_and_bounded_by_the_model() -> None:
    props = properties()
    assert props["source"] == {"type": "keyword", "normalizer": "qs_lowercase", "ignore_above": 200}
    assert props["id"]["ignore_above"] == 64
    assert props["url"]["ignore_above"] == 4096
    assert props["engagement"]["properties"] == {name: {"type": "long"} for name in Engagement.model_fields}


def test_prose_is_stored_not_indexed_and_terms_use_the_whitespace_analyzer() -> None:
    props = properties()
    for name in ("title", "text", "original_title", "original_text", "summary"):
        assert props[name] == {"type": "text", "index": False}
    assert props["title_terms"] == {"type": "text", "analyzer": "qs_whitespace_lower"}
    assert props["author_kw"] == {"type": "alias", "path": "author"}


def test_every_query_language_field_exists_in_the_mapping() -> None:
    assert set(ES_FIELD_NAMES.values()) <= set(properties())


def test_derived_fields_stay_out_of_the_stored_source_and_unknown_fields_are_rejected() -> None:
    mapping = document_mapping().to_dict()
    assert mapping["_source"] == {"excludes": sorted(DERIVED_FIELDS)}
    assert mapping["dynamic"] == "strict"
    assert mapping["_meta"] == {"schema": schema_fingerprint()}


def test_es_field_walks_any_pydantic_model() -> None:
    class Colour(StrEnum):
        RED = "red"

    class Inner(BaseModel):
        n: int = 0

    class Model(BaseModel):
        flag: bool | None = None
        colours: list[Colour] = []
        big: int = Field(default=0, le=2**64 - 1)
        small: int = Field(default=0, lt=100)
        inner: Inner = Inner()
        when: datetime | None = None
        name: str = Field(default="", max_length=20_000)

    mapped = {name: es_field(name, info).to_dict() for name, info in Model.model_fields.items()}
    assert mapped == {
        "flag": {"type": "boolean"},
        "colours": {"type": "keyword", "normalizer": "qs_lowercase", "ignore_above": 256},
        "big": {"type": "unsigned_long"},
        "small": {"type": "long"},
        "inner": {"type": "object", "properties": {"n": {"type": "long"}}},
        "when": {"type": "date"},
        "name": {"type": "keyword", "normalizer": "qs_lowercase", "ignore_above": 8191},
    }


def test_es_field_refuses_types_it_cannot_map() -> None:
    class Model(BaseModel):
        either: int | str = 0
        blob: bytes = b""

    with pytest.raises(TypeError, match="either"):
        es_field("either", Model.model_fields["either"])
    with pytest.raises(TypeError, match="blob"):
        es_field("blob", Model.model_fields["blob"])


def test_index_definition_and_template() -> None:
    layout = IndexLayout("qingshan")
    index = documents_index(layout.index_name(3)).to_dict()
    assert index["settings"]["max_result_window"] == MAX_RESULT_WINDOW
    assert index["settings"]["analysis"] == {
        "analyzer": {
            "qs_whitespace_lower": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
        },
        "normalizer": {"qs_lowercase": {"type": "custom", "filter": ["lowercase"]}},
    }
    body = template_body(layout)
    assert body["index_patterns"] == ["qingshan-documents-v*"]
    assert body["template"]["mappings"] == document_mapping().to_dict()
    assert body["priority"] == 500


def test_result_window_covers_the_deepest_page_a_request_allows() -> None:
    deepest = SearchRequest(offset=100_000, limit=1000)
    assert deepest.offset + deepest.limit <= MAX_RESULT_WINDOW


def test_layout_names_versions() -> None:
    layout = IndexLayout("qs")
    assert layout.alias == "qs-documents"
    assert layout.index_name(12) == "qs-documents-v000012"
    assert layout.version_of("qs-documents-v000012") == 12
    assert layout.version_of("qs-documents") is None
    assert layout.version_of("qs-documents-v12-old") is None
    assert layout.version_of("other-documents-v000001") is None


def test_source_carries_analysed_terms_and_region_prefixes() -> None:
    source = document_source(sample(), whitespace_tokenizer)
    assert source["title_terms"] == "北京 雾霾 pm2 5 超标"
    assert source["text_terms"] == "市民 反映 雾霾 严重"
    assert source["region_prefixes"] == ["11", "1101", "110105", "32", "3201", "320115"]
    assert source["provinces"] == ["110000", "320000"]
    assert source["published_at"] == "2026-11-20T08:30:00+08:00"
    assert set(source) == set(Document.model_fields) | (set(DERIVED_FIELDS) - {"author_kw"})


def test_source_round_trips_to_an_equal_document() -> None:
    original = sample()
    assert source_document(document_source(original, whitespace_tokenizer)) == original
    assert source_document(original.model_dump(mode="json")) == original
