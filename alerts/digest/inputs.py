"""What the digest and the briefing take in besides the index: plain records the app gathers.

``alerts`` may import only ``indexer`` and ``config``, so crawl health (``crawlers``), hotspots and
region names (``nlp``) and alert lists arrive here as these dataclasses, filled by
``app/digest_inputs.py``. A part that could not be read is ``None`` together with a reason in
``unavailable``; the digest then says so instead of showing an empty, calm-looking section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

SourceStatusName = Literal["new", "ok", "degraded", "silent"]
LevelName = Literal["I", "II", "III", "IV"]

# Keys of ``unavailable``: which input could not be read.
PART_SOURCES = "sources"
PART_HOTSPOTS = "hotspots"
PART_ALERTS = "alerts"


@dataclass(frozen=True)
class SourceCoverage:
    """One configured source and its crawl status as of the digest's generation time."""

    source: str
    name: str
    status: SourceStatusName
    since: datetime | None = None
    reason: str = ""

    @property
    def is_problem(self) -> bool:
        """Degraded, silent or never crawled: its silence says nothing about the news."""
        return self.status != "ok"


@dataclass(frozen=True)
class HotspotInput:
    """A hot event in the period: its heat and counts over the period and the ids of its items."""

    event_id: str
    title: str
    heat: float
    items: int
    sources: int
    negative_items: int
    rated_items: int
    official_items: int
    first_seen: datetime
    last_seen: datetime
    regions: tuple[str, ...] = ()  # 6-digit codes, most frequent first
    topics: tuple[str, ...] = ()  # topic ids, most frequent first
    item_ids: tuple[str, ...] = ()  # the event's items published in the period
    key_terms: tuple[str, ...] = ()  # the event's heaviest terms (for finding past statements)


@dataclass(frozen=True)
class DeadlineInput:
    """One response deadline of an alert (发布权威信息 within 5 h, …)."""

    label: str
    due_at: datetime
    met_at: datetime | None = None


@dataclass(frozen=True)
class AlertInput:
    """An alert as the digest shows it."""

    alert_id: str
    level: LevelName
    title: str
    state: str  # new, acknowledged, assigned, responded, follow_up, closed
    opened_at: datetime
    office: str = ""
    event_id: str | None = None
    deadlines: tuple[DeadlineInput, ...] = ()
    item_ids: tuple[str, ...] = ()  # the items to cite (representative and official ones)
    items: int = 0  # items in the event when the alert was last evaluated


@dataclass(frozen=True)
class ResponseInput:
    """An official response recorded against an alert (the link of the published statement)."""

    alert_id: str
    alert_title: str
    url: str
    published_at: datetime
    title: str = ""
    document_id: str | None = None


@dataclass(frozen=True)
class AlertsInput:
    """Alerts still awaiting a response, and official responses published in the period."""

    awaiting: tuple[AlertInput, ...] = ()
    responses: tuple[ResponseInput, ...] = ()
    # Every alert opened in the period, answered or not (used by the monthly briefing).
    opened: tuple[AlertInput, ...] = ()


@dataclass(frozen=True)
class Names:
    """Display names: region codes, topic ids and source ids → Chinese names."""

    regions: Mapping[str, str] = field(default_factory=dict)
    topics: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)

    def region(self, code: str) -> str:
        return self.regions.get(code, code)

    def topic(self, topic_id: str) -> str:
        return self.topics.get(topic_id, topic_id)

    def source(self, source_id: str) -> str:
        return self.sources.get(source_id, source_id)


@dataclass(frozen=True)
class Period:
    """A half-open time range ``[start, end)`` in the press office's time zone."""

    start: datetime
    end: datetime
    tz: ZoneInfo

    @classmethod
    def ending(cls, end: datetime, length: timedelta, tz: ZoneInfo) -> Period:
        return cls(end - length, end, tz)

    @classmethod
    def month(cls, year: int, month: int, tz: ZoneInfo) -> Period:
        start = datetime(year, month, 1, tzinfo=tz)
        following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return cls(start, following, tz)

    def shifted(self, by: timedelta) -> Period:
        return Period(self.start + by, self.end + by, self.tz)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class DigestInputs:
    """Everything the daily digest needs besides the store."""

    day: date
    period: Period  # the 24 hours the digest reports on
    generated_at: datetime
    sources: tuple[SourceCoverage, ...] | None
    hotspots: tuple[HotspotInput, ...] | None
    alerts: AlertsInput | None
    names: Names = Names()
    unavailable: Mapping[str, str] = field(default_factory=dict)
    console_url: str | None = None
    trend_days: int = 7
    top_hotspots: int = 8
    min_hotspot_items: int = 2  # a single item is not yet a hot event


@dataclass(frozen=True)
class BriefingInputs:
    """Everything the monthly briefing pack needs besides the store."""

    month: str  # YYYY-MM
    period: Period
    generated_at: datetime
    sources: tuple[SourceCoverage, ...] | None
    hotspots: tuple[HotspotInput, ...] | None
    alerts: AlertsInput | None
    names: Names = Names()
    unavailable: Mapping[str, str] = field(default_factory=dict)
    console_url: str | None = None
    top_hotspots: int = 12
    min_hotspot_items: int = 2
    past_statements: int = 3
