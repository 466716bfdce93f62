"""Reading and writing alert rows inside a caller's transaction (every function takes a Connection)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, func, insert, select, update

from alerts.errors import AlertNotFoundError
from alerts.levels import Level
from alerts.records import AlertRecord, DeadlineRecord, TransitionRecord, UpdateRecord
from alerts.snapshot import ItemRef
from alerts.tables import alert_deadlines, alert_items, alert_transitions, alert_updates, alerts
from indexer.document import Document

SYSTEM_ACTOR = "system"


def insert_alert(conn: Connection, values: dict[str, Any]) -> int:
    result = conn.execute(insert(alerts).values(**values))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def load_alert(conn: Connection, alert_id: int) -> AlertRecord:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise AlertNotFoundError(alert_id)
    return AlertRecord.from_row(row)


def load_alert_by_event(conn: Connection, event_id: str) -> AlertRecord | None:
    row = conn.execute(select(alerts).where(alerts.c.event_id == event_id)).first()
    return AlertRecord.from_row(row) if row is not None else None


def update_alert(conn: Connection, alert_id: int, **values: Any) -> None:
    conn.execute(update(alerts).where(alerts.c.id == alert_id).values(**values))


def record_update(
    conn: Connection,
    alert_id: int,
    kind: str,
    *,
    level: Level,
    item_count: int,
    at: datetime,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> int:
    """Append to the alert's history; returns the update id."""
    result = conn.execute(
        insert(alert_updates).values(
            alert_id=alert_id,
            at=at,
            kind=kind,
            level=int(level),
            item_count=item_count,
            summary=summary,
            data=data or {},
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def record_transition(
    conn: Connection,
    alert_id: int,
    action: str,
    from_state: str | None,
    to_state: str,
    *,
    actor: str,
    at: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        insert(alert_transitions).values(
            alert_id=alert_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            at=at,
            note=note,
            data=data or {},
        )
    )


def item_ids(conn: Connection, alert_id: int) -> set[str]:
    rows = conn.execute(select(alert_items.c.doc_id).where(alert_items.c.alert_id == alert_id))
    return {row[0] for row in rows}


def add_items(
    conn: Connection, alert_id: int, documents: Sequence[Document], official_ids: set[str], now: datetime
) -> None:
    if not documents:
        return
    conn.execute(
        insert(alert_items),
        [
            {
                "alert_id": alert_id,
                "doc_id": d.id,
                "published_at": d.published_at,
                "added_at": now,
                "source": d.source,
                "sentiment": d.sentiment.value if d.sentiment else None,
                "official": d.id in official_ids,
                "title": (d.title or d.text[:60])[:500],
                "url": d.url,
            }
            for d in documents
        ],
    )


def items_added_since(conn: Connection, alert_id: int, since: datetime | None, limit: int) -> list[ItemRef]:
    """The alert's items added after ``since`` (all when None), newest first."""
    query = select(alert_items).where(alert_items.c.alert_id == alert_id)
    if since is not None:
        query = query.where(alert_items.c.added_at > since)
    rows = conn.execute(query.order_by(alert_items.c.published_at.desc()).limit(limit))
    return [
        ItemRef(r.doc_id, r.title, r.url, r.source, "official" if r.official else "", r.published_at)
        for r in rows
    ]


def coverage_counts(conn: Connection, alert_id: int, since: datetime) -> tuple[int, int]:
    """(items, negative items) of the alert published after ``since`` (follow-up coverage)."""
    negative = case((alert_items.c.sentiment == "negative", 1), else_=0)
    query = select(func.count(), func.coalesce(func.sum(negative), 0)).where(
        alert_items.c.alert_id == alert_id, alert_items.c.published_at > since
    )
    items, negatives = conn.execute(query).one()
    return int(items), int(negatives)


def load_deadlines(conn: Connection, alert_id: int) -> list[DeadlineRecord]:
    rows = conn.execute(
        select(alert_deadlines)
        .where(alert_deadlines.c.alert_id == alert_id)
        .order_by(alert_deadlines.c.due_at)
    )
    return [DeadlineRecord.from_row(row) for row in rows]


def load_transitions(conn: Connection, alert_id: int) -> list[TransitionRecord]:
    rows = conn.execute(
        select(alert_transitions)
        .where(alert_transitions.c.alert_id == alert_id)
        .order_by(alert_transitions.c.at, alert_transitions.c.id)
    )
    return [TransitionRecord.from_row(row) for row in rows]


def load_updates(conn: Connection, alert_id: int) -> list[UpdateRecord]:
    rows = conn.execute(
        select(alert_updates).where(alert_updates.c.alert_id == alert_id).order_by(alert_updates.c.id)
    )
    return [UpdateRecord.from_row(row) for row in rows]
