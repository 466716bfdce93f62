"""What the service runs: one crawl job per enabled source, post-processing, and the alert and digest jobs.

With the tantivy index a crawl process holds the writers' turn only while it writes a batch
(:mod:`app.service.write_turns`), and each batch is post-processed before the turn is given up: the new
items of a source go through events and alert rules into the outbox as soon as they land, not after
another crawl's batch that was waiting for the turn. With fts5 or Elasticsearch crawls write side by side
and post-process what they stored when they end. The post-processing job remains for what is left (a
crawl stopped midway, a failed pass) and runs on its interval.

Each job function returns a one-line summary for the journal, or raises: :class:`JobTimedOutError` (a
crawl ran past its timeout), :class:`JobInterruptedError` (the service is stopping), any other exception
(a failed run, retried with backoff).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from app.crawl_runner import interval_bounds
from app.postprocess import PassResult, Postprocessor
from app.service.crawl_process import CrawlProcesses, CrawlRun
from app.service.gate import GateClosedError, WriterGate
from app.wiring import open_store
from config import Settings
from config.models.sources import Source as SourceConfig
from crawlers.state import CrawlState
from indexer.store import Store

logger = logging.getLogger(__name__)

JobFunction = Callable[[], str]
FIRST_CRAWL_STAGGER_S = 1.0


class JobTimedOutError(Exception):
    """The job ran past its time limit and was stopped."""


class JobInterruptedError(Exception):
    """The service is stopping; the job did not (fully) run."""


class JobFailedError(Exception):
    """The job failed in a way it explains itself (e.g. a crawl process exited with an error)."""


class AlertJobs(Protocol):
    """What the service needs from alerts (see :mod:`app.service.alerting`)."""

    def events_changed(self, store: Store, event_ids: Sequence[str], now: datetime) -> None: ...

    def sweep_deadlines(self, now: datetime) -> str: ...

    def deliver_pending(self, now: datetime) -> str: ...


class DigestJob(Protocol):
    def daily(self, now: datetime) -> str: ...


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job."""

    id: str
    kind: str  # crawl | postprocess | deadlines | outbox | digest
    trigger: BaseTrigger
    run: JobFunction
    executor: str = "default"
    first_run: datetime | None = None  # None: the trigger's first fire time
    retry_cap_s: float = 900.0  # the longest retry backoff
    source_id: str | None = None  # crawl jobs


class ServiceJobs:
    """Builds the job functions from the service's resources."""

    def __init__(
        self,
        settings: Settings,
        *,
        crawl_state: CrawlState,
        crawls: CrawlProcesses,
        gate: WriterGate,
        postprocessor: Postprocessor,
        alerts: AlertJobs | None = None,
        digest: DigestJob | None = None,
    ) -> None:
        self.settings = settings
        self.crawl_state = crawl_state
        self.crawls = crawls
        self.gate = gate
        self.postprocessor = postprocessor
        self.alerts = alerts
        self.digest = digest
        self.events_processed: Callable[[], None] = lambda: None  # the service wakes the outbox
        self._drain_lock = threading.Lock()  # one pass at a time (crawls also drain when the gate is open)

    def specs(self, now: datetime) -> list[JobSpec]:
        """Every job, crawls first (in configuration order)."""
        schedule = self.settings.schedule
        sources = [s for s in self.settings.sources.sources if s.enabled]
        specs = [self.crawl_spec(source, now, order) for order, source in enumerate(sources)]
        specs.append(
            JobSpec(
                "postprocess",
                "postprocess",
                IntervalTrigger(seconds=schedule.postprocess_interval_s),
                self.postprocess,
                first_run=now,
                retry_cap_s=schedule.postprocess_interval_s,
            )
        )
        specs.extend(self.alert_specs(now))
        if self.digest is not None:
            trigger = CronTrigger.from_crontab(schedule.digest_cron, timezone=self.settings.tz)
            specs.append(
                JobSpec("digest", "digest", trigger, self.daily_digest, retry_cap_s=schedule.retry_max_s)
            )
        return specs

    def crawl_spec(self, source: SourceConfig, now: datetime, order: int) -> JobSpec:
        bounds = interval_bounds(self.settings, source)
        health = self.crawl_state.health(source.id)
        first = now + timedelta(seconds=order * FIRST_CRAWL_STAGGER_S)
        if health is not None and health.next_due_at is not None and health.next_due_at > first:
            first = health.next_due_at
        return JobSpec(
            f"crawl:{source.id}",
            "crawl",
            IntervalTrigger(seconds=bounds.max_s),  # a fallback: each run sets the adaptive next run
            lambda: self.crawl(source.id),
            executor="crawl",
            first_run=first,
            retry_cap_s=min(self.settings.schedule.retry_max_s, bounds.max_s),
            source_id=source.id,
        )

    def alert_specs(self, now: datetime) -> list[JobSpec]:
        if self.alerts is None:
            return []
        schedule = self.settings.schedule
        outbox_s = self.settings.alerts.delivery.poll_seconds
        return [
            JobSpec(
                "deadlines",
                "deadlines",
                IntervalTrigger(seconds=schedule.deadline_sweep_interval_s),
                self.sweep_deadlines,
                first_run=now,
                retry_cap_s=schedule.deadline_sweep_interval_s,
            ),
            JobSpec(
                "outbox",
                "outbox",
                IntervalTrigger(seconds=outbox_s),
                self.deliver_outbox,
                first_run=now,
                retry_cap_s=outbox_s,
            ),
        ]

    # the jobs -------------------------------------------------------------------------------------

    def crawl(self, source_id: str) -> str:
        """Crawl one source in its own process; post-process what it stored (each batch, in its writers'
        turn, when writers take turns; else once the crawl ended)."""
        if self.gate.closed:
            raise JobInterruptedError(f"crawl of {source_id} not started: the service is stopping")
        landed: list[int] = []  # documents post-processed after each batch
        if self.gate.exclusive:
            run = self.crawls.run(source_id, lambda: self.write_turn(source_id, landed))
        else:
            run = self.crawls.run(source_id)
            if not run.stopped:
                landed.append(self.postprocess_landed(source_id))
        if run.stopped:
            raise JobInterruptedError(f"crawl of {source_id} stopped: the service is stopping")
        if run.timed_out:
            raise JobTimedOutError(run.error())
        if not run.ok:
            raise JobFailedError(run.error())
        return self.crawl_summary(run, sum(landed))

    @contextmanager
    def write_turn(self, source_id: str, landed: list[int]) -> Iterator[None]:
        """A crawl's writers' turn for one batch: the crawl writes inside, then what it stored is
        post-processed before anyone else writes (a crawl told to stop still flushes its batch)."""
        with self.gate.turn(flushing=True):
            yield
            landed.append(self.postprocess_landed(source_id))

    def postprocess_landed(self, source_id: str) -> int:
        """Post-process the queue right after a crawl (the caller holds the writers' turn): the documents
        done. A failure is logged and left to the post-processing job, which retries it: the crawl itself
        went fine."""
        try:
            return self.drain_queue().documents
        except Exception:
            logger.exception("post-processing after the crawl of %s failed (the job will retry)", source_id)
            return 0

    def crawl_summary(self, run: CrawlRun, landed: int) -> str:
        health = self.crawl_state.health(run.source_id)
        after = f" · {landed} documents post-processed" if landed else ""
        if health is None:
            return f"{run.duration_s:.1f} s{after}"
        errors = sum(health.last_run_errors.values())
        status = health.status.value + (f" ({health.status_reason})" if health.status_reason else "")
        return (
            f"{health.last_run_pages} pages · {health.last_run_new_items} new items · {errors} errors · "
            f"{status} · {run.duration_s:.1f} s{after}"
        )

    def next_crawl(self, source_id: str) -> datetime | None:
        """When the source is due again (its adaptive interval, as the crawl recorded it)."""
        health = self.crawl_state.health(source_id)
        return health.next_due_at if health is not None else None

    def postprocess(self) -> str:
        """Drain the post-processing queue (taking the writers' turn before the crawls)."""
        if self.postprocessor.pending() == 0:
            return "queue empty"
        try:
            with self.gate.turn(priority=True):
                result = self.drain_queue()
        except GateClosedError as exc:
            raise JobInterruptedError(str(exc)) from exc
        return result.summary()

    def drain_queue(self) -> PassResult:
        """Drain the post-processing queue (the caller holds the writers' turn); tells the service when
        events changed (their alerts may be in the outbox)."""
        with self._drain_lock:
            if self.postprocessor.pending() == 0:
                return PassResult()
            store = open_store(self.settings)
            try:
                result = self.postprocessor.drain(store)
            finally:
                store.close()
        if result.events:
            self.events_processed()
        return result

    def sweep_deadlines(self) -> str:
        assert self.alerts is not None
        return self.alerts.sweep_deadlines(datetime.now(UTC))

    def deliver_outbox(self) -> str:
        assert self.alerts is not None
        return self.alerts.deliver_pending(datetime.now(UTC))

    def daily_digest(self) -> str:
        assert self.digest is not None
        return self.digest.daily(datetime.now(UTC))
