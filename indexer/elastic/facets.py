"""Facets as Elasticsearch aggregations, and their buckets read back in the Store's format.

``{"day": [("2026-11-20", 3), ...], "source": [("weibo", 5), ...], ...}``: days in chronological
order (calendar days in Asia/Shanghai), every other facet by count descending, then by value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from elasticsearch.dsl import A
from elasticsearch.dsl.aggs import Agg

from indexer.document import SHANGHAI
from indexer.store import FACET_NAMES

DAY_FORMAT = "yyyy-MM-dd"
TERMS_FACET_SIZE = 50  # as the embedded engines
# facet name → the keyword field it counts
TERMS_FACET_FIELDS = {
    "source": "source",
    "sentiment": "sentiment",
    "topic": "topics",
    "province": "provinces",
}


def facet_aggregation(name: str) -> Agg[Any]:
    """The aggregation that computes facet ``name``."""
    if name == "day":
        return A(
            "date_histogram",
            field="published_at",
            calendar_interval="day",
            time_zone=SHANGHAI.key,
            format=DAY_FORMAT,
            min_doc_count=1,
        )
    if name not in TERMS_FACET_FIELDS:
        raise ValueError(f"unknown facet {name!r}; expected one of {list(FACET_NAMES)}")
    return A(
        "terms",
        field=TERMS_FACET_FIELDS[name],
        size=TERMS_FACET_SIZE,
        order=[{"_count": "desc"}, {"_key": "asc"}],
    )


def read_facet(name: str, aggregation: Mapping[str, Any]) -> list[tuple[str, int]]:
    """``[(value, count), ...]`` from one aggregation's response."""
    buckets = aggregation.get("buckets", [])
    if name == "day":
        return [(str(bucket["key_as_string"]), int(bucket["doc_count"])) for bucket in buckets]
    counts = [(str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def read_facets(names: Iterable[str], aggregations: Mapping[str, Any]) -> dict[str, list[tuple[str, int]]]:
    """Every requested facet from a search response's ``aggregations``."""
    return {name: read_facet(name, aggregations.get(name, {})) for name in names}
