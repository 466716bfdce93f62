"""The service's SQL tables (SQLAlchemy Core, their own MetaData). Times are stored as naive UTC.

- ``postprocess_queue``: documents stored and not yet post-processed (the ingest writer adds them after
  each upsert; post-processing removes a row only if it was not re-queued meanwhile: ``token``);
- ``postprocess_items``: what post-processing decided per document (``duplicate_of``, ``event_id``), in
  processing order — the near-duplicate index is rebuilt from it at start;
- ``service_lock``: the single-instance lock (holder, heartbeat);
- ``service_jobs``: each scheduled job's next run and last outcome; ``service_job_runs``: every run.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text, TypeDecorator
from sqlalchemy.engine import Dialect

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC and read back aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


postprocess_queue = Table(
    "postprocess_queue",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("token", String(32), nullable=False),
    Column("enqueued_at", UtcDateTime, nullable=False, index=True),
)

postprocess_items = Table(
    "postprocess_items",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(64), nullable=False, unique=True),
    Column("simhash", BigInteger),  # signed: fingerprint - 2**64 when >= 2**63
    Column("duplicate_of", String(64)),
    Column("event_id", String(40)),
    Column("processed_at", UtcDateTime, nullable=False, index=True),
)

service_lock = Table(
    "service_lock",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("token", String(32), nullable=False),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("heartbeat_at", UtcDateTime, nullable=False),
    Column("stopped_at", UtcDateTime),
)

service_jobs = Table(
    "service_jobs",
    metadata,
    Column("job_id", String(200), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("trigger", Text, nullable=False, default=""),
    Column("next_run_at", UtcDateTime),
    Column("last_started_at", UtcDateTime),
    Column("last_finished_at", UtcDateTime),
    Column("last_outcome", String(16)),
    Column("last_error", Text),
    Column("last_summary", Text),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("runs", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
)

service_job_runs = Table(
    "service_job_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", String(200), nullable=False, index=True),
    Column("started_at", UtcDateTime, nullable=False, index=True),
    Column("finished_at", UtcDateTime),
    Column("outcome", String(16), nullable=False),  # running | ok | failed | timeout | interrupted
    Column("error", Text),
    Column("summary", Text),
)

SIGNED_OFFSET = 2**64
SIGNED_MAX = 2**63


def to_signed(fingerprint: int | None) -> int | None:
    """An unsigned 64-bit fingerprint as the signed integer SQL stores."""
    if fingerprint is None:
        return None
    return fingerprint - SIGNED_OFFSET if fingerprint >= SIGNED_MAX else fingerprint


def to_unsigned(value: int | None) -> int | None:
    if value is None:
        return None
    return value + SIGNED_OFFSET if value < 0 else value
