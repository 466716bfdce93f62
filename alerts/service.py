"""The alerts façade the app, the scheduled service, digests and the web console use.

Build it once with :meth:`AlertService.from_settings` (an open Store, an open AlertDatabase, the query
analyzer, optionally NLP's heat), then call :meth:`evaluate_events` after each analysed batch,
:meth:`sweep` every minute and :meth:`deliver_pending` (or :meth:`run_delivery` in a thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from alerts.assessment import Assessor
from alerts.backtest import Backtester
from alerts.channels import AppriseSender, NotificationSender, validate_channel_url
from alerts.database import AlertDatabase
from alerts.deadlines import DeadlinePlanner, DeadlineSweeper
from alerts.delivery import Clock, DeliveryReport, OutboxDelivery
from alerts.errors import AlertConfigError
from alerts.evaluator import AlertEvaluator, EvaluationOutcome
from alerts.flush import PendingNoticeFlusher
from alerts.lifecycle import AlertLifecycle
from alerts.messages import MessageRenderer
from alerts.notice_policy import NoticePolicy
from alerts.notifier import Notifier
from alerts.queries import AlertQueries
from alerts.regions import RegionNames
from alerts.routing import Router
from alerts.rules import compile_rules
from alerts.sensitivity import SensitiveTermScanner
from alerts.snapshot import HeatFunction, SnapshotBuilder
from config import Settings
from config.models.alerts import AlertSettings
from indexer.query import Analyzer
from indexer.store import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepReport:
    reminders: int  # overdue deadlines re-notified
    notices: int  # held notices (debounced updates, batches, post-quiet-hours) enqueued


def make_snapshot_builder(alert_settings: AlertSettings, heat: HeatFunction | None = None) -> SnapshotBuilder:
    return SnapshotBuilder(
        SensitiveTermScanner(alert_settings.sensitive_terms),
        velocity_window=timedelta(hours=alert_settings.scoring.velocity_window_hours),
        heat=heat,
        representative_count=alert_settings.update_policy.representative_items,
        official_authors=frozenset(alert_settings.response_detection.official_authors),
    )


def make_assessor(settings: Settings, alert_settings: AlertSettings, analyzer: Analyzer) -> Assessor:
    """Rules (raising AlertConfigError on an invalid query), routing and scoring from settings."""
    return Assessor(
        compile_rules(alert_settings.rules, analyzer),
        Router(settings.routing, settings.topics, alert_settings.scoring),
        SensitiveTermScanner(alert_settings.sensitive_terms),
        alert_settings.scoring,
    )


def make_backtester(
    settings: Settings, alert_settings: AlertSettings, analyzer: Analyzer, heat: HeatFunction | None = None
) -> Backtester:
    """A back-tester for ``alert_settings`` (the rules under test) with the rest of ``settings``."""
    return Backtester(
        make_snapshot_builder(alert_settings, heat), make_assessor(settings, alert_settings, analyzer)
    )


def make_notifier(settings: Settings, region_names: RegionNames) -> Notifier:
    """The notifier (recipients, Chinese messages, outbox) configured by ``alerts.yaml``."""
    config = settings.alerts
    renderer = MessageRenderer(
        settings.tz,
        region_names,
        {c.id: c.label for c in config.sensitive_terms},
        {r.id: r.name for r in config.rules},
        config.console_url,
    )
    limit = config.update_policy.representative_items
    return Notifier(config.channels, config.default_channels, renderer, new_item_limit=limit)


def configuration_problems(settings: Settings) -> list[str]:
    """Warnings about channels that cannot send; raises AlertConfigError for unusable configuration."""
    alert_settings = settings.alerts
    known = {c.id for c in alert_settings.channels}
    routing = settings.routing
    owners = [("national office", routing.national.channels)]
    owners += [(f"office {o.region}", o.channels) for o in routing.offices]
    owners += [(f"department {d.name}", d.channels) for d in routing.departments]
    for owner, channel_ids in owners:
        for channel_id in channel_ids:
            if channel_id not in known:
                raise AlertConfigError(
                    f"routing.yaml: {owner} names unknown channel {channel_id!r}; known: {sorted(known)}"
                )
    warnings = []
    for channel in alert_settings.channels:
        if not channel.enabled:
            continue
        if not channel.url:
            warnings.append(
                f"channel {channel.id!r} has no URL (set its environment variable); it is skipped"
            )
        elif (error := validate_channel_url(channel.url)) is not None:
            raise AlertConfigError(f"alerts.yaml: channel {channel.id!r}: {error}")
    return warnings


class AlertService:
    """Evaluation, lifecycle, deadlines, held notices, delivery and queries over one database."""

    def __init__(
        self,
        *,
        evaluator: AlertEvaluator,
        lifecycle: AlertLifecycle,
        sweeper: DeadlineSweeper,
        flusher: PendingNoticeFlusher,
        delivery: OutboxDelivery,
        queries: AlertQueries,
        warnings: Sequence[str] = (),
    ) -> None:
        self.evaluator = evaluator
        self.lifecycle = lifecycle
        self.sweeper = sweeper
        self.flusher = flusher
        self.delivery = delivery
        self.queries = queries
        self.warnings = list(warnings)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        database: AlertDatabase,
        store: Store,
        analyzer: Analyzer,
        *,
        heat: HeatFunction | None = None,
        sender: NotificationSender | None = None,
        region_names: RegionNames | None = None,
    ) -> AlertService:
        config = settings.alerts
        warnings = configuration_problems(settings)
        for warning in warnings:
            logger.warning("alerts: %s", warning)
        notifier = make_notifier(settings, region_names or RegionNames.load())
        policy = NoticePolicy(config.update_policy, settings.tz)
        planner = DeadlinePlanner(config.deadlines)
        builder, assessor = make_snapshot_builder(config, heat), make_assessor(settings, config, analyzer)
        evaluator = AlertEvaluator(
            database,
            store,
            builder,
            assessor,
            planner,
            policy,
            notifier,
            config.update_policy,
            detect_responses=config.response_detection.enabled,
        )
        channels = {c.id: c for c in config.channels}
        return cls(
            evaluator=evaluator,
            lifecycle=AlertLifecycle(database, planner, notifier),
            sweeper=DeadlineSweeper(database, config.deadlines, policy, notifier),
            flusher=PendingNoticeFlusher(database, policy, notifier),
            delivery=OutboxDelivery(database, channels, sender or AppriseSender(), config.delivery),
            queries=AlertQueries(database),
            warnings=warnings,
        )

    def evaluate_event(self, event_id: str, now: datetime, *, title: str | None = None) -> EvaluationOutcome:
        return self.evaluator.evaluate_event(event_id, now, title=title)

    def evaluate_events(self, event_ids: Sequence[str], now: datetime) -> list[EvaluationOutcome]:
        """Evaluate the events touched by a batch (each once)."""
        return self.evaluator.evaluate_events(event_ids, now)

    def sweep_deadlines(self, now: datetime) -> int:
        return self.sweeper.sweep(now)

    def flush_updates(self, now: datetime) -> int:
        return self.flusher.flush(now)

    def sweep(self, now: datetime) -> SweepReport:
        """The every-minute job: overdue reminders, then held notices that may now go out."""
        return SweepReport(reminders=self.sweep_deadlines(now), notices=self.flush_updates(now))

    def deliver_pending(self, now: datetime) -> DeliveryReport:
        return self.delivery.deliver_pending(now)

    def run_delivery(self, stop: threading.Event, *, clock: Clock | None = None) -> None:
        """Deliver the outbox until ``stop`` is set (run it in a thread of the service)."""
        self.delivery.run(stop, clock=clock)
