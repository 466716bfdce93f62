"""Persistent crawl state in the SQL database of record (SQLAlchemy Core, its own tables and MetaData).

- ``crawl_seen``: document ids already stored, per source (a URL is marked seen only after its item
  is in the store, so a crash re-fetches instead of losing);
- ``crawl_validators``: ETag / Last-Modified per URL for conditional GET;
- ``crawl_health``: per-source health, polling interval and next due time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from config.sql import make_engine
from crawlers.errors import CrawlStateError
from crawlers.health import HealthStatus, SourceHealth

logger = logging.getLogger(__name__)

metadata = MetaData()

seen_table = Table(
    "crawl_seen",
    metadata,
    Column("source", String(200), primary_key=True),
    Column("doc_id", String(64), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

validators_table = Table(
    "crawl_validators",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

health_table = Table(
    "crawl_health",
    metadata,
    Column("source", String(200), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("status_reason", Text, nullable=False, default=""),
    Column("status_since", DateTime(timezone=True)),
    Column("first_run_at", DateTime(timezone=True)),
    Column("last_run_at", DateTime(timezone=True)),
    Column("last_success_at", DateTime(timezone=True)),
    Column("last_new_item_at", DateTime(timezone=True)),
    Column("failing_since", DateTime(timezone=True)),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("pages_fetched", Integer, nullable=False, default=0),
    Column("new_items", Integer, nullable=False, default=0),
    Column("errors", Text, nullable=False, default="{}"),
    Column("last_run_pages", Integer, nullable=False, default=0),
    Column("last_run_new_items", Integer, nullable=False, default=0),
    Column("last_run_errors", Text, nullable=False, default="{}"),
    Column("usual_rate_per_h", Float, nullable=False, default=0.0),
    Column("interval_s", Integer, nullable=False, default=0),
    Column("next_due_at", DateTime(timezone=True)),
)

_JSON_FIELDS = {"errors", "last_run_errors"}
_CHUNK = 500


@dataclass(frozen=True)
class Validators:
    """What a server said about a URL's version, sent back as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None


class CrawlState:
    """Seen documents, HTTP validators and source health; ``open()`` before use, ``close()`` after."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._engine: Engine | None = None

    def open(self) -> None:
        try:
            engine = make_engine(self.database_url)
            metadata.create_all(engine)
        except (SQLAlchemyError, OSError) as exc:
            raise CrawlStateError(f"cannot open crawl state at {self.database_url}: {exc}") from exc
        self._engine = engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> CrawlState:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise CrawlStateError("crawl state is not open: call open() first")
        return self._engine

    # seen documents

    def seen_ids(self, source: str, doc_ids: Iterable[str]) -> set[str]:
        """The subset of ``doc_ids`` already stored for ``source``."""
        found: set[str] = set()
        with self._connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(doc_ids))):
                query = select(seen_table.c.doc_id).where(
                    seen_table.c.source == source, seen_table.c.doc_id.in_(chunk)
                )
                found.update(row[0] for row in conn.execute(query))
        return found

    def mark_seen(self, source: str, doc_ids: Iterable[str], at: datetime | None = None) -> int:
        """Record ``doc_ids`` as stored; already-seen ids are left alone. Returns how many were new."""
        ids = list(dict.fromkeys(doc_ids))
        already = self.seen_ids(source, ids)
        new_ids = [i for i in ids if i not in already]
        when = _utc(at) if at is not None else datetime.now(UTC)
        rows = [{"source": source, "doc_id": doc_id, "seen_at": when} for doc_id in new_ids]
        if rows:
            with self._begin() as conn:
                conn.execute(_insert_ignoring_duplicates(conn.dialect.name, seen_table), rows)
        return len(rows)

    def seen_count(self, source: str) -> int:
        with self._connect() as conn:
            return len(conn.execute(select(seen_table.c.doc_id).where(seen_table.c.source == source)).all())

    # conditional GET

    def validators(self, urls: Iterable[str]) -> dict[str, Validators]:
        out: dict[str, Validators] = {}
        with self._connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(urls))):
                query = select(validators_table).where(validators_table.c.url.in_(chunk))
                for row in conn.execute(query):
                    out[row.url] = Validators(etag=row.etag, last_modified=row.last_modified)
        return out

    def save_validators(self, items: Mapping[str, Validators]) -> None:
        """Remember validators; call only once the responses' items are safely stored."""
        if not items:
            return
        now = datetime.now(UTC)
        with self._begin() as conn:
            for chunk in _chunks(list(items)):
                conn.execute(validators_table.delete().where(validators_table.c.url.in_(chunk)))
            conn.execute(
                validators_table.insert(),
                [
                    {"url": url, "etag": v.etag, "last_modified": v.last_modified, "updated_at": now}
                    for url, v in items.items()
                ],
            )

    # health

    def health(self, source: str) -> SourceHealth | None:
        with self._connect() as conn:
            row = conn.execute(select(health_table).where(health_table.c.source == source)).first()
        return _health_from_row(row._mapping) if row is not None else None

    def all_health(self) -> list[SourceHealth]:
        with self._connect() as conn:
            rows = conn.execute(select(health_table).order_by(health_table.c.source)).all()
        return [_health_from_row(row._mapping) for row in rows]

    def save_health(self, health: SourceHealth) -> None:
        values = _health_to_row(health)
        with self._begin() as conn:
            conn.execute(health_table.delete().where(health_table.c.source == health.source))
            conn.execute(health_table.insert(), [values])

    def _connect(self) -> Any:
        return _guard(self.engine.connect, self.database_url)

    def _begin(self) -> Any:
        return _guard(self.engine.begin, self.database_url)


class _guard:
    """A connection context that turns database errors into CrawlStateError."""

    def __init__(self, factory: Any, url: str) -> None:
        self._factory = factory
        self._url = url
        self._ctx: Any = None

    def __enter__(self) -> Any:
        try:
            self._ctx = self._factory()
            return self._ctx.__enter__()
        except SQLAlchemyError as exc:
            raise CrawlStateError(f"crawl state unavailable at {self._url}: {exc}") from exc

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            self._ctx.__exit__(exc_type, exc, tb)
        except SQLAlchemyError as err:
            raise CrawlStateError(f"crawl state write failed at {self._url}: {err}") from err
        if isinstance(exc, SQLAlchemyError):
            raise CrawlStateError(f"crawl state query failed at {self._url}: {exc}") from exc


def _insert_ignoring_duplicates(dialect: str, table: Table) -> Any:
    """An INSERT that skips rows whose key exists (another process may have written them meanwhile)."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    return table.insert()


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _utc(value: datetime) -> datetime:
    """Stored datetimes are UTC (SQLite keeps no offset: an aware +08:00 value would be read back wrong)."""
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _health_from_row(row: Mapping[str, Any]) -> SourceHealth:
    values: dict[str, Any] = {}
    for f in fields(SourceHealth):
        value = row[f.name]
        if f.name in _JSON_FIELDS:
            value = json.loads(value or "{}")
        elif isinstance(value, datetime):
            value = _aware(value)
        values[f.name] = value
    values["status"] = HealthStatus(values["status"])
    return SourceHealth(**values)


def _health_to_row(health: SourceHealth) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in fields(SourceHealth):
        value = getattr(health, f.name)
        if f.name in _JSON_FIELDS:
            value = json.dumps(value, sort_keys=True)
        elif isinstance(value, datetime):
            value = _utc(value)
        row[f.name] = value
    row["status"] = health.status.value
    return row
