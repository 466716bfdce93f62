"""Assemble a :class:`~app.service.scheduler.Service` from settings: open what it needs, in order, and
close it all on the way out. The instance lock is taken before anything heavy is loaded."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta

from app.postprocess import EventObserver, Postprocessor
from app.service.alerting import AlertJobs, DailyDigestJob
from app.service.crawl_process import CrawlProcesses
from app.service.database import ServiceDatabase
from app.service.gate import WriterGate, writers_are_exclusive
from app.service.jobs import ServiceJobs
from app.service.journal import JobJournal
from app.service.lock import InstanceLock
from app.service.scheduler import Service
from config import Settings
from crawlers.state import CrawlState

logger = logging.getLogger(__name__)


@contextmanager
def open_service(
    settings: Settings, *, with_alerts: bool = True, with_digest: bool = True
) -> Iterator[Service]:
    """The service, its lock held; everything is closed (and the lock released) on exit.

    ``with_alerts``: evaluate alerts after each batch, sweep deadlines and deliver the outbox;
    ``with_digest``: the daily digest job.
    """
    with ExitStack() as stack:
        database = ServiceDatabase(settings.database_url())
        database.open()
        stack.callback(database.close)
        lock = InstanceLock(database, lease=timedelta(seconds=settings.schedule.lock_lease_s))
        lock.acquire(datetime.now(UTC))
        stack.callback(lambda: lock.release(datetime.now(UTC)))
        crawl_state = CrawlState(settings.database_url())
        crawl_state.open()
        stack.callback(crawl_state.close)
        alerts = _open_alerts(settings, stack) if with_alerts else None
        digest = DailyDigestJob(settings) if with_digest else None
        observers: list[EventObserver] = [alerts] if alerts is not None else []
        postprocessor = Postprocessor.from_settings(settings, database, observers)
        postprocessor.open()
        stack.callback(postprocessor.close)
        exclusive = writers_are_exclusive(settings)
        if exclusive:
            logger.info("the tantivy index takes one writer at a time: crawls and post-processing take turns")
        jobs = ServiceJobs(
            settings,
            crawl_state=crawl_state,
            crawls=CrawlProcesses.from_settings(settings),
            gate=WriterGate(exclusive=exclusive),
            postprocessor=postprocessor,
            alerts=alerts,
            digest=digest,
        )
        yield Service(settings, jobs, JobJournal(database), lock)


def _open_alerts(settings: Settings, stack: ExitStack) -> AlertJobs:
    alerts = AlertJobs(settings)
    alerts.open()
    stack.callback(alerts.close)
    return alerts
