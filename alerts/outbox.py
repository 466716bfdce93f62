"""The outbox: messages written in the same transaction as the alert change they announce, then
claimed, sent and marked by a delivery worker.

Claiming is an optimistic ``UPDATE … WHERE attempts = <read value>`` (portable, safe between
processes): it counts the attempt and pushes ``next_attempt_at`` a lease ahead, so a worker that
dies between sending and marking leaves the message due again after the lease — it is sent again
with the same idempotency key (at-least-once; the key lets the receiver drop the copy). Failures
back off exponentially (``backoff_initial_seconds`` × 2ⁿ, capped); after ``max_attempts`` the row is
``failed`` and stays visible (``qingshan alerts outbox``) until re-queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from alerts.channels import OutgoingMessage
from alerts.levels import Level
from alerts.messages import RenderedMessage
from alerts.records import OutboxRecord
from alerts.tables import alert_outbox
from config.models.alerts import Delivery

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"


@dataclass(frozen=True)
class Envelope:
    """Where one outbox message goes and how it is identified."""

    key: str  # the idempotency key: the same on every attempt
    alert_id: int | None
    channel_id: str
    kind: str
    level: Level
    thread_key: str


def enqueue(
    conn: Connection,
    *,
    key: str,
    alert_id: int | None,
    channel_id: str,
    kind: str,
    level: Level,
    message: RenderedMessage,
    thread_key: str,
    now: datetime,
) -> None:
    """Write one message for one channel in the caller's transaction (``key``: its idempotency key;
    a second message with the same key raises IntegrityError)."""
    enqueue_envelope(conn, Envelope(key, alert_id, channel_id, kind, level, thread_key), message, now)


def enqueue_envelope(conn: Connection, envelope: Envelope, message: RenderedMessage, now: datetime) -> None:
    """Write one message for one channel (in the caller's transaction)."""
    conn.execute(
        insert(alert_outbox).values(
            idempotency_key=envelope.key,
            alert_id=envelope.alert_id,
            channel_id=envelope.channel_id,
            kind=envelope.kind,
            level=int(envelope.level),
            subject=message.subject,
            body_text=message.text,
            body_html=message.html,
            payload=message.payload,
            thread_key=envelope.thread_key,
            status=PENDING,
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
    )


def outgoing(record: OutboxRecord) -> OutgoingMessage:
    return OutgoingMessage(
        idempotency_key=record.idempotency_key,
        thread_key=record.thread_key,
        subject=record.subject,
        body_text=record.body_text,
        body_html=record.body_html,
        payload=record.payload,
    )


class OutboxLedger:
    """Claims, marks and reschedules outbox rows with the configured backoff and lease."""

    def __init__(self, delivery: Delivery) -> None:
        self.delivery = delivery

    def due(self, conn: Connection, now: datetime) -> list[OutboxRecord]:
        rows = conn.execute(
            select(alert_outbox)
            .where(alert_outbox.c.status == PENDING, alert_outbox.c.next_attempt_at <= now)
            .order_by(alert_outbox.c.level, alert_outbox.c.next_attempt_at, alert_outbox.c.id)
            .limit(self.delivery.batch_size)
        )
        return [OutboxRecord.from_row(row) for row in rows]

    def claim(self, conn: Connection, record: OutboxRecord, now: datetime) -> bool:
        """Count an attempt and lease the row; False when another worker got it first."""
        result = conn.execute(
            update(alert_outbox)
            .where(
                alert_outbox.c.id == record.id,
                alert_outbox.c.status == PENDING,
                alert_outbox.c.attempts == record.attempts,
            )
            .values(
                attempts=record.attempts + 1,
                next_attempt_at=now + timedelta(seconds=self.delivery.lease_seconds),
            )
        )
        return result.rowcount == 1

    def mark_delivered(self, conn: Connection, record: OutboxRecord, now: datetime) -> None:
        conn.execute(
            update(alert_outbox)
            .where(alert_outbox.c.id == record.id)
            .values(status=DELIVERED, delivered_at=now, last_error=None)
        )

    def mark_failed(self, conn: Connection, record: OutboxRecord, now: datetime, error: str) -> bool:
        """Reschedule with backoff; True when attempts are exhausted and the row is now ``failed``."""
        attempts = record.attempts + 1  # the claim counted this attempt
        exhausted = attempts >= self.delivery.max_attempts
        conn.execute(
            update(alert_outbox)
            .where(alert_outbox.c.id == record.id)
            .values(
                status=FAILED if exhausted else PENDING,
                next_attempt_at=now + self.backoff(attempts),
                last_error=error[:1000],
            )
        )
        return exhausted

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failure: initial × 2^(attempts-1), capped."""
        seconds = self.delivery.backoff_initial_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.delivery.backoff_max_seconds))

    def requeue(self, conn: Connection, outbox_id: int, now: datetime) -> bool:
        """Give a ``failed`` message a fresh set of attempts."""
        result = conn.execute(
            update(alert_outbox)
            .where(alert_outbox.c.id == outbox_id, alert_outbox.c.status == FAILED)
            .values(status=PENDING, attempts=0, next_attempt_at=now)
        )
        return result.rowcount == 1
