"""Turning an alert change into outbox messages, one per recipient channel, in the caller's transaction.

Recipients: ``default_channels``, the channels of the rules that fired, of the responsible office
(plus ``escalation_step`` offices up the hierarchy once deadlines pass, and a rule's extra offices)
and of the topic's department — keeping channels that are enabled, have a URL and accept the
alert's level (``min_level``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection

from alerts.levels import Level
from alerts.messages import FollowUp, MessageContext, MessageRenderer
from alerts.outbox import Envelope, enqueue_envelope
from alerts.records import AlertRecord, DeadlineRecord
from alerts.rows import coverage_counts, items_added_since, load_deadlines, record_update, update_alert
from alerts.snapshot import ItemRef
from config.models.alerts import Channel

logger = logging.getLogger(__name__)

# Notices that report the alert's state; sending one clears the alert's pending notices.
STATE_NOTICES = frozenset({"opened", "escalated", "update", "response_candidate"})
BATCH_UPDATE_KIND = "batched"


def pending_notice_kind(alert: AlertRecord) -> str:
    """What a held notice is, from what was last sent."""
    if alert.notified_level is None:
        return "opened"
    if alert.level.more_severe_than(alert.notified_level):
        return "escalated"
    if "response_candidate" in alert.pending_kinds:
        return "response_candidate"
    return "update"


class Notifier:
    """Renders notices and writes them to the outbox (see the module docstring)."""

    def __init__(
        self,
        channels: Sequence[Channel],
        default_channels: Sequence[str],
        renderer: MessageRenderer,
        *,
        new_item_limit: int = 5,
    ) -> None:
        self.channels = {c.id: c for c in channels}
        self.default_channels = list(default_channels)
        self.renderer = renderer
        self.new_item_limit = new_item_limit

    def recipients(self, alert: AlertRecord) -> list[str]:
        route = alert.route
        wanted = [*self.default_channels, *alert.rule_channels]
        for office in route.offices_for(alert.escalation_step):
            wanted.extend(office.channels)
        if route.department is not None:
            wanted.extend(route.department.channels)
        return [c for c in dict.fromkeys(wanted) if self._accepts(c, alert.level)]

    def _accepts(self, channel_id: str, level: Level) -> bool:
        channel = self.channels.get(channel_id)
        if channel is None or not channel.enabled or not channel.url:
            return False
        return not Level.from_name(channel.min_level).more_severe_than(level)

    def notify(
        self,
        conn: Connection,
        alert: AlertRecord,
        kind: str,
        now: datetime,
        *,
        note: str = "",
        overdue: DeadlineRecord | None = None,
    ) -> int:
        """Enqueue the notice for every recipient and record it; returns the number of messages."""
        context = MessageContext(
            kind,
            now,
            deadlines=load_deadlines(conn, alert.id),
            new_items=self._new_items(conn, alert, kind),
            note=note,
            overdue=overdue,
            follow_up=self._follow_up(conn, alert),
        )
        message = self.renderer.alert_message(alert, context)
        channels = self.recipients(alert)
        summary = f"{kind}: {len(channels)} channel(s)"
        data = {"notice": kind, "channels": channels}
        update_id = record_update(
            conn,
            alert.id,
            "notified",
            level=alert.level,
            item_count=alert.item_count,
            at=now,
            summary=summary,
            data=data,
        )
        for channel in channels:
            key = f"alert-{alert.id}.n{update_id}.{channel}"
            envelope = Envelope(key, alert.id, channel, kind, alert.level, f"alert-{alert.id}")
            enqueue_envelope(conn, envelope, message, now)
        if kind in STATE_NOTICES:
            _mark_notified(conn, alert, now)
        if not channels:
            logger.warning("alert %d: no channel accepts a level %s notice", alert.id, alert.level.name)
        return len(channels)

    def _new_items(self, conn: Connection, alert: AlertRecord, kind: str) -> list[ItemRef]:
        if kind not in ("update", "escalated", "response_candidate") or alert.last_notified_at is None:
            return []
        return items_added_since(conn, alert.id, alert.last_notified_at, self.new_item_limit)

    @staticmethod
    def _follow_up(conn: Connection, alert: AlertRecord) -> FollowUp | None:
        if alert.responded_at is None:
            return None
        items, negative = coverage_counts(conn, alert.id, alert.responded_at)
        return FollowUp(items, negative)

    def notify_batch(self, conn: Connection, alerts: Sequence[AlertRecord], now: datetime) -> int:
        """One message per channel listing the held low-level alerts; returns the number of messages."""
        by_channel: dict[str, list[AlertRecord]] = defaultdict(list)
        for alert in alerts:
            for channel in self.recipients(alert):
                by_channel[channel].append(alert)
        first_update = min(_record_batched(conn, alert, now) for alert in alerts)
        for channel, group in by_channel.items():
            level = Level.most_severe(a.level for a in group)
            envelope = Envelope(f"batch-{first_update}.{channel}", None, channel, "batch", level, "batch")
            enqueue_envelope(conn, envelope, self.renderer.batch_message(group, now), now)
        for alert in alerts:
            _mark_notified(conn, alert, now)
        return len(by_channel)


def _record_batched(conn: Connection, alert: AlertRecord, now: datetime) -> int:
    notice = pending_notice_kind(alert)
    return record_update(
        conn,
        alert.id,
        BATCH_UPDATE_KIND,
        level=alert.level,
        item_count=alert.item_count,
        at=now,
        summary=f"batch notice ({notice})",
        data={"notice": notice},
    )


def _mark_notified(conn: Connection, alert: AlertRecord, now: datetime) -> None:
    """The alert's state has been told: remember the level and time, clear held notices."""
    update_alert(
        conn,
        alert.id,
        notified_level=int(alert.level),
        last_notified_at=now,
        pending_since=None,
        pending_kinds=[],
    )
