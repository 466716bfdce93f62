"""Reading alerts for people and reports: lists, one alert in full, what awaits a response, the
responses published, follow-up coverage, and the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from alerts.database import AlertDatabase
from alerts.levels import Level
from alerts.records import (
    AWAITING_RESPONSE,
    AlertRecord,
    AlertState,
    DeadlineRecord,
    OutboxRecord,
    TransitionRecord,
    UpdateRecord,
)
from alerts.rows import load_alert, load_deadlines, load_transitions, load_updates
from alerts.snapshot import ItemRef
from alerts.tables import alert_items, alert_outbox, alert_transitions, alerts


@dataclass(frozen=True)
class AlertDetail:
    alert: AlertRecord
    transitions: list[TransitionRecord]
    updates: list[UpdateRecord]
    deadlines: list[DeadlineRecord]
    outbox: list[OutboxRecord]


@dataclass(frozen=True)
class Coverage:
    """The event's coverage since a moment (整改跟踪: what was said after the response)."""

    since: datetime | None
    items: int
    negative: int
    official: int
    sources: int
    latest: list[ItemRef]

    @property
    def negative_share(self) -> float:
        return self.negative / self.items if self.items else 0.0


@dataclass(frozen=True)
class PublishedResponse:
    alert: AlertRecord
    transition: TransitionRecord

    @property
    def url(self) -> str:
        return str(self.transition.data.get("url", ""))


class AlertQueries:
    """Read-only views of the alerts tables."""

    def __init__(self, database: AlertDatabase) -> None:
        self.database = database

    def get(self, alert_id: int) -> AlertRecord:
        with self.database.connect() as conn:
            return load_alert(conn, alert_id)

    def list_alerts(
        self,
        *,
        states: Sequence[AlertState] = (),
        levels: Sequence[Level] = (),
        since: datetime | None = None,
        limit: int = 100,
    ) -> list[AlertRecord]:
        """Alerts, most severe then newest first."""
        query = select(alerts)
        if states:
            query = query.where(alerts.c.state.in_([s.value for s in states]))
        if levels:
            query = query.where(alerts.c.level.in_([int(level) for level in levels]))
        if since is not None:
            query = query.where(alerts.c.opened_at >= since)
        query = query.order_by(alerts.c.level, alerts.c.opened_at.desc(), alerts.c.id.desc()).limit(limit)
        with self.database.connect() as conn:
            return [AlertRecord.from_row(row) for row in conn.execute(query)]

    def detail(self, alert_id: int) -> AlertDetail:
        with self.database.connect() as conn:
            outbox = conn.execute(
                select(alert_outbox).where(alert_outbox.c.alert_id == alert_id).order_by(alert_outbox.c.id)
            )
            return AlertDetail(
                alert=load_alert(conn, alert_id),
                transitions=load_transitions(conn, alert_id),
                updates=load_updates(conn, alert_id),
                deadlines=load_deadlines(conn, alert_id),
                outbox=[OutboxRecord.from_row(row) for row in outbox],
            )

    def awaiting_response(self) -> list[tuple[AlertRecord, list[DeadlineRecord]]]:
        """Open alerts without a recorded response, with their deadlines (for the daily digest)."""
        found = self.list_alerts(states=AWAITING_RESPONSE, limit=1000)
        with self.database.connect() as conn:
            return [(alert, load_deadlines(conn, alert.id)) for alert in found]

    def responses(self, since: datetime, until: datetime) -> list[PublishedResponse]:
        """Responses recorded in [since, until), oldest first (for digests and briefings)."""
        query = (
            select(alert_transitions)
            .where(
                alert_transitions.c.action == "respond",
                alert_transitions.c.at >= since,
                alert_transitions.c.at < until,
            )
            .order_by(alert_transitions.c.at, alert_transitions.c.id)
        )
        with self.database.connect() as conn:
            rows = [TransitionRecord.from_row(row) for row in conn.execute(query)]
            return [PublishedResponse(load_alert(conn, t.alert_id), t) for t in rows]

    def coverage_since(self, alert_id: int, since: datetime | None, *, latest: int = 5) -> Coverage:
        """Items of the alert published after ``since`` (e.g. its response): counts and the latest."""
        query = select(alert_items).where(alert_items.c.alert_id == alert_id)
        if since is not None:
            query = query.where(alert_items.c.published_at > since)
        with self.database.connect() as conn:
            rows = list(conn.execute(query.order_by(alert_items.c.published_at.desc())))
        refs = [
            ItemRef(r.doc_id, r.title, r.url, r.source, "official" if r.official else "", r.published_at)
            for r in rows[:latest]
        ]
        return Coverage(
            since=since,
            items=len(rows),
            negative=sum(r.sentiment == "negative" for r in rows),
            official=sum(bool(r.official) for r in rows),
            sources=len({r.source for r in rows}),
            latest=refs,
        )

    def outbox(self, *, status: str | None = None, limit: int = 100) -> list[OutboxRecord]:
        query = select(alert_outbox)
        if status is not None:
            query = query.where(alert_outbox.c.status == status)
        query = query.order_by(alert_outbox.c.id.desc()).limit(limit)
        with self.database.connect() as conn:
            return [OutboxRecord.from_row(row) for row in conn.execute(query)]
