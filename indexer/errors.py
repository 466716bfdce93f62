"""Indexer errors.

Exception tree::

    IndexerError                  base of everything the indexer raises on purpose
    ├── QuerySyntaxError          the query language could not parse the text (has ``position`` and ``reason``)
    ├── StoreUnavailableError     the backend cannot be opened or reached (path, permissions, cluster down)
    │   └── IndexBusyError        another process holds the full-text index's one writer
    └── StoreCorruptError         the full-text index is damaged: run ``qingshan reindex``
"""

from __future__ import annotations


class IndexerError(Exception):
    """Base class of indexer errors."""


class QuerySyntaxError(IndexerError):
    """A query could not be parsed; ``position`` is a 0-based character offset."""

    def __init__(self, reason: str, position: int, query: str = "") -> None:
        self.reason = reason
        self.position = position
        self.query = query
        super().__init__(f"query error at position {position}: {reason}")


class StoreUnavailableError(IndexerError):
    """The store cannot be opened or reached."""


class IndexBusyError(StoreUnavailableError):
    """Another process is writing the full-text index (it allows one writer at a time)."""


class StoreCorruptError(IndexerError):
    """The derived full-text index is unreadable; rebuild it from the store of record."""
