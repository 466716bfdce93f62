"""When a notice about an alert goes out, so that updates inform without spamming.

* A new alert or an escalation is sent at once, unless its level is batched (level IV by default:
  collected into one message per channel every ``batch_interval_minutes``) or it is quiet hours
  (22:00–07:00 local by default) and its level does not override them (I–II do). Held notices stay
  pending on the alert and are sent, with the alert's state at that time, as soon as allowed.
* New items and peaks are recorded at once and sent as one update when the event has been quiet for
  ``debounce_minutes`` and at least ``min_interval_minutes[level]`` have passed since the alert's
  last notice. A response candidate, a change of office or a held escalation skip those waits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from alerts.levels import Level
from alerts.records import AlertRecord
from config.models.alerts import UpdatePolicy

URGENT_KINDS = frozenset({"response_candidate", "rerouted", "escalated"})


class NoticePolicy:
    """Decides whether a notice may be sent now (see the module docstring)."""

    def __init__(self, policy: UpdatePolicy, tz: ZoneInfo) -> None:
        self.policy = policy
        self.tz = tz
        self.batch_levels = {Level.from_name(name) for name in policy.batch_levels}
        self.override_levels = {Level.from_name(name) for name in policy.quiet_hours.override_levels}
        self.min_interval = {Level.from_name(name): m for name, m in policy.min_interval_minutes.items()}

    def in_quiet_hours(self, now: datetime) -> bool:
        quiet = self.policy.quiet_hours
        if not quiet.enabled or quiet.start == quiet.end:
            return False
        local = now.astimezone(self.tz).time()
        if quiet.start < quiet.end:
            return quiet.start <= local < quiet.end
        return local >= quiet.start or local < quiet.end

    def may_send(self, level: Level, now: datetime) -> bool:
        return level in self.override_levels or not self.in_quiet_hours(now)

    def is_batched(self, level: Level) -> bool:
        return level in self.batch_levels

    def send_at_once(self, level: Level, now: datetime) -> bool:
        """Whether a new alert or an escalation to ``level`` goes out immediately."""
        return not self.is_batched(level) and self.may_send(level, now)

    def update_ready(self, alert: AlertRecord, now: datetime) -> bool:
        """Whether the alert's pending notice may be sent now (batched levels go in batches)."""
        if alert.pending_since is None or self.is_batched(alert.level) or not self.may_send(alert.level, now):
            return False
        if alert.notified_level is None or alert.level.more_severe_than(alert.notified_level):
            return True
        if URGENT_KINDS & set(alert.pending_kinds):
            return True
        quiet_for = now - alert.last_item_at >= timedelta(minutes=self.policy.debounce_minutes)
        return quiet_for and self.interval_passed(alert, now)

    def interval_passed(self, alert: AlertRecord, now: datetime) -> bool:
        if alert.last_notified_at is None:
            return True
        minutes = self.min_interval.get(alert.level, 0.0)
        return now - alert.last_notified_at >= timedelta(minutes=minutes)

    def batch_due(self, last_batch_at: datetime | None, now: datetime) -> bool:
        if self.in_quiet_hours(now):
            return False
        interval = timedelta(minutes=self.policy.batch_interval_minutes)
        return last_batch_at is None or now - last_batch_at >= interval

    def quiet_hours_end(self, now: datetime) -> datetime:
        """The next end of quiet hours after ``now`` (``now`` when outside them)."""
        if not self.in_quiet_hours(now):
            return now
        local = now.astimezone(self.tz)
        end = datetime.combine(local.date(), self.policy.quiet_hours.end, tzinfo=self.tz)
        return end if end > local else end + timedelta(days=1)
