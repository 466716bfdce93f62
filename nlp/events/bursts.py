"""Bursts: a topic, region or province with far more items in the latest period than its own baseline.

For each key, the count in the latest bucket ``[end - bucket, end)`` is compared with the mean count per
bucket over the ``baseline_buckets`` buckets before it, as a Poisson rate λ (at least ``min_rate``, so a
key that was silent does not burst on two items). A burst is a count of at least ``min_count`` whose
Poisson upper tail P(X >= count | λ) is at most ``max_p_value``. Time-of-day and weekday patterns are not
modelled: use daily buckets (the default) for a day-over-day view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scipy.stats import poisson

from nlp.events.store import EventStore

if TYPE_CHECKING:
    from config import Settings

KINDS = ("topic", "province", "region")


@dataclass(frozen=True, slots=True)
class Burst:
    kind: str  # topic | province | region
    key: str  # a topic id or a 6-digit code
    start: datetime
    end: datetime
    count: int
    baseline: float  # mean items per bucket before
    p_value: float

    @property
    def ratio(self) -> float:
        return self.count / self.baseline if self.baseline else float("inf")


class BurstDetector:
    """Finds bursting topics and regions in the events store."""

    def __init__(
        self,
        store: EventStore,
        *,
        bucket: timedelta = timedelta(hours=24),
        baseline_buckets: int = 14,
        min_count: int = 3,
        max_p_value: float = 0.001,
        min_rate: float = 0.5,
    ) -> None:
        self.store = store
        self.bucket = bucket
        self.baseline_buckets = baseline_buckets
        self.min_count = min_count
        self.max_p_value = max_p_value
        self.min_rate = min_rate

    @classmethod
    def from_settings(cls, store: EventStore, settings: Settings) -> BurstDetector:
        events = settings.nlp.events
        return cls(
            store,
            bucket=timedelta(hours=events.burst_bucket_hours),
            baseline_buckets=events.burst_baseline_buckets,
            min_count=events.burst_min_count,
            max_p_value=events.burst_max_p_value,
        )

    def detect(self, end: datetime, kinds: Iterable[str] = KINDS) -> list[Burst]:
        """Bursts in ``[end - bucket, end)``, most significant first."""
        start = end - self.bucket
        baseline_start = start - self.bucket * self.baseline_buckets
        bursts = []
        for kind in kinds:
            current, before = Counter[str](), Counter[str]()
            for key, moment in self.store.key_times(kind, baseline_start, end):
                (current if moment >= start else before)[key] += 1
            bursts.extend(self._bursts(kind, current, before, start, end))
        return sorted(bursts, key=lambda burst: (burst.p_value, -burst.count, burst.kind, burst.key))

    def _bursts(
        self, kind: str, current: Counter[str], before: Counter[str], start: datetime, end: datetime
    ) -> list[Burst]:
        found = []
        for key, count in current.items():
            if count < self.min_count:
                continue
            baseline = before[key] / self.baseline_buckets
            p_value = float(poisson.sf(count - 1, max(baseline, self.min_rate)))
            if p_value <= self.max_p_value:
                found.append(Burst(kind, key, start, end, count, baseline, p_value))
        return found
