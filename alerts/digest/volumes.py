"""Counts from the index: volume and sentiment per day over the trend window, and the distribution
of a period's items over provinces and topics — each count with the items it rests on."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from alerts.digest.evidence import Evidence, SearchLink, local_time
from alerts.digest.inputs import Period
from alerts.digest.model import Distribution, DistributionRow, Statement, Trend, VolumeBucket
from indexer.document import Sentiment
from indexer.store import SearchFilters

DAY = timedelta(days=1)


def period_filters(period: Period) -> SearchFilters:
    return SearchFilters(since=period.start, until=period.end)


def volume_bucket(evidence: Evidence, period: Period) -> VolumeBucket:
    result = evidence.count(period_filters(period), facets=("sentiment",))
    by_sentiment = dict(result.facets.get("sentiment", []))
    last_day = (period.end - timedelta(microseconds=1)).astimezone(period.tz)
    return VolumeBucket(
        label=last_day.strftime("%m-%d"),
        start=period.start,
        end=period.end,
        total=result.total,
        positive=by_sentiment.get(Sentiment.POSITIVE.value, 0),
        neutral=by_sentiment.get(Sentiment.NEUTRAL.value, 0),
        negative=by_sentiment.get(Sentiment.NEGATIVE.value, 0),
    )


def volume_buckets(evidence: Evidence, period: Period, days: int) -> tuple[VolumeBucket, ...]:
    """``days`` consecutive windows as long as ``period``, the last one being ``period`` itself."""
    length = period.end - period.start
    return tuple(volume_bucket(evidence, period.shifted(-length * back)) for back in reversed(range(days)))


def calendar_days(period: Period) -> list[Period]:
    """The local calendar days of ``period`` (which starts at midnight); the last may be partial."""
    days = []
    start = period.start
    while start < period.end:
        days.append(Period(start, min(start + DAY, period.end), period.tz))
        start += DAY
    return days


def daily_buckets(evidence: Evidence, period: Period) -> tuple[VolumeBucket, ...]:
    return tuple(volume_bucket(evidence, day) for day in calendar_days(period))


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def change_phrase(current: int, previous: int) -> str:
    if current == previous:
        return "与前一周期持平"
    direction = "增加" if current > previous else "减少"
    relative = f"（{share(abs(current - previous), previous)}）" if previous else ""
    return f"较前一周期{direction} {abs(current - previous)} 条{relative}"


def describe_period(period: Period) -> str:
    start = local_time(period.start, period)
    end = local_time(period.end, period, reference=period.start)
    return f"{start} 至 {end}"


def trend_section(evidence: Evidence, period: Period, days: int) -> Trend:
    """The buckets and three statements: the period's volume, its negative items, the week."""
    buckets = volume_buckets(evidence, period, days)
    current = buckets[-1]
    previous = buckets[-2].total if len(buckets) > 1 else 0
    rated = current.positive + current.neutral + current.negative
    volume = evidence.statement(
        f"{describe_period(period)}，共监测到 {current.total} 条信息，{change_phrase(current.total, previous)}。",
        period_filters(period),
        current.total,
        SearchLink(period),
    )
    negative_text = f"其中负面 {current.negative} 条"
    if rated:
        negative_text += f"，占已判定情感信息的 {share(current.negative, rated)}"
    negative = evidence.statement(
        negative_text + "。",
        replace(period_filters(period), sentiments=(Sentiment.NEGATIVE,)),
        current.negative,
        SearchLink(period, sentiments=("negative",)),
    )
    return Trend(buckets, (volume, negative, _week_statement(evidence, buckets, period)))


def _week_statement(evidence: Evidence, buckets: tuple[VolumeBucket, ...], period: Period) -> Statement:
    week = Period(buckets[0].start, buckets[-1].end, period.tz)
    total = sum(b.total for b in buckets)
    negative = sum(b.negative for b in buckets)
    rated = sum(b.positive + b.neutral + b.negative for b in buckets)
    peak = max(buckets, key=lambda b: (b.total, b.end))
    text = (
        f"近 {len(buckets)} 日共 {total} 条，日均 {total / len(buckets):.0f} 条，"
        f"负面占已判定的 {share(negative, rated)}；峰值在 {peak.label}（{peak.total} 条）。"
    )
    return evidence.statement(text, period_filters(week), total, SearchLink(week))


def distribution(evidence: Evidence, period: Period, facet: str, title: str, limit: int = 10) -> Distribution:
    """The top values of ``facet`` (``province`` or ``topic``) with counts, negatives and citations."""
    base = period_filters(period)
    result = evidence.count(base, facets=(facet,))
    negatives = dict(
        evidence.count(replace(base, sentiments=(Sentiment.NEGATIVE,)), facets=(facet,)).facets.get(facet, [])
    )
    rows = tuple(
        _row(evidence, period, facet, key, count, negatives.get(key, 0))
        for key, count in result.facets.get(facet, [])[:limit]
    )
    return Distribution(title, rows, result.total)


def _row(
    evidence: Evidence, period: Period, facet: str, key: str, count: int, negative: int
) -> DistributionRow:
    if facet == "province":
        name = evidence.names.region(key)
        filters = replace(period_filters(period), region_prefixes=(key[:2],))
        link = SearchLink(period, regions=(key[:2],))
    else:
        name = evidence.names.topic(key)
        filters = replace(period_filters(period), topics=(key,))
        link = SearchLink(period, topics=(key,))
    text = f"{name} {count} 条，其中负面 {negative} 条。"
    return DistributionRow(key, name, count, negative, evidence.statement(text, filters, count, link))
