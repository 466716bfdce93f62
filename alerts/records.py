"""Alerts as read from the database: typed records of the alerts tables' rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row

from alerts.levels import Level, Scope
from alerts.routing import Route
from alerts.snapshot import EventSnapshot


class AlertState(StrEnum):
    """new → acknowledged (研判) → assigned (转办) → responded (回应) → follow_up (整改跟踪) → closed."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    RESPONDED = "responded"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"

    @property
    def label_zh(self) -> str:
        return {
            "new": "待研判",
            "acknowledged": "已研判",
            "assigned": "已转办",
            "responded": "已回应",
            "follow_up": "整改跟踪",
            "closed": "已办结",
        }[self.value]


OPEN_STATES = tuple(s for s in AlertState if s is not AlertState.CLOSED)
AWAITING_RESPONSE = (AlertState.NEW, AlertState.ACKNOWLEDGED, AlertState.ASSIGNED)


@dataclass(frozen=True)
class AlertRecord:
    """One alert (one event)."""

    id: int
    event_id: str
    title: str
    state: AlertState
    level: Level
    score: float
    scope: Scope
    rule_ids: tuple[str, ...]
    route: Route
    rule_channels: tuple[str, ...]
    snapshot: EventSnapshot
    item_count: int
    peak_velocity: float
    opened_at: datetime
    updated_at: datetime
    last_item_at: datetime
    closed_at: datetime | None
    notified_level: Level | None
    last_notified_at: datetime | None
    pending_since: datetime | None
    pending_kinds: tuple[str, ...]
    assignee: str | None
    response_url: str | None
    responded_at: datetime | None
    candidate_doc_id: str | None
    candidate_url: str | None
    escalation_step: int

    @classmethod
    def from_row(cls, row: Row[Any]) -> AlertRecord:
        m = row._mapping
        return cls(
            id=m["id"],
            event_id=m["event_id"],
            title=m["title"],
            state=AlertState(m["state"]),
            level=Level(m["level"]),
            score=m["score"],
            scope=Scope(m["scope"]),
            rule_ids=tuple(m["rule_ids"]),
            route=Route.from_json(m["route"]),
            rule_channels=tuple(m["rule_channels"]),
            snapshot=EventSnapshot.from_json(m["snapshot"]),
            item_count=m["item_count"],
            peak_velocity=m["peak_velocity"],
            opened_at=m["opened_at"],
            updated_at=m["updated_at"],
            last_item_at=m["last_item_at"],
            closed_at=m["closed_at"],
            notified_level=Level(m["notified_level"]) if m["notified_level"] is not None else None,
            last_notified_at=m["last_notified_at"],
            pending_since=m["pending_since"],
            pending_kinds=tuple(m["pending_kinds"]),
            assignee=m["assignee"],
            response_url=m["response_url"],
            responded_at=m["responded_at"],
            candidate_doc_id=m["candidate_doc_id"],
            candidate_url=m["candidate_url"],
            escalation_step=m["escalation_step"],
        )

    @property
    def is_open(self) -> bool:
        return self.state is not AlertState.CLOSED


@dataclass(frozen=True)
class TransitionRecord:
    id: int
    alert_id: int
    action: str
    from_state: str | None
    to_state: str
    actor: str
    at: datetime
    note: str
    data: dict[str, Any]

    @classmethod
    def from_row(cls, row: Row[Any]) -> TransitionRecord:
        return cls(**dict(row._mapping))


@dataclass(frozen=True)
class UpdateRecord:
    id: int
    alert_id: int
    at: datetime
    kind: str
    level: int
    item_count: int
    summary: str
    data: dict[str, Any]

    @classmethod
    def from_row(cls, row: Row[Any]) -> UpdateRecord:
        return cls(**dict(row._mapping))


@dataclass(frozen=True)
class DeadlineRecord:
    id: int
    alert_id: int
    kind: str
    label: str
    explicit: bool
    level: int
    due_at: datetime
    met_at: datetime | None
    overdue_since: datetime | None
    reminders: int
    last_reminded_at: datetime | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> DeadlineRecord:
        return cls(**dict(row._mapping))

    def is_overdue(self, now: datetime) -> bool:
        return self.met_at is None and self.due_at <= now


@dataclass(frozen=True)
class OutboxRecord:
    id: int
    idempotency_key: str
    alert_id: int | None
    channel_id: str
    kind: str
    level: int
    subject: str
    body_text: str
    body_html: str
    payload: dict[str, Any]
    thread_key: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None
    last_error: str | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> OutboxRecord:
        return cls(**dict(row._mapping))
