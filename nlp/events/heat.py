"""The event heat index: how big, how broad and how fast an event is, 0–100.

Each component is scaled to [0, 1]; heat is 100 × their weighted sum (weights sum to 1):

    volume      ln(1 + items) / ln(1 + 200)                   capped at 1   weight 0.25
    sources     ln(1 + distinct sources) / ln(1 + 30)           capped at 1   weight 0.15
    engagement  ln(1 + reposts+comments+likes+reads/100) / ln(1 + 100,000)   weight 0.20
    velocity    ln(1 + items per hour in the last 6 h) / ln(1 + 20)           weight 0.15
    mainstream  mainstream-outlet items / 3                   capped at 1   weight 0.10
    official    official-source items / 1                     capped at 1   weight 0.05
    negative    negative items / items with a sentiment                     weight 0.10

Logarithms because attention is heavy-tailed: the 200th report adds less than the 2nd. The reference
values (200 items, 30 sources, 100,000 interactions, 20 items/hour) are where a component saturates;
they and the weights are constructor arguments (and ``nlp.events.heat`` in nlp.yaml).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from nlp.events.store import ItemRow

if TYPE_CHECKING:
    from config import Settings


@dataclass(frozen=True, slots=True)
class HeatWeights:
    volume: float = 0.25
    sources: float = 0.15
    engagement: float = 0.20
    velocity: float = 0.15
    mainstream: float = 0.10
    official: float = 0.05
    negative: float = 0.10


@dataclass(frozen=True, slots=True)
class HeatScales:
    """The value at which each component reaches 1."""

    items: float = 200
    sources: float = 30
    engagement: float = 100_000
    items_per_hour: float = 20
    mainstream_items: float = 3
    official_items: float = 1


@dataclass(frozen=True, slots=True)
class EventStats:
    """Counts over an event's items in a period."""

    items: int
    sources: int
    engagement: int
    recent_items: int  # items in the velocity window before the period's end
    mainstream_items: int
    official_items: int
    negative_items: int
    rated_items: int  # items with a sentiment
    first_seen: datetime
    last_seen: datetime

    @classmethod
    def from_rows(cls, rows: Sequence[ItemRow], end: datetime, velocity_window: timedelta) -> EventStats:
        if not rows:
            raise ValueError("an event's statistics need at least one item")
        return cls(
            items=len(rows),
            sources=len({row.source for row in rows}),
            engagement=sum(row.engagement for row in rows),
            recent_items=sum(end - velocity_window <= row.published_at < end for row in rows),
            mainstream_items=sum(row.mainstream for row in rows),
            official_items=sum(row.source_type == "official" for row in rows),
            negative_items=sum(row.sentiment == "negative" for row in rows),
            rated_items=sum(row.sentiment is not None for row in rows),
            first_seen=min(row.published_at for row in rows),
            last_seen=max(row.published_at for row in rows),
        )


@dataclass(frozen=True, slots=True)
class HeatBreakdown:
    """Each component in [0, 1] and the heat (0–100)."""

    volume: float
    sources: float
    engagement: float
    velocity: float
    mainstream: float
    official: float
    negative: float
    heat: float


def log_scale(value: float, reference: float) -> float:
    return min(1.0, math.log1p(max(value, 0.0)) / math.log1p(reference))


class HeatIndex:
    """Scores :class:`EventStats` (see the module docstring for the formula)."""

    def __init__(
        self,
        *,
        weights: HeatWeights | None = None,
        scales: HeatScales | None = None,
        velocity_window: timedelta = timedelta(hours=6),
    ) -> None:
        self.weights = weights or HeatWeights()
        self.scales = scales or HeatScales()
        self.velocity_window = velocity_window
        if not math.isclose(sum(asdict(self.weights).values()), 1.0, abs_tol=1e-6):
            raise ValueError(f"heat weights must sum to 1, got {asdict(self.weights)}")

    @classmethod
    def from_settings(cls, settings: Settings) -> HeatIndex:
        events = settings.nlp.events
        return cls(
            weights=HeatWeights(**events.heat.model_dump()),
            velocity_window=timedelta(hours=events.velocity_window_hours),
        )

    def stats(self, rows: Sequence[ItemRow], end: datetime) -> EventStats:
        return EventStats.from_rows(rows, end, self.velocity_window)

    def score(self, stats: EventStats) -> HeatBreakdown:
        scales, weights = self.scales, self.weights
        hours = self.velocity_window.total_seconds() / 3600
        components = {
            "volume": log_scale(stats.items, scales.items),
            "sources": log_scale(stats.sources, scales.sources),
            "engagement": log_scale(stats.engagement, scales.engagement),
            "velocity": log_scale(stats.recent_items / hours, scales.items_per_hour),
            "mainstream": min(1.0, stats.mainstream_items / scales.mainstream_items),
            "official": min(1.0, stats.official_items / scales.official_items),
            "negative": stats.negative_items / stats.rated_items if stats.rated_items else 0.0,
        }
        heat = 100 * sum(getattr(weights, name) * value for name, value in components.items())
        return HeatBreakdown(**components, heat=round(heat, 2))
