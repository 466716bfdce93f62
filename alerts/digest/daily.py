"""The 舆情日报: builds a :class:`Digest` for one day from the index and the gathered inputs."""

from __future__ import annotations

import logging
from dataclasses import replace

from alerts.digest.alert_entries import alerts_section
from alerts.digest.charts import Bar, bar_chart, trend_chart
from alerts.digest.coverage import coverage_section
from alerts.digest.evidence import Evidence, SearchLink
from alerts.digest.hotspots import hotspot_entries
from alerts.digest.inputs import PART_HOTSPOTS, PART_SOURCES, DigestInputs, Period
from alerts.digest.model import AlertsSection, Digest, Distribution, Statement
from alerts.digest.volumes import distribution, period_filters, trend_section
from indexer.document import SourceType
from indexer.store import Store

logger = logging.getLogger(__name__)

CHART_TREND = "trend.png"
CHART_PROVINCES = "provinces.png"
CHART_TOPICS = "topics.png"
OFFICIAL_CITED = 5


def build_daily_digest(store: Store, inputs: DigestInputs) -> Digest:
    """The digest of ``inputs.period``: every number read from ``store``, every statement cited."""
    evidence = Evidence(store, inputs.names, inputs.console_url)
    period = inputs.period
    trend = trend_section(evidence, period, inputs.trend_days)
    hotspots = hotspot_entries(evidence, inputs.hotspots or (), inputs.top_hotspots, inputs.min_hotspot_items)
    alerts = alerts_section(evidence, inputs.alerts, inputs.generated_at, period, inputs.unavailable)
    provinces = distribution(evidence, period, "province", "地域分布（省级）")
    topics = distribution(evidence, period, "topic", "议题分布")
    digest = Digest(
        day=inputs.day,
        title=f"舆情日报（{inputs.day.year}年{inputs.day.month}月{inputs.day.day}日）",
        period=period,
        generated_at=inputs.generated_at,
        coverage=coverage_section(
            inputs.sources, period, inputs.generated_at, inputs.unavailable.get(PART_SOURCES, "")
        ),
        overview=(trend.statements[0], trend.statements[1], *_alerts_overview(alerts)),
        trend=trend,
        hotspots=hotspots,
        hotspots_note=_hotspots_note(inputs),
        alerts=alerts,
        provinces=provinces,
        topics=topics,
        official=official_statement(evidence, period),
    )
    logger.info("digest %s: %d items, %d hotspots", inputs.day, trend.buckets[-1].total, len(hotspots))
    return replace(digest, charts=daily_charts(digest))


def official_statement(evidence: Evidence, period: Period, *, label: str = "本期") -> Statement:
    filters = replace(period_filters(period), source_types=(SourceType.OFFICIAL,))
    total = evidence.count(filters).total
    cited = evidence.cite_all(evidence.sample(filters, OFFICIAL_CITED)) if total else ()
    text = f"{label}官方信源发布 {total} 条。" if total else f"{label}官方信源没有发布新内容。"
    link = SearchLink(period, types=(SourceType.OFFICIAL.value,))
    return Statement(text, cited, max(0, total - len(cited)), link.url(evidence.console_url))


def _hotspots_note(inputs: DigestInputs) -> str:
    if inputs.hotspots is None:
        return f"热点事件数据无法读取（{inputs.unavailable.get(PART_HOTSPOTS, '原因未知')}）。"
    if any(h.items >= inputs.min_hotspot_items for h in inputs.hotspots):
        return ""
    return f"本期没有形成热点事件（{inputs.min_hotspot_items} 条以上信息的事件）。"


def _alerts_overview(alerts: AlertsSection) -> tuple[Statement, ...]:
    if not alerts.configured:
        return ()
    overdue = sum(any(d.overdue for d in a.deadlines) for a in alerts.awaiting)
    text = f"待回应告警 {len(alerts.awaiting)} 条，其中 {overdue} 条已超过回应时限；本期发布官方回应 {len(alerts.responses)} 条。"
    citations = tuple(c for entry in alerts.awaiting for c in entry.statement.citations[:1])
    return (Statement(text, citations),)


def distribution_bars(table: Distribution) -> list[Bar]:
    return [Bar(row.name, row.count, row.negative) for row in table.rows]


def daily_charts(digest: Digest) -> dict[str, bytes]:
    """The PNG charts: the trend always, the distributions when there is something to show."""
    charts = {
        CHART_TREND: trend_chart(digest.trend.buckets, f"近 {len(digest.trend.buckets)} 日信息量与情感")
    }
    if digest.provinces.rows:
        charts[CHART_PROVINCES] = bar_chart(distribution_bars(digest.provinces), digest.provinces.title)
    if digest.topics.rows:
        charts[CHART_TOPICS] = bar_chart(distribution_bars(digest.topics), digest.topics.title)
    return charts
