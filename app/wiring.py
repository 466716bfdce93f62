"""Composition: build the configured Store with the NLP tokenizer handed to the indexer."""

from __future__ import annotations

from config import Settings
from indexer.analysis import Tokenizer
from indexer.sqlite_store import SqliteStore
from indexer.store import Store
from indexer.textindex.base import TextIndex
from nlp.segmentation import Segmenter, index_tokens, set_default_segmenter

index_tokenizer: Tokenizer = index_tokens
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
