"""Response deadlines: set when an alert reaches a level, met by responses, swept every minute.

Defaults (``alerts.yaml`` ``deadlines``, from the State Council General Office, 2016): levels I–II —
authoritative information within 5 h and a press conference within 24 h; levels III–IV — a response
within 48 h; counted from the moment the alert reached the level. A response meets every open
deadline that is not ``explicit``; the press conference is met only when a response names it.

The sweep (:meth:`DeadlineSweeper.sweep`) re-notifies each overdue deadline every
``renotify_minutes`` up to ``max_reminders`` times (quiet hours hold ordinary levels), and on its first
reminder escalates the routing one office up (county → city → province → national) when
``escalate_routing`` is on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from alerts.database import AlertDatabase
from alerts.levels import Level
from alerts.notice_policy import NoticePolicy
from alerts.notifier import Notifier
from alerts.records import OPEN_STATES, DeadlineRecord
from alerts.rows import load_alert, record_update, update_alert
from alerts.tables import alert_deadlines, alerts
from config.models.alerts import Deadlines

logger = logging.getLogger(__name__)


class DeadlinePlanner:
    """Creates and meets an alert's deadlines (in the caller's transaction)."""

    def __init__(self, deadlines: Deadlines) -> None:
        self.deadlines = deadlines

    def add_for_level(self, conn: Connection, alert_id: int, level: Level, now: datetime) -> list[str]:
        """Add the level's deadline kinds the alert does not have yet; returns the kinds added."""
        existing = {
            row[0]
            for row in conn.execute(
                select(alert_deadlines.c.kind).where(alert_deadlines.c.alert_id == alert_id)
            )
        }
        added = []
        for spec in self.deadlines.for_level(level.name):
            if spec.kind in existing:
                continue
            conn.execute(
                insert(alert_deadlines).values(
                    alert_id=alert_id,
                    kind=spec.kind,
                    label=spec.label,
                    explicit=spec.explicit,
                    level=int(level),
                    due_at=now + timedelta(hours=spec.hours),
                    reminders=0,
                )
            )
            added.append(spec.kind)
        return added

    def meet(self, conn: Connection, alert_id: int, kinds: Sequence[str] | None, now: datetime) -> list[str]:
        """Mark open deadlines met: the named kinds, or (None) every one that is not explicit."""
        query = select(alert_deadlines).where(
            alert_deadlines.c.alert_id == alert_id, alert_deadlines.c.met_at.is_(None)
        )
        open_ = [DeadlineRecord.from_row(row) for row in conn.execute(query)]
        chosen = [d for d in open_ if (d.kind in kinds if kinds is not None else not d.explicit)]
        for deadline in chosen:
            conn.execute(
                update(alert_deadlines).where(alert_deadlines.c.id == deadline.id).values(met_at=now)
            )
        return [d.kind for d in chosen]


class DeadlineSweeper:
    """Finds overdue deadlines of open alerts, re-notifies and escalates (see the module docstring)."""

    def __init__(
        self, database: AlertDatabase, deadlines: Deadlines, policy: NoticePolicy, notifier: Notifier
    ) -> None:
        self.database = database
        self.deadlines = deadlines
        self.policy = policy
        self.notifier = notifier

    def sweep(self, now: datetime) -> int:
        """Send the reminders due at ``now``; returns how many deadlines were reminded."""
        reminded = 0
        for deadline in self._overdue(now):
            with self.database.begin() as conn:
                reminded += self._remind(conn, deadline, now)
        return reminded

    def _overdue(self, now: datetime) -> list[DeadlineRecord]:
        query = (
            select(alert_deadlines)
            .join(alerts, alerts.c.id == alert_deadlines.c.alert_id)
            .where(
                alert_deadlines.c.met_at.is_(None),
                alert_deadlines.c.due_at <= now,
                alert_deadlines.c.reminders < self.deadlines.max_reminders,
                alerts.c.state.in_([s.value for s in OPEN_STATES]),
            )
            .order_by(alert_deadlines.c.due_at)
        )
        with self.database.connect() as conn:
            return [DeadlineRecord.from_row(row) for row in conn.execute(query)]

    def _remind(self, conn: Connection, deadline: DeadlineRecord, now: datetime) -> int:
        alert = load_alert(conn, deadline.alert_id)
        interval = timedelta(minutes=self.deadlines.renotify_minutes)
        if deadline.last_reminded_at is not None and now - deadline.last_reminded_at < interval:
            return 0
        if not self.policy.may_send(alert.level, now) or not _claim_reminder(conn, deadline, now):
            return 0
        if deadline.reminders == 0 and self.deadlines.escalate_routing:
            step = min(alert.escalation_step + 1, len(alert.route.chain))
            update_alert(conn, alert.id, escalation_step=step)
            alert = load_alert(conn, alert.id)
        reminder = deadline.reminders + 1
        data = {"deadline": deadline.kind, "reminder": reminder, "escalation_step": alert.escalation_step}
        summary = f"{deadline.label} overdue since {deadline.due_at.isoformat()}"
        record_update(
            conn,
            alert.id,
            "overdue",
            level=alert.level,
            item_count=alert.item_count,
            at=now,
            summary=summary,
            data=data,
        )
        self.notifier.notify(conn, alert, "overdue", now, overdue=deadline)
        logger.info("alert %d: %s overdue, reminder %d", alert.id, deadline.kind, reminder)
        return 1


def _claim_reminder(conn: Connection, deadline: DeadlineRecord, now: datetime) -> bool:
    """Count the reminder; False when another sweeper sent it first."""
    claimed = conn.execute(
        update(alert_deadlines)
        .where(alert_deadlines.c.id == deadline.id, alert_deadlines.c.reminders == deadline.reminders)
        .values(
            reminders=deadline.reminders + 1,
            last_reminded_at=now,
            overdue_since=deadline.overdue_since or now,
        )
    )
    return claimed.rowcount == 1
