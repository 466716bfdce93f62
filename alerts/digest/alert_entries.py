"""Alerts awaiting a response (with their deadlines) and official responses, as digest entries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from alerts.digest.evidence import Evidence, local_time, safe_link
from alerts.digest.inputs import PART_ALERTS, AlertInput, AlertsInput, DeadlineInput, Period, ResponseInput
from alerts.digest.model import AlertEntry, AlertsSection, Citation, DeadlineEntry, ResponseEntry, Statement

NOT_CONFIGURED = "告警模块未配置"
LEVELS = {
    "I": ("I 级（红）", "#c0392b"),
    "II": ("II 级（橙）", "#e67e22"),
    "III": ("III 级（黄）", "#b7950b"),
    "IV": ("IV 级（蓝）", "#2e86de"),
}
STATES = {
    "new": "待研判",
    "acknowledged": "已研判",
    "assigned": "已转办",
    "responded": "已回应",
    "follow_up": "整改跟踪",
    "closed": "已关闭",
}


def duration(seconds: float) -> str:
    """``35 分钟``, ``5 小时 10 分``, or ``3 天 4 小时`` from two days on."""
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        return f"{hours // 24} 天 {hours % 24} 小时"
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分钟"


def deadline_entry(deadline: DeadlineInput, now: datetime, period: Period) -> DeadlineEntry:
    if deadline.met_at is not None:
        status = f"已于 {local_time(deadline.met_at, period, reference=now)} 完成"
        return DeadlineEntry(deadline.label, deadline.due_at, status, overdue=False)
    left = (deadline.due_at - now).total_seconds()
    status = f"剩余 {duration(left)}" if left >= 0 else f"已超时 {duration(left)}"
    return DeadlineEntry(deadline.label, deadline.due_at, status, overdue=left < 0)


def _next_due(alert: AlertInput) -> datetime:
    due = [d.due_at for d in alert.deadlines if d.met_at is None]
    return min(due) if due else alert.opened_at


def alert_entry(evidence: Evidence, alert: AlertInput, now: datetime, period: Period) -> AlertEntry:
    level_label, colour = LEVELS.get(alert.level, (alert.level, "#555555"))
    state_label = STATES.get(alert.state, alert.state)
    deadlines = tuple(deadline_entry(d, now, period) for d in alert.deadlines)
    text = f"{level_label}告警「{alert.title}」，{state_label}"
    if alert.items:
        text += f"，事件共 {alert.items} 条"
    if alert.office:
        text += f"，责任单位：{alert.office}"
    overdue = [d for d in deadlines if d.overdue]
    if overdue:
        text += f"；{'、'.join(d.label for d in overdue)}已超时"
    return AlertEntry(
        alert_id=alert.alert_id,
        level=alert.level,
        level_label=level_label,
        colour=colour,
        title=alert.title,
        state_label=state_label,
        office=alert.office,
        opened_at=alert.opened_at,
        deadlines=deadlines,
        statement=evidence.of_items(text + "。", alert.item_ids),
        alert_url=f"{evidence.console_url.rstrip('/')}/alerts/{alert.alert_id}"
        if evidence.console_url
        else None,
    )


def response_entry(evidence: Evidence, response: ResponseInput) -> ResponseEntry:
    document = evidence.store.get(response.document_id) if response.document_id else None
    if document is not None:
        citation = evidence.cite(document)
    else:
        citation = Citation(
            doc_id=response.document_id or "",
            title=response.title or response.url,
            url=response.url if safe_link(response.url) else "",
            source="官方回应",
            published_at=response.published_at,
            source_type="official",
        )
    text = f"针对「{response.alert_title}」发布官方回应：{response.title or citation.title}。"
    return ResponseEntry(response.alert_id, response.alert_title, Statement(text, (citation,)))


def alerts_section(
    evidence: Evidence,
    alerts: AlertsInput | None,
    now: datetime,
    period: Period,
    unavailable: Mapping[str, str],
) -> AlertsSection:
    """The alerts part; without the alerts module it says so instead of showing nothing."""
    if alerts is None:
        reason = unavailable.get(PART_ALERTS)
        return AlertsSection(False, note=f"告警数据无法读取（{reason}）" if reason else NOT_CONFIGURED)
    awaiting = sorted(alerts.awaiting, key=lambda a: (_next_due(a), a.alert_id))
    return AlertsSection(
        True,
        awaiting=tuple(alert_entry(evidence, alert, now, period) for alert in awaiting),
        responses=tuple(
            response_entry(evidence, r) for r in sorted(alerts.responses, key=lambda r: r.published_at)
        ),
    )
