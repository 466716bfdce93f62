"""The alert queue as the console shows it: filters, deadlines, overdue flags, and Chinese messages for
lifecycle refusals. Reads through :class:`alerts.AlertQueries` plus one query for the queue's deadlines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from starlette.datastructures import QueryParams

from alerts import (
    AlertDatabase,
    AlertRecord,
    AlertsError,
    AlertService,
    AlertState,
    InvalidTransitionError,
    Level,
)
from alerts.records import OPEN_STATES, DeadlineRecord
from alerts.tables import alert_deadlines, alerts
from app.web.errors import InvalidInput
from indexer.fields import normalize_region_prefix

LEVEL_CLASSES = {
    Level.I: "level-red",
    Level.II: "level-orange",
    Level.III: "level-yellow",
    Level.IV: "level-blue",
}
DEADLINE_FILTERS = {"": "不限", "overdue": "已超时", "24h": "24小时内到期", "met": "均已满足"}
ACTION_LABELS = {
    "ack": "研判确认",
    "assign": "转办",
    "respond": "记录回应",
    "follow-up": "转入整改跟踪",
    "close": "办结",
}
QUEUE_LIMIT = 500


@dataclass(frozen=True)
class AlertFilter:
    levels: tuple[Level, ...] = ()
    states: tuple[AlertState, ...] = OPEN_STATES
    region: str = ""
    deadline: str = ""

    @classmethod
    def from_params(cls, params: QueryParams) -> AlertFilter:
        try:
            levels = tuple(Level[v] for v in params.getlist("level") if v)
            states = tuple(AlertState(v) for v in params.getlist("state") if v)
            region = normalize_region_prefix(params["region"]) if params.get("region") else ""
        except (KeyError, ValueError):
            raise InvalidInput("筛选条件无效（级别 I–IV、状态、2/4/6 位地区代码）。") from None
        deadline = params.get("deadline", "")
        if deadline not in DEADLINE_FILTERS:
            raise InvalidInput("期限筛选无效。")
        return cls(levels, states or OPEN_STATES, region, deadline)


@dataclass(frozen=True)
class QueueRow:
    alert: AlertRecord
    deadlines: list[DeadlineRecord]
    now: datetime

    @property
    def open_deadlines(self) -> list[DeadlineRecord]:
        return [d for d in self.deadlines if d.met_at is None]

    @property
    def next_deadline(self) -> DeadlineRecord | None:
        pending = self.open_deadlines
        return min(pending, key=lambda d: d.due_at) if pending else None

    @property
    def overdue(self) -> bool:
        return self.alert.is_open and any(d.is_overdue(self.now) for d in self.deadlines)

    @property
    def overdue_hours(self) -> float:
        due = [self.now - d.due_at for d in self.deadlines if d.is_overdue(self.now)]
        return max(due).total_seconds() / 3600 if due else 0.0

    @property
    def level_class(self) -> str:
        return LEVEL_CLASSES[self.alert.level]


def deadlines_of(database: AlertDatabase, alert_ids: Sequence[int]) -> dict[int, list[DeadlineRecord]]:
    found: dict[int, list[DeadlineRecord]] = defaultdict(list)
    if not alert_ids:
        return found
    query = select(alert_deadlines).where(alert_deadlines.c.alert_id.in_(list(alert_ids)))
    with database.connect() as conn:
        for row in conn.execute(query.order_by(alert_deadlines.c.due_at)):
            record = DeadlineRecord.from_row(row)
            found[record.alert_id].append(record)
    return found


def in_region(alert: AlertRecord, prefix: str) -> bool:
    codes = [alert.route.area_code or "", *alert.snapshot.regions]
    return any(code.startswith(prefix) for code in codes if code)


def matches_deadline(row: QueueRow, wanted: str) -> bool:
    if wanted == "overdue":
        return row.overdue
    if wanted == "24h":
        upcoming = row.next_deadline
        return upcoming is not None and row.now <= upcoming.due_at <= row.now + timedelta(hours=24)
    if wanted == "met":
        return bool(row.deadlines) and not row.open_deadlines
    return True


def queue(
    service: AlertService, database: AlertDatabase, wanted: AlertFilter, now: datetime
) -> list[QueueRow]:
    """The filtered queue: overdue first, then by level (I first), then newest."""
    records = service.queries.list_alerts(states=wanted.states, levels=wanted.levels, limit=QUEUE_LIMIT)
    if wanted.region:
        records = [a for a in records if in_region(a, wanted.region)]
    deadlines = deadlines_of(database, [a.id for a in records])
    rows = [QueueRow(a, deadlines.get(a.id, []), now) for a in records]
    rows = [r for r in rows if matches_deadline(r, wanted.deadline)]
    rows.sort(key=lambda r: (not r.overdue, int(r.alert.level), -r.alert.opened_at.timestamp()))
    return rows


def alert_for_event(database: AlertDatabase, event_id: str) -> AlertRecord | None:
    """The alert of an event (one per event), if any."""
    with database.connect() as conn:
        row = conn.execute(select(alerts).where(alerts.c.event_id == event_id)).first()
    return AlertRecord.from_row(row) if row is not None else None


def state_label(value: str | None) -> str:
    """``acknowledged`` → 已研判; anything unknown as it is."""
    try:
        return AlertState(value or "").label_zh
    except ValueError:
        return value or "—"


def refusal_message(error: AlertsError) -> str:
    """A lifecycle refusal in Chinese (the alerts module words them for the command line)."""
    if isinstance(error, InvalidTransitionError):
        try:
            state = AlertState(error.state).label_zh
        except ValueError:
            state = error.state
        action = ACTION_LABELS.get(error.action, error.action)
        allowed = "、".join(AlertState(s).label_zh for s in error.allowed_from) or "任何状态"
        return (
            f"当前状态为“{state}”，不能执行“{action}”（仅适用于：{allowed}）。页面可能已被他人更新，请刷新。"
        )
    return "操作未能完成，请检查填写的内容后重试。"
