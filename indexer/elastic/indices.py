"""Versioned indices behind an alias, an index template, and the migration between versions.

In the style of the elasticsearch DSL ``examples/dsl/alias_migration.py``: a composable index
template (``<prefix>-documents``) holds the settings and mapping for every index matching
``<prefix>-documents-v*``; the store reads and writes through the alias ``<prefix>-documents``,
which points at exactly one versioned index (``<prefix>-documents-v000001``, ``…-v000002``).
:func:`migrate` creates the next version, lets the caller fill it, then swaps the alias atomically
and drops the old versions. Writes made while a migration runs may be lost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.dsl import Index

from indexer.elastic.mapping import document_mapping

logger = logging.getLogger(__name__)

TEMPLATE_PRIORITY = 500  # above the built-in templates (100), so no pattern overlap can tie
# SearchRequest allows offset ≤ 100,000 and limit ≤ 1,000: from + size must fit the window.
MAX_RESULT_WINDOW = 100_000 + 1_000


@dataclass(frozen=True)
class IndexLayout:
    """The names of the alias, template and versioned indices for one ``index_prefix``."""

    prefix: str

    @property
    def alias(self) -> str:
        return f"{self.prefix}-documents"

    @property
    def pattern(self) -> str:
        return f"{self.alias}-v*"

    def index_name(self, version: int) -> str:
        return f"{self.alias}-v{version:06d}"

    def version_of(self, index: str) -> int | None:
        match = re.fullmatch(re.escape(self.alias) + r"-v(\d{6})", index)
        return int(match.group(1)) if match else None


def documents_index(name: str) -> Index:
    """The index definition (settings, analysis, mapping) every versioned index is created with."""
    index = Index(name)
    index.settings(max_result_window=MAX_RESULT_WINDOW)
    index.mapping(document_mapping())
    return index


def template_body(layout: IndexLayout) -> dict[str, Any]:
    """The composable template's body (built here because ``Index.clone`` drops mapping meta)."""
    return {
        "index_patterns": [layout.pattern],
        "template": documents_index(layout.pattern).to_dict(),
        "priority": TEMPLATE_PRIORITY,
        "_meta": {"managed_by": "qingshan"},
    }


def install_template(client: Elasticsearch, layout: IndexLayout) -> None:
    """Create or replace the template; it applies to indices created afterwards."""
    client.indices.put_index_template(name=layout.alias, **template_body(layout))


def versioned_indices(client: Elasticsearch, layout: IndexLayout) -> list[str]:
    """Existing versioned indices, oldest first."""
    found = client.indices.get(index=layout.pattern, expand_wildcards="all", allow_no_indices=True).body
    names = [name for name in found if layout.version_of(name) is not None]
    return sorted(names, key=lambda name: layout.version_of(name) or 0)


def alias_targets(client: Elasticsearch, layout: IndexLayout) -> list[str]:
    """The indices the alias points at (normally one; none before the first open)."""
    if not client.indices.exists_alias(name=layout.alias):
        return []
    return sorted(client.indices.get_alias(name=layout.alias).body)


def create_next_index(client: Elasticsearch, layout: IndexLayout) -> str:
    """Create the next versioned index from the template; returns its name."""
    versions = [layout.version_of(name) or 0 for name in versioned_indices(client, layout)]
    name = layout.index_name(max(versions, default=0) + 1)
    client.indices.create(index=name)
    logger.info("created Elasticsearch index %s", name)
    return name


def point_alias(client: Elasticsearch, layout: IndexLayout, index: str) -> list[str]:
    """Atomically make the alias point at ``index`` only; returns the indices it pointed at before."""
    previous = alias_targets(client, layout)
    actions: list[dict[str, Any]] = [{"remove": {"alias": layout.alias, "index": name}} for name in previous]
    actions.append({"add": {"alias": layout.alias, "index": index, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    return [name for name in previous if name != index]


def ensure_alias(client: Elasticsearch, layout: IndexLayout) -> str:
    """The index behind the alias, creating the first version if there is none."""
    targets = alias_targets(client, layout)
    if targets:
        return targets[-1]
    index = create_next_index(client, layout)
    point_alias(client, layout, index)
    return index


def migrate(client: Elasticsearch, layout: IndexLayout, fill: Callable[[str], int] | None = None) -> str:
    """Create the next version, fill it (``fill(index)``), switch the alias, delete the old versions."""
    index = create_next_index(client, layout)
    if fill is not None:
        copied = fill(index)
        client.indices.refresh(index=index)
        logger.info("filled %s with %d documents", index, copied)
    for old in point_alias(client, layout, index):
        client.indices.delete(index=old)
        logger.info("deleted old Elasticsearch index %s", old)
    return index


def index_schema(client: Elasticsearch, index: str) -> str | None:
    """The schema fingerprint an existing index was created with (``None`` if unknown)."""
    mappings = client.indices.get_mapping(index=index).body[index]["mappings"]
    meta = mappings.get("_meta") or {}
    schema = meta.get("schema")
    return str(schema) if schema is not None else None
