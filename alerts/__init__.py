"""Alerts: rules → one alert per event, severity I–IV, 属地/主管 routing, deadlines, lifecycle, and
notifications through an outbox that loses nothing. Imports ``indexer`` and ``config`` only.

Entry point: :class:`AlertService` (``from_settings``); back-testing: :func:`make_backtester`.
State lives in SQL (:mod:`alerts.tables`) on the app's database (:class:`AlertDatabase`).

Exception tree::

    AlertsError                 base of everything alerts raises on purpose
    ├── AlertConfigError        rules, channels or routing cannot be used (invalid query, unknown channel)
    ├── AlertNotFoundError      no alert has the given id
    ├── InvalidTransitionError  a lifecycle action is not allowed from the alert's state
    ├── AlertDatabaseError      the alerts database cannot be opened
    └── DeliveryError           a message could not be handed to its channel (the outbox retries it)
"""

from alerts.assessment import Assessment, Assessor
from alerts.backtest import Backtester, BacktestFiring, BacktestReport
from alerts.channels import AppriseSender, NotificationSender, OutgoingMessage, SendOutcome
from alerts.database import AlertDatabase
from alerts.delivery import DeliveryReport, OutboxDelivery
from alerts.errors import (
    AlertConfigError,
    AlertDatabaseError,
    AlertNotFoundError,
    AlertsError,
    DeliveryError,
    InvalidTransitionError,
)
from alerts.evaluator import AlertEvaluator, EvaluationOutcome
from alerts.levels import Level, LevelAssessment, Scope
from alerts.lifecycle import AlertLifecycle
from alerts.queries import AlertDetail, AlertQueries, Coverage, PublishedResponse
from alerts.records import (
    AlertRecord,
    AlertState,
    DeadlineRecord,
    OutboxRecord,
    TransitionRecord,
    UpdateRecord,
)
from alerts.routing import OfficeRef, Route, Router
from alerts.service import (
    AlertService,
    SweepReport,
    configuration_problems,
    make_assessor,
    make_backtester,
    make_snapshot_builder,
)
from alerts.snapshot import EventSnapshot, HeatFunction, ItemRef, SnapshotBuilder, fetch_event_documents

__all__ = [
    "AlertConfigError",
    "AlertDatabase",
    "AlertDatabaseError",
    "AlertDetail",
    "AlertEvaluator",
    "AlertLifecycle",
    "AlertNotFoundError",
    "AlertQueries",
    "AlertRecord",
    "AlertService",
    "AlertState",
    "AlertsError",
    "AppriseSender",
    "Assessment",
    "Assessor",
    "BacktestFiring",
    "BacktestReport",
    "Backtester",
    "Coverage",
    "DeadlineRecord",
    "DeliveryError",
    "DeliveryReport",
    "EvaluationOutcome",
    "EventSnapshot",
    "HeatFunction",
    "InvalidTransitionError",
    "ItemRef",
    "Level",
    "LevelAssessment",
    "NotificationSender",
    "OfficeRef",
    "OutboxDelivery",
    "OutboxRecord",
    "OutgoingMessage",
    "PublishedResponse",
    "Route",
    "Router",
    "Scope",
    "SendOutcome",
    "SnapshotBuilder",
    "SweepReport",
    "TransitionRecord",
    "UpdateRecord",
    "configuration_problems",
    "fetch_event_documents",
    "make_assessor",
    "make_backtester",
    "make_snapshot_builder",
]
