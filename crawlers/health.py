"""Source health: what one run did, and how runs add up to ``ok`` / ``degraded`` / ``silent``.

Pure functions over plain records; :mod:`crawlers.state` stores them and the run monitor feeds them.
A blocked run (login wall, captcha, HTTP 418/432) degrades a source at once; repeated failed runs
degrade it after ``failures_to_degrade``; a source that yields nothing for much longer than its usual
gap between new items is ``silent``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from config.models.sources import HealthSettings


class HealthStatus(StrEnum):
    NEW = "new"  # never ran
    OK = "ok"
    DEGRADED = "degraded"
    SILENT = "silent"


@dataclass
class RunOutcome:
    """Counts of one crawl run of one source."""

    source: str
    started_at: datetime
    finished_at: datetime
    pages_fetched: int = 0
    not_modified: int = 0
    # List pages, feeds and API pages that were parsed (or unchanged): the run reached its source.
    listings_ok: int = 0
    new_items: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    blocked: str | None = None  # login_wall, captcha, http_418 ...
    finish_reason: str = "finished"

    @property
    def failed(self) -> bool:
        """Nothing usable came back: blocked, or no listing reached."""
        return self.blocked is not None or self.listings_ok == 0


@dataclass(frozen=True)
class SourceHealth:
    """The stored health of one source (totals, the last run, status and when it began)."""

    source: str
    status: HealthStatus = HealthStatus.NEW
    status_reason: str = ""
    status_since: datetime | None = None
    first_run_at: datetime | None = None
    last_run_at: datetime | None = None
    last_success_at: datetime | None = None
    last_new_item_at: datetime | None = None
    failing_since: datetime | None = None
    consecutive_failures: int = 0
    pages_fetched: int = 0
    new_items: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    last_run_pages: int = 0
    last_run_new_items: int = 0
    last_run_errors: dict[str, int] = field(default_factory=dict)
    usual_rate_per_h: float = 0.0
    interval_s: int = 0
    next_due_at: datetime | None = None

    @property
    def is_degraded(self) -> bool:
        return self.status in {HealthStatus.DEGRADED, HealthStatus.SILENT}


def apply_run(
    health: SourceHealth, run: RunOutcome, settings: HealthSettings, silent_after_h: float | None = None
) -> SourceHealth:
    """The health after ``run``: totals, failure streak, usual rate, then the status."""
    now = run.finished_at
    failed = run.failed
    updated = replace(
        health,
        first_run_at=health.first_run_at or run.started_at,
        last_run_at=now,
        last_success_at=health.last_success_at if failed else now,
        consecutive_failures=health.consecutive_failures + 1 if failed else 0,
        failing_since=(health.failing_since or run.started_at) if failed else None,
        pages_fetched=health.pages_fetched + run.pages_fetched,
        new_items=health.new_items + run.new_items,
        errors=dict(Counter(health.errors) + run.errors),
        last_run_pages=run.pages_fetched,
        last_run_new_items=run.new_items,
        last_run_errors=dict(run.errors),
    )
    if run.new_items:
        updated = _with_new_items(updated, run.new_items, now, settings.rate_smoothing)
    return _with_status(updated, run, settings, silent_after_h)


def _with_new_items(health: SourceHealth, count: int, now: datetime, smoothing: float) -> SourceHealth:
    previous = health.last_new_item_at
    rate = health.usual_rate_per_h
    if previous is not None:
        hours = max((now - previous).total_seconds() / 3600, 1 / 60)
        sample = count / hours
        rate = sample if rate == 0 else (1 - smoothing) * rate + smoothing * sample
    return replace(health, last_new_item_at=now, usual_rate_per_h=rate)


def _with_status(
    health: SourceHealth, run: RunOutcome, settings: HealthSettings, silent_after_h: float | None
) -> SourceHealth:
    now = run.finished_at
    status, reason, since = HealthStatus.OK, "", now
    if run.blocked is not None:
        status, reason, since = HealthStatus.DEGRADED, run.blocked, health.failing_since or now
    elif health.consecutive_failures >= settings.failures_to_degrade:
        status, since = HealthStatus.DEGRADED, health.failing_since or now
        reason = f"{health.consecutive_failures} failed runs: {_main_error(run)}"
    elif (silent_from := silent_since(health, now, settings, silent_after_h)) is not None:
        status, reason, since = HealthStatus.SILENT, "no new items", silent_from
    if status == health.status and reason == health.status_reason and health.status_since is not None:
        since = health.status_since
    return replace(health, status=status, status_reason=reason, status_since=since)


def _main_error(run: RunOutcome) -> str:
    if not run.errors:
        return "nothing reached"
    kind, _ = run.errors.most_common(1)[0]
    return kind


def silence_threshold(
    health: SourceHealth, settings: HealthSettings, silent_after_h: float | None = None
) -> timedelta:
    """How long without new items makes this source silent."""
    if silent_after_h is not None:
        return timedelta(hours=silent_after_h)
    hours = settings.silent_min_h
    if health.usual_rate_per_h > 0:
        hours = max(hours, settings.silent_factor / health.usual_rate_per_h)
    return timedelta(hours=hours)


def silent_since(
    health: SourceHealth, now: datetime, settings: HealthSettings, silent_after_h: float | None = None
) -> datetime | None:
    """When the source went quiet, if it has been quiet for longer than its threshold."""
    quiet_from = health.last_new_item_at or health.first_run_at
    if quiet_from is None:
        return None
    if now - quiet_from < silence_threshold(health, settings, silent_after_h):
        return None
    return quiet_from


def current_status(
    health: SourceHealth, now: datetime, settings: HealthSettings, silent_after_h: float | None = None
) -> tuple[HealthStatus, str, datetime | None]:
    """Status, reason and since as of ``now``: a source that stopped running still turns silent."""
    if health.status in {HealthStatus.NEW, HealthStatus.DEGRADED}:
        return health.status, health.status_reason, health.status_since
    quiet_from = silent_since(health, now, settings, silent_after_h)
    if quiet_from is not None:
        return HealthStatus.SILENT, "no new items", quiet_from
    return health.status, health.status_reason, health.status_since
