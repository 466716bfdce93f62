"""Every document of an index, in batches, through a point in time and ``search_after``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import Search

logger = logging.getLogger(__name__)

KEEP_ALIVE = "2m"


def scan_search(pit_id: str, batch_size: int, search_after: list[Any] | None) -> Search[Any]:
    """One page of a point-in-time scan in index order (``_shard_doc``, the cheapest sort)."""
    search = Search().extra(
        pit={"id": pit_id, "keep_alive": KEEP_ALIVE}, size=batch_size, track_total_hits=False
    )
    search = search.sort("_shard_doc")
    return search.extra(search_after=search_after) if search_after is not None else search


def iter_sources(client: Elasticsearch, index: str, batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """The ``_source`` of every document in ``index`` as of the moment the scan starts."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    pit_id = str(client.open_point_in_time(index=index, keep_alive=KEEP_ALIVE).body["id"])
    search_after: list[Any] | None = None
    try:
        while True:
            body = scan_search(pit_id, batch_size, search_after).to_dict()
            response = client.search(body=body).body
            pit_id = str(response.get("pit_id", pit_id))
            hits = response["hits"]["hits"]
            if not hits:
                return
            yield from (hit["_source"] for hit in hits)
            search_after = hits[-1]["sort"]
    finally:
        _close_point_in_time(client, pit_id)


def _close_point_in_time(client: Elasticsearch, pit_id: str) -> None:
    try:
        client.close_point_in_time(id=pit_id)
    except NotFoundError:
        logger.debug("point in time %s had already expired", pit_id)
