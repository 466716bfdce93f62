"""The monthly briefing pack for the regular press conference (例行新闻发布会).

The month's top public concerns by region and by topic, what was answered and what is still open,
and what officials said on the same subjects before (found in the index).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from alerts.digest.alert_entries import alerts_section
from alerts.digest.charts import bar_chart, trend_chart
from alerts.digest.concerns import concern_entries
from alerts.digest.coverage import coverage_section
from alerts.digest.daily import (
    CHART_PROVINCES,
    CHART_TOPICS,
    CHART_TREND,
    distribution_bars,
    official_statement,
)
from alerts.digest.evidence import Evidence, SearchLink
from alerts.digest.hotspots import hotspot_entry, ranked
from alerts.digest.inputs import (
    PART_HOTSPOTS,
    PART_SOURCES,
    AlertsInput,
    BriefingInputs,
    HotspotInput,
    Period,
)
from alerts.digest.model import Briefing, Distribution, HotspotEntry, Statement
from alerts.digest.volumes import change_phrase, daily_buckets, distribution, period_filters, share
from indexer.document import Sentiment
from indexer.store import Store

logger = logging.getLogger(__name__)

PER_GROUP = 3
GROUPS = 6


def previous_month(period: Period) -> Period:
    last_day = period.start - timedelta(days=1)
    return Period.month(last_day.year, last_day.month, period.tz)


def month_label(period: Period) -> str:
    """本月, or 本月（截至 6月10日 08:00） while the month is not over."""
    start = period.start.astimezone(period.tz)
    if period.end == Period.month(start.year, start.month, period.tz).end:
        return "本月"
    end = period.end.astimezone(period.tz)
    return f"本月（截至 {end.month}月{end.day}日 {end:%H:%M}）"


def month_overview(evidence: Evidence, period: Period) -> tuple[Statement, ...]:
    total = evidence.count(period_filters(period), facets=("sentiment",))
    before = evidence.count(period_filters(previous_month(period))).total
    by_sentiment = dict(total.facets.get("sentiment", []))
    negative = by_sentiment.get(Sentiment.NEGATIVE.value, 0)
    volume = evidence.statement(
        f"{month_label(period)}共监测到 {total.total} 条信息，{change_phrase(total.total, before).replace('前一周期', '上月全月')}；"
        f"负面 {negative} 条，占已判定情感信息的 {share(negative, sum(by_sentiment.values()))}。",
        period_filters(period),
        total.total,
        SearchLink(period),
    )
    return volume, official_statement(evidence, period, label="本月")


def _in_province(spot: HotspotInput, province: str) -> bool:
    return any(code[:2] == province[:2] for code in spot.regions)


def grouped(
    table: Distribution, spots: Sequence[HotspotInput], entries: Sequence[HotspotEntry], by_region: bool
) -> tuple[tuple[str, tuple[HotspotEntry, ...]], ...]:
    """For each top province (or topic), the hot events concerning it."""
    groups = []
    for row in table.rows[:GROUPS]:
        chosen = tuple(
            entry
            for spot, entry in zip(spots, entries, strict=True)
            if (_in_province(spot, row.key) if by_region else row.key in spot.topics)
        )
        if chosen:
            groups.append((row.name, chosen[:PER_GROUP]))
    return tuple(groups)


def month_alerts(evidence: Evidence, alerts: AlertsInput | None) -> tuple[Statement, ...]:
    if alerts is None:
        return ()
    answered = sum(a.state in {"responded", "follow_up", "closed"} for a in alerts.opened)
    text = (
        f"本月新增告警 {len(alerts.opened)} 条，其中已回应 {answered} 条；"
        f"目前仍待回应 {len(alerts.awaiting)} 条。"
    )
    return (Statement(text),)


def build_monthly_briefing(store: Store, inputs: BriefingInputs) -> Briefing:
    """The briefing pack of ``inputs.month``: every number read from ``store``, every statement cited."""
    evidence = Evidence(store, inputs.names, inputs.console_url)
    period = inputs.period
    spots = ranked(inputs.hotspots or (), inputs.top_hotspots, inputs.min_hotspot_items)
    entries = tuple(hotspot_entry(evidence, rank, spot) for rank, spot in enumerate(spots, 1))
    provinces = distribution(evidence, period, "province", "公众关切的地域分布（省级）")
    topics = distribution(evidence, period, "topic", "公众关切的议题分布")
    year, month = (int(part) for part in inputs.month.split("-"))
    briefing = Briefing(
        month=inputs.month,
        title=f"例行新闻发布会舆情参考（{year}年{month}月）",
        period=period,
        generated_at=inputs.generated_at,
        coverage=coverage_section(
            inputs.sources, period, inputs.generated_at, inputs.unavailable.get(PART_SOURCES, "")
        ),
        overview=(*month_overview(evidence, period), *month_alerts(evidence, inputs.alerts)),
        provinces=provinces,
        topics=topics,
        concerns_by_region=grouped(provinces, spots, entries, by_region=True),
        concerns_by_topic=grouped(topics, spots, entries, by_region=False),
        concerns=concern_entries(evidence, spots, entries, inputs.alerts, period, inputs.past_statements),
        concerns_note=_concerns_note(inputs),
        alerts=alerts_section(evidence, inputs.alerts, inputs.generated_at, period, inputs.unavailable),
    )
    logger.info("briefing %s: %d concerns", inputs.month, len(briefing.concerns))
    return replace(briefing, charts=briefing_charts(evidence, briefing))


def _concerns_note(inputs: BriefingInputs) -> str:
    if inputs.hotspots is None:
        return f"热点事件数据无法读取（{inputs.unavailable.get(PART_HOTSPOTS, '原因未知')}）。"
    if any(h.items >= inputs.min_hotspot_items for h in inputs.hotspots):
        return ""
    return f"本月没有形成热点事件（{inputs.min_hotspot_items} 条以上信息的事件）。"


def briefing_charts(evidence: Evidence, briefing: Briefing) -> dict[str, bytes]:
    buckets = daily_buckets(evidence, briefing.period)
    charts = {CHART_TREND: trend_chart(buckets, "本月每日信息量与情感")}
    if briefing.provinces.rows:
        charts[CHART_PROVINCES] = bar_chart(distribution_bars(briefing.provinces), briefing.provinces.title)
    if briefing.topics.rows:
        charts[CHART_TOPICS] = bar_chart(distribution_bars(briefing.topics), briefing.topics.title)
    return charts
