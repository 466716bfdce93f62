"""The alert and digest jobs of the service, wired to :mod:`alerts` and :mod:`alerts.digest`.

Alert evaluation reads the event's documents through the Store the post-processing pass just wrote
(a :class:`StoreHandle`), so the newest items count at once. The deadline sweep and the outbox
delivery need no Store.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from alerts import AlertDatabase, AlertService
from app.service.store_handle import StoreHandle
from config import Settings
from indexer.store import Store

logger = logging.getLogger(__name__)


class AlertJobs:
    """Evaluate touched events, sweep deadlines, deliver the outbox (``open()`` first, ``close()`` after)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database = AlertDatabase(settings.database_url())
        self.store = StoreHandle()
        self._service: AlertService | None = None

    def open(self) -> None:
        from app.commands.alerts import analyzer, nlp_heat

        self.database.open()
        try:
            self._service = AlertService.from_settings(
                self.settings, self.database, self.store, analyzer, heat=nlp_heat(self.settings)
            )
        except BaseException:
            self.database.close()
            raise

    def close(self) -> None:
        self.database.close()

    @property
    def service(self) -> AlertService:
        if self._service is None:
            raise RuntimeError("AlertJobs is not open")
        return self._service

    def events_changed(self, store: Store, event_ids: Sequence[str], now: datetime) -> None:
        """Evaluate the events a batch touched, reading through ``store``."""
        if not event_ids:
            return
        self.store.target = store
        try:
            outcomes = self.service.evaluate_events(event_ids, now)
        finally:
            self.store.target = None
        logger.debug("evaluated %d events: %s", len(event_ids), outcomes)

    def sweep_deadlines(self, now: datetime) -> str:
        report = self.service.sweep(now)
        return f"{report.reminders} overdue reminders · {report.notices} held notices sent"

    def deliver_pending(self, now: datetime) -> str:
        report = self.service.deliver_pending(now)
        return (
            f"{report.delivered} delivered · {report.retrying} to retry · {report.failed} failed · "
            f"{report.skipped} skipped"
        )


class DailyDigestJob:
    """The 舆情日报 of the day (in the configured timezone): built, rendered and archived."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def daily(self, now: datetime) -> str:
        from app.commands.digest import run_digest

        local = now.astimezone(self.settings.tz)
        files = run_digest(self.settings, local.date(), local)
        return f"digest of {local.date()} archived: {files.html}"
