"""The events tables (SQLAlchemy Core, their own MetaData). Times are stored as naive UTC.

``nlp_events`` holds each event's running state (so clustering continues after a restart),
``nlp_event_items`` which item went where and what heat needs from it, and ``nlp_event_item_keys``
one row per item and topic / region / province, for the burst baselines.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

events = Table(
    "nlp_events",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("title", Text, nullable=False),
    Column("title_source_type", String(16), nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False, index=True),
    Column("item_count", Integer, nullable=False),
    Column("centroid", JSON, nullable=False),  # term → summed weight of the items' unit vectors
    Column("regions", JSON, nullable=False),  # code → items
    Column("topics", JSON, nullable=False),  # topic id → items
    Column("updated_at", DateTime, nullable=False),
)

event_items = Table(
    "nlp_event_items",
    metadata,
    Column("item_id", String(64), primary_key=True),
    Column("event_id", String(40), ForeignKey("nlp_events.id"), nullable=False, index=True),
    Column("published_at", DateTime, nullable=False, index=True),
    Column("source", String(200), nullable=False),
    Column("source_type", String(16), nullable=False),
    Column("mainstream", Boolean, nullable=False),
    Column("sentiment", String(16)),
    Column("engagement", Integer, nullable=False),
    Column("parent_id", String(64)),
    Column("similarity", Float),  # the join score; NULL for the item that opened the event or a repost
)

item_keys = Table(
    "nlp_event_item_keys",
    metadata,
    Column("item_id", String(64), ForeignKey("nlp_event_items.item_id"), primary_key=True),
    Column("kind", String(8), primary_key=True),  # topic | region | province
    Column("key", String(64), primary_key=True),
    Column("published_at", DateTime, nullable=False),
    Index("ix_nlp_event_item_keys_kind_time", "kind", "published_at"),
)
