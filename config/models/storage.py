"""Where documents and state live: the embedded store (SQLite + a full-text engine) or Elasticsearch."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from config.models.base import StrictModel


class ElasticsearchSettings(StrictModel):
    """Connection to an Elasticsearch 9.x cluster (the client major version must match the server's)."""

    url: str | None = None
    api_key: str | None = None
    username: str | None = None
    password: str | None = None
    index_prefix: str = Field(default="qingshan", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    verify_certs: bool = True
    request_timeout: float = Field(default=30.0, gt=0)


class StorageSettings(StrictModel):
    """The store of record and the search backend."""

    backend: Literal["embedded", "elasticsearch"] = "embedded"
    # The SQL database of record for state (and for documents in the embedded backend).
    # A SQLAlchemy URL; empty means a SQLite file ``qingshan.db`` in the home directory.
    database_url: str = ""
    # Full-text engine of the embedded backend, chosen by bench/search_engines.py.
    engine: Literal["tantivy", "fts5"] = "tantivy"
    # Memory budget for the tantivy writer, in MB.
    index_writer_heap_mb: int = Field(default=128, ge=16, le=4096)
    elasticsearch: ElasticsearchSettings = ElasticsearchSettings()
