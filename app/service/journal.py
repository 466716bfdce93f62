"""The job journal: every run of every job (start, end, outcome, error) and each job's next run, in SQL.

The service writes it; ``qingshan status`` reads it from another process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, insert, select, update

from app.service.database import ServiceDatabase
from app.service.tables import service_job_runs, service_jobs

logger = logging.getLogger(__name__)

ERROR_LIMIT = 2000


class Outcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    TIMEOUT = "timeout"
    INTERRUPTED = "interrupted"  # the service stopped (or died) while the job ran

    @property
    def failed(self) -> bool:
        return self in {Outcome.FAILED, Outcome.TIMEOUT}


@dataclass(frozen=True)
class JobRow:
    """A scheduled job as ``service_jobs`` holds it."""

    job_id: str
    kind: str
    trigger: str
    next_run_at: datetime | None
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None
    last_error: str | None
    last_summary: str | None
    consecutive_failures: int
    runs: int
    failures: int


@dataclass(frozen=True)
class RunRow:
    id: int
    job_id: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    error: str | None
    summary: str | None


class JobJournal:
    """``service_jobs`` and ``service_job_runs``."""

    def __init__(self, database: ServiceDatabase) -> None:
        self.database = database

    def register(self, job_id: str, kind: str, trigger: str, next_run_at: datetime | None) -> None:
        """Create or describe a job (its history is kept)."""
        with self.database.begin() as connection:
            exists = connection.execute(
                select(service_jobs.c.job_id).where(service_jobs.c.job_id == job_id)
            ).first()
            values = {"kind": kind, "trigger": trigger, "next_run_at": next_run_at}
            if exists:
                connection.execute(update(service_jobs).where(service_jobs.c.job_id == job_id).values(values))
            else:
                connection.execute(insert(service_jobs).values(job_id=job_id, **values))

    def keep_only(self, job_ids: set[str]) -> None:
        """Forget jobs no longer scheduled (a source removed from the configuration)."""
        with self.database.begin() as connection:
            connection.execute(delete(service_jobs).where(service_jobs.c.job_id.not_in(sorted(job_ids))))

    def set_next_run(self, job_id: str, next_run_at: datetime | None) -> None:
        with self.database.begin() as connection:
            connection.execute(
                update(service_jobs).where(service_jobs.c.job_id == job_id).values(next_run_at=next_run_at)
            )

    def started(self, job_id: str, at: datetime) -> int:
        """Record the start of a run; returns its id."""
        with self.database.begin() as connection:
            run_id = connection.execute(
                insert(service_job_runs).values(job_id=job_id, started_at=at, outcome=Outcome.RUNNING.value)
            ).inserted_primary_key
            connection.execute(
                update(service_jobs).where(service_jobs.c.job_id == job_id).values(last_started_at=at)
            )
        assert run_id is not None
        return int(run_id[0])

    def finished(
        self,
        run_id: int,
        job_id: str,
        at: datetime,
        outcome: Outcome,
        *,
        error: str | None,
        summary: str | None,
    ) -> int:
        """Record the end of a run; returns the job's consecutive failures."""
        error = error[-ERROR_LIMIT:] if error else None
        with self.database.begin() as connection:
            connection.execute(
                update(service_job_runs)
                .where(service_job_runs.c.id == run_id)
                .values(finished_at=at, outcome=outcome.value, error=error, summary=summary)
            )
            current = connection.execute(
                select(service_jobs.c.consecutive_failures).where(service_jobs.c.job_id == job_id)
            ).scalar()
            streak = (int(current or 0) + 1) if outcome.failed else 0
            connection.execute(
                update(service_jobs)
                .where(service_jobs.c.job_id == job_id)
                .values(
                    last_finished_at=at,
                    last_outcome=outcome.value,
                    last_error=error if outcome.failed else None,
                    last_summary=summary,
                    consecutive_failures=streak,
                    runs=service_jobs.c.runs + 1,
                    failures=service_jobs.c.failures + (1 if outcome.failed else 0),
                )
            )
        return streak

    def interrupt_unfinished(self, at: datetime) -> int:
        """Mark runs left ``running`` by a service that is gone as interrupted; returns how many."""
        with self.database.begin() as connection:
            result = connection.execute(
                update(service_job_runs)
                .where(service_job_runs.c.outcome == Outcome.RUNNING.value)
                .values(outcome=Outcome.INTERRUPTED.value, finished_at=at, error="the service stopped")
            )
        return int(result.rowcount or 0)

    def prune(self, before: datetime) -> None:
        """Drop finished runs that started before ``before``."""
        with self.database.begin() as connection:
            connection.execute(
                delete(service_job_runs).where(
                    service_job_runs.c.started_at < before,
                    service_job_runs.c.outcome != Outcome.RUNNING.value,
                )
            )

    def jobs(self) -> list[JobRow]:
        with self.database.connect() as connection:
            rows = connection.execute(select(service_jobs).order_by(service_jobs.c.job_id)).all()
        return [JobRow(**row._mapping) for row in rows]

    def runs(self, job_id: str | None = None, limit: int = 20) -> list[RunRow]:
        """The latest runs, newest first (of one job when ``job_id`` is given)."""
        query = select(service_job_runs).order_by(service_job_runs.c.id.desc()).limit(limit)
        if job_id is not None:
            query = query.where(service_job_runs.c.job_id == job_id)
        with self.database.connect() as connection:
            return [RunRow(**row._mapping) for row in connection.execute(query)]
