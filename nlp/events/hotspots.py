"""Hotspot ranking: the hottest events of any period, optionally within a region or a topic.

Heat is computed from the items published in the period only (so last month's big story does not top
this morning's list) with the period's end as "now" for velocity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from nlp.events.heat import EventStats, HeatBreakdown, HeatIndex
from nlp.events.store import EventState, EventStore, ItemRow


@dataclass(frozen=True, slots=True)
class Hotspot:
    event_id: str
    title: str
    heat: HeatBreakdown
    stats: EventStats
    regions: list[str]  # most frequent first
    topics: list[str]


def within(code: str, region: str) -> bool:
    """Whether ``code`` lies in ``region`` (a province, city or county code)."""
    if region.endswith("0000"):
        return code[:2] == region[:2]
    if region.endswith("00"):
        return code[:4] == region[:4]
    return code == region


def by_count(counts: dict[str, int]) -> list[str]:
    return [key for key, _ in sorted(counts.items(), key=lambda entry: (-entry[1], entry[0]))]


class HotspotRanker:
    def __init__(self, store: EventStore, heat: HeatIndex | None = None) -> None:
        self.store = store
        self.heat = heat or HeatIndex()

    def rank(
        self,
        start: datetime,
        end: datetime,
        *,
        limit: int = 10,
        region: str | None = None,
        topic: str | None = None,
    ) -> list[Hotspot]:
        """The ``limit`` hottest events with items published in ``[start, end)``."""
        rows: dict[str, list[ItemRow]] = defaultdict(list)
        for row in self.store.item_rows(start, end):
            rows[row.event_id].append(row)
        states = self.store.events_by_id(list(rows))
        hotspots = [
            self._hotspot(states[event_id], event_rows, end)
            for event_id, event_rows in rows.items()
            if self._matches(states[event_id], region, topic)
        ]
        hotspots.sort(key=lambda spot: (-spot.heat.heat, -spot.stats.items, spot.event_id))
        return hotspots[:limit]

    @staticmethod
    def _matches(state: EventState, region: str | None, topic: str | None) -> bool:
        if region is not None and not any(within(code, region) for code in state.regions):
            return False
        return topic is None or topic in state.topics

    def _hotspot(self, state: EventState, rows: list[ItemRow], end: datetime) -> Hotspot:
        stats = self.heat.stats(rows, end)
        return Hotspot(
            state.id,
            state.title,
            self.heat.score(stats),
            stats,
            by_count(state.regions),
            by_count(state.topics),
        )
