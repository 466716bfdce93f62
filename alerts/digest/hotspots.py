"""Hot events of the period as digest entries, each citing its first and most engaged items."""

from __future__ import annotations

from collections.abc import Sequence

from alerts.digest.evidence import Evidence
from alerts.digest.inputs import HotspotInput
from alerts.digest.model import HotspotEntry
from alerts.digest.volumes import share


def ranked(hotspots: Sequence[HotspotInput], limit: int, min_items: int = 1) -> list[HotspotInput]:
    """The ``limit`` hottest events with at least ``min_items`` items in the period."""
    eligible = [h for h in hotspots if h.items >= min_items]
    return sorted(eligible, key=lambda h: (-h.heat, -h.items, h.event_id))[:limit]


def hotspot_entry(evidence: Evidence, rank: int, spot: HotspotInput) -> HotspotEntry:
    names = evidence.names
    regions = tuple(names.region(code) for code in spot.regions[:3])
    topics = tuple(names.topic(topic) for topic in spot.topics[:3])
    text = f"「{spot.title}」本期 {spot.items} 条、{spot.sources} 个信源，热度 {spot.heat:.0f}"
    if spot.rated_items:
        text += f"，负面占 {share(spot.negative_items, spot.rated_items)}"
    if regions:
        text += f"，涉及{'、'.join(regions)}"
    if spot.official_items:
        text += f"，已有 {spot.official_items} 条官方信源发布"
    return HotspotEntry(
        rank=rank,
        event_id=spot.event_id,
        title=spot.title,
        heat=spot.heat,
        items=spot.items,
        sources=spot.sources,
        negative_share=spot.negative_items / spot.rated_items if spot.rated_items else None,
        regions=regions,
        topics=topics,
        statement=evidence.of_items(text + "。", spot.item_ids),
        event_url=evidence.event_url(spot.event_id),
    )


def hotspot_entries(
    evidence: Evidence, hotspots: Sequence[HotspotInput], limit: int, min_items: int = 1
) -> tuple[HotspotEntry, ...]:
    chosen = ranked(hotspots, limit, min_items)
    return tuple(hotspot_entry(evidence, rank, spot) for rank, spot in enumerate(chosen, 1))
