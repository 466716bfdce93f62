"""Sending held notices when the policy allows: debounced updates and batches of low levels."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select

from alerts.database import AlertDatabase
from alerts.notice_policy import NoticePolicy
from alerts.notifier import BATCH_UPDATE_KIND, Notifier, pending_notice_kind
from alerts.records import OPEN_STATES, AlertRecord
from alerts.rows import load_alert
from alerts.tables import alert_updates, alerts

logger = logging.getLogger(__name__)


class PendingNoticeFlusher:
    """Sends each alert's held notice once :class:`NoticePolicy` allows it."""

    def __init__(self, database: AlertDatabase, policy: NoticePolicy, notifier: Notifier) -> None:
        self.database = database
        self.policy = policy
        self.notifier = notifier

    def flush(self, now: datetime) -> int:
        """Send the held notices due at ``now``; returns the number of messages enqueued."""
        held = self._held_alerts()
        sent = 0
        for alert in held:
            if self.policy.update_ready(alert, now):
                sent += self._send(alert.id, now)
        batched = [a for a in held if self.policy.is_batched(a.level)]
        if batched and self.policy.batch_due(self._last_batch_at(), now):
            with self.database.begin() as conn:
                sent += self.notifier.notify_batch(conn, batched, now)
        return sent

    def _send(self, alert_id: int, now: datetime) -> int:
        with self.database.begin() as conn:
            alert = load_alert(conn, alert_id)  # re-read inside the transaction
            if not self.policy.update_ready(alert, now):
                return 0
            return self.notifier.notify(conn, alert, pending_notice_kind(alert), now)

    def _held_alerts(self) -> list[AlertRecord]:
        query = (
            select(alerts)
            .where(alerts.c.pending_since.is_not(None), alerts.c.state.in_([s.value for s in OPEN_STATES]))
            .order_by(alerts.c.level, alerts.c.id)
        )
        with self.database.connect() as conn:
            return [AlertRecord.from_row(row) for row in conn.execute(query)]

    def _last_batch_at(self) -> datetime | None:
        query = select(func.max(alert_updates.c.at)).where(alert_updates.c.kind == BATCH_UPDATE_KIND)
        with self.database.connect() as conn:
            value: datetime | None = conn.execute(query).scalar()
        return value
