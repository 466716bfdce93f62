"""The tantivy full-text index (default embedded engine): fast BM25 search, sorting and facets.

Derived data: it lives in its own directory with a small state file holding the schema version and
the high-water mark. A missing, outdated or unreadable index is rebuilt from the store of record.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import threading
from collections.abc import Hashable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from indexer.document import SHANGHAI
from indexer.errors import IndexBusyError
from indexer.fields import tag_token
from indexer.query import to_tantivy
from indexer.store import SearchFilters, SearchRequest, SortOrder
from indexer.textindex.base import Analyzer, IndexEntry, TextHits, TextIndex, sort_facet, tag_filters

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
STATE_FILE = "qingshan-state.json"
META_FILE = "meta.json"  # tantivy replaces it (write and rename) at every commit and merge
_FACET_FIELDS = {"source": "source", "sentiment": "sentiment", "topic": "topics", "province": "provinces"}
_FACET_SIZE = 50
_TOTAL = "qs_total"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("tags", tokenizer_name="whitespace", index_option="basic")
    builder.add_date_field("published_at", indexed=True, fast=True)
    for field in _FACET_FIELDS.values():
        builder.add_text_field(field, fast=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


class TantivyIndex(TextIndex):
    """tantivy in ``path``; one writer per process, opened lazily on the first write."""

    name = "tantivy"

    def __init__(self, path: Path, *, writer_heap_mb: int = 128, writer_threads: int = 1) -> None:
        self.path = path
        self.writer_heap_mb = writer_heap_mb
        # One indexing thread keeps up with the Python side (segmentation dominates) and makes
        # fewer, larger segments: 15 % less CPU per document than tantivy's default of one thread
        # per core, and no merging left for close() (bench/search_engines.py, 20k documents).
        self.writer_threads = writer_threads
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._high_water = 0
        self._pending_high_water = 0
        self._generation: tuple[int, int, int] | None = None
        self._reload_lock = threading.Lock()

    # lifecycle -----------------------------------------------------------------------------
    def open(self) -> None:
        state = self._read_state()
        if state.get("schema_version") != SCHEMA_VERSION:
            if self.path.exists():
                logger.warning("tantivy index at %s has another schema version: rebuilding", self.path)
            self._wipe()
            state = {}
        try:
            self._index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except (ValueError, OSError) as exc:
            logger.warning("tantivy index at %s is unreadable (%s): rebuilding", self.path, exc)
            self._wipe()
            state = {}
            self._index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self._high_water = int(state.get("high_water", 0))
        if not state:
            self._write_state()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
        self._writer = None
        self._index = None

    def high_water(self) -> int:
        return self._high_water

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def generation(self) -> tuple[int, int, int] | None:
        """The identity of the committed ``meta.json`` (see :meth:`_refresh`)."""
        return self._refresh()

    def _refresh(self) -> tuple[int, int, int] | None:
        """The identity of the committed ``meta.json`` (one stat). When it changed since the last
        look, the searcher is reloaded first: a commit by another process (the crawler) is searched
        at once by every reader (search, export, the search cache), not when tantivy's file watcher
        notices it."""
        try:
            meta = (self.path / META_FILE).stat()
        except OSError:
            return None
        token = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
        if token != self._generation:
            with self._reload_lock:
                if token != self._generation:
                    self._loaded_index().reload()
                    self._generation = token
        return token

    # writes ---------------------------------------------------------------------------------
    def write(
        self, entries: Sequence[IndexEntry], deleted_ids: Sequence[str] = (), *, commit: bool = True
    ) -> None:
        writer = self._get_writer()
        for doc_id in deleted_ids:
            writer.delete_documents_by_term("id", doc_id)
        for entry in entries:
            writer.delete_documents_by_term("id", entry.doc_id)
            writer.add_document(self._to_tantivy(entry))
        if entries:
            self._pending_high_water = max(self._pending_high_water, *(e.seq for e in entries))
        if commit:
            self.commit()

    def commit(self) -> None:
        if self._writer is None:
            return
        self._writer.commit()
        self._high_water = max(self._high_water, self._pending_high_water)
        self._write_state()
        self._loaded_index().reload()

    def clear(self) -> None:
        writer = self._get_writer()
        writer.delete_all_documents()
        writer.commit()
        self._high_water = 0
        self._write_state()
        self._loaded_index().reload()

    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self._loaded_index().writer(
                    heap_size=self.writer_heap_mb * 1_000_000, num_threads=self.writer_threads
                )
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise
                raise IndexBusyError(
                    f"the full-text index {self.path} is being written by another process; "
                    "only one process writes it at a time (in the service, a crawl's writers' turn)"
                ) from exc
        return self._writer

    @staticmethod
    def _to_tantivy(entry: IndexEntry) -> tantivy.Document:
        return tantivy.Document(
            id=entry.doc_id,
            title=entry.title_terms,
            text=entry.text_terms,
            tags=" ".join(entry.tags),
            published_at=entry.published_at.astimezone(UTC),
            source=entry.source,
            sentiment=entry.sentiment or "",
            topics=list(entry.topics),
            provinces=list(entry.provinces),
        )

    # search ---------------------------------------------------------------------------------
    def search(self, node: object, analyzer: Analyzer, request: SearchRequest) -> TextHits:
        self._refresh()  # another process's commit is searched at once
        return self._search(node, analyzer, request)

    def search_at(
        self, node: object, analyzer: Analyzer, request: SearchRequest, generation: Hashable
    ) -> TextHits:
        """No second stat when the searcher is still the one ``generation`` loaded (when another
        thread has loaded another token since, look again)."""
        if generation != self._generation:
            self._refresh()
        return self._search(node, analyzer, request)

    def _search(self, node: object, analyzer: Analyzer, request: SearchRequest) -> TextHits:
        query = self._with_filters(to_tantivy(node, analyzer, self.schema), request.filters)  # type: ignore[arg-type]
        searcher = self._loaded_index().searcher()
        facets: dict[str, list[tuple[str, int]]] = {}
        total: int | None = None
        if request.facets:  # the aggregation also counts, so the top-k search can skip counting
            total, facets = self._facets(searcher, query, request.facets)
        if request.limit == 0 or total == 0:
            ids: list[str] = []
            scores: list[float | None] = []
            if total is None:
                total = _count(searcher.search(query, 1, count=True))
        else:
            total, ids, scores = self._top_hits(searcher, query, request, total)
        return TextHits(total=total, ids=ids, scores=scores, facets=facets)

    def _top_hits(
        self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest, total: int | None
    ) -> tuple[int, list[str], list[float | None]]:
        count = total is None
        if request.sort is SortOrder.TIME:
            result = searcher.search(
                query,
                request.limit,
                count=count,
                order_by_field="published_at",
                offset=request.offset,
                order=tantivy.Order.Desc,
            )
            scores: list[float | None] = [None] * len(result.hits)
        else:
            result = searcher.search(query, request.limit, count=count, offset=request.offset)
            scores = [float(score) for score, _ in result.hits]
        ids = [searcher.doc(address)["id"][0] for _, address in result.hits]
        return (_count(result) if total is None else total), ids, scores

    def _with_filters(self, query: tantivy.Query, filters: SearchFilters) -> tantivy.Query:
        clauses = [
            (tantivy.Occur.Must, query),
            *((tantivy.Occur.Must, f) for f in self._filter_queries(filters)),
        ]
        return query if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def _filter_queries(self, filters: SearchFilters) -> list[tantivy.Query]:
        queries: list[tantivy.Query] = []
        if filters.since is not None or filters.until is not None:
            queries.append(
                tantivy.Query.range_query(
                    self.schema,
                    "published_at",
                    tantivy.FieldType.Date,
                    filters.since.astimezone(UTC) if filters.since else None,
                    filters.until.astimezone(UTC) if filters.until else None,
                    include_lower=True,
                    include_upper=filters.until is None,
                )
            )
        for field, values in tag_filters(filters):
            tags = [tantivy.Query.term_query(self.schema, "tags", tag_token(field, v)) for v in values]
            queries.append(
                tags[0]
                if len(tags) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in tags])
            )
        return queries

    def _facets(
        self, searcher: tantivy.Searcher, query: tantivy.Query, facets: Sequence[str]
    ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        spec: dict[str, Any] = {_TOTAL: {"value_count": {"field": "published_at"}}}
        for name in facets:
            if name == "day":
                spec[name] = {
                    "date_histogram": {"field": "published_at", "fixed_interval": "1d", "offset": "-8h"}
                }
            else:
                spec[name] = {"terms": {"field": _FACET_FIELDS[name], "size": _FACET_SIZE}}
        raw = searcher.aggregate(query, spec)
        total = int(raw.get(_TOTAL, {}).get("value") or 0)
        if total == 0:
            return 0, {name: [] for name in facets}
        return total, {name: sort_facet(name, _bucket_counts(name, raw.get(name, {}))) for name in facets}

    # helpers ---------------------------------------------------------------------------------
    def _loaded_index(self) -> tantivy.Index:
        if self._index is None:
            raise RuntimeError("TantivyIndex is not open")
        return self._index

    def _read_state(self) -> dict[str, Any]:
        try:
            data = json.loads((self.path / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_state(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "high_water": self._high_water}))
        os.replace(tmp, self.path / STATE_FILE)

    def _wipe(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True, exist_ok=True)


def _bucket_counts(name: str, agg: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for bucket in agg.get("buckets", []):
        count = int(bucket.get("doc_count", 0))
        if count <= 0:
            continue
        key = bucket["key"]
        if name == "day":
            key = _day(float(key))
        elif key == "":
            continue
        counts[str(key)] = count
    return counts


@functools.lru_cache(maxsize=4096)
def _day(key_ms: float) -> str:
    """The Shanghai day of a daily bucket's start (memoised: every search page has ~30 of them)."""
    return datetime.fromtimestamp(key_ms / 1000, tz=UTC).astimezone(SHANGHAI).date().isoformat()


def _count(result: tantivy.SearchResult) -> int:
    """The hit count of a search run with ``count=True`` (missing from tantivy's type stubs)."""
    return int(getattr(result, "count", 0) or 0)
