"""Hotspots and event pages: the numbers behind them, read from the events tables and the store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from app.web.charts import Series, legend, line_chart, sparkline
from indexer.document import Document
from indexer.store import Store
from nlp.events import EventState, EventStore, HeatBreakdown, HeatIndex, Hotspot, HotspotRanker

# period → (length, bucket)
PERIODS: dict[str, tuple[timedelta, timedelta, str]] = {
    "24h": (timedelta(hours=24), timedelta(hours=1), "近24小时"),
    "3d": (timedelta(days=3), timedelta(hours=6), "近3天"),
    "7d": (timedelta(days=7), timedelta(hours=12), "近7天"),
    "30d": (timedelta(days=30), timedelta(days=1), "近30天"),
}
MAX_EVENT_DOCUMENTS = 500
_SENTIMENTS = (
    ("negative", "负面", "series-neg"),
    ("neutral", "中性", "series-neu"),
    ("positive", "正面", "series-pos"),
)


def bucket_counts(times: Iterable[datetime], start: datetime, end: datetime, step: timedelta) -> list[int]:
    """How many of ``times`` fall in each ``step`` from ``start`` to ``end``."""
    size = max(1, int((end - start) / step) + (1 if (end - start) % step else 0))
    counts = [0] * size
    for moment in times:
        if start <= moment < end:
            counts[min(size - 1, int((moment - start) / step))] += 1
    return counts


def bucket_labels(start: datetime, count: int, step: timedelta, tz: ZoneInfo) -> list[str]:
    fmt = "%m-%d %H时" if step < timedelta(days=1) else "%m-%d"
    return [(start + i * step).astimezone(tz).strftime(fmt) for i in range(count)]


@dataclass(frozen=True)
class HotspotRow:
    hotspot: Hotspot
    trend: Markup


@dataclass(frozen=True)
class HotspotsView:
    rows: list[HotspotRow]
    chart: Markup
    legend: Markup


def hotspots_view(
    events: EventStore,
    heat: HeatIndex,
    period: str,
    end: datetime,
    *,
    limit: int,
    region: str | None,
    topic: str | None,
    tz: ZoneInfo,
) -> HotspotsView:
    length, step, _ = PERIODS[period]
    start = end - length
    hotspots = HotspotRanker(events, heat).rank(start, end, limit=limit, region=region, topic=topic)
    rows_by_event: dict[str, list[datetime]] = {spot.event_id: [] for spot in hotspots}
    for row in events.item_rows(start, end, list(rows_by_event)):
        rows_by_event[row.event_id].append(row.published_at)
    counts = {event_id: bucket_counts(times, start, end, step) for event_id, times in rows_by_event.items()}
    series = [
        Series(spot.title[:20], counts[spot.event_id], f"series-{i}") for i, spot in enumerate(hotspots[:5])
    ]
    labels = bucket_labels(start, len(next(iter(counts.values()), [])), step, tz)
    return HotspotsView(
        rows=[HotspotRow(spot, sparkline(counts[spot.event_id])) for spot in hotspots],
        chart=line_chart(labels, series, title="热点事件走势") if series else Markup(""),
        legend=legend(series),
    )


@dataclass(frozen=True)
class EventView:
    state: EventState
    heat: HeatBreakdown
    documents: list[Document]  # chronological
    sources: list[tuple[str, int]]
    official: list[Document]
    reposts: list[Document]
    repost_count: int
    sentiment_chart: Markup
    sentiment_legend: Markup
    truncated: bool


def sentiment_chart(documents: Sequence[Document], tz: ZoneInfo) -> tuple[Markup, Markup]:
    if not documents:
        return Markup(""), Markup("")
    first, last = documents[0].published_at, documents[-1].published_at
    step = timedelta(hours=6) if last - first <= timedelta(days=3) else timedelta(days=1)
    start = first.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    if step == timedelta(days=1):
        start = start.replace(hour=0)
    end = last + timedelta(seconds=1)
    series = [
        Series(
            label,
            bucket_counts((d.published_at for d in documents if d.sentiment == value), start, end, step),
            css,
        )
        for value, label, css in _SENTIMENTS
    ]
    labels = bucket_labels(start, len(series[0].values), step, tz)
    return line_chart(labels, series, title="情感走势"), legend(series)


def event_view(
    events: EventStore, store: Store, heat: HeatIndex, state: EventState, now: datetime, tz: ZoneInfo
) -> EventView:
    rows = events.item_rows(
        state.first_seen - timedelta(seconds=1), state.last_seen + timedelta(seconds=1), [state.id]
    )
    rows.sort(key=lambda row: row.published_at)
    ids = [row.item_id for row in rows[:MAX_EVENT_DOCUMENTS]]
    documents = sorted(store.get_many(ids), key=lambda d: d.published_at)
    breakdown = (
        heat.score(heat.stats(rows, max(now, state.last_seen + timedelta(seconds=1)))) if rows else None
    )
    chart, chart_legend = sentiment_chart(documents, tz)
    return EventView(
        state=state,
        heat=breakdown if breakdown is not None else _zero_heat(),
        documents=documents,
        sources=Counter(d.source for d in documents).most_common(),
        official=[d for d in documents if d.source_type.value == "official"],
        reposts=[d for d in documents if d.parent_id],
        repost_count=sum(d.engagement.reposts for d in documents),
        sentiment_chart=chart,
        sentiment_legend=chart_legend,
        truncated=len(rows) > MAX_EVENT_DOCUMENTS,
    )


def _zero_heat() -> HeatBreakdown:
    return HeatBreakdown(0, 0, 0, 0, 0, 0, 0, 0)
