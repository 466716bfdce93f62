"""The service schedule (``schedule.yaml``): crawl intervals, the service's jobs and post-processing."""

from __future__ import annotations

from pydantic import Field, model_validator

from config.models.base import StrictModel


class PostprocessSettings(StrictModel):
    """What runs after each stored batch: near-duplicates, event clustering, alert evaluation."""

    # Queued documents taken per pass (a pass repeats until the queue is empty).
    batch_size: int = Field(default=200, ge=1, le=5000)
    # The near-duplicate index is rebuilt at start from the items processed in the last N days.
    dedup_window_days: float = Field(default=30, gt=0)


class ScheduleSettings(StrictModel):
    """``schedule.yaml``: crawl interval bounds, the service's jobs, retries, shutdown and locking."""

    crawl_interval_min_s: int = Field(default=60, ge=5)
    crawl_interval_max_s: int = Field(default=3600, ge=5)
    # 舆情日报: a crontab expression (minute hour day month weekday) in general.timezone.
    digest_cron: str = "0 8 * * *"
    # A crawl process still running after this is stopped (SIGTERM, then SIGKILL) and counted as failed.
    crawl_timeout_s: int = Field(default=900, ge=5)
    # Crawl processes at once. With the embedded tantivy index only one process may write the index,
    # so crawls (and post-processing) then take turns whatever this says.
    max_parallel_crawls: int = Field(default=4, ge=1, le=64)
    # Post-processing runs after every crawl and at least this often.
    postprocess_interval_s: float = Field(default=10, gt=0)
    deadline_sweep_interval_s: float = Field(default=60, gt=0)
    # A failed job is retried after retry_initial_s, doubling up to retry_max_s (crawls: at most their interval).
    retry_initial_s: float = Field(default=15, gt=0)
    retry_max_s: float = Field(default=900, gt=0)
    # SIGTERM / Ctrl-C: running jobs get this long to finish before the service stops anyway.
    drain_timeout_s: float = Field(default=60, gt=0)
    # Single-instance lock: the running service refreshes it every heartbeat_s; another service may take
    # it over once it is older than lock_lease_s (at once when the holder's process is gone on this host).
    heartbeat_s: float = Field(default=10, gt=0)
    lock_lease_s: float = Field(default=60, gt=0)
    # Job runs older than this are pruned from the run history.
    job_history_days: float = Field(default=14, gt=0)
    postprocess: PostprocessSettings = PostprocessSettings()

    @model_validator(mode="after")
    def _consistent(self) -> ScheduleSettings:
        if self.crawl_interval_max_s < self.crawl_interval_min_s:
            raise ValueError("crawl_interval_max_s must be at least crawl_interval_min_s")
        if self.lock_lease_s <= self.heartbeat_s:
            raise ValueError("lock_lease_s must be longer than heartbeat_s")
        if len(self.digest_cron.split()) != 5:
            raise ValueError(
                f"digest_cron {self.digest_cron!r} must have 5 fields: minute hour day month weekday"
            )
        return self
