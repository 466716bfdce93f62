"""Composition: build the configured Store with the NLP tokenizer handed to the indexer."""

from __future__ import annotations

from itertools import chain

from config import Settings
from indexer.analysis import TermTokenizer, index_pieces
from indexer.sqlite_store import SqliteStore
from indexer.store import Store
from indexer.textindex.base import TextIndex
from nlp.segmentation import Segmenter, default_segmenter, index_tokens, set_default_segmenter

_WORD_CACHE_SIZE = 300_000


class _WordTerms(dict[str, tuple[str, ...]]):
    """Precise word → its index terms (the segmenter's expansion, split by ``index_pieces``)."""

    def __init__(self, segmenter: Segmenter) -> None:
        super().__init__()
        self.segmenter = segmenter
        self.joined = _WordJoined(self)

    def __missing__(self, word: str) -> tuple[str, ...]:
        terms = tuple(chain.from_iterable(map(index_pieces, self.segmenter.expand(word))))
        if len(self) < _WORD_CACHE_SIZE:
            self[word] = terms
        return terms


class _WordJoined(dict[str, str]):
    """Precise word → its index terms joined by single spaces ("" when it has none)."""

    def __init__(self, terms: _WordTerms) -> None:
        super().__init__()
        self.terms = terms

    def __missing__(self, word: str) -> str:
        joined = " ".join(self.terms[word])
        if len(self) < _WORD_CACHE_SIZE:
            self[word] = joined
        return joined


class IndexTokenizer(TermTokenizer):
    """The indexer's tokenizer: ``nlp.segmentation.index_tokens`` on the default segmenter, and
    the indexer's terms computed once per distinct word (every indexed text goes through here)."""

    def __init__(self) -> None:
        self._words: _WordTerms | None = None

    def __call__(self, text: str) -> list[str]:
        return index_tokens(text)

    def terms(self, normalized: str) -> list[str]:
        table = self._table()
        return list(chain.from_iterable(map(table.__getitem__, table.segmenter.index_words(normalized))))

    def joined_terms(self, normalized: str) -> str:
        table = self._table()
        return " ".join(filter(None, map(table.joined.__getitem__, table.segmenter.index_words(normalized))))

    def _table(self) -> _WordTerms:
        segmenter = default_segmenter()
        table = self._words
        if table is None or table.segmenter is not segmenter:  # a new default segmenter was installed
            table = self._words = _WordTerms(segmenter)
        return table


index_tokenizer = IndexTokenizer()
_configured: list[tuple[object, ...]] = []


def configure_segmenter(settings: Settings) -> None:
    """Install the configured segmenter (shipped + user dictionaries + topic keywords) once per settings."""
    key = (settings.config_dir, settings.nlp, settings.topics)
    if key not in _configured:
        set_default_segmenter(Segmenter.from_settings(settings))
        _configured[:] = [key]


def build_text_index(settings: Settings) -> TextIndex:
    """The embedded full-text engine named in settings (tantivy by default)."""
    storage = settings.general.storage
    index_dir = settings.home / "index"
    if storage.engine == "fts5":
        from indexer.textindex.fts5_index import Fts5Index

        return Fts5Index(index_dir / "fts5.sqlite")
    from indexer.textindex.tantivy_index import TantivyIndex

    return TantivyIndex(index_dir / "tantivy", writer_heap_mb=storage.index_writer_heap_mb)


def build_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The configured Store, not yet opened."""
    configure_segmenter(settings)
    if settings.general.storage.backend == "elasticsearch":
        from indexer.elastic import ElasticStore

        return ElasticStore.from_settings(settings, index_tokenizer)
    return SqliteStore(
        settings.database_url(), build_text_index(settings), index_tokenizer, read_only=read_only
    )


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The configured Store, opened (the embedded index catches up with the store of record)."""
    store = build_store(settings, read_only=read_only)
    store.open()
    return store
