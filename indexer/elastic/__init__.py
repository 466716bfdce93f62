"""The Elasticsearch backend of the Store interface (see ``README.md`` here for versions and set-up).

Modules: ``mapping`` (the mapping derived from the Document model), ``source`` (Document ↔
``_source``), ``indices`` (template, versioned indices behind an alias, migration), ``request``
(SearchRequest → DSL search), ``facets`` (aggregations ↔ facets), ``hits`` (response →
SearchResult), ``scan`` (point-in-time iteration), ``connection`` (client, version check, errors),
``store`` (``ElasticStore``).

Errors are the indexer's own (``indexer.errors``)::

    StoreUnavailableError   unreachable cluster, refused credentials, not Elasticsearch,
                            a server whose major version is not 9, 429/5xx answers
    StoreCorruptError       documents rejected by the index (e.g. an outdated mapping: reindex)
    QuerySyntaxError        from the query language, before any request is sent
    ValueError              an invalid SearchRequest / filter (naive datetime, bad region code)

Importing this package loads the ``elasticsearch`` client; the embedded store never imports it.
"""

from __future__ import annotations

from indexer.elastic.connection import SUPPORTED_MAJOR
from indexer.elastic.indices import IndexLayout, migrate
from indexer.elastic.mapping import document_mapping
from indexer.elastic.store import ElasticStore

__all__ = ["SUPPORTED_MAJOR", "ElasticStore", "IndexLayout", "document_mapping", "migrate"]
