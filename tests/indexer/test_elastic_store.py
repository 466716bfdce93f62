"""ElasticStore against a live Elasticsearch 9.x cluster (ELASTICSEARCH_URL), beyond the shared contract.

Skipped without ELASTICSEARCH_URL: no Elasticsearch server can be installed on our machines. Each
test uses its own index prefix and drops its indices and template afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from indexer.analysis import whitespace_tokenizer
from indexer.elastic import ElasticStore
from indexer.elastic.indices import alias_targets, index_schema, versioned_indices
from indexer.elastic.mapping import schema_fingerprint
from indexer.store import FACET_NAMES, SearchRequest
from tests.indexer.sample_documents import sample_documents

pytestmark = pytest.mark.elasticsearch

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture
def es_store() -> Iterator[ElasticStore]:
    if not ES_URL:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against")
    store = ElasticStore(ES_URL, whitespace_tokenizer, index_prefix=f"qstest-{uuid.uuid4().hex[:8]}")
    store.open()
    try:
        yield store
    finally:
        store.drop()
        store.close()


def test_open_installs_template_and_first_version_behind_the_alias(es_store: ElasticStore) -> None:
    client, layout = es_store.client, es_store.layout
    assert es_store.server_version is not None and es_store.server_version.startswith("9.")
    assert client.indices.exists_index_template(name=layout.alias)
    assert alias_targets(client, layout) == [layout.index_name(1)]
    assert index_schema(client, layout.index_name(1)) == schema_fingerprint()
    assert not es_store.needs_reindex


def test_reopening_keeps_the_index(es_store: ElasticStore) -> None:
    es_store.upsert(sample_documents()[:2])
    again = ElasticStore(ES_URL, whitespace_tokenizer, index_prefix=es_store.layout.prefix)
    with again:
        assert again.count() == 2
    assert versioned_indices(es_store.client, es_store.layout) == [es_store.layout.index_name(1)]


def test_reindex_moves_documents_to_the_next_version(es_store: ElasticStore) -> None:
    es_store.upsert(sample_documents())
    seen: list[tuple[int, int]] = []
    assert es_store.reindex(progress=lambda done, total: seen.append((done, total))) == 8
    layout = es_store.layout
    assert alias_targets(es_store.client, layout) == [layout.index_name(2)]
    assert versioned_indices(es_store.client, layout) == [layout.index_name(2)]
    assert seen[-1] == (8, 8)
    assert {d.id for d in es_store.iter_documents(batch_size=3)} == {d.id for d in sample_documents()}


def test_stored_source_is_the_document_only(es_store: ElasticStore) -> None:
    original = sample_documents()[0]
    es_store.upsert([original])
    raw = es_store.client.get(index=es_store.layout.alias, id=original.id)["_source"]
    assert set(raw) == set(type(original).model_fields)


def test_facets_of_an_empty_result_are_empty_lists(es_store: ElasticStore) -> None:
    es_store.upsert(sample_documents())
    result = es_store.search(SearchRequest(query="不存在的词语", facets=FACET_NAMES))
    assert result.total == 0
    assert result.facets == {name: [] for name in FACET_NAMES}


def test_deleting_missing_ids_counts_nothing(es_store: ElasticStore) -> None:
    es_store.upsert(sample_documents()[:1])
    assert es_store.delete(["missing", "also-missing"]) == 0
    assert es_store.count() == 1


def test_stats(es_store: ElasticStore) -> None:
    docs = sample_documents()
    es_store.upsert(docs)
    stats = es_store.stats()
    assert stats.documents == 8
    assert stats.by_source == {"news-a": 3, "weibo": 2, "board": 1, "qingxi-gov": 1, "news-b": 1}
    assert stats.first_published == min(d.published_at for d in docs)
    assert stats.last_published == max(d.published_at for d in docs)
    assert stats.size_bytes > 0
    assert stats.backend.startswith("elasticsearch 9.")
