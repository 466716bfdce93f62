"""Store fixtures: every contract test runs against every backend that can run here.

The Elasticsearch backend runs when ELASTICSEARCH_URL points at a 9.x cluster; otherwise it is
skipped with that reason (no Elasticsearch server can be installed on our machines).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.wiring import index_tokenizer
from indexer.sqlite_store import SqliteStore
from indexer.store import Store
from indexer.textindex.fts5_index import Fts5Index
from indexer.textindex.tantivy_index import TantivyIndex

BACKENDS = ["tantivy", "fts5", "elasticsearch"]


def make_store(backend: str, tmp_path: Path) -> Store:
    """A fresh, unopened store of the given backend in ``tmp_path``."""
    url = f"sqlite:///{tmp_path / 'qingshan.db'}"
    if backend == "tantivy":
        return SqliteStore(
            url, TantivyIndex(tmp_path / "index" / "tantivy", writer_heap_mb=32), index_tokenizer
        )
    if backend == "fts5":
        return SqliteStore(url, Fts5Index(tmp_path / "index" / "fts5.sqlite"), index_tokenizer)
    es_url = os.environ.get("ELASTICSEARCH_URL")
    if not es_url:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against")
    from indexer.elastic import ElasticStore

    return ElasticStore(url=es_url, index_prefix=f"qstest-{uuid.uuid4().hex[:8]}", tokenizer=index_tokenizer)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[Store]:
    instance = make_store(backend, tmp_path)
    instance.open()
    try:
        yield instance
    finally:
        if backend == "elasticsearch":
            instance.drop()  # type: ignore[attr-defined]
        instance.close()
