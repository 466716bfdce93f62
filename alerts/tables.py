"""The alerts tables (SQLAlchemy Core, own MetaData), created on the app's database of record.

Portable SQL only (SQLite and PostgreSQL): datetimes are stored as naive UTC (``UtcDateTime``), lists
and mappings as JSON, no dialect-specific statements.

``alerts``              one row per event that fired (``event_id`` unique): state, level, route, the
                        latest snapshot, notification bookkeeping (notified level, pending notices)
``alert_items``         the event's items seen by the alert (for updates and 整改跟踪 follow-up)
``alert_transitions``   every lifecycle transition: who, when, note (and the response link)
``alert_updates``       the alert's history: opened, escalated, new items, peaks, response candidates,
                        overdue deadlines, notices sent
``alert_deadlines``     response deadlines per alert (due, met, reminders)
``alert_outbox``        messages to deliver, written in the same transaction as the change they announce
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from indexer.tables import UtcDateTime

metadata = MetaData()

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("state", String(16), nullable=False, index=True),
    Column("level", SmallInteger, nullable=False),
    Column("score", Float, nullable=False),
    Column("scope", String(16), nullable=False),
    Column("rule_ids", JSON, nullable=False),
    Column("route", JSON, nullable=False),
    Column("rule_channels", JSON, nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("item_count", Integer, nullable=False),
    Column("peak_velocity", Float, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False, index=True),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("last_item_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("notified_level", SmallInteger),
    Column("last_notified_at", UtcDateTime),
    Column("pending_since", UtcDateTime, index=True),
    Column("pending_kinds", JSON, nullable=False),
    Column("assignee", Text),
    Column("response_url", Text),
    Column("responded_at", UtcDateTime),
    Column("candidate_doc_id", String(64)),
    Column("candidate_url", Text),
    Column("escalation_step", SmallInteger, nullable=False, default=0),
)

alert_items = Table(
    "alert_items",
    metadata,
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    Column("doc_id", String(64), primary_key=True),
    Column("published_at", UtcDateTime, nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
    Column("source", String(200), nullable=False),
    Column("sentiment", String(16)),
    Column("official", Boolean, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text, nullable=False),
)

alert_transitions = Table(
    "alert_transitions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("from_state", String(16)),
    Column("to_state", String(16), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("data", JSON, nullable=False),
)

alert_updates = Table(
    "alert_updates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("level", SmallInteger, nullable=False),
    Column("item_count", Integer, nullable=False),
    Column("summary", Text, nullable=False),
    Column("data", JSON, nullable=False),
)

alert_deadlines = Table(
    "alert_deadlines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("label", Text, nullable=False),
    Column("explicit", Boolean, nullable=False),
    Column("level", SmallInteger, nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("met_at", UtcDateTime),
    Column("overdue_since", UtcDateTime),
    Column("reminders", Integer, nullable=False, default=0),
    Column("last_reminded_at", UtcDateTime),
    UniqueConstraint("alert_id", "kind", name="uq_alert_deadline_kind"),
)

alert_outbox = Table(
    "alert_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="SET NULL"), index=True),
    Column("channel_id", String(100), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("level", SmallInteger, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body_text", Text, nullable=False),
    Column("body_html", Text, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("thread_key", String(200), nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Column("last_error", Text),
    Index("ix_alert_outbox_due", "status", "next_attempt_at"),
)
