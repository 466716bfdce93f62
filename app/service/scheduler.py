"""The service: APScheduler runs the jobs; every run is journalled; SIGTERM drains and stops cleanly.

``run()`` schedules every job (crawls at their adaptive intervals, never two of one source at once:
``max_instances=1`` + ``coalesce``), heartbeats the instance lock until asked to stop, then drains:
no new runs, crawl processes get SIGTERM (they flush), running jobs get ``drain_timeout_s`` to finish.
``run_once()`` runs every job one time (crawls side by side; with tantivy only their writes take turns)
and stops.

A job that raises is logged, journalled and retried after a backoff (``retry_initial_s`` doubling up to
``retry_max_s``); the service goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor as FuturesPool
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.background import BackgroundScheduler

from app.service.errors import ServiceError, ServiceLockedError
from app.service.jobs import (
    JobFailedError,
    JobInterruptedError,
    JobSpec,
    JobTimedOutError,
    ServiceJobs,
)
from app.service.journal import JobJournal, Outcome
from app.service.lock import InstanceLock
from config import Settings

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = 4
PRUNE_EVERY_S = 3600.0


class Service:
    """Runs :class:`ServiceJobs` on a schedule (or once); see the module docstring."""

    def __init__(
        self, settings: Settings, jobs: ServiceJobs, journal: JobJournal, lock: InstanceLock
    ) -> None:
        self.settings = settings
        self.jobs = jobs
        self.journal = journal
        self.lock = lock
        self.stop_requested = threading.Event()
        self._wake = threading.Event()  # a stop request, or the end of the once sequence
        self.failed_runs = 0
        self._scheduler: BackgroundScheduler | None = None
        self._active: dict[str, int] = {}  # job id → runs in progress
        self._active_changed = threading.Condition()
        self._pruned_at = 0.0
        jobs.events_processed = self._wake_outbox

    def request_stop(self) -> None:
        """Ask the service to drain and stop (safe from a signal handler)."""
        self.stop_requested.set()
        self._wake.set()

    # scheduled mode ----------------------------------------------------------------------------------

    def run(self) -> int:
        """Run until :meth:`request_stop`; returns the exit status (0: stopped cleanly)."""
        now = datetime.now(UTC)
        self._start(now)
        status = 1
        try:
            specs = self.jobs.specs(now)
            self._schedule(specs)
            logger.info("service running: %d jobs", len(specs))
            status = self._heartbeat_until_stopped()
        finally:
            drained = self._drain()
        return status or drained

    def _start(self, now: datetime) -> None:
        interrupted = self.journal.interrupt_unfinished(now)
        if interrupted:
            logger.warning("%d job run(s) of a previous service were cut short", interrupted)

    def _schedule(self, specs: Sequence[JobSpec]) -> None:
        schedule = self.settings.schedule
        scheduler = BackgroundScheduler(
            timezone=self.settings.tz,
            executors={
                "default": ThreadPoolExecutor(DEFAULT_WORKERS),
                "crawl": ThreadPoolExecutor(schedule.max_parallel_crawls),
            },
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        for spec in specs:
            options = {"next_run_time": spec.first_run} if spec.first_run is not None else {}
            scheduler.add_job(
                self._execute,
                spec.trigger,
                args=[spec],
                id=spec.id,
                name=spec.id,
                executor=spec.executor,
                **options,
            )
        self._scheduler = scheduler
        scheduler.start()
        for spec in specs:
            self.journal.register(spec.id, spec.kind, str(spec.trigger), self._next_run_time(spec.id))
        self.journal.keep_only({spec.id for spec in specs})

    def _heartbeat_until_stopped(self) -> int:
        interval = self.settings.schedule.heartbeat_s
        while not self.stop_requested.wait(interval):
            try:
                self.lock.heartbeat(datetime.now(UTC))
                self._prune_history()
            except ServiceLockedError as exc:
                logger.error("%s: stopping", exc)
                return 1
            except ServiceError as exc:
                logger.error("heartbeat failed (will retry): %s", exc)
        return 0

    def _prune_history(self) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY_S:
            return
        self._pruned_at = time.monotonic()
        days = self.settings.schedule.job_history_days
        self.journal.prune(datetime.now(UTC) - timedelta(days=days))

    def _drain(self) -> int:
        """Stop scheduling, stop crawls, wait for running jobs; returns 1 if some had to be abandoned."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()
        self.jobs.gate.close()
        stopped = self.jobs.crawls.stop_all()
        self.jobs.postprocessor.request_stop()
        logger.info("draining: %d crawl process(es) asked to stop", stopped)
        clean = self._wait_idle(self.settings.schedule.drain_timeout_s)
        if not clean:
            logger.error(
                "jobs still running after %.0f s: killing crawls", self.settings.schedule.drain_timeout_s
            )
            self.jobs.crawls.kill_all()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=clean)
        return 0 if clean else 1

    def _wait_idle(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self._active_changed:
            while any(self._active.values()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._active_changed.wait(remaining)
        return True

    # once mode ---------------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Run every job one time (crawls first), then stop; 1 if a job failed, else 0."""
        now = datetime.now(UTC)
        self._start(now)
        specs = self.jobs.specs(now)
        for spec in specs:
            self.journal.register(spec.id, spec.kind, str(spec.trigger), None)
        done = threading.Event()
        worker = threading.Thread(target=self._once_sequence, args=(specs, done), name="qingshan-once")
        worker.start()
        while not done.is_set() and not self.stop_requested.is_set():
            if not self._wake.wait(self.settings.schedule.heartbeat_s):
                self.lock.heartbeat(datetime.now(UTC))
        drained = self._drain() if self.stop_requested.is_set() else 0
        worker.join()
        return 1 if self.failed_runs or drained else 0

    def _once_sequence(self, specs: Sequence[JobSpec], done: threading.Event) -> None:
        try:
            crawls = [s for s in specs if s.kind == "crawl"]
            with FuturesPool(self.settings.schedule.max_parallel_crawls, "qingshan-crawl") as pool:
                list(pool.map(self._execute, crawls))
            for spec in specs:
                if spec.kind != "crawl" and not self.stop_requested.is_set():
                    self._execute(spec)
        finally:
            done.set()
            self._wake.set()

    # one run -----------------------------------------------------------------------------------------

    def _execute(self, spec: JobSpec) -> None:
        """Run one job: journal it, never let it raise, reschedule it (adaptive crawl or retry backoff)."""
        with self._active_changed:
            self._active[spec.id] = self._active.get(spec.id, 0) + 1
        try:
            outcome, streak = self._run_journalled(spec)
            self._reschedule(spec, outcome, streak)
        except Exception:
            logger.exception("job %s: bookkeeping failed", spec.id)
        finally:
            with self._active_changed:
                self._active[spec.id] -= 1
                self._active_changed.notify_all()

    def _run_journalled(self, spec: JobSpec) -> tuple[Outcome, int]:
        """Run the job between two journal entries; returns its outcome and failure streak."""
        run_id = self.journal.started(spec.id, datetime.now(UTC))
        outcome, summary, error = self._call(spec)
        streak = self.journal.finished(
            run_id, spec.id, datetime.now(UTC), outcome, error=error, summary=summary
        )
        return outcome, streak

    def _call(self, spec: JobSpec) -> tuple[Outcome, str | None, str | None]:
        try:
            return Outcome.OK, spec.run(), None
        except JobInterruptedError as exc:
            return Outcome.INTERRUPTED, None, str(exc)
        except JobFailedError as exc:
            logger.error("job %s failed (it will be retried): %s", spec.id, exc)
            self.failed_runs += 1
            return Outcome.FAILED, None, str(exc)
        except JobTimedOutError as exc:
            logger.error("job %s timed out: %s", spec.id, exc)
            self.failed_runs += 1
            return Outcome.TIMEOUT, None, str(exc)
        except Exception as exc:
            logger.exception("job %s failed (it will be retried)", spec.id)
            self.failed_runs += 1
            return Outcome.FAILED, None, f"{type(exc).__name__}: {exc}"

    # rescheduling ------------------------------------------------------------------------------------

    def _reschedule(self, spec: JobSpec, outcome: Outcome, streak: int) -> None:
        """Crawls: at the adaptive interval (or a backoff after a failure); others: retry sooner if failed."""
        if self._scheduler is None or self.stop_requested.is_set():
            return
        now = datetime.now(UTC)
        retry_at = now + timedelta(seconds=self._backoff_s(spec, streak)) if outcome.failed else None
        if spec.source_id is not None:
            due = retry_at or self.jobs.next_crawl(spec.source_id)
            fallback = now + timedelta(seconds=self._backoff_s(spec, 1))
            self._move(spec.id, due if due is not None and due > now else fallback)
            self._move("postprocess", now)  # what the crawl's own pass left, if anything
        elif retry_at is not None:
            current = self._next_run_time(spec.id)
            self._move(spec.id, retry_at if current is None else min(current, retry_at))
        self.journal.set_next_run(spec.id, self._next_run_time(spec.id))

    def _wake_outbox(self) -> None:
        """Deliver now what post-processing may just have queued (unless a delivery is running: it or the
        next poll picks the new rows up)."""
        with self._active_changed:
            delivering = self._active.get("outbox", 0) > 0
        if not delivering:
            self._move("outbox", datetime.now(UTC))

    def _backoff_s(self, spec: JobSpec, streak: int) -> float:
        schedule = self.settings.schedule
        delay = schedule.retry_initial_s * 2.0 ** max(streak - 1, 0)
        return min(delay, schedule.retry_max_s, max(spec.retry_cap_s, schedule.retry_initial_s))

    def _move(self, job_id: str, when: datetime) -> None:
        if self._scheduler is None:
            return
        try:
            self._scheduler.modify_job(job_id, next_run_time=when)
        except (JobLookupError, SchedulerNotRunningError):
            logger.debug("job %s is gone: not rescheduled", job_id)

    def _next_run_time(self, job_id: str) -> datetime | None:
        job = self._scheduler.get_job(job_id) if self._scheduler is not None else None
        return job.next_run_time if job is not None else None
