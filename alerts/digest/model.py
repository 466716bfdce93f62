"""What a digest or briefing says: sections of statements, each citing the items it rests on.

These records are what the HTML, PDF and JSON archive are rendered from; charts are PNG bytes kept
beside the data (``charts``) and left out of the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from alerts.digest.inputs import Period, SourceCoverage


@dataclass(frozen=True)
class Citation:
    """An indexed item a statement rests on."""

    doc_id: str
    title: str
    url: str
    source: str  # display name
    published_at: datetime
    source_type: str = "news"


@dataclass(frozen=True)
class Statement:
    """A sentence of the digest and its evidence: cited items, how many more, and a search link."""

    text: str
    citations: tuple[Citation, ...] = ()
    more: int = 0  # further items behind the statement that are not listed
    search_url: str | None = None  # the console search that lists every item behind it


@dataclass(frozen=True)
class Coverage:
    """The coverage line: which sources could not be read, so silence is not mistaken for calm."""

    statement: Statement
    total: int | None  # configured sources; None when crawl health could not be read
    problems: tuple[SourceCoverage, ...] = ()


@dataclass(frozen=True)
class VolumeBucket:
    """Items published in one window, by sentiment."""

    label: str  # 06-03
    start: datetime
    end: datetime
    total: int
    positive: int
    neutral: int
    negative: int

    @property
    def unrated(self) -> int:
        return max(0, self.total - self.positive - self.neutral - self.negative)


@dataclass(frozen=True)
class Trend:
    buckets: tuple[VolumeBucket, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class HotspotEntry:
    rank: int
    event_id: str
    title: str
    heat: float
    items: int
    sources: int
    negative_share: float | None
    regions: tuple[str, ...]  # display names
    topics: tuple[str, ...]  # display names
    statement: Statement
    event_url: str | None = None


@dataclass(frozen=True)
class DistributionRow:
    key: str  # province code or topic id
    name: str
    count: int
    negative: int
    statement: Statement


@dataclass(frozen=True)
class Distribution:
    title: str
    rows: tuple[DistributionRow, ...]
    total: int  # items in the period with any value of this dimension


@dataclass(frozen=True)
class DeadlineEntry:
    label: str
    due_at: datetime
    status: str  # 剩余 3 小时 / 已超时 5 小时 / 已完成
    overdue: bool


@dataclass(frozen=True)
class AlertEntry:
    alert_id: str
    level: str
    level_label: str  # I 级（红）
    colour: str  # CSS colour of the level
    title: str
    state_label: str
    office: str
    opened_at: datetime
    deadlines: tuple[DeadlineEntry, ...]
    statement: Statement
    alert_url: str | None = None


@dataclass(frozen=True)
class ResponseEntry:
    alert_id: str
    alert_title: str
    statement: Statement


@dataclass(frozen=True)
class AlertsSection:
    """Alerts awaiting response and official responses; ``note`` says why it is empty or missing."""

    configured: bool
    awaiting: tuple[AlertEntry, ...] = ()
    responses: tuple[ResponseEntry, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Digest:
    """The 舆情日报 of one day."""

    day: date
    title: str
    period: Period
    generated_at: datetime
    coverage: Coverage
    overview: tuple[Statement, ...]
    trend: Trend
    hotspots: tuple[HotspotEntry, ...]
    hotspots_note: str
    alerts: AlertsSection
    provinces: Distribution
    topics: Distribution
    official: Statement  # official-source items published in the period
    charts: dict[str, bytes] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ConcernEntry:
    """A top public concern of the month: a hot event, what was answered and what is open."""

    hotspot: HotspotEntry
    answered: bool
    answer: Statement  # the official items or recorded responses, or why it counts as open
    past_statements: Statement  # earlier official statements on the same subject


@dataclass(frozen=True)
class Briefing:
    """The monthly briefing pack for the regular press conference."""

    month: str
    title: str
    period: Period
    generated_at: datetime
    coverage: Coverage
    overview: tuple[Statement, ...]
    provinces: Distribution
    topics: Distribution
    concerns_by_region: tuple[tuple[str, tuple[HotspotEntry, ...]], ...]
    concerns_by_topic: tuple[tuple[str, tuple[HotspotEntry, ...]], ...]
    concerns: tuple[ConcernEntry, ...]
    concerns_note: str
    alerts: AlertsSection
    charts: dict[str, bytes] = field(default_factory=dict, compare=False)
