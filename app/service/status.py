"""What ``qingshan status`` shows, read from SQL (the service may be running in another process)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.service.database import ServiceDatabase
from app.service.journal import JobJournal, JobRow, RunRow
from app.service.lock import InstanceLock, LockHolder
from app.service.queue import PostprocessQueue
from config import Settings


@dataclass(frozen=True)
class ServiceStatus:
    """The service's lock holder, its jobs, the post-processing backlog and the latest failed runs."""

    checked_at: datetime
    holder: LockHolder | None
    running: bool
    jobs: list[JobRow]
    queued_documents: int
    recent_failures: list[RunRow]

    def to_json(self) -> dict[str, Any]:
        holder = None if self.holder is None else {**self.holder.__dict__, "token": None}
        return {
            "checked_at": self.checked_at,
            "running": self.running,
            "holder": holder,
            "queued_documents": self.queued_documents,
            "jobs": [job.__dict__ for job in self.jobs],
            "recent_failures": [run.__dict__ for run in self.recent_failures],
        }


def read_status(settings: Settings, *, failures: int = 5) -> ServiceStatus:
    now = datetime.now(UTC)
    lease = timedelta(seconds=settings.schedule.lock_lease_s)
    with ServiceDatabase(settings.database_url()) as database:
        holder = InstanceLock(database, lease=lease).holder()
        journal = JobJournal(database)
        failed = [run for run in journal.runs(limit=200) if run.outcome in ("failed", "timeout")]
        return ServiceStatus(
            checked_at=now,
            holder=holder,
            running=holder is not None and holder.running(now, lease),
            jobs=journal.jobs(),
            queued_documents=PostprocessQueue(database).pending(),
            recent_failures=failed[:failures],
        )
