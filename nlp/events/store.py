"""Events in SQL: the clusterer's state of record, and the item rows heat, bursts and hotspots read.

The store opens an engine on the database URL the app passes in and creates its tables with
``metadata.create_all`` (idempotent). Each assignment is written in one transaction: the item, its
topic/region keys and its event's new state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from config.sql import make_engine
from nlp.events.errors import EventStoreError
from nlp.events.items import EventItem
from nlp.events.tables import event_items, events, item_keys, metadata

logger = logging.getLogger(__name__)


def to_db(moment: datetime) -> datetime:
    """Aware → naive UTC, as stored."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime) -> datetime:
    """Stored (naive UTC, or aware on databases that keep zones) → aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class EventState:
    """An event's running state: what the clusterer matches against and what ``nlp_events`` holds."""

    id: str
    title: str
    title_source_type: str
    first_seen: datetime
    last_seen: datetime
    item_count: int = 0
    centroid: dict[str, float] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_source_type": self.title_source_type,
            "first_seen": to_db(self.first_seen),
            "last_seen": to_db(self.last_seen),
            "item_count": self.item_count,
            "centroid": self.centroid,
            "regions": self.regions,
            "topics": self.topics,
            "updated_at": to_db(datetime.now(UTC)),
        }


@dataclass(frozen=True, slots=True)
class ItemRow:
    """What heat needs of one item."""

    item_id: str
    event_id: str
    published_at: datetime
    source: str
    source_type: str
    mainstream: bool
    sentiment: str | None
    engagement: int


def state_from_row(row: Any) -> EventState:
    return EventState(
        id=row.id,
        title=row.title,
        title_source_type=row.title_source_type,
        first_seen=from_db(row.first_seen),
        last_seen=from_db(row.last_seen),
        item_count=row.item_count,
        centroid=dict(row.centroid),
        regions=dict(row.regions),
        topics=dict(row.topics),
    )


def item_key_rows(item: EventItem) -> list[dict[str, Any]]:
    keys = {("topic", topic) for topic in item.topics}
    keys |= {("region", code) for code in item.regions}
    keys |= {("province", code[:2] + "0000") for code in item.regions}
    moment = to_db(item.published_at)
    return [{"item_id": item.id, "kind": k, "key": v, "published_at": moment} for k, v in sorted(keys)]


class EventStore:
    """The events tables in the database at ``url`` (a SQLAlchemy URL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    def open(self) -> None:
        """Connect and create the tables if missing; raises :class:`EventStoreError`."""
        try:
            engine = make_engine(self.url, create_directory=False)
        except SQLAlchemyError as exc:
            raise EventStoreError(f"cannot open the events tables at {self.url}: {exc}") from exc
        try:
            metadata.create_all(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise EventStoreError(f"cannot open the events tables at {self.url}: {exc}") from exc
        self._engine = engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[Connection]:
        if self._engine is None:
            raise EventStoreError("the event store is not open; call open() first")
        try:
            with self._engine.begin() if write else self._engine.connect() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise EventStoreError(f"events database {self.url}: {exc}") from exc

    def latest_seen(self) -> datetime | None:
        with self._connect() as connection:
            latest = connection.execute(select(func.max(events.c.last_seen))).scalar()
        return from_db(latest) if latest is not None else None

    def active_events(self, since: datetime) -> list[EventState]:
        """Events last seen at or after ``since``."""
        query = select(events).where(events.c.last_seen >= to_db(since)).order_by(events.c.first_seen)
        with self._connect() as connection:
            return [state_from_row(row) for row in connection.execute(query)]

    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, EventState]:
        query = select(events).where(events.c.id.in_(list(event_ids)))
        with self._connect() as connection:
            return {row.id: state_from_row(row) for row in connection.execute(query)}

    def event_of(self, item_id: str) -> str | None:
        query = select(event_items.c.event_id).where(event_items.c.item_id == item_id)
        with self._connect() as connection:
            event_id: str | None = connection.execute(query).scalar()
        return event_id

    def record(self, item: EventItem, state: EventState, *, created: bool, similarity: float | None) -> None:
        """Write the item, its keys and its event's new state in one transaction."""
        item_row = {
            "item_id": item.id,
            "event_id": state.id,
            "published_at": to_db(item.published_at),
            "source": item.source,
            "source_type": item.source_type,
            "mainstream": item.mainstream,
            "sentiment": item.sentiment,
            "engagement": item.engagement.total,
            "parent_id": item.parent_id,
            "similarity": similarity,
        }
        with self._connect(write=True) as connection:
            if created:
                connection.execute(insert(events).values(state.row()))
            else:
                connection.execute(update(events).where(events.c.id == state.id).values(state.row()))
            connection.execute(insert(event_items).values(item_row))
            keys = item_key_rows(item)
            if keys:
                connection.execute(insert(item_keys), keys)

    def update_engagement(self, item_id: str, engagement: int) -> None:
        query = update(event_items).where(event_items.c.item_id == item_id).values(engagement=engagement)
        with self._connect(write=True) as connection:
            connection.execute(query)

    def item_rows(
        self, start: datetime, end: datetime, event_ids: Sequence[str] | None = None
    ) -> list[ItemRow]:
        """Items published in ``[start, end)``, of the given events only when ``event_ids`` is set."""
        query = select(event_items).where(
            event_items.c.published_at >= to_db(start), event_items.c.published_at < to_db(end)
        )
        if event_ids is not None:
            query = query.where(event_items.c.event_id.in_(list(event_ids)))
        with self._connect() as connection:
            return [
                ItemRow(
                    row.item_id,
                    row.event_id,
                    from_db(row.published_at),
                    row.source,
                    row.source_type,
                    bool(row.mainstream),
                    row.sentiment,
                    row.engagement,
                )
                for row in connection.execute(query)
            ]

    def events_with_key(self, kind: str, key: str, start: datetime, end: datetime) -> set[str]:
        """Events with an item of topic/region/province ``key`` published in ``[start, end)``."""
        query = (
            select(event_items.c.event_id)
            .join(item_keys, item_keys.c.item_id == event_items.c.item_id)
            .where(item_keys.c.kind == kind, item_keys.c.key == key)
            .where(item_keys.c.published_at >= to_db(start), item_keys.c.published_at < to_db(end))
            .distinct()
        )
        with self._connect() as connection:
            return set(connection.execute(query).scalars())

    def key_times(self, kind: str, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
        """(key, published_at) of every item key of ``kind`` in ``[start, end)``."""
        query = select(item_keys.c.key, item_keys.c.published_at).where(
            item_keys.c.kind == kind,
            item_keys.c.published_at >= to_db(start),
            item_keys.c.published_at < to_db(end),
        )
        with self._connect() as connection:
            return [(row.key, from_db(row.published_at)) for row in connection.execute(query)]
