"""Gathers the digest's inputs from the parts ``alerts.digest`` may not import: crawl health
(crawlers), hot events and region names (nlp) and alert lists (alerts).

A part that cannot be read is logged and passed on as ``None`` with the reason, so the digest says
"无法读取" instead of showing an empty, calm-looking section.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from alerts import (
    AlertDatabase,
    AlertQueries,
    AlertRecord,
    AlertsError,
    DeadlineRecord,
    Level,
    PublishedResponse,
)
from alerts.digest.inputs import (
    PART_ALERTS,
    PART_HOTSPOTS,
    PART_SOURCES,
    AlertInput,
    AlertsInput,
    BriefingInputs,
    DeadlineInput,
    DigestInputs,
    HotspotInput,
    LevelName,
    Names,
    Period,
    ResponseInput,
    SourceCoverage,
    SourceStatusName,
)
from config import Settings
from crawlers.errors import CrawlerError
from crawlers.health import HealthStatus, SourceHealth, current_status
from crawlers.state import CrawlState
from nlp.errors import NlpError
from nlp.events import EventStore, HeatIndex, Hotspot, HotspotRanker
from nlp.regions import default_gazetteer

logger = logging.getLogger(__name__)

T = TypeVar("T")
KEY_TERMS = 4
DAY = timedelta(days=1)
DAILY_HOTSPOTS = 8
MONTHLY_HOTSPOTS = 12
MAX_ALERTS = 1000
LEVEL_NAMES: dict[Level, LevelName] = {Level.I: "I", Level.II: "II", Level.III: "III", Level.IV: "IV"}
STATUS_NAMES: dict[HealthStatus, SourceStatusName] = {
    HealthStatus.NEW: "new",
    HealthStatus.OK: "ok",
    HealthStatus.DEGRADED: "degraded",
    HealthStatus.SILENT: "silent",
}


def digest_cutoff(cron: str) -> time:
    """The time of day of a daily ``digest_cron`` (``0 8 * * *`` → 08:00); midnight if not a plain time."""
    minute, hour, *_ = cron.split()
    if minute.isdigit() and hour.isdigit() and int(hour) < 24 and int(minute) < 60:
        return time(int(hour), int(minute))
    logger.warning("digest_cron %r is not a fixed daily time; digests cover calendar days", cron)
    return time(0, 0)


def digest_period(settings: Settings, day: date, now: datetime) -> Period:
    """The 24 hours ending at the digest time of ``day`` (or now, when that is still to come)."""
    end = datetime.combine(day, digest_cutoff(settings.schedule.digest_cron), settings.tz)
    return Period.ending(min(end, now), DAY, settings.tz)


def month_period(settings: Settings, month: str) -> Period:
    """``YYYY-MM`` as a period; raises ValueError for anything else."""
    year, _, number = month.partition("-")
    if len(year) != 4 or len(number) != 2 or not (year + number).isdigit() or not 1 <= int(number) <= 12:
        raise ValueError(f"month {month!r} must be YYYY-MM, e.g. 2024-06")
    return Period.month(int(year), int(number), settings.tz)


def check_month(settings: Settings, month: str, now: datetime) -> None:
    """Raise ValueError unless ``month`` is YYYY-MM and has begun."""
    if month_period(settings, month).start > now:
        raise ValueError(f"month {month} has not begun")


def source_coverage(settings: Settings, now: datetime) -> tuple[SourceCoverage, ...]:
    """Every enabled source's status as of ``now`` (never-crawled sources count as problems)."""
    with CrawlState(settings.database_url()) as state:
        stored = {health.source: health for health in state.all_health()}
    coverage = []
    for source in settings.sources.sources:
        if not source.enabled:
            continue
        health = stored.get(source.id) or SourceHealth(source=source.id)
        status, reason, since = current_status(
            health, now, settings.sources.crawl.health, source.silent_after_h
        )
        coverage.append(SourceCoverage(source.id, source.name, STATUS_NAMES[status], since, reason))
    return tuple(coverage)


def hotspot_inputs(settings: Settings, period: Period, limit: int) -> tuple[HotspotInput, ...]:
    """The hottest events of ``period`` with their items in it and their heaviest terms."""
    events = EventStore(settings.database_url())
    events.open()
    try:
        hotspots = HotspotRanker(events, HeatIndex.from_settings(settings)).rank(
            period.start, period.end, limit=limit
        )
        ids = [spot.event_id for spot in hotspots]
        items: dict[str, list[str]] = defaultdict(list)
        for row in sorted(events.item_rows(period.start, period.end, ids), key=lambda r: r.published_at):
            items[row.event_id].append(row.item_id)
        centroids = {event_id: state.centroid for event_id, state in events.events_by_id(ids).items()}
    finally:
        events.close()
    return tuple(
        _hotspot_input(spot, items[spot.event_id], centroids.get(spot.event_id, {})) for spot in hotspots
    )


def _hotspot_input(spot: Hotspot, item_ids: list[str], centroid: dict[str, float]) -> HotspotInput:
    terms = sorted(centroid, key=lambda term: (-centroid[term], term))[:KEY_TERMS]
    stats = spot.stats
    return HotspotInput(
        event_id=spot.event_id,
        title=spot.title,
        heat=spot.heat.heat,
        items=stats.items,
        sources=stats.sources,
        negative_items=stats.negative_items,
        rated_items=stats.rated_items,
        official_items=stats.official_items,
        first_seen=stats.first_seen,
        last_seen=stats.last_seen,
        regions=tuple(spot.regions),
        topics=tuple(spot.topics),
        item_ids=tuple(item_ids),
        key_terms=tuple(terms),
    )


def alert_input(alert: AlertRecord, deadlines: Sequence[DeadlineRecord] = ()) -> AlertInput:
    snapshot = alert.snapshot
    return AlertInput(
        alert_id=str(alert.id),
        level=LEVEL_NAMES[alert.level],
        title=alert.title,
        state=alert.state.value,
        opened_at=alert.opened_at,
        office=alert.route.office.name,
        event_id=alert.event_id,
        deadlines=tuple(DeadlineInput(d.label, d.due_at, d.met_at) for d in deadlines),
        item_ids=tuple(
            dict.fromkeys(ref.doc_id for ref in (*snapshot.representative, *snapshot.official_items))
        ),
        items=alert.item_count,
    )


def response_input(response: PublishedResponse) -> ResponseInput:
    """A recorded response; its document is the event's official item with the same link, if any."""
    alert = response.alert
    official = next((ref for ref in alert.snapshot.official_items if ref.url == response.url), None)
    return ResponseInput(
        alert_id=str(alert.id),
        alert_title=alert.title,
        url=response.url,
        published_at=response.transition.at,
        title=official.title if official is not None else response.transition.note,
        document_id=official.doc_id if official is not None else None,
    )


def alerts_input(settings: Settings, period: Period, now: datetime) -> AlertsInput | None:
    """Alerts awaiting response (as of now), responses recorded and alerts opened in ``period``;
    None when no alert rule is enabled (the digest then says 告警模块未配置)."""
    if not any(rule.enabled for rule in settings.alerts.rules):
        return None
    with AlertDatabase(settings.database_url()) as database:
        queries = AlertQueries(database)
        awaiting = tuple(alert_input(alert, deadlines) for alert, deadlines in queries.awaiting_response())
        responses = tuple(response_input(r) for r in queries.responses(period.start, period.end))
        opened = queries.list_alerts(since=period.start, limit=MAX_ALERTS)
    return AlertsInput(awaiting, responses, tuple(alert_input(a) for a in opened if a.opened_at < period.end))


def names(settings: Settings) -> Names:
    gazetteer = default_gazetteer()
    return Names(
        regions={code: region.name for code, region in gazetteer.regions.items()},
        topics={topic.id: topic.name for topic in settings.topics.topics},
        sources={source.id: source.name for source in settings.sources.sources},
    )


def _part(name: str, unavailable: dict[str, str], read: Callable[[], T]) -> T | None:
    try:
        return read()
    except (CrawlerError, NlpError, AlertsError) as exc:
        logger.error("digest: %s unavailable: %s", name, exc)
        unavailable[name] = str(exc)
        return None


def gather_digest_inputs(settings: Settings, day: date, now: datetime) -> DigestInputs:
    period = digest_period(settings, day, now)
    unavailable: dict[str, str] = {}
    return DigestInputs(
        day=day,
        period=period,
        generated_at=now,
        sources=_part(PART_SOURCES, unavailable, lambda: source_coverage(settings, now)),
        hotspots=_part(PART_HOTSPOTS, unavailable, lambda: hotspot_inputs(settings, period, DAILY_HOTSPOTS)),
        alerts=_part(PART_ALERTS, unavailable, lambda: alerts_input(settings, period, now)),
        names=names(settings),
        unavailable=unavailable,
        console_url=settings.alerts.console_url,
        top_hotspots=DAILY_HOTSPOTS,
    )


def gather_briefing_inputs(settings: Settings, month: str, now: datetime) -> BriefingInputs:
    """Inputs for ``month`` up to ``now`` (a month in progress is counted so far)."""
    whole = month_period(settings, month)
    period = Period(whole.start, min(whole.end, now), settings.tz)
    unavailable: dict[str, str] = {}
    return BriefingInputs(
        month=month,
        period=period,
        generated_at=now,
        sources=_part(PART_SOURCES, unavailable, lambda: source_coverage(settings, now)),
        hotspots=_part(
            PART_HOTSPOTS, unavailable, lambda: hotspot_inputs(settings, period, MONTHLY_HOTSPOTS)
        ),
        alerts=_part(PART_ALERTS, unavailable, lambda: alerts_input(settings, period, now)),
        names=names(settings),
        unavailable=unavailable,
        console_url=settings.alerts.console_url,
        top_hotspots=MONTHLY_HOTSPOTS,
    )
