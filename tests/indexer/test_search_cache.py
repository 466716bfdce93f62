"""The search cache over the embedded engines: the same results as the store, reused only while the
index is unchanged, a commit by another store (the crawler's process) shows at once."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from app.wiring import index_tokenizer
from indexer.document import SHANGHAI, Sentiment
from indexer.errors import QuerySyntaxError
from indexer.search_cache import Outcome, SearchCache
from indexer.sqlite_store import SqliteStore
from indexer.store import FACET_NAMES, SearchFilters, SearchRequest, SearchResult, SortOrder, Store
from indexer.textindex.fts5_index import Fts5Index
from indexer.textindex.tantivy_index import TantivyIndex
from tests.indexer.conftest import make_store
from tests.indexer.sample_documents import doc, sample_documents

ENGINES = ["tantivy", "fts5"]


def reader(engine: str, tmp_path: Path) -> SqliteStore:
    """A second, read-only store on the same files, as the console opens it."""
    url = f"sqlite:///{tmp_path / 'qingshan.db'}"
    if engine == "tantivy":
        return SqliteStore(url, TantivyIndex(tmp_path / "index" / "tantivy"), index_tokenizer, read_only=True)
    return SqliteStore(url, Fts5Index(tmp_path / "index" / "fts5.sqlite"), index_tokenizer, read_only=True)


@pytest.fixture(params=ENGINES)
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, SqliteStore]]:
    """(writer with the sample documents, read-only store on the same files)."""
    writer = make_store(str(request.param), tmp_path)
    writer.open()
    writer.upsert(sample_documents())
    console = reader(str(request.param), tmp_path)
    console.open()
    try:
        yield writer, console
    finally:
        console.close()
        writer.close()


def page(query: str, **changes: object) -> SearchRequest:
    return replace(SearchRequest(query=query, facets=FACET_NAMES), **changes)  # type: ignore[arg-type]


def shown(result: SearchResult) -> tuple[object, ...]:
    """Everything a page shows of a result."""
    hits = [(h.document.id, h.score, h.title_html, h.snippet_html) for h in result.hits]
    return result.total, hits, result.facets


def test_a_commit_by_another_store_is_searched_at_once(stores: tuple[Store, SqliteStore]) -> None:
    writer, console = stores
    cache = SearchCache(console)
    first, outcome = cache.search(page("死鱼"))
    assert (first.total, outcome) == (2, Outcome.MISS)
    assert cache.search(page("死鱼"))[1] is Outcome.HIT
    new = doc("fish-kill-2", "下游再现死鱼", "青溪县下游河段今晨再次发现死鱼。", topics=["water"])
    writer.upsert([new])
    after, outcome = cache.search(page("死鱼"))
    assert (after.total, outcome) == (3, Outcome.MISS)
    assert new.id in {h.document.id for h in after.hits}
    assert dict(after.facets["topic"])["water"] == 3
    writer.delete([new.id])
    gone, outcome = cache.search(page("死鱼"))
    assert (gone.total, outcome) == (2, Outcome.MISS)
    assert new.id not in {h.document.id for h in gone.hits}


@pytest.mark.parametrize(
    "request_",
    [
        page("死鱼"),
        page(""),
        page("雾霾 | 死鱼", sort=SortOrder.TIME, limit=2),
        page("雾霾 | 死鱼", offset=1, limit=1),
        page("北京 -演习", highlight=False),
        page("", filters=SearchFilters(sentiments=(Sentiment.NEGATIVE,), region_prefixes=("32",))),
        page("", filters=SearchFilters(since=datetime(2026, 11, 21, tzinfo=SHANGHAI)), facets=()),
        page("足球", limit=0),
        page("没有这个词"),
    ],
)
def test_cached_results_are_the_stores(stores: tuple[Store, SqliteStore], request_: SearchRequest) -> None:
    _, console = stores
    cache = SearchCache(console)
    fresh = shown(console.search(request_))
    computed, outcome = cache.search(request_)
    reused, again = cache.search(request_)
    assert (outcome, again) == (Outcome.MISS, Outcome.HIT)
    assert shown(computed) == fresh
    assert shown(reused) == fresh


def test_paging_and_sorting_reuse_the_counts(stores: tuple[Store, SqliteStore]) -> None:
    _, console = stores
    cache = SearchCache(console)
    first, _ = cache.search(page("雾霾 | 死鱼", limit=2))
    for changed in (
        page("雾霾 | 死鱼", limit=2, offset=2),
        page("雾霾 | 死鱼", limit=2, sort=SortOrder.TIME),
    ):
        result, outcome = cache.search(changed)
        assert outcome is Outcome.PARTIAL
        assert shown(result) == shown(console.search(changed))
        assert result.facets == first.facets


def test_equivalent_queries_share_an_entry(stores: tuple[Store, SqliteStore]) -> None:
    cache = SearchCache(stores[1])
    cache.search(page("北京  雾霾"))
    assert cache.search(page("北京 AND 雾霾"))[1] is Outcome.HIT
    assert cache.search(page("北京 | 雾霾"))[1] is Outcome.MISS


def test_the_cache_is_bounded_and_can_be_turned_off(stores: tuple[Store, SqliteStore]) -> None:
    _, console = stores
    small = SearchCache(console, entries=1)
    assert [small.search(page(q))[1] for q in ("死鱼", "雾霾", "死鱼")] == [Outcome.MISS] * 3
    off = SearchCache(console, entries=0)
    result, outcome = off.search(page("死鱼"))
    assert outcome is Outcome.OFF and shown(result) == shown(console.search(page("死鱼")))
    assert off.search(page("死鱼"))[1] is Outcome.OFF


def test_query_errors_are_the_stores(stores: tuple[Store, SqliteStore]) -> None:
    with pytest.raises(QuerySyntaxError):
        SearchCache(stores[1]).search(page("(雾霾"))


def test_concurrent_searches_for_one_page_compute_it_once(
    stores: tuple[Store, SqliteStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, console = stores
    cache = SearchCache(console)
    cache.search(page("湿地"))  # the generation is read (and the searcher loaded) before the race
    calls: list[SearchRequest] = []
    search_at = console.search_at

    def counted(request: SearchRequest, generation: Hashable) -> SearchResult:
        calls.append(request)
        return search_at(request, generation)

    monkeypatch.setattr(console, "search_at", counted)
    start = threading.Barrier(8)
    results: list[tuple[SearchResult, Outcome]] = []

    def run() -> None:
        start.wait()
        results.append(cache.search(page("雾霾")))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert sorted(outcome for _, outcome in results) == sorted([Outcome.MISS] + [Outcome.HIT] * 7)
    assert len({str(shown(result)) for result, _ in results}) == 1


def test_a_reader_without_the_cache_searches_another_stores_commit_at_once(
    stores: tuple[Store, SqliteStore],
) -> None:
    # what the export and a console with web.search_cache_entries: 0 do: the store itself
    writer, console = stores
    assert console.search(page("死鱼")).total == 2
    writer.upsert([doc("fish-kill-3", "下游又见死鱼", "青溪县下游河段再次发现死鱼。", topics=["water"])])
    assert console.search(page("死鱼")).total == 3


def test_a_commit_during_a_search_is_searched_by_the_next(
    stores: tuple[Store, SqliteStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the result is kept under the token read before the search, not one read after it: the commit
    # must not make a result computed before it look current
    writer, console = stores
    cache = SearchCache(console)
    search_at = console.search_at
    new = doc("fish-kill-4", "下游还有死鱼", "青溪县下游河段又发现死鱼。", topics=["water"])

    def committing(request: SearchRequest, generation: Hashable) -> SearchResult:
        writer.upsert([new])  # after the cache read the token, before the index is searched
        return search_at(request, generation)

    monkeypatch.setattr(console, "search_at", committing)
    cache.search(page("死鱼"))  # 2 or 3 hits: the commit may or may not be loaded yet
    monkeypatch.setattr(console, "search_at", search_at)
    after, outcome = cache.search(page("死鱼"))
    assert (after.total, outcome) == (3, Outcome.MISS)
    assert new.id in {h.document.id for h in after.hits}
    assert cache.search(page("死鱼"))[1] is Outcome.HIT


@pytest.mark.parametrize("stores", ["tantivy"], indirect=True)  # FTS5's search reads no token
def test_a_miss_looks_for_a_commit_once(
    stores: tuple[Store, SqliteStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, console = stores
    index = console.text_index
    assert isinstance(index, TantivyIndex)
    looks: list[object] = []
    refresh = index._refresh

    def counted() -> object:
        looks.append(None)
        return refresh()

    monkeypatch.setattr(index, "_refresh", counted)
    cache = SearchCache(console)
    assert cache.search(page("死鱼"))[1] is Outcome.MISS
    assert len(looks) == 1
    assert cache.search(page("死鱼", offset=1))[1] is Outcome.PARTIAL
    assert len(looks) == 2
    console.search(page("死鱼"))  # without the cache the store looks itself
    assert len(looks) == 3
