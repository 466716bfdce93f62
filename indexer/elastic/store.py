"""ElasticStore: the Store interface on an Elasticsearch 9.x cluster.

Documents are written through the alias of a versioned index (see :mod:`indexer.elastic.indices`)
with bulk requests and their stable ids as ``_id``, so every write is an idempotent upsert. Writes
refresh the index before returning, so a search right after an upsert sees it. Text is segmented
in Python by the ``tokenizer`` the store was given (the same analysis as the embedded store).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import A, Search

from config import Settings
from indexer.analysis import Tokenizer, analyze
from indexer.document import SHANGHAI, Document
from indexer.elastic.connection import check_server, make_client, translated_errors
from indexer.elastic.hits import search_result
from indexer.elastic.indices import (
    IndexLayout,
    ensure_alias,
    index_schema,
    install_template,
    migrate,
    versioned_indices,
)
from indexer.elastic.mapping import schema_fingerprint
from indexer.elastic.request import build_search
from indexer.elastic.scan import iter_sources
from indexer.elastic.source import document_source, source_document
from indexer.errors import StoreUnavailableError
from indexer.query import highlight_terms, parse
from indexer.store import ProgressCallback, SearchRequest, SearchResult, Store, StoreStats

logger = logging.getLogger(__name__)

BULK_CHUNK = 500
STATS_SOURCES = 10_000
MAX_ID_BYTES = 512


class ElasticStore(Store):
    """Documents and search in Elasticsearch 9.x; ``tokenizer`` segments Chinese text."""

    def __init__(
        self,
        url: str,
        tokenizer: Tokenizer,
        *,
        index_prefix: str = "qingshan",
        api_key: str | None = None,
        basic_auth: tuple[str, str] | None = None,
        verify_certs: bool = True,
        request_timeout: float = 30.0,
    ) -> None:
        self.url = url
        self.tokenizer = tokenizer
        self.layout = IndexLayout(index_prefix)
        self.api_key = api_key
        self.basic_auth = basic_auth
        self.verify_certs = verify_certs
        self.request_timeout = request_timeout
        self.server_version: str | None = None
        self.needs_reindex = False
        self._client: Elasticsearch | None = None

    @classmethod
    def from_settings(cls, settings: Settings, tokenizer: Tokenizer) -> ElasticStore:
        """A store for ``general.storage.elasticsearch``; StoreUnavailableError if no URL is configured."""
        es = settings.general.storage.elasticsearch
        if not es.url:
            raise StoreUnavailableError(
                "storage.elasticsearch.url is not set (settings.yaml, or the ELASTICSEARCH_URL environment variable)"
            )
        basic_auth = (es.username, es.password) if es.username and es.password else None
        return cls(
            es.url,
            tokenizer,
            index_prefix=es.index_prefix,
            api_key=es.api_key,
            basic_auth=basic_auth,
            verify_certs=es.verify_certs,
            request_timeout=es.request_timeout,
        )

    # lifecycle ------------------------------------------------------------------------------
    def open(self) -> None:
        """Connect, check the server is 9.x, install the template, create the first index if missing."""
        self.close()
        client = make_client(
            self.url,
            api_key=self.api_key,
            basic_auth=self.basic_auth,
            verify_certs=self.verify_certs,
            request_timeout=self.request_timeout,
        )
        try:
            self.server_version = check_server(client, self.url)
            with translated_errors(self.url):
                install_template(client, self.layout)
                index = ensure_alias(client, self.layout)
                self.needs_reindex = index_schema(client, index) != schema_fingerprint()
        except BaseException:
            client.close()
            raise
        if self.needs_reindex:
            logger.warning("index %s has an older mapping: run `qingshan reindex` to migrate it", index)
        logger.info("opened Elasticsearch %s at %s (index %s)", self.server_version, self.url, index)
        self._client = client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            raise StoreUnavailableError("the Elasticsearch store is not open: call open() first")
        return self._client

    def analyzer(self, text: str) -> list[str]:
        return analyze(text, self.tokenizer)

    # writes ---------------------------------------------------------------------------------
    def upsert(self, documents: Iterable[Document]) -> int:
        written = self._bulk_index(documents, self.layout.alias)
        if written:
            self._refresh()
        return written

    def _bulk_index(self, documents: Iterable[Document], index: str) -> int:
        actions = (
            {
                "_op_type": "index",
                "_index": index,
                "_id": doc.id,
                "_source": document_source(doc, self.tokenizer),
            }
            for doc in documents
        )
        with translated_errors(self.url):
            written, _ = helpers.bulk(self.client, actions, chunk_size=BULK_CHUNK, stats_only=True)
        return written

    def delete(self, doc_ids: Sequence[str]) -> int:
        actions = (
            {"_op_type": "delete", "_index": self.layout.alias, "_id": i} for i in dict.fromkeys(doc_ids)
        )
        deleted = 0
        with translated_errors(self.url):
            for ok, item in helpers.streaming_bulk(
                self.client, actions, chunk_size=BULK_CHUNK, ignore_status=(404,)
            ):
                deleted += int(ok and item["delete"].get("result") == "deleted")
        if deleted:
            self._refresh()
        return deleted

    def _refresh(self) -> None:
        with translated_errors(self.url):
            self.client.indices.refresh(index=self.layout.alias)

    # reads ------------------------------------------------------------------------------------
    def get(self, doc_id: str) -> Document | None:
        found = self.get_many([doc_id])
        return found[0] if found else None

    def get_many(self, doc_ids: Sequence[str]) -> list[Document]:
        ids = [i for i in doc_ids if _possible_id(i)]
        if not ids:
            return []
        with translated_errors(self.url):
            response = self.client.mget(index=self.layout.alias, ids=ids).body
        return [source_document(doc["_source"]) for doc in response["docs"] if doc.get("found")]

    def count(self) -> int:
        with translated_errors(self.url):
            return int(self.client.count(index=self.layout.alias).body["count"])

    def iter_documents(self, batch_size: int = 1000) -> Iterator[Document]:
        with translated_errors(self.url):
            for source in iter_sources(self.client, self.layout.alias, batch_size):
                yield source_document(source)

    def search(self, request: SearchRequest) -> SearchResult:
        node = parse(request.query)
        search = build_search(request, node, self.analyzer)
        with translated_errors(self.url):
            response = self.client.search(index=self.layout.alias, body=search.to_dict()).body
        terms = highlight_terms(node) if request.highlight else []
        return search_result(response, request.facets, terms)

    # maintenance ------------------------------------------------------------------------------
    def reindex(self, progress: ProgressCallback | None = None) -> int:
        """Re-analyse every document into a new index version, then switch the alias to it."""
        total = self.count()
        with translated_errors(self.url):
            migrate(self.client, self.layout, partial(self._copy_into, total=total, progress=progress))
        self.needs_reindex = False
        return self.count()

    def drop(self) -> None:
        """Delete every index version and the template of this store's prefix (tests, uninstall)."""
        with translated_errors(self.url):
            for index in versioned_indices(self.client, self.layout):
                self.client.indices.delete(index=index)
            self.client.indices.delete_index_template(name=self.layout.alias)

    def _copy_into(self, index: str, *, total: int, progress: ProgressCallback | None) -> int:
        done = 0
        documents = self.iter_documents(BULK_CHUNK)
        while batch := list(islice(documents, BULK_CHUNK)):
            done += self._bulk_index(batch, index)
            if progress is not None:
                progress(done, total)
        return done

    def stats(self) -> StoreStats:
        search = Search().extra(size=0, track_total_hits=True)
        search.aggs.bucket("by_source", A("terms", field="source", size=STATS_SOURCES))
        search.aggs.metric("first", A("min", field="published_at"))
        search.aggs.metric("last", A("max", field="published_at"))
        with translated_errors(self.url):
            response = self.client.search(index=self.layout.alias, body=search.to_dict()).body
            store = self.client.indices.stats(index=self.layout.alias, metric="store").body
        aggs = response["aggregations"]
        return StoreStats(
            documents=int(response["hits"]["total"]["value"]),
            by_source={str(b["key"]): int(b["doc_count"]) for b in aggs["by_source"]["buckets"]},
            first_published=_epoch_millis(aggs["first"].get("value")),
            last_published=_epoch_millis(aggs["last"].get("value")),
            size_bytes=int(store["_all"]["primaries"].get("store", {}).get("size_in_bytes", 0)),
            backend=f"elasticsearch {self.server_version} ({self.layout.alias})",
        )


def _possible_id(doc_id: str) -> bool:
    """Elasticsearch refuses empty ids and ids over 512 bytes; no stored document has one."""
    return 0 < len(doc_id.encode("utf-8")) <= MAX_ID_BYTES


def _epoch_millis(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromtimestamp(float(value) / 1000, tz=UTC).astimezone(SHANGHAI)
