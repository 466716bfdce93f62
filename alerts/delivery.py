"""The delivery worker: sends due outbox messages, marks them, retries failures with backoff.

Each message is claimed (its own short transaction), sent outside any transaction, then marked. What
happens between the send and the mark is covered by the lease and the idempotency key (see
:mod:`alerts.outbox`). Outcomes are counted in :class:`DeliveryReport` and logged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from alerts.channels import NotificationSender
from alerts.database import AlertDatabase
from alerts.outbox import OutboxLedger, outgoing
from alerts.records import OutboxRecord
from config.models.alerts import Channel, Delivery

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0  # attempts exhausted
    skipped: int = 0  # claimed by another worker

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.failed


class OutboxDelivery:
    """Delivers the outbox through ``sender`` to the channels configured by id."""

    def __init__(
        self,
        database: AlertDatabase,
        channels: Mapping[str, Channel],
        sender: NotificationSender,
        delivery: Delivery,
    ) -> None:
        self.database = database
        self.channels = dict(channels)
        self.sender = sender
        self.delivery = delivery
        self.ledger = OutboxLedger(delivery)

    def deliver_pending(self, now: datetime) -> DeliveryReport:
        """Send every message due at ``now`` (at most ``delivery.batch_size``)."""
        report = DeliveryReport()
        with self.database.connect() as conn:
            due = self.ledger.due(conn, now)
        for record in due:
            self._deliver(record, now, report)
        if report.attempted:
            logger.info(
                "outbox: %d delivered, %d retrying, %d failed",
                report.delivered,
                report.retrying,
                report.failed,
            )
        return report

    def _deliver(self, record: OutboxRecord, now: datetime, report: DeliveryReport) -> None:
        with self.database.begin() as conn:
            if not self.ledger.claim(conn, record, now):
                report.skipped += 1
                return
        url, problem = self._url(record.channel_id)
        outcome = self.sender.send(url, outgoing(record)) if url else None
        with self.database.begin() as conn:
            if outcome is not None and outcome.ok:
                self.ledger.mark_delivered(conn, record, now)
                report.delivered += 1
                return
            error = outcome.error if outcome is not None else problem
            exhausted = self.ledger.mark_failed(conn, record, now, error)
        if exhausted:
            report.failed += 1
            logger.error("outbox %d to %s failed for good: %s", record.id, record.channel_id, error)
        else:
            report.retrying += 1
            logger.warning(
                "outbox %d to %s failed (attempt %d): %s",
                record.id,
                record.channel_id,
                record.attempts + 1,
                error,
            )

    def _url(self, channel_id: str) -> tuple[str | None, str]:
        channel = self.channels.get(channel_id)
        if channel is None:
            return None, f"channel {channel_id!r} is not configured in alerts.yaml"
        if not channel.enabled or not channel.url:
            return None, f"channel {channel_id!r} is disabled or has no URL"
        return channel.url, ""

    def run(
        self, stop: threading.Event, *, clock: Clock | None = None, poll_seconds: float | None = None
    ) -> None:
        """Deliver until ``stop`` is set, polling every ``poll_seconds`` (the service's loop)."""
        now = clock or (lambda: datetime.now(UTC))
        interval = poll_seconds if poll_seconds is not None else self.delivery.poll_seconds
        while not stop.is_set():
            try:
                self.deliver_pending(now())
            except Exception:
                logger.exception("outbox delivery round failed; retrying in %.0f s", interval)
            stop.wait(interval)
