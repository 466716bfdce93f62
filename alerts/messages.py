"""Alert messages in Simplified Chinese: subject, plain text, HTML (untrusted text escaped) and a JSON
payload for webhooks. Templates are in ``alerts/templates``; this module prepares what they show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from alerts.levels import Level
from alerts.records import AlertRecord, DeadlineRecord
from alerts.regions import RegionNames, province_of
from alerts.snapshot import ItemRef
from config.models.routing import Contact

KIND_LABELS = {
    "opened": "新发预警",
    "escalated": "预警升级",
    "update": "事件进展",
    "response_candidate": "发现官方回应（待确认）",
    "overdue": "处置超时提醒",
    "assigned": "转办通知",
    "batch": "低级别预警汇总",
}
COLOUR_HEX = {Level.I: "#c62828", Level.II: "#ef6c00", Level.III: "#f9a825", Level.IV: "#1565c0"}
_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class FollowUp:
    """Coverage since the official response (整改跟踪)."""

    items: int
    negative: int


@dataclass(frozen=True)
class MessageContext:
    """What a single-alert message is about, beyond the alert itself."""

    kind: str
    now: datetime
    deadlines: Sequence[DeadlineRecord] = ()
    new_items: Sequence[ItemRef] = ()
    note: str = ""
    overdue: DeadlineRecord | None = None
    follow_up: FollowUp | None = None


class MessageRenderer:
    """Renders alert messages; ``category_labels`` and ``rule_names`` translate ids for readers."""

    def __init__(
        self,
        tz: ZoneInfo,
        region_names: RegionNames,
        category_labels: Mapping[str, str],
        rule_names: Mapping[str, str],
        console_url: str | None = None,
    ) -> None:
        self.tz = tz
        self.region_names = region_names
        self.category_labels = category_labels
        self.rule_names = rule_names
        self.console_url = console_url.rstrip("/") if console_url else None
        self.env = Environment(
            loader=FileSystemLoader(_TEMPLATES),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def alert_message(self, alert: AlertRecord, context: MessageContext) -> RenderedMessage:
        view = self.alert_view(alert, context)
        subject = f"【{alert.level.colour_zh}预警·{alert.level.name}级】{view['kind_label']}：{_clip(alert.title, 60)}"
        return RenderedMessage(
            subject=subject,
            text=self.env.get_template("alert.txt").render(a=view).strip() + "\n",
            html=self.env.get_template("alert.html").render(a=view, subject=subject),
            payload=view,
        )

    def batch_message(self, alerts: Sequence[AlertRecord], now: datetime) -> RenderedMessage:
        views = [self.alert_view(a, MessageContext(kind=self._batch_kind(a), now=now)) for a in alerts]
        subject = f"【低级别预警汇总】{len(views)} 条预警（{self.time(now)}）"
        return RenderedMessage(
            subject=subject,
            text=self.env.get_template("batch.txt").render(alerts=views, now=self.time(now)).strip() + "\n",
            html=self.env.get_template("batch.html").render(
                alerts=views, subject=subject, now=self.time(now)
            ),
            payload={"kind": "batch", "alerts": views},
        )

    @staticmethod
    def _batch_kind(alert: AlertRecord) -> str:
        return "opened" if alert.notified_level is None else "update"

    def alert_view(self, alert: AlertRecord, context: MessageContext) -> dict[str, Any]:
        """Everything a template shows, JSON-safe (also the webhook payload)."""
        snap, route = alert.snapshot, alert.route
        return {
            "alert_id": alert.id,
            "event_id": alert.event_id,
            "kind": context.kind,
            "kind_label": KIND_LABELS.get(context.kind, context.kind),
            "level": alert.level.name,
            "level_label": alert.level.label_zh,
            "grade": alert.level.grade_zh,
            "colour_hex": COLOUR_HEX[alert.level],
            "title": alert.title,
            "region": self.region_text(route.area_code, snap.regions),
            "scope": alert.scope.label_zh,
            "office": route.office.name,
            "contacts": _contacts(route.office.contacts),
            "department": route.department.name if route.department else "",
            "state": alert.state.label_zh,
            "assignee": alert.assignee or "",
            "deadlines": [self.deadline_view(d, context.now) for d in context.deadlines],
            "overdue": self.deadline_view(context.overdue, context.now) if context.overdue else None,
            "items": snap.item_count,
            "sources": len(snap.sources),
            "negative_pct": round(snap.negative_share * 100),
            "velocity": f"{snap.velocity:.1f}",
            "heat": f"{snap.heat:.1f}",
            "sensitive": [self._sensitive(c, terms) for c, terms in snap.sensitive.items()],
            "representative": [self.item_view(i) for i in snap.representative],
            "new_items": [self.item_view(i) for i in context.new_items],
            "rules": [self.rule_names.get(r, r) for r in alert.rule_ids],
            "candidate_url": _safe_url(alert.candidate_url) if alert.candidate_url else "",
            "response_url": _safe_url(alert.response_url) if alert.response_url else "",
            "follow_up": _follow_up_text(context.follow_up),
            "note": context.note,
            "opened_at": self.time(alert.opened_at),
            "console_link": f"{self.console_url}/alerts/{alert.id}" if self.console_url else "",
        }

    def region_text(self, area_code: str | None, regions: Sequence[str]) -> str:
        if area_code is not None:
            return self.region_names.full(area_code)
        provinces = list(dict.fromkeys(province_of(code) for code in regions))
        if not provinces:
            return "未定位（按全国性事件处理）"
        names = "、".join(self.region_names.short(code) for code in provinces[:4])
        return names + ("等" if len(provinces) > 4 else "")

    def deadline_view(self, deadline: DeadlineRecord, now: datetime) -> dict[str, str]:
        if deadline.met_at is not None:
            status = f"已完成（{self.time(deadline.met_at)}）"
        elif deadline.due_at <= now:
            status = f"已超时 {_duration(now - deadline.due_at)}"
        else:
            status = f"剩余 {_duration(deadline.due_at - now)}"
        return {
            "kind": deadline.kind,
            "label": deadline.label,
            "due": self.time(deadline.due_at),
            "status": status,
        }

    def item_view(self, item: ItemRef) -> dict[str, Any]:
        return {
            "title": _clip(item.title, 80),
            "source": item.source,
            "time": self.time(item.published_at),
            "url": _safe_url(item.url),
            "official": item.source_type == "official",
        }

    def time(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    def _sensitive(self, category: str, terms: Sequence[str]) -> str:
        return f"{self.category_labels.get(category, category)}（{'、'.join(terms)}）"


def _follow_up_text(follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return ""
    return f"回应后新增报道 {follow_up.items} 条，其中负面 {follow_up.negative} 条"


def _contacts(contacts: Sequence[Contact]) -> str:
    parts = []
    for c in contacts:
        details = " ".join(x for x in (c.role, c.phone, c.email) if x)
        parts.append(f"{c.name}（{details}）" if details else c.name)
    return "；".join(parts)


def _duration(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分"


def _safe_url(url: str) -> str:
    """Only http(s) links are shown as links; anything else (``javascript:``) is dropped."""
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
